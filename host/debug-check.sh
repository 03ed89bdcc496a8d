#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The debug run ("make debug"): the kernel of "make check" plus
# configs/debug.config (KASAN, lockdep, DEBUG_VM_PGFLAGS, DEBUG_LIST,
# kmemleak, zram) in its own folder, booted with guest/debug.list; fails on
# any test failure, any splat in the console or any kmemleak report.
# Its own command: a KASAN kernel under TCG is too slow for "make check".
source "$(dirname "$0")/lib.sh"
H=$TOP/host
export KOBJ=$BUILD/debug-kernel GOBJ=$BUILD/debug-guest WITH_STRESS_NG=1

"$H/install-deps.sh"
"$H/base-tree.sh"
step "[1/3] debug kernel"
"$H/build-kernel.sh" "$TOP/configs/guest.config" "$TOP/configs/series.config" \
	"$TOP/configs/debug.config"
step "[2/3] guest programs"
"$H/build-guest.sh"
step "[3/3] boot (KASAN under TCG: minutes)"
rc=0
APPEND="runner=/debug.list slab_nomerge ${APPEND:-}" "$H/boot.sh" debug || rc=1
"$H/scan-console.sh" "$LOGS/debug.console.log" || rc=1
python3 "$H/tally.py" "$SRC" kunit="$LOGS/debug.console.log" \
	guest="$LOGS/debug.results.ktap" | tee "$LOGS/debug-summary.txt"
[ "${PIPESTATUS[0]}" = 0 ] && exit "$rc"
exit 1
