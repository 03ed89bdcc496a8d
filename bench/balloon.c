// SPDX-License-Identifier: GPL-2.0
/*
 * balloon: play a guest memory balloon on a memfd, the way QEMU gives guest
 * RAM back, and measure what the host really gets back and keeps.
 *
 *   fill     N MiB of memfd, MAP_SHARED, MADV_HUGEPAGE, every page written
 *   punch    punch a fraction of the pages, 4 KiB at a time, in the chosen
 *            order: fallocate(PUNCH_HOLE | KEEP_SIZE [| SPLIT_HPAGE]) and
 *            madvise(MADV_DONTNEED), as ram_block_discard_range() does
 *   scan     khugepaged's cost per full scan, collapsing nothing (scan_cost())
 *   settle   let khugepaged (sped up) run at least two full scans
 *   deflate  write every punched page again, let khugepaged settle again
 *
 * One line of results per run, "key=value" pairs, for bench/table.py; with
 * -T, a time series of the file's memory ("trace PHASE T_MS KIB") for the plot.
 * Modes: plain (punch), split (punch with FALLOC_FL_SPLIT_HPAGE), small
 * (the same punches on a memfd that never had huge pages: the floor).
 *
 * With -R ROUNDS, the two costs the series must not raise by more than 5 %
 * instead: ROUNDS rounds, each a plain and a split balloon on a fresh memfd
 * (fill, punch, 100 khugepaged scans that collapse nothing), in ABBA order so
 * that neither mode always runs first (-m both), or ROUNDS balloons of one
 * mode (-m plain on a kernel without the flag).  One "cost" line per
 * balloon, with what else ran during its punches (khugepaged's CPU time,
 * the splits); the table compares the medians, since single runs under TCG
 * vary by more than the 5 % being judged.
 *
 * Every run also reports the splits its punches made (PMD-sized ones, and
 * the mTHP "split" counters of all orders, one per split, counted at the
 * order split) and, except in -R, right after the punches, the memory the
 * file still holds in the 2 MiB ranges they touched by the order of the
 * folio that holds it (/proc/self/pagemap and /proc/kpageflags): how much
 * TLB reach a punch costs the guest.  -P profiles the punches with
 * ftrace's function profiler (make balloon-profile).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#ifndef FALLOC_FL_SPLIT_HPAGE
#define FALLOC_FL_SPLIT_HPAGE	0x100
#endif
#define PUNCH		(FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE)
#define THP_SYSFS	"/sys/kernel/mm/transparent_hugepage/"
#define KHUGEPAGED	THP_SYSFS "khugepaged/"

static size_t page_size = 4096, huge_size = 2 << 20;
static int trace, small;
static struct timespec t0;

static void die(const char *what)
{
	fprintf(stderr, "balloon: %s: %s\n", what, strerror(errno));
	exit(1);
}

static double now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (t.tv_sec - t0.tv_sec) * 1e3 + (t.tv_nsec - t0.tv_nsec) / 1e6;
}

static void write_str(const char *path, const char *val)
{
	int fd = open(path, O_WRONLY);

	if (fd < 0 || write(fd, val, strlen(val)) < 0)
		die(path);
	close(fd);
}

static long read_num(const char *path)
{
	char buf[64] = "";
	int fd = open(path, O_RDONLY);

	if (fd < 0 || read(fd, buf, sizeof(buf) - 1) < 0)
		die(path);
	close(fd);
	return atol(buf);
}

/* Field @field of a "name<sep> value" file (/proc/meminfo, /proc/vmstat), or -1. */
static long proc_field(const char *path, const char *field, char sep)
{
	char line[256];
	size_t len = strlen(field);
	long val = -1;
	FILE *f = fopen(path, "r");

	if (!f)
		die(path);
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, field, len) && line[len] == sep)
			val = atol(line + len + 1);
	fclose(f);
	return val;
}

/* A /proc/meminfo field in kB. */
static long meminfo(const char *field)
{
	return proc_field("/proc/meminfo", field, ':');
}

