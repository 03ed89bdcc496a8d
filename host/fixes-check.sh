#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# "make fixes": the fix series' reproducers on four kernels, stock 7.3-rc7,
# 7.3-rc7 + fixes/7.3, stock 6.12.117 and 6.12.117 + fixes/6.12
# (host/fixes-base.sh does each base). A failure on a stock kernel is the
# expected, reported result. Prints a table of the reproducers' own results
# per kernel, then tally.py's count of the four checks.
source "$(dirname "$0")/lib.sh"
H=$TOP/host
out=$TOP/build/fixes.ktap
lines=()
first=1
for base in 7.3 6.12; do
	mapfile -t got < <(BASE=$base FIRST=$first "$H/fixes-base.sh")
	lines+=("${got[@]}")
	first=$((first + 2))
done
{ echo "KTAP version 1"; echo "1..4"; printf '%s\n' "${lines[@]}"; } >"$out"

step "the fix series' reproducers (shmem_collapse_dirty, shmem_swap_edges), each kernel booted once"
printf '    %-24s %s\n' kernel "the reproducers' results"
for base in 7.3 6.12; do
	sed 's/^/    /' "$TOP/build/$base/logs/fixes-table.txt"
done
grep -E '^(not )?ok ' "$out" | sed 's/^/    /'
python3 "$H/tally.py" "$TOP/build/7.3/linux" fixes="$out"
