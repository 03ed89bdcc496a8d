#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Fold the "fixup!" commits of the build tree into the patches they fix
# (git rebase --autosquash onto the base), without making the next kernel
# build start from scratch: a rebase rewrites every file the series touches,
# so files whose content did not change get their old modification time back.
# Usage: squash-fixups.sh          (then: make export)
source "$(dirname "$0")/lib.sh"

cd "$SRC" || die "no build tree in $SRC: run make tree"
git diff --quiet HEAD || die "uncommitted changes in $SRC: commit them (git commit --fixup=...) first"

declare -A mtime blob
while read -r f; do
	[ -f "$f" ] || continue
	mtime[$f]=$(stat -c %Y "$f")
	blob[$f]=$(git hash-object "$f")
done < <(git diff --name-only base HEAD)

GIT_SEQUENCE_EDITOR=: git rebase -q -i --autosquash base ||
	die "rebase stopped (conflict?): resolve in $SRC, or git rebase --abort"

kept=0
for f in "${!mtime[@]}"; do
	if [ -f "$f" ] && [ "$(git hash-object "$f")" = "${blob[$f]}" ]; then
		touch -d "@${mtime[$f]}" "$f"
		kept=$((kept + 1))
	fi
done
info "squashed; $kept of ${#mtime[@]} files unchanged kept their modification time"
git log --oneline base..HEAD
