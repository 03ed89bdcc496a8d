#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Fetch what building QEMU from source takes (issue 19) without touching the
# machine: Debian's qemu source package (QEMU_WANT in lib.sh, from sid, with
# a private apt configuration: private_apt in lib.sh) and meson >= 1.5 from
# bookworm-backports (Debian 12's meson 1.0 is too old for QEMU 10), unpacked
# under build/qemu/meson and run from there, never installed. Does nothing
# when both are there.
source "$(dirname "$0")/lib.sh"

dsc=$DL/qemu/qemu_${QEMU_WANT#*:}.dsc
if [ ! -f "$dsc" ]; then
	step "fetching Debian's qemu source $QEMU_WANT from sid (private apt configuration)"
	private_apt sid deb-src || die "apt-get update of Debian sid (deb-src) failed (log: $DL/apt-sid-deb-src/update.log)"
	mkdir -p "$DL/qemu"
	(cd "$DL/qemu" && apt-get "${APT_OPTS[@]}" -q source --download-only "qemu=$QEMU_WANT" \
		>"$DL/qemu/download.log" 2>&1) ||
		{ tail -5 "$DL/qemu/download.log" >&2
		  die "apt-get source qemu=$QEMU_WANT failed: sid may have dropped it; take it from snapshot.debian.org or move QEMU_WANT in host/lib.sh (and rebase qemu/) to a version sid serves"; }
	[ -f "$dsc" ] || die "$dsc is missing after the download (log: $DL/qemu/download.log)"
fi

if [ ! -x "$QEMU_MESON/usr/bin/meson" ]; then
	step "fetching meson $MESON_WANT from bookworm-backports (unpacked, not installed)"
	private_apt bookworm-backports ||
		die "apt-get update of bookworm-backports failed (log: $DL/apt-bookworm-backports-deb/update.log)"
	rm -f "$DL"/meson_*.deb
	(cd "$DL" && apt-get "${APT_OPTS[@]}" -q download "meson=$MESON_WANT" >"$DL/meson-download.log" 2>&1) ||
		{ tail -5 "$DL/meson-download.log" >&2; die "apt-get download meson=$MESON_WANT failed"; }
	rm -rf "$QEMU_MESON" && mkdir -p "$QEMU_MESON"
	dpkg-deb -x "$DL"/meson_*.deb "$QEMU_MESON" || die "cannot unpack $(ls "$DL"/meson_*.deb)"
fi
