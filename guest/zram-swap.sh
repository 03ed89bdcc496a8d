#!/bin/sh
# Give the debug VM swap on zram (CONFIG_ZRAM), so that MADV_PAGEOUT and
# memory pressure push shmem pages, huge ones included, out to swap.
z=/sys/block/zram0
[ -e "$z/disksize" ] || { echo "zram: $z is not there (CONFIG_ZRAM?)"; exit 1; }
echo lz4 >"$z/comp_algorithm" 2>/dev/null
echo 512M >"$z/disksize" || exit 1
mkswap /dev/zram0 >/dev/null || exit 1
swapon /dev/zram0 || exit 1
echo always >/sys/kernel/mm/transparent_hugepage/hugepages-2048kB/enabled 2>/dev/null
cat /proc/swaps
