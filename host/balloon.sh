#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The main job ("make balloon"): build the stock base kernel and the patched
# kernel from the same kconfig fragments, boot each under QEMU, run the
# balloon benchmark (bench/balloon.c, guest/bench.list) in it, and print one
# side-by-side table (bench/table.py), plus a plot of the file's memory.
source "$(dirname "$0")/lib.sh"
H=$TOP/host
STOCK_OBJ=$BUILD/stock-kernel

"$H/prepare.sh"		# the patched kernel, the guest programs and the benchmark
"$H/build-worktree-kernel.sh" stock || exit 1

# The stock kernel has no FALLOC_FL_SPLIT_HPAGE: only the plain and small runs there.
# One boot per kernel, with the same command line: slab_nomerge and
# slab_debug=F,maple_node make the hint's maple_node count exact
# (bench/balloon.c, slab_bytes()); 6 GiB for the 4 GiB balloon.
bench_append="runner=/bench.list slab_nomerge slab_debug=F,maple_node"
export VM_MEM=6G
step "benchmark on the stock kernel"
KOBJ=$STOCK_OBJ APPEND="$bench_append" \
	TESTS=balloon-plain,balloon-small,balloon-plain-1g,balloon-plain-4g,balloon-cost-plain \
	"$H/boot.sh" stock-balloon
"$H/scan-console.sh" "$LOGS/stock-balloon.console.log"
step "benchmark on the patched kernel"
APPEND="$bench_append" TESTS=$(awk '!/^#/ && NF && $1 != "balloon-cost-plain" { printf "%s%s", s, $1; s = "," }' \
	"$TOP/guest/bench.list") "$H/boot.sh" balloon
"$H/scan-console.sh" "$LOGS/balloon.console.log"

python3 "$TOP/bench/table.py" --plot "$LOGS/balloon.png" --scale-plot "$LOGS/balloon-scale.png" \
	stock="$LOGS/stock-balloon.results.ktap" patched="$LOGS/balloon.results.ktap"
