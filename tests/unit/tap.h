/*
 * A few TAP helpers for the C unit tests of lib/.  Each test program
 * prints "ok N - name" or "not ok N - name" per check and ends with the
 * plan; tests/run counts the lines.
 */
#ifndef OMS_TAP_H
#define OMS_TAP_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int tap_n, tap_failed;

static int
tap_ok(int cond, const char *name, const char *file, int line)
{
	tap_n++;
	printf("%sok %d - %s\n", cond ? "" : "not ", tap_n, name);
	if (!cond) {
		tap_failed++;
		printf("#   at %s:%d\n", file, line);
	}
	return cond;
}

#define ok(cond, name) tap_ok((cond), (name), __FILE__, __LINE__)

#define is_int(got, want, name) do {					\
	long long g_ = (got), w_ = (want);				\
	if (!ok(g_ == w_, name))					\
		printf("#   got %lld, want %lld\n", g_, w_);		\
} while (0)

#define is_str(got, want, name) do {					\
	const char *g_ = (got), *w_ = (want);				\
	int same_ = (g_ == NULL && w_ == NULL) ||			\
	    (g_ != NULL && w_ != NULL && strcmp(g_, w_) == 0);		\
	if (!ok(same_, name))						\
		printf("#   got '%s', want '%s'\n",			\
		    g_ ? g_ : "(null)", w_ ? w_ : "(null)");		\
} while (0)

/*
 * Library messages are part of the interface, checked word for word,
 * and must not clutter the TAP: tap_stderr_begin sends stderr to a
 * file, tap_stderr_end puts it back and gives what was written, without
 * its last newline.
 */
static int tap_saved_stderr = -1, tap_err_fd = -1;
static char tap_err_path[] = "/tmp/oms_unit_err.XXXXXX";

static inline void
tap_stderr_begin(void)
{
	memcpy(tap_err_path + sizeof tap_err_path - 7, "XXXXXX", 6);
	if ((tap_err_fd = mkstemp(tap_err_path)) < 0) {
		perror("mkstemp");
		exit(1);
	}
	fflush(stderr);
	tap_saved_stderr = dup(2);
	dup2(tap_err_fd, 2);
}

static inline void
tap_stderr_end(char *buf, size_t size)
{
	ssize_t n;

	fflush(stderr);
	dup2(tap_saved_stderr, 2);
	close(tap_saved_stderr);
	lseek(tap_err_fd, 0, SEEK_SET);
	n = read(tap_err_fd, buf, size - 1);
	buf[n > 0 ? n : 0] = '\0';
	close(tap_err_fd);
	unlink(tap_err_path);
	if ((n = (ssize_t)strlen(buf)) > 0 && buf[n - 1] == '\n')
		buf[n - 1] = '\0';
}

/* A message without its "PROGNAME: PATH:" prefix, when it has one. */
static inline const char *
tap_after_path(const char *msg, const char *progname, const char *path)
{
	size_t a = strlen(progname), b = strlen(path);

	if (strncmp(msg, progname, a) == 0 && strncmp(msg + a, ": ", 2) == 0 &&
	    strncmp(msg + a + 2, path, b) == 0 && msg[a + 2 + b] == ':')
		return msg + a + 3 + b;
	return msg;
}

static int
done_testing(void)
{
	printf("1..%d\n", tap_n);
	return tap_failed != 0;
}

#endif
