// SPDX-License-Identifier: GPL-2.0
/*
 * shmem-stress: many threads on one THP memfd at once, every byte verified.
 *
 * Threads (all on the same file, for -t seconds or -n operations each):
 *   puncher    fallocate(PUNCH_HOLE | KEEP_SIZE | SPLIT_HPAGE) of a random
 *              4 KiB page; the page must read zero until it is written again
 *   writer     writes a random page through the mapping with a pattern of
 *              (page, generation)
 *   reader     reads a random page and checks it against what it must hold
 *   collapser  MADV_COLLAPSE of a random 2 MiB range
 *   pager      MADV_PAGEOUT of a random 2 MiB range (to zram swap)
 *   compactor  writes 1 to /proc/sys/vm/compact_memory
 *   truncator  shrinks the file by a random number of pages and extends it
 *              back: everything beyond the new size must read zero
 *   sparse     a file of its own, over and over: a sparse 32 GiB memfd,
 *              4096 punches of random pages (flagged: thousands of scattered
 *              hints, a maple tree four levels deep), a truncation to a
 *              random size half the time, and close(), which frees the tree
 *              from RCU callbacks while the other threads go on
 * with khugepaged scanning at full speed meanwhile.
 *
 * Each page has a lock and a state (its generation, or 0 for "reads
 * zero"), so that a page's expected content is always known; the
 * truncator holds every page at once through a reader-writer lock.  The
 * first mismatch stops the run and names the offset.  At the end every page
 * is checked once more and the operation counts are printed, with the
 * kernel's counters of what happened meanwhile (splits, collapses, hints,
 * swap).  Exit status: 0 pass, 1 mismatch or error, 4 the kernel lacks
 * FALLOC_FL_SPLIT_HPAGE.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#ifndef FALLOC_FL_SPLIT_HPAGE
#define FALLOC_FL_SPLIT_HPAGE	0x100
#endif
#ifndef MADV_COLLAPSE
#define MADV_COLLAPSE		25
#endif
#ifndef MADV_PAGEOUT
#define MADV_PAGEOUT		21
#endif
#define PUNCH		(FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE | FALLOC_FL_SPLIT_HPAGE)
#define PAGE		4096UL
#define HUGE		(2UL << 20)
#define THP		"/sys/kernel/mm/transparent_hugepage/"

enum { PUNCHER, WRITER, READER, COLLAPSER, PAGER, COMPACTOR, TRUNCATOR, SPARSE,
	NR_KINDS };
static const char *const kind_name[NR_KINDS] = {
	"punches", "writes", "reads", "collapses", "pageouts", "compactions",
	"truncations", "sparse files",
};
static const char *const kind_thread[NR_KINDS] = {
	"puncher", "writer", "reader", "collapser", "pager", "compactor", "truncator",
	"sparse",
};
static int kind_threads[NR_KINDS] = { 2, 2, 2, 1, 1, 1, 1, 1 };
static int punch_mode = PUNCH;

static size_t size, nr_pages;
static char *map;
static int fd;
static uint32_t *gen;			/* per page: 0 reads zero, else pattern */
static pthread_mutex_t *page_lock;
static pthread_rwlock_t file_lock;	/* writer-preferring: see main() */
static atomic_long ops[NR_KINDS], split_busy, collapse_ok;
static atomic_int stop;
static long max_ops;
static double deadline;

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

static void write_file(const char *path, const char *val)
{
	int f = open(path, O_WRONLY);

	if (f < 0 || write(f, val, strlen(val)) < 0)
		fprintf(stderr, "shmem-stress: %s: %s\n", path, strerror(errno));
	if (f >= 0)
		close(f);
}

/* A /proc/vmstat counter */
static long vmstat(const char *name)
{
	char key[64];
	long val, found = -1;
	FILE *f = fopen("/proc/vmstat", "r");

	while (f && fscanf(f, "%63s %ld", key, &val) == 2)
		if (!strcmp(key, name))
			found = val;
	if (f)
		fclose(f);
	return found;
}

static uint64_t word(size_t page, uint32_t g, size_t i)
{
	return ((uint64_t)page << 32 | g) * 0x9e3779b97f4a7c15ULL + i;
}

/* Check page @p against its state; call with its lock held.  */
static void verify(size_t p, const char *who)
{
	const uint64_t *w = (const uint64_t *)(map + p * PAGE);
	uint32_t g = gen[p];
	size_t i;

	for (i = 0; i < PAGE / sizeof(*w); i++) {
		uint64_t want = g ? word(p, g, i) : 0;

		if (w[i] != want) {
			printf("# MISMATCH (%s): offset %#zx (page %zu, word %zu): read %#llx, "
			       "expected %#llx (%s)\n", who, p * PAGE + i * sizeof(*w), p, i,
			       (unsigned long long)w[i], (unsigned long long)want,
			       g ? "data" : "zero: punched or truncated");
			fflush(stdout);
			exit(1);
		}
	}
}

