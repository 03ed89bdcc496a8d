// SPDX-License-Identifier: GPL-2.0
/*
 * The inner guest of the QEMU end-to-end run (guest/qemu-balloon.sh), its
 * init.  It fills nearly all of RAM with 4 KiB pages, each tagged, so that
 * every page of the host's backing file is allocated, then frees three
 * pages of every four: the free memory the balloon then takes is scattered
 * 4 KiB pages, as in a guest that has run for a while, not whole 2 MiB
 * blocks (those a plain punch frees for good already).  Then it follows the
 * balloon through MemTotal, which virtio-balloon lowers while it holds
 * pages:
 *   "balloon-guest: ready"      RAM filled and thinned, waiting;
 *   "balloon-guest: inflated"   MemTotal dropped by a quarter or more;
 *   "balloon-guest: deflated"   MemTotal back: the memory is usable again
 *                               (dirtied once more) and the kept pages
 *                               still hold their tags, or MISMATCH.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>

#define MIB		(1024 * 1024UL)
#define PAGE		4096UL
#define SPARE_MIB	24	/* left free for the kernel while filling */
#define KEEP_EVERY	4	/* keep one page in four */

static char *region;
static size_t region_pages;

static long meminfo_kb(const char *name)
{
	char key[64];
	long v, value = -1;
	FILE *f = fopen("/proc/meminfo", "r");

	if (!f)
		return -1;
	while (fscanf(f, "%63s %ld kB ", key, &v) == 2)
		if (!strcmp(key, name))
			value = v;
	fclose(f);
	return value;
}

static uint64_t tag(size_t i)
{
	return 0xba11000000000000ULL + i;
}

/* Fill nearly all free memory with tagged 4 KiB pages, keep one in four. */
static long fill_and_thin(void)
{
	size_t i;

	region_pages = (meminfo_kb("MemFree:") / 1024 - SPARE_MIB) * (MIB / PAGE);
	region = mmap(NULL, region_pages * PAGE, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (region == MAP_FAILED)
		return -1;
	madvise(region, region_pages * PAGE, MADV_NOHUGEPAGE);
	for (i = 0; i < region_pages; i++) {
		memset(region + i * PAGE, 0x5a, PAGE);
		*(uint64_t *)(region + i * PAGE) = tag(i);
	}
	for (i = 0; i < region_pages; i++)
		if (i % KEEP_EVERY)
			madvise(region + i * PAGE, PAGE, MADV_DONTNEED);
	return region_pages * PAGE / MIB;
}

/* Touch @mib MiB of fresh anonymous memory, then give it back. */
static long dirty_and_free(long mib)
{
	size_t size = mib * MIB;
	char *p;

	if (mib <= 0)
		return 0;
	p = mmap(NULL, size, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	if (p == MAP_FAILED)
		return -1;
	memset(p, 0x5a, size);
	munmap(p, size);
	return mib;
}

/* The first kept page that lost its tag, or -1. */
static long verify(void)
{
	size_t i;

	for (i = 0; i < region_pages; i += KEEP_EVERY)
		if (*(uint64_t *)(region + i * PAGE) != tag(i))
			return (long)i;
	return -1;
}

int main(void)
{
	long total0, total, bad, mib;
	int inflated = 0, fd;

	/* An initramfs of one file: make /dev/console to print on. */
	mkdir("/dev", 0755);
	mkdir("/proc", 0755);
	mount("devtmpfs", "/dev", "devtmpfs", 0, NULL);
	mount("proc", "/proc", "proc", 0, NULL);
	fd = open("/dev/console", O_WRONLY);
	if (fd >= 0) {
		dup2(fd, 1);
		dup2(fd, 2);
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	mib = fill_and_thin();
	if (mib < 0) {
		printf("balloon-guest: cannot map its region\n");
		return 1;
	}
	printf("balloon-guest: filled %ld MiB with tagged pages, freed 3 of every 4\n", mib);
	total0 = meminfo_kb("MemTotal:");
	printf("balloon-guest: ready, MemTotal %ld kB, MemFree %ld kB\n", total0,
	       meminfo_kb("MemFree:"));
	for (;;) {
		sleep(1);
		total = meminfo_kb("MemTotal:");
		if (!inflated && total < total0 * 3 / 4) {
			inflated = 1;
			printf("balloon-guest: inflated, MemTotal %ld kB\n", total);
		} else if (inflated && total >= total0 - 1024) {
			mib = dirty_and_free(meminfo_kb("MemFree:") / 1024 - SPARE_MIB);
			bad = verify();
			if (bad >= 0)
				printf("balloon-guest: deflated, MISMATCH in kept page %ld\n", bad);
			else
				printf("balloon-guest: deflated, MemTotal %ld kB, %ld MiB usable and dirtied again, %zu kept pages intact\n",
				       total, mib, (region_pages + KEEP_EVERY - 1) / KEEP_EVERY);
			inflated = 0;
		}
	}
}