/* Memory the file holds, in KiB (st_blocks is exact; meminfo lags). */
static long file_kib(int fd)
{
	struct stat st;

	if (fstat(fd, &st))
		die("fstat");
	return st.st_blocks / 2;
}

/*
 * Bytes held by the objects of slab cache @name (active_objs * objsize in
 * /proc/slabinfo), or -1 if the kernel has no slabinfo.  The hint's maple
 * tree nodes come from "maple_node"; the benchmark kernel boots with
 * slab_nomerge so that no other cache shares it, and with
 * slab_debug=F,maple_node: a cache with debugging has no per-CPU sheaves
 * (7.3) or per-CPU slabs holding free objects that slabinfo counts as
 * active, so that the count is exact.  Wait for the RCU frees of replaced
 * nodes and shrink the cache first.
 */
static long slab_bytes(const char *name)
{
	char line[512], cache[64], shrink[128];
	long active, total, size, bytes = -1;
	FILE *f;
	int fd;

	/*
	 * kfree_rcu() batches for up to 5 s: have its shrinker drain the
	 * batches now (drop_caches 2 shrinks slab), then wait for them.
	 */
	write_str("/proc/sys/vm/drop_caches", "2");
	sleep(2);
	snprintf(shrink, sizeof(shrink), "/sys/kernel/slab/%s/shrink", name);
	fd = open(shrink, O_WRONLY);
	if (fd >= 0) {
		if (write(fd, "1", 1) < 0)
			die(shrink);
		close(fd);
	}
	f = fopen("/proc/slabinfo", "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "%63s %ld %ld %ld", cache, &active, &total, &size) == 4 &&
		    !strcmp(cache, name))
			bytes = active * size;
	fclose(f);
	return bytes;
}

/* Guest RAM: a memfd of @size_mib, mapped at a 2 MiB boundary, every page written. */
struct balloon {
	int fd;
	char *p;
	size_t nr_pages;
};

/* The sum of a counter over every mTHP size: .../hugepages-*kB/stats/NAME. */
static long mthp_stat(const char *name)
{
	char path[160];
	long sum = 0;
	int kb;

	for (kb = 8; kb <= 2048; kb *= 2) {
		int fd;
		char buf[32] = "";

		snprintf(path, sizeof(path), THP_SYSFS "hugepages-%dkB/stats/%s", kb, name);
		fd = open(path, O_RDONLY);
		if (fd < 0)
			continue;
		if (read(fd, buf, sizeof(buf) - 1) > 0)
			sum += atol(buf);
		close(fd);
	}
	return sum;
}

static int khugepaged_pid;

/* khugepaged's CPU time so far in ms (utime + stime), or -1 if not found. */
static double khugepaged_cpu_ms(void)
{
	char path[64], buf[512], *p;
	unsigned long utime, stime;
	int fd, n;

	if (!khugepaged_pid) {
		for (n = 2; n < 1000 && !khugepaged_pid; n++) {
			snprintf(path, sizeof(path), "/proc/%d/comm", n);
			fd = open(path, O_RDONLY);
			if (fd < 0)
				continue;
			buf[0] = 0;
			if (read(fd, buf, sizeof(buf) - 1) > 0 && !strncmp(buf, "khugepaged\n", 11))
				khugepaged_pid = n;
			close(fd);
		}
		if (!khugepaged_pid)
			return -1;
	}
	snprintf(path, sizeof(path), "/proc/%d/stat", khugepaged_pid);
	fd = open(path, O_RDONLY);
	n = fd < 0 ? -1 : read(fd, buf, sizeof(buf) - 1);
	if (fd >= 0)
		close(fd);
	if (n <= 0)
		return -1;
	buf[n] = 0;
	/* Fields 14 and 15, counted after the ")" that ends the command */
	p = strrchr(buf, ')');
	if (!p || sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu",
			 &utime, &stime) != 2)
		return -1;
	return (utime + stime) * 1000.0 / sysconf(_SC_CLK_TCK);
}

#define KPF_COMPOUND_HEAD	15
#define KPF_COMPOUND_TAIL	16
#define MAX_ORDER_SEEN		9

