#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build the test programs that guest/tests.list runs (the first word of each
# command, DIR/PROG under tools/testing/selftests) statically against the
# built kernel's uapi headers, and pack them with busybox, bash and guest/
# into an initramfs.
source "$(dirname "$0")/lib.sh"

ST=$SRC/tools/testing/selftests
[ -d "$KOBJ/usr/include" ] || die "no uapi headers in $KOBJ/usr/include: build the kernel first"

# memfd's Makefile ignores EXTRA_CFLAGS, hence LDFLAGS=-static too.
selftest_make=(make -s -j"$JOBS" KHDR_INCLUDES="-isystem $KOBJ/usr/include" LDFLAGS=-static)
extra_cflags=-static

# Each list (tests.list and the runners' lists) is resolved here, once, for
# this base: EXPECT becomes one word (its BASE:EXPECT item for $BASE, else the
# default), and tests "absent" on this base are dropped. Which tests of a list
# a boot runs stays a boot's choice (TESTS, "tests=" on the command line).
resolve_list() {
	grep -v -e '^[[:space:]]*#' -e '^[[:space:]]*$' "$1" |
	awk -v base="$BASE" -v list="$1" '
	{
		n = split($3, items, ","); expect = ""; own = ""
		for (i = 1; i <= n; i++)
			if (items[i] !~ /:/) expect = items[i]
			else if (index(items[i], base ":") == 1) own = substr(items[i], length(base) + 2)
		if (own != "") expect = own
		if (expect !~ /^(pass|xfail|absent)$/) {
			printf "%s: %s: EXPECT \"%s\" is not pass, xfail or absent on %s\n",
				list, $1, expect, base > "/dev/stderr"
			exit 1
		}
	}
	expect != "absent" { $3 = expect; print }'
}
lists=$GOBJ/lists
rm -rf "$lists" && mkdir -p "$lists"
for list in tests bench debug stress qemu; do
	resolve_list "$TOP/guest/$list.list" >"$lists/$list.list" ||
		die "guest/$list.list: cannot resolve it for base $BASE"
done
# The programs of the tests (DIR/PROG, the first word of a command); with
# TESTS (comma-separated names), only those of the selected tests.  stress/
# and bench/ are the harness's own programs, built below.
programs=$(awk -v sel=",${TESTS:-}," '(sel == ",," || index(sel, "," $1 ",")) && $5 ~ /\// && $5 !~ /^(stress|bench)\// { print $5 }' \
	"$lists/tests.list" | sort -u)

