// SPDX-License-Identifier: GPL-2.0
/*
 * shmem-mix: issue 17's finding 10, as the issue describes the workload.
 * One thread, one 16 MiB file on a huge=always tmpfs, kept mapped, and a
 * random mix of reads, writes, mapped reads and writes, truncations,
 * fallocate() and FALLOC_FL_SPLIT_HPAGE punches of random ranges, with
 * khugepaged scanning.  Nothing pins a page, and no other thread faults:
 * the flag waits two ticks for a reference that is not a pin to go, so an
 * EBUSY here can only come from a transient reference (khugepaged's,
 * compaction's) held past that wait, which the punch documents as "the
 * punch can be repeated".  Every page read is checked against what it must
 * hold.
 *
 * Prints TAP: one result for the data, one for EBUSY: every EBUSY must go
 * away when the punch is repeated (up to RETRIES times, RETRY_MS apart),
 * and at most one flagged punch in MAX_EBUSY_PER fails at first: the
 * khugepaged lock waiter that the series' patch 8 removed failed one in
 * three.  On an EBUSY, where khugepaged is (its state and kernel stack)
 * and the compaction and collapse counters since the previous punch are
 * printed, as evidence of whose reference it was.
 * Usage: shmem-mix [-t seconds] [-s MiB] [-k sleep_ms] [-F] [-S]
 *   -F: at each EBUSY, the last calls of khugepaged and of the punch
 *       (ftrace's function tracer: a kernel built with configs/profile.config)
 *   -S: at each EBUSY, a backtrace of every CPU on the console (sysrq 'l',
 *       an NMI: where a running khugepaged is, at no cost until then; the
 *       console then holds "Call Trace:", which the harness counts as a
 *       splat, so this is for runs by hand only)
 *   -k: khugepaged's scan_sleep_millisecs for the run (default 0, with
 *       pages_to_scan 4096: full speed); -k default leaves both as they are.
 * Exit status: 0 pass, 1 fail, 4 the kernel lacks FALLOC_FL_SPLIT_HPAGE.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <linux/falloc.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>

#ifndef FALLOC_FL_SPLIT_HPAGE
#define FALLOC_FL_SPLIT_HPAGE	0x100
#endif
#define PUNCH_SPLIT	(FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE | FALLOC_FL_SPLIT_HPAGE)
#define PAGE		4096UL
#define KHP		"/sys/kernel/mm/transparent_hugepage/khugepaged/"
#define RETRIES		3
#define RETRY_MS	20
#define MAX_EBUSY_PER	100

static size_t nr_pages, size;
static uint32_t *gen;		/* per page: 0 reads zero, else its generation */
static char *map;
static int fd;
static unsigned long mismatches;
static unsigned long ebusy, persistent, other;	/* flagged punches' errors */
static bool ftrace;		/* -F: khugepaged's and our calls before an EBUSY */
static bool sysrq;		/* -S: every CPU's backtrace at an EBUSY */

static uint64_t word(size_t page, uint32_t g)
{
	return (uint64_t)g << 32 | page;
}

static void fill(char *buf, size_t page, uint32_t g)
{
	uint64_t w = word(page, g);
	size_t i;

	for (i = 0; i < PAGE; i += sizeof(w))
		memcpy(buf + i, &w, sizeof(w));
}

static void check(const char *how, const char *buf, size_t page)
{
	uint64_t w = gen[page] ? word(page, gen[page]) : 0, got;
	size_t i;

	for (i = 0; i < PAGE; i += sizeof(w)) {
		memcpy(&got, buf + i, sizeof(got));
		if (got != w) {
			if (!mismatches++)
				printf("# MISMATCH (%s) page %zu byte %zu: %#llx, want %#llx\n",
				       how, page, i, (unsigned long long)got,
				       (unsigned long long)w);
			return;
		}
	}
}

/*
 * The /proc/vmstat counters the run reports: what may hold a transient
 * reference on a folio the punch splits (printed at each EBUSY), and the
 * splits of the run.
 */
enum { COLLAPSES = 2, SPLITS = 4 };	/* indices into counter_names[] */
static const char *const counter_names[] = {
	"compact_isolated", "compact_migrate_scanned", "thp_collapse_alloc",
	"pgmigrate_success", "thp_split_page",
};
#define NR_COUNTERS	(sizeof(counter_names) / sizeof(counter_names[0]))

/* All of counter_names[] in one read of /proc/vmstat: it runs every punch */
static void counters(unsigned long *values)
{
	FILE *f = fopen("/proc/vmstat", "r");
	unsigned long v;
	char key[64];
	size_t i;

	memset(values, 0, NR_COUNTERS * sizeof(*values));
	while (f && fscanf(f, "%63s %lu", key, &v) == 2)
		for (i = 0; i < NR_COUNTERS; i++)
			if (!strcmp(key, counter_names[i]))
				values[i] = v;
	if (f)
		fclose(f);
}

