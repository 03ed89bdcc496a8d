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

# The stock kernel has no FALLOC_FL_SPLIT_HPAGE: only plain and small there.
step "benchmark on the stock kernel"
# slab_nomerge: the hint's maple_node cache must not share its slabs (bench/balloon.c)
KOBJ=$STOCK_OBJ APPEND="runner=/bench.list slab_nomerge" TESTS=balloon-plain,balloon-small \
	"$H/boot.sh" stock-balloon
"$H/scan-console.sh" "$LOGS/stock-balloon.console.log"
step "benchmark on the patched kernel"
APPEND="runner=/bench.list slab_nomerge" "$H/boot.sh" balloon
"$H/scan-console.sh" "$LOGS/balloon.console.log"

python3 "$TOP/bench/table.py" --plot "$LOGS/balloon.png" \
	stock="$LOGS/stock-balloon.results.ktap" patched="$LOGS/balloon.results.ktap"