static uint64_t kpageflags(int fd, uint64_t pfn)
{
	uint64_t flags = 0;

	if (pread(fd, &flags, sizeof(flags), pfn * sizeof(flags)) != sizeof(flags))
		die("/proc/kpageflags");
	return flags;
}

/* Pages in the folio of @pfn, a tail or a head page: find the head, count its tails. */
static size_t folio_pages(int fd, uint64_t pfn)
{
	uint64_t head = pfn, n = 1;

	while (head && !(kpageflags(fd, head) & (1ULL << KPF_COMPOUND_HEAD)))
		head--;
	while (n < (1u << MAX_ORDER_SEEN) &&
	       kpageflags(fd, head + n) & (1ULL << KPF_COMPOUND_TAIL))
		n++;
	return n;
}

/*
 * The memory @b still holds in the 2 MiB ranges that @punched (sorted
 * page numbers) touched, by the order of its folios: @pages_by_order[k] is
 * the number of pages held in folios of order k.  A split unmaps the pages
 * of a shmem folio, so the kept pages are read through a second, temporary
 * mapping (a read fault maps the page the file holds; punched pages are
 * not touched, so that nothing is allocated) and found in its pagemap.
 */
static void folio_orders(struct balloon *b, const size_t *punched, size_t nr_punch,
			 long *pages_by_order)
{
	size_t per_range = huge_size / page_size, i = 0, size = b->nr_pages * page_size;
	int pm = open("/proc/self/pagemap", O_RDONLY);
	int kf = open("/proc/kpageflags", O_RDONLY);
	volatile char *view = mmap(NULL, size, PROT_READ, MAP_SHARED, b->fd, 0);
	uint64_t ent[512];

	memset(pages_by_order, 0, (MAX_ORDER_SEEN + 1) * sizeof(*pages_by_order));
	if (pm < 0 || kf < 0 || view == MAP_FAILED) {
		pages_by_order[0] = -1;		/* not measured */
		goto out;
	}
	while (i < nr_punch) {
		size_t range = punched[i] / per_range, first = range * per_range, pg, j = i;
		off_t at = ((uintptr_t)view / page_size + first) * sizeof(ent[0]);

		for (pg = first; pg < first + per_range; pg++) {
			if (j < nr_punch && punched[j] == pg)
				j++;
			else
				(void)view[pg * page_size];
		}
		if (pread(pm, ent, sizeof(ent), at) != sizeof(ent))
			die("/proc/self/pagemap");
		for (pg = 0; pg < per_range; ) {
			uint64_t pfn = ent[pg] & ((1ULL << 55) - 1);
			size_t n = 1;
			int order = 0;

			if (!(ent[pg] >> 63)) {		/* punched */
				pg++;
				continue;
			}
			if (kpageflags(kf, pfn) &
			    (1ULL << KPF_COMPOUND_HEAD | 1ULL << KPF_COMPOUND_TAIL))
				n = folio_pages(kf, pfn);
			while ((1u << order) < n)
				order++;
			pages_by_order[order] += n;
			/* Skip the rest of this folio: it is naturally aligned */
			pg = (pg & ~(n - 1)) + n;
		}
		i = j;
	}
out:
	if (view != MAP_FAILED)
		munmap((void *)view, size);
	if (pm >= 0)
		close(pm);
	if (kf >= 0)
		close(kf);
}

/* A field of /proc/vmstat, or -1. */
static long vmstat(const char *field)
{
	return proc_field("/proc/vmstat", field, ' ');
}
/*
 * -P: where the time of the punches goes, by ftrace's function profiler
 * (a kernel with CONFIG_FUNCTION_PROFILER and the function graph tracer,
 * host/balloon-profile.sh): the functions of the punch and of the
 * madvise() after it, their calls and their time including what they
 * call ("graph-time"), summed over the CPUs.
 */