static void fill(size_t p, uint32_t g)
{
	uint64_t *w = (uint64_t *)(map + p * PAGE);
	size_t i;

	for (i = 0; i < PAGE / sizeof(*w); i++)
		w[i] = word(p, g, i);
	gen[p] = g;
}

static size_t rnd(unsigned int *seed, size_t n)
{
	return ((size_t)rand_r(seed) << 16 ^ rand_r(seed)) % n;
}

#define SPARSE_RANGES	16384		/* 2 MiB ranges: a 32 GiB file */
#define SPARSE_PUNCHES	4096

/* One sparse file: scattered punches (hints), maybe a truncation, close. */
static void sparse_file(unsigned int *seed)
{
	int sfd = memfd_create("shmem-stress-sparse", 0);
	int i;

	if (sfd < 0 || ftruncate(sfd, SPARSE_RANGES * HUGE)) {
		perror("shmem-stress: sparse memfd");
		exit(1);
	}
	for (i = 0; i < SPARSE_PUNCHES; i++) {
		off_t off = rnd(seed, SPARSE_RANGES) * HUGE + rnd(seed, HUGE / PAGE) * PAGE;

		if (fallocate(sfd, punch_mode, off, PAGE)) {
			perror("shmem-stress: fallocate of the sparse file");
			exit(1);
		}
	}
	if (rnd(seed, 2) && ftruncate(sfd, rnd(seed, SPARSE_RANGES) * HUGE)) {
		perror("shmem-stress: ftruncate of the sparse file");
		exit(1);
	}
	close(sfd);
}

static void one_op(int kind, unsigned int *seed)
{
	size_t p = rnd(seed, nr_pages), r = rnd(seed, size / HUGE) * HUGE, keep, q;

	switch (kind) {
	case PUNCHER:
	case WRITER:
	case READER:
		pthread_rwlock_rdlock(&file_lock);
		pthread_mutex_lock(&page_lock[p]);
		if (kind == PUNCHER) {
			if (fallocate(fd, punch_mode, p * PAGE, PAGE)) {
				if (errno != EBUSY) {
					perror("shmem-stress: fallocate");
					exit(1);
				}
				split_busy++;	/* zeroed, not freed: still reads zero */
			}
			gen[p] = 0;
		} else if (kind == WRITER) {
			fill(p, gen[p] + 1 ? gen[p] + 1 : 1);
		}
		verify(p, kind_name[kind]);
		pthread_mutex_unlock(&page_lock[p]);
		pthread_rwlock_unlock(&file_lock);
		break;
	case COLLAPSER:
	case PAGER:
		pthread_rwlock_rdlock(&file_lock);
		if (!madvise(map + r, HUGE, kind == COLLAPSER ? MADV_COLLAPSE : MADV_PAGEOUT))
			collapse_ok += kind == COLLAPSER;
		pthread_rwlock_unlock(&file_lock);
		break;
	case COMPACTOR:
		write_file("/proc/sys/vm/compact_memory", "1");
		usleep(200000);
		break;
	case SPARSE:
		sparse_file(seed);
		break;
	case TRUNCATOR:
		usleep(300000);
		keep = rnd(seed, nr_pages);
		pthread_rwlock_wrlock(&file_lock);
		if (ftruncate(fd, keep * PAGE) || ftruncate(fd, size)) {
			perror("shmem-stress: ftruncate");
			exit(1);
		}
		for (q = keep; q < nr_pages; q++)
			gen[q] = 0;
		for (q = keep ? keep - 1 : 0; q < nr_pages && q < keep + 1; q++)
			verify(q, "truncate");
		pthread_rwlock_unlock(&file_lock);
		break;
	}
	ops[kind]++;
}

static void *thread(void *arg)
{
	int kind = (intptr_t)arg >> 8;
	unsigned int seed = (uintptr_t)arg;
	long n;

	for (n = 0; !stop && (!max_ops || n < max_ops); n++) {
		one_op(kind, &seed);
		if (now() > deadline)
			stop = 1;
	}
	return NULL;
}

