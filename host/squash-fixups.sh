#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Fold the "fixup!" commits of the build tree into the patches they fix
# (git rebase --autosquash onto the base; --update-refs moves branch "fixes"
# with its commits), without making the next kernel
# build start from scratch: a rebase rewrites every file the series touches,
# so files whose content did not change get their old modification time back.
# Usage: squash-fixups.sh          (then: make export)
source "$(dirname "$0")/lib.sh"

cd "$SRC" || die "no build tree in $SRC: run make tree"
git diff --quiet HEAD || die "uncommitted changes in $SRC: commit them (git commit --fixup=...) first"

remember_mtimes
GIT_SEQUENCE_EDITOR=: git rebase -q -i --autosquash --update-refs base ||
	die "rebase stopped (conflict?): resolve in $SRC and go on with git rebase --continue, or git rebase --abort (files keep their times only when the rebase needs no help)"
restore_mtimes
git log --oneline base..HEAD
