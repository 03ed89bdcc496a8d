#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The end-to-end run with the real client ("make qemu-balloon", issue 9):
# the patched kernel of "make check" boots, and inside it Debian's QEMU
# boots the same kernel as a guest with virtio-balloon, its RAM a shared
# file on a huge=always tmpfs; guest/qemu-balloon.sh inflates the balloon
# over QMP, lets khugepaged scan and deflates it, once with QEMU as shipped
# and once with the preload library that adds FALLOC_FL_SPLIT_HPAGE.
# Its own command: TCG inside TCG takes far longer than "make check" may.
source "$(dirname "$0")/lib.sh"
H=$TOP/host
export GOBJ=$BUILD/qemu-guest WITH_QEMU=1

"$H/install-deps.sh"
"$H/base-tree.sh"
step "[1/3] kernel (the one of make check)"
"$H/build-kernel.sh"
step "[2/3] guest programs, QEMU and the inner guest"
"$H/build-guest.sh"
step "[3/3] boot; QEMU runs inside (TCG in TCG: tens of minutes)"
rc=0
VM_MEM=${VM_MEM:-3G} APPEND="runner=/qemu.list ${APPEND:-}" BOOT_TIMEOUT=${BOOT_TIMEOUT:-6000} \
	"$H/boot.sh" qemu-balloon || rc=1
"$H/scan-console.sh" "$LOGS/qemu-balloon.console.log" || rc=1
grep -E '^ *# (plain|flag): freed' "$LOGS/qemu-balloon.results.ktap" | sed 's/^ *# //' || true
python3 "$H/tally.py" "$SRC" guest="$LOGS/qemu-balloon.results.ktap" |
	tee "$LOGS/qemu-balloon-summary.txt"
[ "${PIPESTATUS[0]}" = 0 ] && exit "$rc"
exit 1
