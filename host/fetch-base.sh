#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Fetch the kernel source package of a base, at the exact version lib.sh
# pins (linux-source-7.3 from experimental, linux-source-6.12 from
# bookworm-security), without touching the machine: a private apt
# configuration with that suite as its only source (private_apt in lib.sh),
# "apt-get download", and the tarball taken out of the .deb. The machine's
# sources, lists and installed packages are left alone. Does nothing when
# the tarball is already there.
source "$(dirname "$0")/lib.sh"

[ "$(base_version)" = "$BASE_WANT" ] && [ -f "$BASE_TARBALL" ] && exit 0

step "fetching $BASE_PKG $BASE_WANT from Debian $BASE_SUITE (private apt configuration)"
private_apt "$BASE_SUITE" deb "$BASE_ARCHIVE" ||
	die "apt-get update of Debian $BASE_SUITE failed (log: $DL/apt-$BASE_SUITE-deb/update.log)"
have=$(apt-cache "${APT_OPTS[@]}" madison "$BASE_PKG" | awk '{ print $3 }' | tr '\n' ' ')
case " $have " in
*" $BASE_WANT "*) ;;
*) die "Debian $BASE_SUITE no longer has $BASE_PKG $BASE_WANT (it has: ${have:-nothing}); take it from snapshot.debian.org, or port patches/$BASE to the new version and change BASE_WANT in host/lib.sh" ;;
esac
rm -f "$DL/${BASE_PKG}_"*.deb
(cd "$DL" && apt-get "${APT_OPTS[@]}" -q download "$BASE_PKG=$BASE_WANT" >"$DL/download.log" 2>&1) ||
	{ tail -5 "$DL/download.log" >&2; die "apt-get download $BASE_PKG=$BASE_WANT failed"; }
deb=$(ls "$DL/${BASE_PKG}_"*.deb)
dpkg-deb --fsys-tarfile "$deb" | tar -xO "./usr/src/$BASE_PKG.tar.xz" >"$BASE_TARBALL.tmp" ||
	die "$deb has no usr/src/$BASE_PKG.tar.xz"
mv "$BASE_TARBALL.tmp" "$BASE_TARBALL"
rm -f "$deb"
echo "$BASE_WANT" >"$DL/$BASE_PKG.version"
info "$BASE_TARBALL: $BASE_PKG $BASE_WANT ($(du -h "$BASE_TARBALL" | cut -f1))"
