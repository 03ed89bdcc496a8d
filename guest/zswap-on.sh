#!/bin/sh
# Put zswap (CONFIG_ZSWAP, off at boot as in Debian's kernels) in front of
# the zram swap, for a second run of the swap tests: pages pushed out are
# then compressed into zswap's pool, and a large folio is swapped back in
# as the zswap of the base kernel allows it (by pages on some kernels).
p=/sys/module/zswap/parameters
[ -w "$p/enabled" ] || { echo "zswap: $p/enabled is not there (CONFIG_ZSWAP?)"; exit 1; }
grep -q zram0 /proc/swaps || { echo "zswap: no swap device (run zram-swap first)"; exit 1; }
echo Y >"$p/enabled" || exit 1
[ "$(cat "$p/enabled")" = Y ] || { echo "zswap: would not turn on"; exit 1; }
echo "zswap: on, compressor $(cat "$p/compressor"), zpool $(cat "$p/zpool" 2>/dev/null || echo zsmalloc)"
