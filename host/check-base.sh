#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# One base of the test command (host/check.sh runs it for each base): install
# what is missing, build the base plus patches/$BASE, lint the series, boot
# the test VM, and count every result.
#
# Each step is a host check with a TAP result of its own, so a failure says
# which step failed and why; a step the later ones depend on stops the run.
# The documents to count go to $LOGS/documents (LABEL=FILE a line), for
# check.sh's tally of every base; the last line printed is this base's own
# tally.py "N passed, N failed, N skipped".
source "$(dirname "$0")/lib.sh"
H=$TOP/host

mkdir -p "$LOGS"
HOST_TAP=$LOGS/host.ktap
: >"$HOST_TAP.lines"
: >"$LOGS/timing.txt"
n=0
docs=()

record() {	# ok|fail NAME [REASON]
	n=$((n + 1))
	tap_line "$n" "$@" >>"$HOST_TAP.lines"
}

# check NAME CMD...: run a step, record its result; the reason of a failure is
# the step's last line on stderr (its "ERROR: ..." message).
# How long each step took goes to $LOGS/timing.txt (check.sh prints it).
took() {	# NAME T0: the step NAME, started at $SECONDS = T0
	printf '%6d s  %s\n' $((SECONDS - $2)) "$1" >>"$LOGS/timing.txt"
}

check() {
	local name=$1 err=$LOGS/step.err t0=$SECONDS rc=0
	shift
	if "$@" 2> >(tee "$err" >&2); then
		record ok "$name"
	else
		wait	# for tee
		record fail "$name" "$(grep -v '^\s*$' "$err" | tail -1 | sed 's/^ERROR: //')"
		rc=1
	fi
	took "$name" "$t0"
	return $rc
}

finish() {
	{ echo "KTAP version 1"; echo "1..$n"; cat "$HOST_TAP.lines"; } >"$HOST_TAP"
	step "results"
	printf '%s\n' host="$HOST_TAP" "${docs[@]}" >"$LOGS/documents"
	python3 "$H/tally.py" "$SRC" host="$HOST_TAP" "${docs[@]}" | tee "$LOGS/summary.txt"
	local rc=${PIPESTATUS[0]}
	info "logs: $LOGS"
	exit "$rc"
}

check "install packages" "$H/install-deps.sh" || finish
check "base tree + fixes/ + patches/ (git am)" "$H/base-tree.sh" || finish
check "kernel build" "$H/build-kernel.sh" || finish
check "guest programs + initramfs" "$H/build-guest.sh" || finish

check "man page: fallocate.2 patch, groff -ww clean" "$H/check-man.sh" || true
# A test sender: the real one signs off with their own identity (make send-email).
check "git send-email --dry-run: headers well-formed, maintainers addressed, sender signs off" \
	env SENDER="make check <check@example.invalid>" "$H/send-email.sh" || true
check "git send-email --dry-run of the fix series: the same, stable addressed" \
	env SERIES=fixes SENDER="make check <check@example.invalid>" "$H/send-email.sh" || true

step "static checks of the series (checkpatch, sparse, W=1)"
t0=$SECONDS
if "$H/lint-series.sh" >"$LOGS/lint.ktap"; then docs+=(lint="$LOGS/lint.ktap"); else
	record fail "static checks" "lint-series.sh failed"; fi
took "static checks of the series" "$t0"

# slab_nomerge: shmem_split_hpage counts the hint's maple_node objects in
# /proc/slabinfo (built, then freed on close), which a merged cache hides.
check "boot: guest runner finished" "$H/boot.sh" check slab_nomerge || true
docs+=(kunit="$LOGS/check.console.log" guest="$LOGS/check.results.ktap")
check "console: no kernel splat" "$H/scan-console.sh" "$LOGS/check.console.log" || true

# End to end with QEMU's virtio-balloon inside the same kernel's VM
# (guest/qemu-balloon.sh, docs/qemu.md), on one base: QEMU built with
# qemu/'s patch (its unit test runs here, on the host's kernel without the
# flag, and in the VM with it) against Debian's QEMU as shipped.
[ "$BASE" = "$E2E_BASE" ] || finish
step "QEMU inside the VM: virtio-balloon, QEMU as shipped and patched"
if check "QEMU built from source with qemu/'s patch" "$H/build-qemu.sh"; then
	# GLib's --tap prints no version line, which the KTAP parser wants.
	{ echo "TAP version 13"; "$QEMU_OBJ/tests/unit/test-fd-punch-hole" --tap; } \
		>"$LOGS/qemu-unit-host.tap" 2>&1 || true
	docs+=(qemu-unit-host="$LOGS/qemu-unit-host.tap")
fi
if [ -x "$QEMU_OBJ/qemu-system-x86_64" ] &&
	check "QEMU end to end: initramfs with both QEMUs and their guest" \
	env -u TESTS GOBJ="$BUILD/qemu-guest" WITH_QEMU=1 "$H/build-guest.sh"; then
	check "QEMU end to end: guest runner finished" env -u TESTS GOBJ="$BUILD/qemu-guest" \
		VM_MEM=3G APPEND="runner=/qemu.list" BOOT_TIMEOUT=1800 \
		"$H/boot.sh" qemu-balloon || true
	docs+=(qemu="$LOGS/qemu-balloon.results.ktap")
	check "QEMU end to end: no kernel splat" \
		"$H/scan-console.sh" "$LOGS/qemu-balloon.console.log" || true
	grep -E '^ *# (shipped|patched): freed' "$LOGS/qemu-balloon.results.ktap" | sed 's/^ *# /    /' || true
fi
finish
