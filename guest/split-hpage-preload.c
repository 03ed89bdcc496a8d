// SPDX-License-Identifier: GPL-2.0
/*
 * LD_PRELOAD library for QEMU 7.2, which predates FALLOC_FL_SPLIT_HPAGE:
 * add the flag to the hole punches QEMU makes in guest RAM (virtio-balloon
 * inflation goes through ram_block_discard_range(), which calls
 * fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, ...)), the
 * one-line change docs/qemu.md describes.  Like that change, it falls back
 * to the plain punch when the kernel or the file system lacks the flag.
 * Each punch with the flag is counted; the count goes to stderr at exit.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <linux/falloc.h>

#ifndef FALLOC_FL_SPLIT_HPAGE
#define FALLOC_FL_SPLIT_HPAGE	0x100
#endif

#define PUNCH	(FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE)

static unsigned long flagged, fallbacks, busy;

static int (*next_fallocate(void))(int, int, off_t, off_t)
{
	static int (*next)(int, int, off_t, off_t);

	if (!next)
		next = (int (*)(int, int, off_t, off_t))dlsym(RTLD_NEXT, "fallocate");
	return next;
}

int fallocate(int fd, int mode, off_t offset, off_t len)
{
	int ret;

	if (mode != PUNCH)
		return next_fallocate()(fd, mode, offset, len);
	ret = next_fallocate()(fd, mode | FALLOC_FL_SPLIT_HPAGE, offset, len);
	if (!ret) {
		flagged++;
		return 0;
	}
	if (errno == EBUSY) {
		/* zeroed, but a pinned huge page kept it: as a plain punch */
		busy++;
		return 0;
	}
	if (errno != EOPNOTSUPP && errno != EINVAL)
		return ret;
	fallbacks++;
	return next_fallocate()(fd, mode, offset, len);
}

/* glibc's 64-bit alias: the same call on x86_64. */
int fallocate64(int fd, int mode, off_t offset, off_t len)
{
	return fallocate(fd, mode, offset, len);
}

__attribute__((destructor)) static void report(void)
{
	fprintf(stderr, "split-hpage-preload: %lu punches with FALLOC_FL_SPLIT_HPAGE, %lu EBUSY, %lu fell back to a plain punch\n",
		flagged, busy, fallbacks);
}
