#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The end-to-end run with the real client ("make qemu-balloon", issue 9):
# the patched kernel of "make check" boots, and inside it Debian's QEMU
# boots the same kernel as a guest with virtio-balloon, its RAM a shared
# file on a huge=always tmpfs; guest/qemu-balloon.sh inflates the balloon
# over QMP, lets khugepaged scan and deflates it, once with Debian's QEMU as
# shipped and once with QEMU built with qemu/'s patch (host/build-qemu.sh).
# Its own command: TCG inside TCG takes far longer than "make check" may.
source "$(dirname "$0")/lib.sh"
H=$TOP/host
export GOBJ=$BUILD/qemu-guest WITH_QEMU=1

"$H/install-deps.sh" && "$H/build-qemu.sh" && "$H/prepare.sh" || exit 1
VM_MEM=${VM_MEM:-3G} APPEND="runner=/qemu.list ${APPEND:-}" BOOT_TIMEOUT=${BOOT_TIMEOUT:-6000} \
	SHOW='^ *# (shipped|patched): freed' exec "$H/vm-run.sh" qemu-balloon
