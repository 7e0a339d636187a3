/*
 * A full disk, on demand, for tests/080-failures.bats: an LD_PRELOAD
 * shim that lets OMS_TEST_ENOSPC_AFTER bytes be written to the ledger's
 * files (paths ending in .db, .db-wal or .db-journal) and then fails
 * every further write to them with ENOSPC, as a disk that filled up
 * would: the write that crosses the budget is cut short, the next one
 * fails, and the disk stays full until the process ends.  Other files
 * (standard output, the -shm index, temporary files) are not counted.
 *
 * OMS_TEST_ENOSPC_ERRNO names another errno to fail with, such as 122
 * (EDQUOT, a quota spent).  With OMS_TEST_ENOSPC_LOG=FILE the shim
 * appends to FILE, at exit, how many bytes went to the ledger's WAL, to
 * the ledger file and to its rollback journal ("WAL DB JOURNAL"), to
 * choose budgets from.
 *
 *	cc -shared -fPIC -o enospc.so tests/helpers/enospc.c -ldl
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <unistd.h>

enum { F_DB = 1, F_WAL, F_JOURNAL };

static long long budget = -1;	/* bytes left; -1: no limit */
static long long written[4];	/* bytes written, by F_* */
static int fail_errno = ENOSPC;
static const char *logpath;

static ssize_t (*real_write)(int, const void *, size_t);
static ssize_t (*real_pwrite)(int, const void *, size_t, off_t);
static ssize_t (*real_pwrite64)(int, const void *, size_t, off64_t);
static ssize_t (*real_writev)(int, const struct iovec *, int);
static ssize_t (*real_pwritev)(int, const struct iovec *, int, off_t);
static int (*real_ftruncate)(int, off_t);
static int (*real_ftruncate64)(int, off64_t);
static int (*real_fallocate)(int, int, off_t, off_t);
static int (*real_fallocate64)(int, int, off64_t, off64_t);
static int (*real_posix_fallocate)(int, off_t, off_t);
static int (*real_posix_fallocate64)(int, off64_t, off64_t);

static void
report(void)
{
	FILE *f;

	if (logpath && (f = fopen(logpath, "a")) != NULL) {
		fprintf(f, "%lld %lld %lld\n", written[F_WAL], written[F_DB],
		    written[F_JOURNAL]);
		fclose(f);
	}
}

__attribute__((constructor)) static void
init(void)
{
	const char *e = getenv("OMS_TEST_ENOSPC_AFTER");

	real_write = dlsym(RTLD_NEXT, "write");
	real_pwrite = dlsym(RTLD_NEXT, "pwrite");
	real_pwrite64 = dlsym(RTLD_NEXT, "pwrite64");
	real_writev = dlsym(RTLD_NEXT, "writev");
	real_pwritev = dlsym(RTLD_NEXT, "pwritev");
	real_ftruncate = dlsym(RTLD_NEXT, "ftruncate");
	real_ftruncate64 = dlsym(RTLD_NEXT, "ftruncate64");
	real_fallocate = dlsym(RTLD_NEXT, "fallocate");
	real_fallocate64 = dlsym(RTLD_NEXT, "fallocate64");
	real_posix_fallocate = dlsym(RTLD_NEXT, "posix_fallocate");
	real_posix_fallocate64 = dlsym(RTLD_NEXT, "posix_fallocate64");
	if (e && *e)
		budget = strtoll(e, NULL, 10);
	if ((e = getenv("OMS_TEST_ENOSPC_ERRNO")) != NULL && *e)
		fail_errno = atoi(e);
	logpath = getenv("OMS_TEST_ENOSPC_LOG");
	if (logpath && *logpath)
		atexit(report);
}

static int
ends_with(const char *s, size_t n, const char *suffix)
{
	size_t k = strlen(suffix);

	return n >= k && memcmp(s + n - k, suffix, k) == 0;
}

/* Which of the ledger's files fd is (F_*), 0 for none. */
static int
ledger_file(int fd)
{
	char link[64], path[4096];
	ssize_t n;

	snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
	if ((n = readlink(link, path, sizeof path)) <= 0)
		return 0;
	return ends_with(path, n, ".db") ? F_DB : ends_with(path, n,
	    ".db-wal") ? F_WAL : ends_with(path, n, ".db-journal") ?
	    F_JOURNAL : 0;
}

