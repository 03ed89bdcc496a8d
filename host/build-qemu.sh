#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build QEMU from Debian's source package with qemu/'s patch (issue 19), out
# of tree and small: x86_64-softmmu, TCG, the "pc" machine with the devices
# of qemu/balloon-test.mak, no optional features. Builds qemu-system-x86_64
# and the patch's unit test (tests/unit/test-fd-punch-hole) in $QEMU_OBJ.
#
# $QEMU_SRC is a git tree: the upstream source (tag "base"; Debian's +ds
# repack without firmware blobs) with qemu/*.patch applied by "git am", so a
# patch that no longer applies stops here. Two of Debian's own build patches
# (the repack lacks the edk2 blobs and pycotap) and the devices file are
# left uncommitted in the work tree: they are how Debian builds this source,
# not part of what is sent. The tree is made again only when qemu/ changed.
source "$(dirname "$0")/lib.sh"

"$TOP/host/fetch-qemu.sh" || exit 1
# configure's venv and the meson that ninja calls back find meson here.
export PYTHONPATH=$QEMU_MESON/usr/lib/python3/dist-packages
dsc=$DL/qemu/qemu_${QEMU_WANT#*:}.dsc
stamp="$QEMU_WANT $(cat "$TOP"/qemu/*.patch "$TOP/qemu/balloon-test.mak" | sha256sum | cut -c1-16)"

if [ "$(cat "$QEMU_DIR/src.stamp" 2>/dev/null)" != "$stamp" ]; then
	step "unpacking QEMU $QEMU_WANT into $QEMU_SRC and applying qemu/*.patch"
	rm -rf "$QEMU_SRC" "$QEMU_OBJ" "$QEMU_DIR/src.stamp"
	mkdir -p "$QEMU_DIR"
	dpkg-source -x --skip-patches "$dsc" "$QEMU_SRC" >"$QEMU_DIR/unpack.log" 2>&1 ||
		{ tail -5 "$QEMU_DIR/unpack.log" >&2; die "dpkg-source -x $dsc failed"; }
	rm -f "$QEMU_DIR"/qemu_*.orig.tar.*	# dpkg-source's copy next to the tree
	(
		cd "$QEMU_SRC" || exit 1
		export GIT_AUTHOR_NAME="$HARNESS_NAME" GIT_AUTHOR_EMAIL="$HARNESS_EMAIL"
		export GIT_COMMITTER_NAME="$HARNESS_NAME" GIT_COMMITTER_EMAIL="$HARNESS_EMAIL"
		git init -q -b master && echo /debian/ >>.git/info/exclude &&
		git add -f -- . ':!debian' && git commit -q -m "QEMU $QEMU_WANT, upstream source (Debian's +ds repack)" &&
		git tag base || exit 1
		for p in "$TOP"/qemu/0*.patch; do
			case $p in */0000-cover-letter.patch) continue ;; esac
			git am -q "$p" || { git am --abort; echo "ERROR: qemu/${p##*/} does not apply to QEMU $QEMU_WANT" >&2; exit 1; }
		done
		for p in skip-unpack-edk2-blobs disable-pycotap; do
			patch -s -p1 <"debian/patches/$p.patch" || { echo "ERROR: Debian's $p.patch does not apply" >&2; exit 1; }
		done
		# The minimal device set does not link without it (the patch says why).
		patch -s -p1 <"$TOP/qemu/build-fix-cxl-stub.patch" ||
			{ echo "ERROR: qemu/build-fix-cxl-stub.patch does not apply" >&2; exit 1; }
		cp "$TOP/qemu/balloon-test.mak" configs/devices/x86_64-softmmu/
	) || die "could not prepare $QEMU_SRC (qemu/ against QEMU $QEMU_WANT)"
	echo "$stamp" >"$QEMU_DIR/src.stamp"
fi

if [ ! -f "$QEMU_OBJ/build.ninja" ]; then
	step "configuring QEMU in $QEMU_OBJ"
	mkdir -p "$QEMU_OBJ"
	(cd "$QEMU_OBJ" && "$QEMU_SRC/configure" --python=/usr/bin/python3 --target-list=x86_64-softmmu \
		--without-default-features --without-default-devices --with-devices-x86_64=balloon-test \
		--enable-tcg --enable-fdt=system --disable-install-blobs --disable-docs) \
		>"$QEMU_DIR/configure.log" 2>&1 ||
		{ rm -f "$QEMU_OBJ/build.ninja"; grep -B5 -m1 ERROR "$QEMU_DIR/configure.log" >&2
		  die "QEMU's configure failed (log: $QEMU_DIR/configure.log)"; }
fi

step "building QEMU in $QEMU_OBJ (ninja -j$JOBS)"
start=$SECONDS
ninja -C "$QEMU_OBJ" -j"$JOBS" qemu-system-x86_64 tests/unit/test-fd-punch-hole >"$QEMU_DIR/build.log" 2>&1 ||
	{ grep -A5 -m3 -e 'error:' -e FAILED "$QEMU_DIR/build.log" >&2; die "building QEMU failed (log: $QEMU_DIR/build.log)"; }
info "qemu-system-x86_64 $("$QEMU_OBJ/qemu-system-x86_64" --version | head -1 | awk '{ print $4 }'), built in $((SECONDS - start)) s"
