#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The stock base kernel, the reference that lacks the series: a worktree of
# the base tag (fixes/ and patches/ not applied) built in $BUILD/stock-kernel
# from configs/guest.config alone.  Used by make balloon and by
# "make qemu-balloon STOCK=1".  Prints nothing else; the kernel is in
# $BUILD/stock-kernel.
source "$(dirname "$0")/lib.sh"
STOCK_SRC=$BUILD/stock-linux
STOCK_OBJ=$BUILD/stock-kernel

step "stock kernel (the base, same guest.config)"
[ -d "$STOCK_SRC" ] || git -C "$SRC" worktree add -q --detach "$STOCK_SRC" "$BASE_TAG"
SRC=$STOCK_SRC KOBJ=$STOCK_OBJ exec "$TOP/host/build-kernel.sh" "$TOP/configs/guest.config"
