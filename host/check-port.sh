#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The backport's selftests are the mainline ones: the kselftests the series
# adds must differ between build/7.3/linux and build/6.12/linux only in the
# lines that the two trees' helpers force (patches/6.12/selftests-port.diff:
# thp_settings.h for hugepage_settings.h, check_huge_shmem() without its
# length argument, KPF_THP as a bit number). A change made on 7.3 and not
# carried to 6.12, or the other way round, fails here. Prints KTAP.
# Usage: check-port.sh [--update]   (--update rewrites the expected diff)
source "$(dirname "$0")/lib.sh"

files=(tools/testing/selftests/mm/shmem_split_hpage.c
       tools/testing/selftests/mm/shmem_collapse_dirty.c
       tools/testing/selftests/mm/shmem_swap_edges.c)
expected=$TOP/patches/6.12/selftests-port.diff
main=$TOP/build/7.3/linux port=$TOP/build/6.12/linux

# The differing lines of each file, without line numbers: "-" mainline, "+" 6.12.
port_diff() {
	local f

	for f in "${files[@]}"; do
		echo "=== $f"
		diff --unchanged-line-format= --old-line-format='-%L' --new-line-format='+%L' \
			"$main/$f" "$port/$f" || true
	done
}

for tree in "$main" "$port"; do
	[ -d "$tree" ] || die "$tree is missing: make tree for both bases (BASE=7.3, BASE=6.12) first"
done
if [ "${1:-}" = --update ]; then
	port_diff >"$expected"
	info "wrote $expected"
	exit 0
fi

echo "KTAP version 1"
echo "1..1"
if out=$(port_diff | diff -u "$expected" - ); then
	tap_line 1 ok "selftests: 6.12's differ from 7.3's only in the helpers' lines"
else
	printf '%s\n' "$out" | sed 's/^/# /'
	tap_line 1 fail "selftests: 6.12's differ from 7.3's only in the helpers' lines" \
		"a change not carried to the other base (or run host/check-port.sh --update)"
fi
