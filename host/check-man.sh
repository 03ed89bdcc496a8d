#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# man/fallocate.2.patch is the man-pages change for FALLOC_FL_SPLIT_HPAGE.
# Apply it to Debian's fallocate(2) (manpages-dev) in a scratch folder and
# check the result with groff's warnings on: any warning is a failure.
source "$(dirname "$0")/lib.sh"

page=/usr/share/man/man2/fallocate.2.gz
[ -f "$page" ] || die "$page is missing (package manpages-dev)"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/man2"
zcat "$page" >"$tmp/man2/fallocate.2"
patch -s -d "$tmp" -p1 <"$TOP/man/fallocate.2.patch" ||
	die "man/fallocate.2.patch does not apply to $page ($(dpkg-query -W -f='${Version}' manpages-dev))"
warnings=$(groff -ww -man -z "$tmp/man2/fallocate.2" 2>&1)
[ -z "$warnings" ] || { printf '%s\n' "$warnings" >&2; die "groff -ww -man: warnings in the patched fallocate.2"; }
info "fallocate.2 + man/fallocate.2.patch: groff -ww -man clean"
