#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build the guest's test programs statically against the built kernel's uapi
# headers and pack them with busybox, bash and guest/ into an initramfs.
source "$(dirname "$0")/lib.sh"

ST=$SRC/tools/testing/selftests
[ -d "$KOBJ/usr/include" ] || die "no uapi headers in $KOBJ/usr/include: build the kernel first"

# In 6.12 khugepaged.c uses KSFT_SKIP without including kselftest.h.
# memfd's Makefile ignores EXTRA_CFLAGS, hence LDFLAGS=-static too.
selftest_make=(make -s -j"$JOBS" KHDR_INCLUDES="-isystem $KOBJ/usr/include"
	EXTRA_CFLAGS="-static -include $ST/kselftest.h" LDFLAGS=-static)

step "building guest programs in $GOBJ"
mkdir -p "$GOBJ/selftests/mm" "$GOBJ/selftests/memfd"
"${selftest_make[@]}" -C "$ST/mm" OUTPUT="$GOBJ/selftests/mm" \
	"$GOBJ/selftests/mm/khugepaged" "$GOBJ/selftests/mm/split_huge_page_test" \
	>"$GOBJ/build.log" 2>&1 || { cat "$GOBJ/build.log" >&2; die "building mm selftests failed"; }
"${selftest_make[@]}" -C "$ST/memfd" OUTPUT="$GOBJ/selftests/memfd" \
	"$GOBJ/selftests/memfd/memfd_test" \
	>>"$GOBJ/build.log" 2>&1 || { cat "$GOBJ/build.log" >&2; die "building memfd selftests failed"; }

for prog in "$GOBJ"/selftests/*/*; do
	file "$prog" | grep -q 'statically linked' || die "$prog is not statically linked"
done

step "packing $GOBJ/initramfs.cpio"
root=$GOBJ/root
rm -rf "$root"
mkdir -p "$root"/{bin,dev,proc,sys,tmp,selftests/mm,selftests/memfd}
cp /bin/busybox "$root/bin/busybox"
cp /bin/bash-static "$root/bin/bash"
cp "$TOP/guest/init" "$TOP/guest/run-tests.sh" "$TOP/guest/tests.list" "$root/"
cp "$GOBJ/selftests/mm/khugepaged" "$GOBJ/selftests/mm/split_huge_page_test" \
	"$ST/mm/run_vmtests.sh" "$root/selftests/mm/"
cp "$GOBJ/selftests/memfd/memfd_test" "$root/selftests/memfd/"
(cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc --quiet -R 0:0) >"$GOBJ/initramfs.cpio"
info "initramfs: $(du -h "$GOBJ/initramfs.cpio" | cut -f1)"