/* khugepaged's pid, found once by its name; 0 if it is not running */
static int khugepaged_pid(void)
{
	static int pid = -1;
	char path[64], comm[32];
	int n, f;

	for (n = 2; pid < 0 && n < 1000; n++) {
		snprintf(path, sizeof(path), "/proc/%d/comm", n);
		f = open(path, O_RDONLY);
		if (f < 0)
			continue;
		if (read(f, comm, sizeof(comm)) >= 11 && !strncmp(comm, "khugepaged\n", 11))
			pid = n;
		close(f);
	}
	if (pid < 0)
		pid = 0;
	return pid;
}

/*
 * Where khugepaged is at this moment, as one line: its state and its
 * kernel stack (/proc/PID/stack, CONFIG_STACKTRACE), innermost first.
 * Read right after an EBUSY, while the punch's wait has just ended: if
 * khugepaged holds the reference, this is where.
 */
static void print_khugepaged(void)
{
	char path[64], buf[2048], *p, *fn;
	int pid = khugepaged_pid(), f;
	ssize_t n;

	if (!pid)
		return;
	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	f = open(path, O_RDONLY);
	n = f < 0 ? -1 : read(f, buf, sizeof(buf) - 1);
	if (f >= 0)
		close(f);
	p = n > 0 ? (buf[n] = 0, strrchr(buf, ')')) : NULL;
	printf("# khugepaged: state %c, stack:", p && p[1] ? p[2] : '?');
	snprintf(path, sizeof(path), "/proc/%d/stack", pid);
	f = open(path, O_RDONLY);
	n = f < 0 ? -1 : read(f, buf, sizeof(buf) - 1);
	if (f >= 0)
		close(f);
	if (n <= 0) {
		printf(" (unreadable)\n");
		return;
	}
	buf[n] = 0;
	/* Lines "[<0>] function+0x12/0x34": keep the function names */
	for (p = strtok(buf, "\n"); p; p = strtok(NULL, "\n")) {
		fn = strchr(p, ' ');
		if (fn)
			printf(" %.*s", (int)strcspn(fn + 1, "+"), fn + 1);
	}
	printf("\n");
}

/*
 * -F (a kernel with the function tracer, configs/profile.config): trace the
 * calls of khugepaged and of this program into functions that take or
 * drop a folio, collapse or split, and at each EBUSY print the last of
 * them: a running khugepaged has no stack to read in /proc.
 */
#define TRACEFS		"/sys/kernel/tracing/"
static const char *const traced[] = {
	"*collapse*", "khugepaged_*", "retract_page_tables", "find_pmd_or_thp_or_none",
	"__filemap_get_folio", "filemap_get_entry", "filemap_map_pages", "__folio_lock",
	"folio_unlock", "__folio_put", "folios_put_refs", "folio_putback_lru",
	"folio_add_lru", "lru_add_drain*", "folio_isolate_lru", "*split*",
	"shmem_undo_range", "shmem_fallocate", "schedule_timeout*", "set_pmd_migration_entry",
	"try_to_unmap*", "do_set_pmd", "mlock_*",
};

static bool trace_write(const char *file, const char *val, int flags)
{
	char path[128];
	int f, ok;

	snprintf(path, sizeof(path), TRACEFS "%s", file);
	f = open(path, O_WRONLY | flags);
	if (f < 0)
		return false;
	ok = write(f, val, strlen(val)) == (ssize_t)strlen(val);
	close(f);
	return ok;
}

static bool ftrace_setup(void)
{
	char pids[32], name[64];
	size_t i;
	int f;

	if (access(TRACEFS "trace", F_OK) && mount("tracefs", TRACEFS, "tracefs", 0, NULL))
		return false;
	f = open(TRACEFS "set_ftrace_filter", O_WRONLY | O_TRUNC);
	if (f < 0)
		return false;
	for (i = 0; i < sizeof(traced) / sizeof(traced[0]); i++) {
		/* The space ends the name: the parser joins unended writes */
		snprintf(name, sizeof(name), "%s ", traced[i]);
		if (write(f, name, strlen(name)) < 0)
			continue;	/* not in this kernel */
	}
	close(f);
	snprintf(pids, sizeof(pids), "%d %d", khugepaged_pid(), getpid());
	return trace_write("set_ftrace_pid", pids, O_TRUNC) &&
	       trace_write("buffer_size_kb", "2048", 0) &&
	       trace_write("current_tracer", "function", 0) &&
	       trace_write("tracing_on", "1", 0);
}

