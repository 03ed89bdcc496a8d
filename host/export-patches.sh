#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Export the build tree's commits back: base..fixes to fixes/$BASE (the fix
# series), fixes..series to patches/$BASE (the feature series), each with a
# cover letter taken from its branch's description ("git branch
# --edit-description" in $SRC; base-tree.sh restores both from the files).
# Rebase with --update-refs (host/squash-fixups.sh does) so that branch
# "fixes" follows its commits. The output is stable: exporting twice with no
# change leaves no diff.
source "$(dirname "$0")/lib.sh"

[ -d "$SRC/.git" ] || die "no build tree at $SRC (run 'make tree')"
[ -z "$(git -C "$SRC" status --porcelain --untracked-files=no)" ] ||
	die "$SRC has uncommitted changes: commit them first"
[ "$(git -C "$SRC" symbolic-ref --short HEAD 2>/dev/null)" = series ] ||
	die "$SRC is not on branch series"
git -C "$SRC" merge-base --is-ancestor "$FIXES_BRANCH" series 2>/dev/null ||
	die "branch $FIXES_BRANCH of $SRC is not below series (a rebase without --update-refs?): point it at the last fix with 'git branch -f $FIXES_BRANCH COMMIT'"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# export RANGE BRANCH PREFIX DIR: RANGE's commits with BRANCH's cover letter
export_range() {
	local range=$1 branch=$2 prefix=$3 dir=$4 out=$tmp/$2 count last date

	count=$(git -C "$SRC" rev-list --count "$range")
	mkdir -p "$out"
	if [ "$count" -gt 0 ]; then
		# --zero-commit and --no-signature: no commit id or git version in
		# the output, so the same series exports to the same bytes anywhere.
		# The range ends in BRANCH, whose description is the cover letter.
		git -C "$SRC" format-patch -q --cover-letter --cover-from-description=subject \
			--subject-prefix="$prefix" \
			--zero-commit --no-signature -o "$out" "$range"
	fi
	# The cover letter's Date is "now"; give it the last patch's date instead.
	if [ -f "$out/0000-cover-letter.patch" ]; then
		last=$(ls "$out"/*.patch | tail -1)
		date=$(sed -n 's/^Date: //p' "$last" | head -1)
		sed -i "0,/^Date: .*/s//Date: $date/" "$out/0000-cover-letter.patch"
	fi
	rm -f "$dir"/*.patch
	mkdir -p "$dir"
	cp "$out"/*.patch "$dir"/ 2>/dev/null || true
	info "exported $count patches to ${dir#"$TOP"/}"
}

export_range "$BASE_TAG..$FIXES_BRANCH" "$FIXES_BRANCH" "$FIXES_SUBJECT_PREFIX" "$FIXES"
export_range "$FIXES_BRANCH..series" series "$SUBJECT_PREFIX" "$FEATURE"
"$(dirname "$0")/base-tree.sh" --mark-exported
