#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build and boot every prefix of the series, base included, so that each
# patch is known to build and boot on its own ("make bisect"). Each commit is
# checked out in its own worktree and built in build/bisect-kernel, so the
# test kernel's objects stay as they are; the builds are incremental.
# Each boot runs the guest's smoke test (TESTS, default memfd_test); on the
# base it also runs the series' kselftest, which must skip there.
# Prints a KTAP document; run "make check" first (it builds the initramfs).
source "$(dirname "$0")/lib.sh"

WT=$BUILD/bisect-linux
export KOBJ=$BUILD/bisect-kernel
[ -f "$GOBJ/initramfs.cpio" ] || die "no initramfs: run 'make check' first"
[ -d "$WT" ] || git -C "$SRC" worktree add -q --detach "$WT" "$BASE_TAG"

commits=$(git -C "$SRC" rev-list --reverse "$BASE_TAG..HEAD")
n=0
results=()
result() {	# ok|fail REASON: the result of commit $n, $subject
	results+=("$(tap_line "$n" "$1" "build and boot: $subject" "${2:-}")")
}
for c in $(git -C "$SRC" rev-parse "$BASE_TAG") $commits; do
	n=$((n + 1))
	subject=$(git -C "$SRC" log -1 --format=%s "$c")
	step "[$n] $subject"
	git -C "$WT" checkout -q --detach "$c"
	mkdir -p "$KOBJ"
	# The series' config with options this commit does not know dropped.
	cp "$BUILD/kernel/.config" "$KOBJ/.config"
	if ! make -s -C "$WT" O="$KOBJ" ARCH=x86_64 -j"$JOBS" olddefconfig bzImage \
			>"$KOBJ/build.log" 2>&1; then
		grep -E 'error|Error' "$KOBJ/build.log" | head -10 >&2
		result fail "build failed"
		continue
	fi
	tests=${TESTS:-memfd_test}
	[ "$c" = "$(git -C "$SRC" rev-parse "$BASE_TAG")" ] && tests=$tests,shmem_split_hpage
	if ! LOGS=$LOGS/bisect-$n TESTS=$tests "$TOP/host/boot.sh" "bisect" ||
	   ! "$TOP/host/scan-console.sh" "$LOGS/bisect-$n/bisect.console.log"; then
		result fail "boot failed, see $LOGS/bisect-$n"
		continue
	fi
	r=$LOGS/bisect-$n/bisect.results.ktap
	if grep -q '^not ok' "$r"; then
		result fail "a test failed, see $r"
	elif [ "$tests" != "${TESTS:-memfd_test}" ] && ! grep -q '^ok [0-9]* shmem_split_hpage # SKIP' "$r"; then
		result fail "shmem_split_hpage did not skip on the base"
	else
		result ok
	fi
done
echo "KTAP version 1"
echo "1..$n"
printf '%s\n' "${results[@]}"