/* Stop the tracer, print the last FTRACE_LINES calls, start it again empty. */
#define FTRACE_LINES	120
static void ftrace_dump(void)
{
	static char *lines[FTRACE_LINES];
	char line[256];
	size_t n = 0, i;
	FILE *f;

	trace_write("tracing_on", "0", 0);
	f = fopen(TRACEFS "trace", "r");
	while (f && fgets(line, sizeof(line), f)) {
		if (line[0] == '#')
			continue;
		free(lines[n % FTRACE_LINES]);
		lines[n++ % FTRACE_LINES] = strdup(line);
	}
	if (f)
		fclose(f);
	for (i = n > FTRACE_LINES ? n - FTRACE_LINES : 0; i < n; i++)
		printf("# ftrace: %s", lines[i % FTRACE_LINES]);
	trace_write("trace", "", O_TRUNC);
	trace_write("tracing_on", "1", 0);
}

/*
 * -S: have the kernel print every CPU's backtrace (sysrq 'l', sent as an
 * NMI, so a CPU running khugepaged answers with where it is), marked in
 * the console by the EBUSY's number.
 */
static void cpu_backtraces(void)
{
	int f = open("/proc/sysrq-trigger", O_WRONLY);

	printf("# EBUSY %lu: CPU backtraces on the console\n", ebusy);
	if (f < 0 || write(f, "l", 1) != 1)
		printf("# sysrq-trigger: %s (CONFIG_MAGIC_SYSRQ?)\n", strerror(errno));
	if (f >= 0)
		close(f);
}

/*
 * A flagged punch of the pages [p, end).  An EBUSY is counted, printed with
 * the counters since the previous punch (@before, updated), and the punch
 * repeated.
 */
static void flagged_punch(size_t p, size_t end, unsigned long *before)
{
	unsigned long now[NR_COUNTERS];
	size_t i;

	if (!fallocate(fd, PUNCH_SPLIT, p * PAGE, (end - p) * PAGE))
		goto out;
	if (errno != EBUSY) {
		if (!other++)
			printf("# punch at page %zu: %s\n", p, strerror(errno));
		goto out;
	}
	ebusy++;
	if (sysrq)
		cpu_backtraces();
	if (ftrace)
		ftrace_dump();
	print_khugepaged();
	counters(now);
	printf("# EBUSY at pages %zu-%zu; since the previous punch:", p, end - 1);
	for (i = 0; i < NR_COUNTERS; i++)
		printf(" %s +%lu", counter_names[i], now[i] - before[i]);
	for (i = 0; i < RETRIES; i++) {
		usleep(RETRY_MS * 1000);
		if (!fallocate(fd, PUNCH_SPLIT, p * PAGE, (end - p) * PAGE))
			break;
	}
	printf("; the punch repeated %s\n",
	       i < RETRIES ? "succeeded" : "failed every time");
	if (i == RETRIES)
		persistent++;
out:
	counters(before);
}

static bool knob(const char *name, const char *value, char *old, size_t len)
{
	char path[128];
	int f;
	ssize_t n;

	snprintf(path, sizeof(path), KHP "%s", name);
	f = open(path, O_RDWR);
	if (f < 0)
		return false;
	if (old) {
		n = read(f, old, len - 1);
		old[n > 0 ? n : 0] = '\0';
	}
	n = pwrite(f, value, strlen(value), 0);
	close(f);
	return n == (ssize_t)strlen(value);
}

