#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A reference kernel of the base tree at another commit: a worktree of $SRC
# at COMMIT in $BUILD/NAME-linux, built in $BUILD/NAME-kernel from
# configs/guest.config alone (no option or KUnit suite of the series).
# "stock" at $BASE_TAG is the base without fixes/ and patches/ (make
# balloon, make qemu-balloon STOCK=1, make fixes); make fixes also builds
# the fix series alone.
# Usage: build-worktree-kernel.sh NAME [COMMIT]   (COMMIT: default $BASE_TAG)
source "$(dirname "$0")/lib.sh"

name=$1 commit=${2:-$BASE_TAG}
wt=$BUILD/$name-linux
step "$name kernel ($commit, guest.config alone) in $BUILD/$name-kernel"
[ -d "$wt" ] || git -C "$SRC" worktree add -q --detach "$wt" "$commit" || exit 1
git -C "$wt" checkout -q --detach "$commit" || exit 1
SRC=$wt KOBJ=$BUILD/$name-kernel exec "$TOP/host/build-kernel.sh" "$TOP/configs/guest.config"
