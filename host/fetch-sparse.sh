#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Print the path of a sparse that the tree in $SRC accepts.
#
# Debian 12's sparse 0.6.4 is too old for 7.3: its scripts/checker-valid.sh
# wants __typeof_unqual__, and kbuild then only warns and builds without
# sparse. Where the installed sparse fails that check, take the source of a
# newer one from Debian sid (a private apt configuration: nothing on the
# machine changes), build it under build/dl/sparse-VERSION (about 15 s) and
# print that; where it passes, print the installed one. Later runs reuse the
# build. Fails, saying why, when neither works.
source "$(dirname "$0")/lib.sh"

SPARSE_SUITE=sid
SPARSE_WANT=0.6.5~rc1-2		# the first Debian sparse with __typeof_unqual__
dir=$DL/sparse-$SPARSE_WANT

# valid SPARSE: does the tree take it? (a tree without the check takes any)
valid() {
	local checker=$SRC/scripts/checker-valid.sh

	[ -x "$1" ] || return 1
	[ -f "$checker" ] || return 0
	[ "$(PATH=$(dirname "$1"):$PATH sh "$checker" sparse 2>/dev/null)" = 1 ]
}

sys=$(command -v sparse || true)
if [ -n "$sys" ] && valid "$sys"; then
	echo "$sys"
	exit 0
fi
if valid "$dir/sparse"; then
	echo "$dir/sparse"
	exit 0
fi

step "building sparse $SPARSE_WANT from Debian $SPARSE_SUITE's source (the installed ${sys:-none} is too old for this tree)"
private_apt "$SPARSE_SUITE" deb-src ||
	die "apt-get update of Debian $SPARSE_SUITE (deb-src) failed (log: $DL/apt-$SPARSE_SUITE-deb-src/update.log)"
rm -rf "$dir" "$dir.tmp"
mkdir -p "$dir.tmp"
(cd "$dir.tmp" && apt-get "${APT_OPTS[@]}" -q source --download-only "sparse=$SPARSE_WANT") \
	>"$DL/sparse-download.log" 2>&1 ||
	{ tail -5 "$DL/sparse-download.log" >&2
	  die "apt-get source sparse=$SPARSE_WANT from Debian $SPARSE_SUITE failed; if $SPARSE_SUITE moved on, set SPARSE_WANT in host/fetch-sparse.sh to a version it has"; }
# The upstream tarball alone: Debian's patches only make cgcc call gcc-16.
tar -xzf "$dir.tmp"/sparse_*.orig.tar.gz -C "$dir.tmp" --strip-components=1 ||
	die "unpacking sparse_${SPARSE_WANT%-*}.orig.tar.gz failed"
make -C "$dir.tmp" -j"$JOBS" sparse >"$DL/sparse-build.log" 2>&1 ||
	{ tail -20 "$DL/sparse-build.log" >&2; die "building sparse $SPARSE_WANT failed (log: $DL/sparse-build.log)"; }
mv "$dir.tmp" "$dir"
valid "$dir/sparse" || die "sparse $SPARSE_WANT fails $SRC/scripts/checker-valid.sh too"
info "$dir/sparse: sparse $SPARSE_WANT"
echo "$dir/sparse"