int main(int argc, char **argv)
{
	const char *counters[] = { "thp_split_page", "thp_split_page_failed",
		"thp_collapse_alloc", "thp_scan_nocollapse_hint", "pswpout", "pswpin",
		"compact_isolated", "thp_file_alloc" };
	long before[8];
	pthread_rwlockattr_t rwattr;
	pthread_t tid[16];
	int opt, i, k, n = 0;
	double seconds = 30;
	size_t p;

	size = 32 << 20;
	while ((opt = getopt(argc, argv, "s:t:n:px:")) != -1) {
		switch (opt) {
		case 'p': punch_mode &= ~FALLOC_FL_SPLIT_HPAGE; break;
		case 'x':
			for (k = 0; k < NR_KINDS; k++)
				if (!strcmp(optarg, kind_thread[k]))
					kind_threads[k] = 0;
			break;
		case 's': size = strtoul(optarg, NULL, 0) << 20; break;
		case 't': seconds = atof(optarg); break;
		case 'n': max_ops = atol(optarg); break;
		default:
			fprintf(stderr, "usage: shmem-stress [-s MiB] [-t seconds] [-n ops per thread] [-p]\n"
				"                    [-x puncher|writer|reader|collapser|pager|compactor|truncator|sparse]...\n");
			return 2;
		}
	}
	setvbuf(stdout, NULL, _IOLBF, 0);	/* progress shows while it runs */
	nr_pages = size / PAGE;
	gen = calloc(nr_pages, sizeof(*gen));
	page_lock = calloc(nr_pages, sizeof(*page_lock));
	if (!gen || !page_lock)
		return 1;
	for (p = 0; p < nr_pages; p++)
		pthread_mutex_init(&page_lock[p], NULL);
	/* glibc prefers readers by default: the truncator would starve */
	pthread_rwlockattr_init(&rwattr);
	pthread_rwlockattr_setkind_np(&rwattr, PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP);
	pthread_rwlock_init(&file_lock, &rwattr);

	write_file(THP "shmem_enabled", "advise");
	write_file(THP "khugepaged/scan_sleep_millisecs", "0");
	write_file(THP "khugepaged/alloc_sleep_millisecs", "0");
	write_file(THP "khugepaged/pages_to_scan", "4096");

	fd = memfd_create("shmem-stress", 0);
	if (fd < 0 || ftruncate(fd, size)) {
		perror("shmem-stress: memfd");
		return 1;
	}
	map = mmap(NULL, size + HUGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	map = (char *)(((uintptr_t)map + HUGE - 1) & ~(HUGE - 1));
	if (mmap(map, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED, fd, 0) == MAP_FAILED ||
	    madvise(map, size, MADV_HUGEPAGE)) {
		perror("shmem-stress: mmap");
		return 1;
	}
	for (p = 0; p < nr_pages; p++)
		fill(p, 1);
	if (fallocate(fd, punch_mode, 0, PAGE) && (errno == EOPNOTSUPP || errno == EINVAL)) {
		printf("# SKIP: no FALLOC_FL_SPLIT_HPAGE (%s)\n", strerror(errno));
		return 4;
	}
	gen[0] = 0;
	printf("# %zu MiB memfd, %.0f s%s, punches %s the flag, threads:", size >> 20, seconds,
	       max_ops ? " or the operation limit" : "",
	       punch_mode & FALLOC_FL_SPLIT_HPAGE ? "with" : "without");
	for (k = 0; k < NR_KINDS; k++)
		printf(" %s %d,", kind_thread[k], kind_threads[k]);
	printf(" khugepaged at full speed\n");
	for (i = 0; i < 8; i++)
		before[i] = vmstat(counters[i]);

	deadline = now() + seconds;
	for (k = 0; k < NR_KINDS; k++)
		for (i = 0; i < kind_threads[k]; i++, n++)
			pthread_create(&tid[n], NULL, thread, (void *)(intptr_t)(k << 8 | (n + 1)));
	/* Progress every 10 s: a kind whose count stands still is stuck */
	while (!stop) {
		sleep(10);
		printf("# %.0f s:", seconds - (deadline - now()));
		for (k = 0; k < NR_KINDS; k++)
			printf(" %s %ld", kind_name[k], (long)ops[k]);
		printf("\n");
	}
	while (n--)
		pthread_join(tid[n], NULL);
	write_file(THP "khugepaged/scan_sleep_millisecs", "10000");

	for (p = 0; p < nr_pages; p++)
		verify(p, "final check");
	printf("# operations:");
	for (k = 0; k < NR_KINDS; k++)
		printf(" %s %ld,", kind_name[k], (long)ops[k]);
	printf(" punches that found a pinned huge page (EBUSY) %ld, MADV_COLLAPSE succeeded %ld\n",
	       (long)split_busy, (long)collapse_ok);
	printf("# kernel counters meanwhile:");
	for (i = 0; i < 8; i++)
		printf(" %s +%ld%s", counters[i], vmstat(counters[i]) - before[i], i < 7 ? "," : "\n");
	printf("# mismatches 0: every page held its data or read zero where punched/truncated\n");
	return 0;
}
