#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# What every VM run needs first: missing packages, the base tree with
# patches/$BASE, the kernel in $KOBJ (from the FRAGMENTs, as build-kernel.sh
# takes them) and the guest programs and initramfs in $GOBJ.
# Usage: prepare.sh [FRAGMENT...]
source "$(dirname "$0")/lib.sh"
H=$TOP/host

"$H/install-deps.sh"
"$H/base-tree.sh"
step "kernel in $KOBJ"
"$H/build-kernel.sh" "$@"
step "guest programs and initramfs in $GOBJ"
"$H/build-guest.sh"
