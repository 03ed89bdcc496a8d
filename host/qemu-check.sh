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

# STOCK=1: the VM runs the stock base kernel instead (the inner guest's
# kernel stays the patched one, which does not matter), to check the patched
# QEMU's fallback on a kernel without the flag; its logs are
# qemu-balloon-stock.*.
"$H/install-deps.sh" && "$H/build-qemu.sh" && "$H/prepare.sh" || exit 1
name=qemu-balloon kernel=patched
if [ -n "${STOCK:-}" ]; then
	"$H/build-worktree-kernel.sh" stock || exit 1
	export KOBJ=$BUILD/stock-kernel
	name=qemu-balloon-stock kernel=stock
fi
VM_MEM=${VM_MEM:-3G} APPEND="runner=/qemu.list qemu_kernel=$kernel ${APPEND:-}" \
	BOOT_TIMEOUT=${BOOT_TIMEOUT:-6000} \
	SHOW='^ *# (shipped|patched|fallback)[: ]|^ *# (stock|patched) kernel' exec "$H/vm-run.sh" "$name"
