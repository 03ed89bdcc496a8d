#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The test command ("make check"): host/check-base.sh for each base, the
# mainline series on 7.3 first, then the 6.12 backport, and one tally of
# every result of both. The last line is tally.py's "N passed, N failed,
# N skipped"; each result's name starts with the base it came from.
# Usage: check.sh [BASE...]   (default: 7.3 6.12)
source "$(dirname "$0")/lib.sh"
H=$TOP/host

bases=("$@")
[ ${#bases[@]} -gt 0 ] || bases=(7.3 6.12)
docs=() parser=
for b in "${bases[@]}"; do
	step "base $b: patches/$b"
	logs=$TOP/build/$b/logs
	mkdir -p "$logs"
	rm -f "$logs/documents"
	BASE=$b "$H/check-base.sh" || true
	# No documents: check-base.sh died before its tally, a failure to count.
	[ -f "$logs/documents" ] || echo "host=$logs/check-base.sh-ended-without-results" >"$logs/documents"
	while IFS= read -r d; do docs+=("$b:$d"); done <"$logs/documents"
	[ -n "$parser" ] || [ ! -d "$TOP/build/$b/linux/tools/testing/kunit" ] || parser=$TOP/build/$b/linux
done
[ -n "$parser" ] || die "no kernel tree with tools/testing/kunit: every base failed before its tree was made"

# With both bases: the backport's selftests are still the mainline ones.
if [[ " ${bases[*]} " == *" 7.3 "* && " ${bases[*]} " == *" 6.12 "* ]]; then
	step "the backport's selftests against the mainline ones"
	"$H/check-port.sh" >"$TOP/build/port.ktap" || true
	docs+=(port="$TOP/build/port.ktap")
fi

step "time per step"
for b in "${bases[@]}"; do
	if [ -f "$TOP/build/$b/logs/timing.txt" ]; then
		sed "s/^/    $b: /" "$TOP/build/$b/logs/timing.txt"
	fi
done
info "all: $((SECONDS / 60)) min $((SECONDS % 60)) s"

step "results of every base"
python3 "$H/tally.py" "$parser" "${docs[@]}" | tee "$TOP/build/summary.txt"
exit "${PIPESTATUS[0]}"
