#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The main job ("make balloon"): build the stock base kernel and the patched
# kernel from the same kconfig fragments, boot each under QEMU, run the
# balloon benchmark (bench/balloon.c, guest/bench.list) in it, and print
# side-by-side tables (bench/table.py), plus two plots: the file's memory over
# a run with its phases, and the costs against the size of the balloon.
source "$(dirname "$0")/lib.sh"
H=$TOP/host
STOCK_OBJ=$BUILD/stock-kernel

"$H/prepare.sh"		# the patched kernel, the guest programs and the benchmark
"$H/build-worktree-kernel.sh" stock || exit 1

# The stock kernel has no FALLOC_FL_SPLIT_HPAGE: only the plain and small runs there.
# Every boot has the same command line: slab_nomerge and slab_debug=F,maple_node
# make the hint's maple_node count exact (bench/balloon.c, slab_bytes()); 6 GiB
# for the 4 GiB balloon.
bench_append="runner=/bench.list slab_nomerge slab_debug=F,maple_node"
export VM_MEM=6G
single=$(awk '!/^#/ && NF && $1 !~ /^balloon-(cost|profile)/ { printf "%s%s", s, $1; s = "," }' "$TOP/guest/bench.list")
step "benchmark on the stock kernel"
KOBJ=$STOCK_OBJ APPEND="$bench_append" TESTS=balloon-plain,balloon-small,balloon-plain-1g,balloon-plain-4g \
	"$H/boot.sh" stock-balloon
"$H/scan-console.sh" "$LOGS/stock-balloon.console.log"
step "benchmark on the patched kernel"
APPEND="$bench_append" TESTS=$single "$H/boot.sh" balloon
"$H/scan-console.sh" "$LOGS/balloon.console.log"

# The speed targets compare kernels, and the host's load changes by more than
# 5 % within minutes: the cost rounds alternate between the two kernels, a
# boot of each per pass, so that both see the same host.
costs=()
for pass in 1 2 3; do
	step "cost rounds, pass $pass of 3: stock, then patched"
	KOBJ=$STOCK_OBJ APPEND="$bench_append" TESTS=balloon-cost-plain "$H/boot.sh" stock-cost-$pass
	"$H/scan-console.sh" "$LOGS/stock-cost-$pass.console.log"
	APPEND="$bench_append" TESTS=balloon-cost "$H/boot.sh" cost-$pass
	"$H/scan-console.sh" "$LOGS/cost-$pass.console.log"
	costs+=(stock="$LOGS/stock-cost-$pass.results.ktap" patched="$LOGS/cost-$pass.results.ktap")
done

python3 "$TOP/bench/table.py" --plot "$LOGS/balloon.png" --scale-plot "$LOGS/balloon-scale.png" \
	stock="$LOGS/stock-balloon.results.ktap" patched="$LOGS/balloon.results.ktap" "${costs[@]}"