step "building guest programs in $GOBJ: $(echo $programs)"
mkdir -p "$GOBJ"
: >"$GOBJ/build.log"
for prog in $programs; do
	dir=${prog%/*}
	[ -f "$ST/$prog.c" ] || die "guest/tests.list runs $prog, but $ST/$prog.c does not exist"
	cflags=$extra_cflags
	# 6.12's khugepaged.c uses KSFT_SKIP without including kselftest.h.
	[ "$prog" = mm/khugepaged ] && cflags="$cflags -include $ST/kselftest.h"
	mkdir -p "$GOBJ/selftests/$dir"
	"${selftest_make[@]}" -C "$ST/$dir" OUTPUT="$GOBJ/selftests/$dir" EXTRA_CFLAGS="$cflags" \
		"$GOBJ/selftests/$prog" >>"$GOBJ/build.log" 2>&1 ||
		{ tail -30 "$GOBJ/build.log" >&2; die "building $prog failed (log: $GOBJ/build.log)"; }
	file "$GOBJ/selftests/$prog" | grep -q 'statically linked' ||
		die "$GOBJ/selftests/$prog is not statically linked"
done

# The balloon benchmark (guest/bench.list, "make balloon") and the stress
# program (guest/debug.list, "make debug") ride along.
mkdir -p "$GOBJ/selftests/bench" "$GOBJ/selftests/stress"
gcc -static -O2 -Wall -isystem "$KOBJ/usr/include" -o "$GOBJ/selftests/bench/balloon" \
	"$TOP/bench/balloon.c" || die "building bench/balloon.c failed"
gcc -static -O2 -Wall -pthread -isystem "$KOBJ/usr/include" \
	-o "$GOBJ/selftests/stress/shmem-stress" "$TOP/guest/shmem-stress.c" ||
	die "building guest/shmem-stress.c failed"
gcc -static -O2 -Wall -isystem "$KOBJ/usr/include" \
	-o "$GOBJ/selftests/stress/shmem-mix" "$TOP/guest/shmem-mix.c" ||
	die "building guest/shmem-mix.c failed"

step "packing $GOBJ/initramfs.cpio"
root=$GOBJ/root
rm -rf "$root"
mkdir -p "$root"/{bin,dev,proc,sys,tmp}
cp /bin/busybox "$root/bin/busybox"
cp /bin/bash-static "$root/bin/bash"
cp "$TOP/guest/init" "$TOP/guest/run-tests.sh" "$TOP/guest/kmemleak-scan.sh" \
	"$TOP/guest/zram-swap.sh" "$TOP/guest/zswap-on.sh" "$TOP/guest/stress-ng.sh" "$TOP/guest/stress-repeat.sh" \
	"$lists"/*.list "$root/"
for prog in $programs bench/balloon stress/shmem-stress stress/shmem-mix; do
	mkdir -p "$root/selftests/${prog%/*}"
	cp "$GOBJ/selftests/$prog" "$root/selftests/$prog"
done
# WITH_STRESS_NG=1 (make debug): Debian's stress-ng, a dynamic binary, with
# the libraries it loads (32 MB, so only in the debug VM's initramfs).
if [ "${WITH_STRESS_NG:-0}" = 1 ]; then
	ng=$(command -v stress-ng) || die "stress-ng is not installed"
	for f in "$ng" $(ldd "$ng" | awk '/=> \// { print $3 } /^[ \t]*\/lib/ { print $1 }'); do
		mkdir -p "$root$(dirname "$f")"
		cp -L "$f" "$root$f"
	done
fi
# WITH_QEMU=1 (make qemu-balloon, make check's QEMU run; issues 9 and 19):
# two QEMUs with the libraries they load: Debian's, as shipped (with its TCG
# module), and the one host/build-qemu.sh built with qemu/'s patch, in
# /opt/qemu-patched with the patch's unit test; the firmware a TCG "pc"
# guest needs, and the inner guest: this very kernel and an initramfs whose
# init is guest/inner/balloon-guest.c.
copy_with_libs() {	# FILE...: copy each file and the libraries it loads to the same path
	local f
	for f in "$@" $(ldd "$@" 2>/dev/null | awk '/=> \// { print $3 } /^[ \t]*\/lib/ { print $1 }' | sort -u); do
		[ -e "$f" ] || die "$f is missing (package qemu-system-x86 or seabios?)"
		mkdir -p "$root$(dirname "$f")"
		cp -L "$f" "$root$f"
	done
}
if [ "${WITH_QEMU:-0}" = 1 ]; then
	q=$(command -v qemu-system-x86_64) || die "qemu-system-x86_64 is not installed"
	copy_with_libs "$q" /usr/lib/x86_64-linux-gnu/qemu/accel-tcg-x86_64.so \
		/usr/share/seabios/bios-256k.bin /usr/share/qemu/linuxboot_dma.bin \
		/usr/share/qemu/kvmvapic.bin
	for f in qemu-system-x86_64 tests/unit/test-fd-punch-hole; do
		[ -x "$QEMU_OBJ/$f" ] || die "$QEMU_OBJ/$f is missing: run host/build-qemu.sh first"
		copy_with_libs "$QEMU_OBJ/$f"
		mkdir -p "$root/opt/qemu-patched"
		mv "$root$QEMU_OBJ/$f" "$root/opt/qemu-patched/"
	done
	rm -rf "${root:?}$QEMU_DIR"
	inner=$GOBJ/inner
	rm -rf "$inner" && mkdir -p "$inner/root" "$root/inner"
	gcc -static -O2 -Wall -o "$inner/root/init" "$TOP/guest/inner/balloon-guest.c" ||
		die "building guest/inner/balloon-guest.c failed"
	(cd "$inner/root" && echo init | cpio -o -H newc --quiet -R 0:0) >"$root/inner/initramfs.cpio"
	cp "$KOBJ/arch/x86/boot/bzImage" "$root/inner/bzImage"
	cp "$TOP/guest/qemu-balloon.sh" "$root/"
fi
(cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc --quiet -R 0:0) >"$GOBJ/initramfs.cpio"
info "initramfs: $(du -h "$GOBJ/initramfs.cpio" | cut -f1)"