#define TRACEFS		"/sys/kernel/tracing/"
static const char *const profiled[] = {
	"shmem_fallocate", "shmem_undo_range", "shmem_split_*", "shmem_punch_*",
	"shmem_get_partial_folio", "shmem_nocollapse_*", "shmem_free_swap",
	"truncate_inode_partial_folio", "truncate_inode_folio", "truncate_cleanup_folio",
	"folio_split", "__folio_split", "__split_unmapped_folio", "__split_folio_to_order",
	"try_folio_split_to_order", "split_huge_page_to_list_to_order",
	"unmap_mapping_range", "unmap_mapping_pages", "unmap_mapping_folio",
	"try_to_unmap", "remap_page", "folio_zero_range", "folio_zero_user",
	"find_lock_entries", "find_get_entries", "filemap_get_entry",
	"filemap_remove_folio", "delete_from_page_cache_batch", "__folio_batch_release",
	"folios_put_refs", "free_unref_folios", "xas_split_alloc", "xas_try_split",
	"xa_get_order", "do_madvise", "madvise_dontneed_free", "zap_page_range_single*",
	"unmap_page_range", "lru_add_drain", "inode_lock*", "file_modified",
	"fsnotify*", "vfs_fallocate",
};

static void profile(int on)
{
	size_t i;
	int fd;

	if (on) {
		if (access(TRACEFS "function_profile_enabled", F_OK) &&
		    mount("tracefs", TRACEFS, "tracefs", 0, NULL))
			die("mount tracefs");
		/* O_TRUNC clears the filter; a name this kernel lacks fails alone */
		fd = open(TRACEFS "set_ftrace_filter", O_WRONLY | O_TRUNC);
		if (fd < 0)
			die(TRACEFS "set_ftrace_filter");
		for (i = 0; i < sizeof(profiled) / sizeof(profiled[0]); i++) {
			char name[64];
			ssize_t ret;

			/* The space ends the name: the parser joins unended writes */
			snprintf(name, sizeof(name), "%s ", profiled[i]);
			ret = write(fd, name, strlen(name));
			(void)ret;
		}
		close(fd);
		write_str(TRACEFS "function_profile_enabled", "0");
	}
	write_str(TRACEFS "function_profile_enabled", on ? "1" : "0");
}

/* Print the profile as "profile FUNCTION CALLS TOTAL_US" lines, CPUs summed. */
static void print_profile(void)
{
	static struct { char fn[96]; unsigned long hits; double us; } agg[1024];
	int n = 0, cpu, i;

	for (cpu = 0; cpu < 64; cpu++) {
		char path[96], line[256], fn[96], unit[8];
		unsigned long hits;
		double t;
		FILE *f;

		snprintf(path, sizeof(path), TRACEFS "trace_stat/function%d", cpu);
		f = fopen(path, "r");
		if (!f)
			break;
		while (fgets(line, sizeof(line), f)) {
			if (sscanf(line, " %95s %lu %lf %7s", fn, &hits, &t, unit) != 4 ||
			    strcmp(unit, "us"))
				continue;
			for (i = 0; i < n && strcmp(agg[i].fn, fn); i++)
				;
			if (i == n) {
				if (n == 1024)
					continue;
				snprintf(agg[n].fn, sizeof(agg[n].fn), "%s", fn);
				agg[n].hits = 0;
				agg[n++].us = 0;
			}
			agg[i].hits += hits;
			agg[i].us += t;
		}
		fclose(f);
	}
	for (i = 0; i < n; i++)
		printf("profile %s %lu %.0f\n", agg[i].fn, agg[i].hits, agg[i].us);
}

/* A point of the plot: @phase, ms since start, the file's KiB (0 before it exists) */
static void sample(int fd, const char *phase)
{
	if (trace)
		printf("trace %s %.0f %ld\n", phase, now_ms(), fd < 0 ? 0 : file_kib(fd));
}

#define SETTLE_MIN_MS	2000

/*
 * Wait until khugepaged has finished @scans more full scans, sampling, and
 * for SETTLE_MIN_MS at least; return the milliseconds per full scan.  With
 * no MADV_HUGEPAGE (mode small) khugepaged has nothing to scan and its
 * counter stands still: wait a fixed 2 s instead.
 */
