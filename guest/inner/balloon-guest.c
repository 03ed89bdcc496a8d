// SPDX-License-Identifier: GPL-2.0
/*
 * The inner guest of the QEMU end-to-end run (guest/qemu-balloon.sh), its
 * init: dirty nearly all of RAM once so that every page of the host's
 * backing file is allocated, keep KEEP_MIB of it with a per-page pattern,
 * free the rest (for the balloon to take), then follow the balloon through
 * MemTotal, which virtio-balloon lowers while it holds pages:
 *   "balloon-guest: ready"      RAM dirtied, waiting for the balloon;
 *   "balloon-guest: inflated"   MemTotal dropped by a quarter or more;
 *   "balloon-guest: deflated"   MemTotal back: the memory is usable again
 *                               (dirtied once more) and the kept pages
 *                               still hold their pattern, or MISMATCH.
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
#define KEEP_MIB	32
#define SPARE_MIB	24	/* left free for the kernel while dirtying */

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

static long verify(const uint64_t *keep)
{
	size_t i, words = KEEP_MIB * MIB / 8;

	for (i = 0; i < words; i += 512)
		if (keep[i] != 0xba11000000000000ULL + i)
			return (long)i / 512;
	return -1;
}

int main(void)
{
	uint64_t *keep;
	long total0, total, bad;
	size_t i;
	int inflated = 0;

	/* An initramfs of one file: make /dev/console to print on. */
	mkdir("/dev", 0755);
	mkdir("/proc", 0755);
	mount("devtmpfs", "/dev", "devtmpfs", 0, NULL);
	mount("proc", "/proc", "proc", 0, NULL);
	i = open("/dev/console", O_WRONLY);
	if (i >= 0) {
		dup2(i, 1);
		dup2(i, 2);
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	keep = mmap(NULL, KEEP_MIB * MIB, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	if (keep == MAP_FAILED) {
		printf("balloon-guest: cannot map %d MiB\n", KEEP_MIB);
		return 1;
	}
	for (i = 0; i < KEEP_MIB * MIB / 8; i++)
		keep[i] = 0xba11000000000000ULL + i;
	printf("balloon-guest: dirtied %ld MiB besides %d MiB kept\n",
	       dirty_and_free(meminfo_kb("MemFree:") / 1024 - SPARE_MIB), KEEP_MIB);
	total0 = meminfo_kb("MemTotal:");
	printf("balloon-guest: ready, MemTotal %ld kB\n", total0);
	for (;;) {
		sleep(1);
		total = meminfo_kb("MemTotal:");
		if (!inflated && total < total0 * 3 / 4) {
			inflated = 1;
			printf("balloon-guest: inflated, MemTotal %ld kB\n", total);
		} else if (inflated && total >= total0 - 1024) {
			long mib = dirty_and_free(meminfo_kb("MemFree:") / 1024 - SPARE_MIB);

			bad = verify(keep);
			if (bad >= 0)
				printf("balloon-guest: deflated, MISMATCH in kept page %ld\n", bad);
			else
				printf("balloon-guest: deflated, MemTotal %ld kB, %ld MiB usable and dirtied again, %d MiB kept intact\n",
				       total, mib, KEEP_MIB);
			inflated = 0;
		}
	}
}
