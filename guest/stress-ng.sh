#!/bin/sh
# stress-ng's memfd, fallocate, shm and madvise stressors, each verifying its
# data (--verify), on a tmpfs with huge=always and with every shmem mapping
# forced huge, so that their punches and truncations meet huge pages.
# Independent of this project's own tests: written by others.
export PATH=/bin:/usr/bin LD_LIBRARY_PATH=/lib/x86_64-linux-gnu
command -v stress-ng >/dev/null || { echo "stress-ng is not in the initramfs"; exit 1; }
t=${1:-20}
thp=/sys/kernel/mm/transparent_hugepage
mkdir -p /mnt/thp /dev/shm || exit 1
mount -t tmpfs -o huge=always,size=512M tmpfs /mnt/thp || exit 1
mount -t tmpfs -o huge=always,size=512M tmpfs /dev/shm || exit 1	# --shm (POSIX shm)
old=$(sed 's/.*\[\(.*\)\].*/\1/' $thp/shmem_enabled)
echo force >$thp/shmem_enabled
echo 100 >$thp/khugepaged/scan_sleep_millisecs
rc=0
for s in memfd fallocate shm madvise; do
	echo "stress-ng --$s 2 --verify --timeout ${t}s"
	stress-ng --"$s" 2 --verify --timeout "${t}s" --temp-path /mnt/thp \
		--metrics-brief 2>&1 || { echo "stress-ng --$s: exit status $?"; rc=1; }
done
echo "$old" >$thp/shmem_enabled
umount /mnt/thp /dev/shm
exit $rc