/*
 * How many of the n bytes to write to fd may go; -1 (errno set, the
 * disk full) when none may.
 */
static ssize_t
allow(int fd, size_t n)
{
	long long left, take;
	int kind;

	if (n == 0 || (kind = ledger_file(fd)) == 0)
		return (ssize_t)n;
	if (budget < 0) {
		__atomic_add_fetch(&written[kind], (long long)n,
		    __ATOMIC_SEQ_CST);
		return (ssize_t)n;
	}
	do {
		left = __atomic_load_n(&budget, __ATOMIC_SEQ_CST);
		if (left <= 0) {
			errno = fail_errno;
			return -1;
		}
		take = (long long)n < left ? (long long)n : left;
	} while (!__atomic_compare_exchange_n(&budget, &left, left - take, 0,
	    __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST));
	__atomic_add_fetch(&written[kind], take, __ATOMIC_SEQ_CST);
	return (ssize_t)take;
}

/* Whether growing fd to len must fail: the disk is full. */
static int
no_room(int fd, long long len)
{
	struct stat sb;

	if (budget != 0 || !ledger_file(fd) || fstat(fd, &sb) != 0)
		return 0;
	return len > (long long)sb.st_size;
}

ssize_t
write(int fd, const void *buf, size_t n)
{
	ssize_t k = allow(fd, n);

	return k < 0 ? -1 : real_write(fd, buf, (size_t)k);
}

ssize_t
pwrite(int fd, const void *buf, size_t n, off_t off)
{
	ssize_t k = allow(fd, n);

	return k < 0 ? -1 : real_pwrite(fd, buf, (size_t)k, off);
}

ssize_t
pwrite64(int fd, const void *buf, size_t n, off64_t off)
{
	ssize_t k = allow(fd, n);

	return k < 0 ? -1 : real_pwrite64(fd, buf, (size_t)k, off);
}

/* Vectored writes: whole, or one short plain write of the first bytes. */
static ssize_t
vectored(int fd, const struct iovec *iov, int cnt, off_t off, int at)
{
	size_t n = 0, k;
	ssize_t ok;
	int i;

	for (i = 0; i < cnt; i++)
		n += iov[i].iov_len;
	if ((ok = allow(fd, n)) < 0)
		return -1;
	if ((size_t)ok == n)
		return at ? real_pwritev(fd, iov, cnt, off) :
		    real_writev(fd, iov, cnt);
	for (i = 0; i < cnt && iov[i].iov_len == 0; i++)
		;
	k = (size_t)ok < iov[i].iov_len ? (size_t)ok : iov[i].iov_len;
	return at ? real_pwrite(fd, iov[i].iov_base, k, off) :
	    real_write(fd, iov[i].iov_base, k);
}

ssize_t
writev(int fd, const struct iovec *iov, int cnt)
{
	return vectored(fd, iov, cnt, 0, 0);
}

ssize_t
pwritev(int fd, const struct iovec *iov, int cnt, off_t off)
{
	return vectored(fd, iov, cnt, off, 1);
}

int
ftruncate(int fd, off_t len)
{
	if (no_room(fd, len)) {
		errno = fail_errno;
		return -1;
	}
	return real_ftruncate(fd, len);
}

int
ftruncate64(int fd, off64_t len)
{
	if (no_room(fd, len)) {
		errno = fail_errno;
		return -1;
	}
	return real_ftruncate64(fd, len);
}

int
fallocate(int fd, int mode, off_t off, off_t len)
{
	if (no_room(fd, (long long)off + len)) {
		errno = fail_errno;
		return -1;
	}
	return real_fallocate(fd, mode, off, len);
}

int
fallocate64(int fd, int mode, off64_t off, off64_t len)
{
	if (no_room(fd, (long long)off + len)) {
		errno = fail_errno;
		return -1;
	}
	return real_fallocate64(fd, mode, off, len);
}

/* posix_fallocate returns the error instead of setting errno. */
int
posix_fallocate(int fd, off_t off, off_t len)
{
	if (no_room(fd, (long long)off + len))
		return fail_errno;
	return real_posix_fallocate(fd, off, len);
}

int
posix_fallocate64(int fd, off64_t off, off64_t len)
{
	if (no_room(fd, (long long)off + len))
		return fail_errno;
	return real_posix_fallocate64(fd, off, len);
}