static double settle(int fd, int scans, int timeout_s, const char *phase)
{
	long target = read_num(KHUGEPAGED "full_scans") + scans;
	double start = now_ms(), scan_ms;

	if (small) {
		while (now_ms() - start < 2000) {
			sample(fd, phase);
			usleep(50000);
		}
		return 0;
	}

	while (read_num(KHUGEPAGED "full_scans") < target) {
		if (now_ms() - start > timeout_s * 1e3) {
			fprintf(stderr, "balloon: khugepaged did not finish %d scans in %d s\n",
				scans, timeout_s);
			break;
		}
		sample(fd, phase);
		usleep(50000);
	}
	scan_ms = (now_ms() - start) / scans;
	/* Then keep sampling up to SETTLE_MIN_MS, so that the plot shows the phase */
	while (now_ms() - start < SETTLE_MIN_MS) {
		sample(fd, phase);
		usleep(50000);
	}
	sample(fd, phase);
	return scan_ms;
}

/*
 * khugepaged's own cost per full scan of the ballooned file, in a state
 * where it collapses nothing, with no sleep between scans, so that the time
 * is the scanning: milliseconds per full scan over @scans scans, with
 * max_ptes_none at @none.  With the flag's hints, the default 511: every
 * range is walked, found to have holes, and left alone for its hint (the
 * scan khugepaged really makes over a ballooned file).  Without hints,
 * one less than the fewest holes of a punched range: every range is walked
 * the same way and left alone for its holes.  (max_ptes_none 0 for both,
 * as before, never reached the hint: the holes decided first.)
 */
static double scan_cost(int scans, long none)
{
	long old_none = read_num(KHUGEPAGED "max_ptes_none"), target;
	double start, deadline;
	char buf[32];

	snprintf(buf, sizeof(buf), "%ld", none);
	write_str(KHUGEPAGED "max_ptes_none", buf);
	write_str(KHUGEPAGED "scan_sleep_millisecs", "0");
	/* Start on a scan boundary */
	target = read_num(KHUGEPAGED "full_scans") + 1;
	while (read_num(KHUGEPAGED "full_scans") < target)
		usleep(1000);
	start = now_ms();
	target += scans;
	while (read_num(KHUGEPAGED "full_scans") < target)
		usleep(1000);
	start = (now_ms() - start) / scans;
	write_str(KHUGEPAGED "scan_sleep_millisecs", "600000");
	/*
	 * The pass that began at the last tick runs on: let it end (it covers
	 * the whole file, pages_to_scan) before max_ptes_none goes back, or it
	 * would collapse what it meets from then on.  If khugepaged was
	 * already asleep, no tick comes: give up after a few passes' time.
	 */
	target++;
	for (deadline = now_ms() + 5 * start + 200; now_ms() < deadline &&
	     read_num(KHUGEPAGED "full_scans") < target; )
		usleep(1000);
	snprintf(buf, sizeof(buf), "%ld", old_none);
	write_str(KHUGEPAGED "max_ptes_none", buf);
	return start;
}

static int cmp_size(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	return x < y ? -1 : x > y;
}

/* max_ptes_none for a scan without hints: the fewest holes of a range in @sorted, less one */
static long none_without_hints(const size_t *sorted, size_t nr_punch)
{
	size_t per_range = huge_size / page_size, i = 0;
	long fewest = per_range;

	while (i < nr_punch) {
		size_t range = sorted[i] / per_range, j = i;

		while (j < nr_punch && sorted[j] / per_range == range)
			j++;
		if ((long)(j - i) < fewest)
			fewest = j - i;
		i = j;
	}
	return fewest > 0 ? fewest - 1 : 0;
}

static void usage(void)
{
	fprintf(stderr,
		"usage: balloon [-s MiB] [-f percent] [-p random|sequential|ranges|sparse]\n"
		"               [-m plain|split|small] [-S scan_sleep_ms] [-T] [-P]\n"
		"       balloon [-s MiB] [-f percent] -R rounds [-m plain|split|both]\n");
	exit(2);
}

static struct balloon fill(size_t size_mib, int huge)
{
	size_t size = size_mib << 20, i;
	struct balloon b = { .nr_pages = size / page_size };
	char *p;

