#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The fix series' reproducers on one base ($BASE), for host/fixes-check.sh:
# the stock kernel and the kernel with fixes/$BASE alone, both built from
# configs/guest.config in their own worktree and object folder, each booted
# once with the reproducers (shmem_collapse_dirty, shmem_swap_edges, after
# swap on zram). A stock kernel must fail them: the expected result, reported
# as ok. The fixed kernel must pass them with a clean console. Prints two
# KTAP result lines, numbered from $FIRST (default 1), and writes one line
# per kernel to $LOGS/fixes-table.txt.
source "$(dirname "$0")/lib.sh"
H=$TOP/host
TESTS=zram-swap,shmem_collapse_dirty,shmem_swap_edges
# A stock kernel spins in shmem_swap_edges for a minute per case: 15 min is ample.
BOOT_TIMEOUT=${BOOT_TIMEOUT:-900}
export BOOT_TIMEOUT
export TESTS
n=${FIRST:-1}
mkdir -p "$LOGS"
: >"$LOGS/fixes-table.txt"

# The initramfs holds the reproducers built from this tree (prepare.sh builds
# the whole series' kernel for its headers, as make check does).
"$H/prepare.sh" >&2

# kernel NAME COMMIT: $BUILD/NAME-kernel, guest.config alone, at COMMIT
kernel() {
	"$H/build-worktree-kernel.sh" "$1" "$2" >&2
}

# counts RESULTS: "P passed, F failed, S skipped" of the reproducers' own
# cases (a case of the feature series skips on a kernel without it)
counts() {
	local ok skipped

	ok=$(grep -cE '^    ok ' "$1" || true)
	skipped=$(grep -cE '^    ok [0-9]+ .*# SKIP' "$1" || true)
	printf '%d passed, %d failed, %d skipped' "$((ok - skipped))" \
		"$(grep -cE '^    not ok ' "$1" || true)" "$skipped"
}

# The stock kernel: the reproducers must fail.
step "$BASE: stock kernel, the reproducers must fail"
kernel stock "$BASE_TAG"
results=$LOGS/fixes-stock.results.ktap
KOBJ=$BUILD/stock-kernel "$H/boot.sh" fixes-stock >&2 || true
c=$(counts "$results")
printf '%-24s %s\n' "stock $BASE" "$c" >>"$LOGS/fixes-table.txt"
if grep -qE '^    not ok ' "$results"; then
	tap_line "$n" ok "$BASE stock kernel: the reproducers fail, as expected ($c)"
else
	tap_line "$n" fail "$BASE stock kernel: the reproducers fail, as expected" \
		"they do not fail ($c): they reproduce nothing, see $results"
fi

# The fix series alone: the reproducers must pass, the console stay clean.
n=$((n + 1))
step "$BASE: with fixes/$BASE, the reproducers must pass"
kernel fixes "$FIXES_BRANCH"
results=$LOGS/fixes-fixed.results.ktap
why=
KOBJ=$BUILD/fixes-kernel "$H/boot.sh" fixes-fixed >&2 || why="the guest runner did not finish"
"$H/scan-console.sh" "$LOGS/fixes-fixed.console.log" || why="a kernel splat on the console"
c=$(counts "$results")
printf '%-24s %s\n' "$BASE + fixes/$BASE" "$c" >>"$LOGS/fixes-table.txt"
if [ -z "$why" ] && grep -qE '^    ok ' "$results" && ! grep -qE '^(    )?not ok ' "$results"; then
	tap_line "$n" ok "$BASE + fixes/$BASE: the reproducers pass ($c)"
else
	tap_line "$n" fail "$BASE + fixes/$BASE: the reproducers pass" \
		"${why:-$c}, see $results"
fi
