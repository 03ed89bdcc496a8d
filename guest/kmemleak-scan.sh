#!/bin/sh
# Ask kmemleak for a scan and fail if it reports a leak. Two scans, some
# seconds apart: kmemleak reports an object only once it has found it
# unreferenced in two scans.
k=/sys/kernel/debug/kmemleak
[ -w "$k" ] || { echo "kmemleak: $k is not there (CONFIG_DEBUG_KMEMLEAK?)"; exit 1; }
echo scan >"$k"
sleep 10
echo scan >"$k"
leaks=$(grep -c '^unreferenced object' "$k")
cat "$k"
echo "kmemleak: $leaks suspected leak(s)"
[ "$leaks" -eq 0 ]