	b.fd = memfd_create("balloon", 0);
	if (b.fd < 0 || ftruncate(b.fd, size))
		die("memfd");
	p = mmap(NULL, size + huge_size, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		die("mmap");
	b.p = (char *)(((uintptr_t)p + huge_size - 1) & ~(huge_size - 1));
	if (mmap(b.p, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED, b.fd, 0) == MAP_FAILED)
		die("mmap memfd");
	if (huge && madvise(b.p, size, MADV_HUGEPAGE))
		die("madvise(MADV_HUGEPAGE)");
	for (i = 0; i < b.nr_pages; i++)
		b.p[i * page_size] = 1;
	return b;
}

static void drain(struct balloon *b)
{
	munmap(b->p, b->nr_pages * page_size);
	close(b->fd);
}

/*
 * Which pages go back, and in which order: @nr_punch is the number wanted,
 * and is updated for the sparse pattern, which takes one page in every
 * other 2 MiB range.
 */
static size_t *punch_order(const char *pattern, size_t nr_pages, size_t *nr_punch)
{
	size_t per_range = huge_size / page_size, i, *order;

	order = malloc(nr_pages * sizeof(*order));
	if (!order)
		die("malloc");
	srand(1);
	if (!strcmp(pattern, "ranges")) {		/* whole 2 MiB ranges */
		for (i = 0; i < *nr_punch; i++)
			order[i] = i;
	} else if (!strcmp(pattern, "sparse")) {	/* no two hints adjacent */
		*nr_punch = nr_pages / per_range / 2;
		for (i = 0; i < *nr_punch; i++)
			order[i] = 2 * i * per_range + rand() % per_range;
	} else {
		for (i = 0; i < *nr_punch; i++)	/* every 1/percent-th page */
			order[i] = i * nr_pages / *nr_punch;
		if (!strcmp(pattern, "random")) {
			for (i = *nr_punch - 1; i > 0; i--) {
				size_t j = rand() % (i + 1), t = order[i];

				order[i] = order[j];
				order[j] = t;
			}
		} else if (strcmp(pattern, "sequential")) {
			usage();
		}
	}
	return order;
}

/*
 * Inflate: give back the pages in @order as ram_block_discard_range() does.
 * Returns the mean time per page in microseconds.
 */
static double inflate(struct balloon *b, const size_t *order, size_t nr_punch, int fmode)
{
	double us = 0;
	size_t i;

	for (i = 0; i < nr_punch; i++) {
		off_t off = order[i] * page_size;
		double t = now_ms();

		if (fallocate(b->fd, fmode, off, page_size))
			die("fallocate");
		if (madvise(b->p + off, page_size, MADV_DONTNEED))
			die("madvise(MADV_DONTNEED)");
		us += (now_ms() - t) * 1e3;
		if (!(i % 4096))
			sample(b->fd, "punch");
	}
	return us / nr_punch;
}

/*
 * The speed targets, -R: @rounds rounds of a plain and a split balloon of
 * @size_mib (@modes "both", ABBA order), or @rounds balloons of one mode;
 * random 4 KiB punches of @percent of it, then khugepaged's scan cost over
 * the ballooned file.  A "cost" line per run, with the mode of the run
 * before it and what else the punches met: khugepaged's CPU time while
 * they ran, and the splits they made.
 */
static void cost_rounds(int rounds, size_t size_mib, size_t percent, const char *modes)
{
	static const int fmodes[2] = { PUNCH, PUNCH | FALLOC_FL_SPLIT_HPAGE };
	static const char * const names[2] = { "plain", "split" };
	size_t nr_pages = (size_mib << 20) / page_size;
	size_t nr_punch = nr_pages * percent / 100;
	size_t *order = punch_order("random", nr_pages, &nr_punch), *sorted;
	int both = !strcmp(modes, "both"), r, k, prev = !strcmp(modes, "split");
	long none;

	sorted = malloc(nr_punch * sizeof(*sorted));
	if (!sorted)
		die("malloc");
	memcpy(sorted, order, nr_punch * sizeof(*sorted));
	qsort(sorted, nr_punch, sizeof(*sorted), cmp_size);
	none = none_without_hints(sorted, nr_punch);
	free(sorted);

	/*
	 * A warm-up balloon, not reported: the first balloon of a boot is
	 * slower than the rest (57.8 against 51-53 us per punch, 7.3 plain).
	 */
	{
		struct balloon b = fill(size_mib, 1);

		inflate(&b, order, nr_punch, fmodes[!strcmp(modes, "split")]);
		drain(&b);
	}
	for (r = 0; r < rounds; r++) {
		for (k = 0; k < 1 + both; k++) {
			int split = both ? k ^ (r & 1) : !strcmp(modes, "split");
			struct balloon b = fill(size_mib, 1);
			long thp = meminfo("ShmemHugePages") / (huge_size >> 10);
			long splits = mthp_stat("split"), pmd = vmstat("thp_split_page");
			double kh = khugepaged_cpu_ms();
			double us = inflate(&b, order, nr_punch, fmodes[split]);
			double scan_ms;

			kh = kh < 0 ? -1 : khugepaged_cpu_ms() - kh;
			if (kh < 0)	/* no khugepaged thread found */
				kh = -1;
			splits = mthp_stat("split") - splits;
			pmd = vmstat("thp_split_page") - pmd;
			scan_ms = scan_cost(100, split ? 511 : none);
			printf("cost round=%d mode=%s after=%s size_mib=%zu thp_filled=%ld "
			       "punches=%zu punch_us=%.2f scan_only_ms=%.2f "
			       "khugepaged_punch_ms=%.0f splits=%ld pmd_splits=%ld\n", r,
			       names[split], names[prev], size_mib, thp,
			       nr_punch, us, scan_ms, kh, splits, pmd);
			fflush(stdout);
			drain(&b);
			prev = split;
		}
	}
	free(order);
}

int main(int argc, char **argv)
{
	size_t size_mib = 512, percent = 50, nr_punch, i;
	const char *pattern = "random", *mode = "plain";
	int scan_sleep_ms = 100, opt, fmode = PUNCH, rounds = 0, prof = 0;
	long filled_kib, punched_kib, after_kib, settled_kib, huge_filled;
	long huge_settled, huge_deflated, nr_ranges, slab_before, hint_bytes;
	long hinted_ranges = 0, last_range = -1, splits, pmd_splits, by_order[MAX_ORDER_SEEN + 1];
	double punch_us, scan_ms, scan_ms2, scan_only_ms = 0;
	struct balloon b;
	size_t *order;
	char buf[32], scan_sleep[32], orders[256] = "";

	while ((opt = getopt(argc, argv, "s:f:p:m:S:TR:P")) != -1) {
		switch (opt) {
		case 's': size_mib = atol(optarg); break;
		case 'f': percent = atol(optarg); break;
		case 'p': pattern = optarg; break;
		case 'm': mode = optarg; break;
		case 'S': scan_sleep_ms = atoi(optarg); break;
		case 'T': trace = 1; break;
		case 'R': rounds = atoi(optarg); break;
		case 'P': prof = 1; break;
		default: usage();
		}
	}
	if (strcmp(mode, "plain") && strcmp(mode, "split") && strcmp(mode, "small") &&
	    (rounds <= 0 || strcmp(mode, "both")))
		usage();
	if (!strcmp(mode, "split"))
		fmode |= FALLOC_FL_SPLIT_HPAGE;
	small = !strcmp(mode, "small");
	clock_gettime(CLOCK_MONOTONIC, &t0);
	nr_ranges = (size_mib << 20) / huge_size;
	nr_punch = (size_mib << 20) / page_size * percent / 100;

	/*
	 * memfd THP on MADV_HUGEPAGE.  khugepaged idles while the balloon
	 * fills and inflates, so that "freed at punch" is the punches' own
	 * doing, and runs at benchmark speed in the settle phases.
	 */
	write_str(THP_SYSFS "enabled", "madvise");	/* khugepaged runs */
	write_str(THP_SYSFS "shmem_enabled", "advise");
	write_str(KHUGEPAGED "scan_sleep_millisecs", "600000");
	snprintf(buf, sizeof(buf), "%zu", (size_mib << 20) / page_size);
	write_str(KHUGEPAGED "pages_to_scan", buf);
	snprintf(scan_sleep, sizeof(scan_sleep), "%d", scan_sleep_ms);
	write_str(KHUGEPAGED "alloc_sleep_millisecs", scan_sleep);
	if (rounds > 0) {
		if (small)
			usage();
		cost_rounds(rounds, size_mib, percent, mode);
		return 0;
	}

	sample(-1, "fill");
	b = fill(size_mib, !small);
	filled_kib = file_kib(b.fd);
	huge_filled = meminfo("ShmemHugePages") / (huge_size >> 10);
	sample(b.fd, "fill");
	order = punch_order(pattern, b.nr_pages, &nr_punch);

	slab_before = slab_bytes("maple_node");
	splits = mthp_stat("split");
	pmd_splits = vmstat("thp_split_page");
	sample(b.fd, "punch");
	if (prof)
		profile(1);
	punch_us = inflate(&b, order, nr_punch, fmode);
	if (prof) {
		profile(0);
		print_profile();
	}
	punched_kib = file_kib(b.fd);
	sample(b.fd, "punch");
	splits = mthp_stat("split") - splits;
	pmd_splits = vmstat("thp_split_page") - pmd_splits;
	hint_bytes = slab_bytes("maple_node") - slab_before;
	if (slab_before < 0)
		hint_bytes = -1;
	/* The 2 MiB ranges the punches touched: what the hint records */
	qsort(order, nr_punch, sizeof(*order), cmp_size);
	for (i = 0; i < nr_punch; i++) {
		long range = order[i] * page_size / huge_size;

		hinted_ranges += range != last_range;
		last_range = range;
	}
	folio_orders(&b, order, nr_punch, by_order);
	for (i = 0; i <= MAX_ORDER_SEEN; i++)
		if (by_order[i])
			snprintf(orders + strlen(orders), sizeof(orders) - strlen(orders),
				 "%s%zu:%ld", *orders ? "," : "", i, by_order[i]);

	sample(b.fd, "scan");
	if (!small)
		scan_only_ms = scan_cost(10, fmode & FALLOC_FL_SPLIT_HPAGE ? 511 :
					 none_without_hints(order, nr_punch));
	sample(b.fd, "scan");

	write_str(KHUGEPAGED "scan_sleep_millisecs", scan_sleep);
	scan_ms = settle(b.fd, 2, 600, "settle");
	settled_kib = file_kib(b.fd);
	huge_settled = meminfo("ShmemHugePages") / (huge_size >> 10);

	sample(b.fd, "deflate");
	for (i = 0; i < nr_punch; i++)
		b.p[order[i] * page_size] = 2;
	sample(b.fd, "deflate");
	scan_ms2 = settle(b.fd, 2, 600, "deflate");
	huge_deflated = meminfo("ShmemHugePages") / (huge_size >> 10);
	after_kib = file_kib(b.fd);

	printf("result mode=%s pattern=%s size_mib=%zu percent=%zu punches=%zu "
	       "filled_kib=%ld thp_filled=%ld freed_now_kib=%ld freed_settled_kib=%ld "
	       "thp_settled=%ld punch_us=%.2f scan_ms=%.1f thp_deflated=%ld "
	       "ranges=%ld deflated_kib=%ld scan_ms_deflated=%.1f "
	       "touched_ranges=%ld hint_bytes=%ld scan_only_ms=%.2f splits=%ld "
	       "pmd_splits=%ld orders=%s\n",
	       mode, pattern, size_mib, percent, nr_punch, filled_kib, huge_filled,
	       filled_kib - punched_kib, filled_kib - settled_kib, huge_settled,
	       punch_us, scan_ms, huge_deflated, nr_ranges, after_kib,
	       scan_ms2, hinted_ranges, hint_bytes, scan_only_ms, splits,
	       pmd_splits, *orders ? orders : "none");
	return 0;
}