int main(int argc, char **argv)
{
	unsigned long ops[7] = { 0 }, flagged = 0;
	unsigned long start[NR_COUNTERS], before[NR_COUNTERS];
	unsigned long collapses, splits;
	char dir[] = "/tmp/shmem-mix.XXXXXX", path[64], buf[PAGE];
	char old_sleep[32] = "", old_scan[32] = "";
	const char *sleep_ms = "0";
	double seconds = 60;
	struct timespec t0, t;
	unsigned int seed = 1;
	size_t p, i;
	bool bad;
	int opt;

	size = 16 << 20;
	while ((opt = getopt(argc, argv, "t:s:k:FS")) != -1) {
		switch (opt) {
		case 'F': ftrace = true; break;
		case 'S': sysrq = true; break;
		case 't': seconds = atof(optarg); break;
		case 's': size = strtoul(optarg, NULL, 0) << 20; break;
		case 'k': sleep_ms = optarg; break;
		default:
			fprintf(stderr, "usage: shmem-mix [-t seconds] [-s MiB] [-k sleep_ms|default] [-F] [-S]\n");
			return 2;
		}
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	nr_pages = size / PAGE;
	gen = calloc(nr_pages, sizeof(*gen));
	if (!gen || !mkdtemp(dir) || mount("tmpfs", dir, "tmpfs", 0, "huge=always")) {
		perror("setup (tmpfs huge=always)");
		return 1;
	}
	snprintf(path, sizeof(path), "%s/file", dir);
	fd = open(path, O_RDWR | O_CREAT, 0600);
	if (fd < 0 || ftruncate(fd, size))
		return perror("file"), 1;
	map = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (map == MAP_FAILED)
		return perror("mmap"), 1;
	if (fallocate(fd, PUNCH_SPLIT, 0, PAGE)) {
		printf("1..0 # SKIP no FALLOC_FL_SPLIT_HPAGE (%s)\n", strerror(errno));
		return 4;
	}
	/*
	 * Before khugepaged runs at full speed: under TCG, patching the entry
	 * of a function that another vCPU is running crashed 6.12 with an
	 * int3 Oops (khugepaged in hpage_collapse_scan_file()) in 7 boots of 10.
	 */
	if (ftrace && !ftrace_setup()) {
		printf("# -F: no function tracer in this kernel, going on without\n");
		ftrace = false;
	}
	if (strcmp(sleep_ms, "default") &&
	    (!knob("scan_sleep_millisecs", sleep_ms, old_sleep, sizeof(old_sleep)) ||
	     !knob("pages_to_scan", "4096", old_scan, sizeof(old_scan))))
		return perror("khugepaged settings"), 1;

	printf("TAP version 13\n1..2\n");
	counters(start);
	memcpy(before, start, sizeof(before));
	clock_gettime(CLOCK_MONOTONIC, &t0);
	do {
		int op = rand_r(&seed) % 7;
		size_t n = 1 + rand_r(&seed) % 1024, end;

		p = rand_r(&seed) % nr_pages;
		end = p + n > nr_pages ? nr_pages : p + n;
		ops[op]++;
		switch (op) {
		case 0:		/* read */
			if (pread(fd, buf, PAGE, p * PAGE) != PAGE)
				return perror("pread"), 1;
			check("read", buf, p);
			break;
		case 1:		/* write */
			gen[p]++;
			fill(buf, p, gen[p]);
			if (pwrite(fd, buf, PAGE, p * PAGE) != PAGE)
				return perror("pwrite"), 1;
			break;
		case 2:		/* mapped read */
			check("mapped read", map + p * PAGE, p);
			break;
		case 3:		/* mapped write */
			gen[p]++;
			fill(map + p * PAGE, p, gen[p]);
			break;
		case 4:		/* shrink and grow back: the pages beyond read zero */
			if (ftruncate(fd, p * PAGE) || ftruncate(fd, size))
				return perror("ftruncate"), 1;
			for (i = p; i < nr_pages; i++)
				gen[i] = 0;
			break;
		case 5:		/* allocate: holes read zero, data stays */
			if (fallocate(fd, FALLOC_FL_KEEP_SIZE, p * PAGE, (end - p) * PAGE))
				return perror("fallocate"), 1;
			break;
		case 6:		/* flagged punch: reads zero whatever it returns */
			flagged++;
			flagged_punch(p, end, before);
			for (i = p; i < end; i++)
				gen[i] = 0;
			break;
		}
		clock_gettime(CLOCK_MONOTONIC, &t);
	} while (!mismatches &&
		 t.tv_sec - t0.tv_sec + (t.tv_nsec - t0.tv_nsec) / 1e9 < seconds);

	for (p = 0; p < nr_pages && !mismatches; p++) {
		if (pread(fd, buf, PAGE, p * PAGE) != PAGE)
			return perror("pread"), 1;
		check("final read", buf, p);
	}
	counters(before);
	collapses = before[COLLAPSES] - start[COLLAPSES];
	splits = before[SPLITS] - start[SPLITS];
	if (old_sleep[0])
		knob("scan_sleep_millisecs", old_sleep, NULL, 0);
	if (old_scan[0])
		knob("pages_to_scan", old_scan, NULL, 0);
	munmap(map, size);
	close(fd);
	umount(dir);
	rmdir(dir);

	printf("# %.0f s, khugepaged scan_sleep_millisecs %s: %lu reads, %lu writes, %lu mapped reads, %lu mapped writes, %lu truncations, %lu fallocate, %lu flagged punches\n",
	       seconds, sleep_ms, ops[0], ops[1], ops[2], ops[3], ops[4], ops[5], ops[6]);
	printf("# meanwhile: %lu huge pages collapsed, %lu split\n", collapses, splits);
	printf("%s 1 shmem-mix: every page read back as written (%lu mismatches)\n",
	       mismatches ? "not ok" : "ok", mismatches);
	bad = persistent || other || ebusy * MAX_EBUSY_PER > flagged;
	printf("%s 2 shmem-mix: EBUSY without a pin only transient and rare (%lu of %lu flagged punches, at most 1 in %d; %lu still EBUSY after %d repeats; %lu other errors)\n",
	       bad ? "not ok" : "ok", ebusy, flagged, MAX_EBUSY_PER, persistent,
	       RETRIES, other);
	return mismatches || bad ? 1 : 0;
}
