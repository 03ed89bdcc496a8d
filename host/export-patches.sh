#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Export the build tree's commits on top of the base back to patches/, with
# a cover letter taken from the branch description ("git branch
# --edit-description" in $SRC; base-tree.sh restores it from patches/).
# The output is stable: exporting twice with no change leaves no diff.
source "$(dirname "$0")/lib.sh"

[ -d "$SRC/.git" ] || die "no build tree at $SRC (run 'make tree')"
[ -z "$(git -C "$SRC" status --porcelain --untracked-files=no)" ] ||
	die "$SRC has uncommitted changes: commit them first"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
count=$(git -C "$SRC" rev-list --count "$BASE_TAG..HEAD")
if [ "$count" -gt 0 ]; then
	# --zero-commit and --no-signature: no commit id or git version in the
	# output, so the same series exports to the same bytes anywhere.
	git -C "$SRC" format-patch -q --cover-letter --cover-from-description=subject \
		--subject-prefix="$SUBJECT_PREFIX" \
		--zero-commit --no-signature -o "$tmp" "$BASE_TAG..HEAD"
fi
# The cover letter's Date is "now"; give it the last patch's date instead.
if [ -f "$tmp/0000-cover-letter.patch" ]; then
	last=$(ls "$tmp"/*.patch | tail -1)
	date=$(sed -n 's/^Date: //p' "$last" | head -1)
	sed -i "0,/^Date: .*/s//Date: $date/" "$tmp/0000-cover-letter.patch"
fi
rm -f "$PATCHES"/*.patch
mkdir -p "$PATCHES"
cp "$tmp"/*.patch "$PATCHES"/ 2>/dev/null || true
"$(dirname "$0")/base-tree.sh" --mark-exported
info "exported $count patches to $PATCHES"
