/*
 * Small things every module needs: the program name in messages,
 * allocation that cannot return NULL, and a growable byte buffer.
 */
#ifndef OMS_UTIL_H
#define OMS_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

/*
 * Exit statuses, one table for every oms tool; oms(7) documents it.
 * Keep the numbers stable: cron jobs and scripts test them.
 */
enum oms_exit {
	EXIT_OK = 0,		/* everything done */
	EXIT_PARTIAL = 1,	/* done, but some input was rejected */
	EXIT_USAGE = 2,		/* bad options or arguments; nothing done */
	EXIT_INPUT = 3,		/* input unusable or all rejected; nothing done */
	EXIT_LEDGER = 4,	/* ledger cannot be opened, read or written */
	EXIT_BUSY = 5,		/* ledger locked by another writer: retry later */
	EXIT_CONFLICT = 6,	/* refused: the change conflicts with the ledger */
	EXIT_CHECK = 7,		/* a check found the ledger breaking a rule */
	EXIT_INTERNAL = 70	/* a bug or out of memory */
};

extern const char *progname;

/* Set progname from argv[0] (its last path component). */
void set_progname(const char *argv0);

/* "progname: message" on stderr, printf-style. */
void warnx_(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void vwarnx_(const char *fmt, va_list ap);
/* warnx_ then exit(status). */
void die(int status, const char *fmt, ...)
    __attribute__((format(printf, 2, 3), noreturn));

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

/* A growable byte buffer, always NUL-terminated after len bytes. */
struct buf {
	char *data;
	size_t len, cap;
};

void buf_init(struct buf *b);
void buf_free(struct buf *b);
void buf_reset(struct buf *b);
void buf_grow(struct buf *b, size_t extra);
void buf_add(struct buf *b, const void *p, size_t n);
void buf_adds(struct buf *b, const char *s);
void buf_addc(struct buf *b, char c);
void buf_printf(struct buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/*
 * Strings that live until the arena is reset: the many short copies a
 * batch makes (SKUs, event texts) without a malloc and free for each.
 * A string never moves once made.
 */
struct arena_block {
	struct arena_block *next;
	size_t size;
	char data[];
};

struct arena {
	struct arena_block *blocks;	/* the newest first */
	size_t used;			/* in the newest block */
};

#define ARENA_INIT { NULL, 0 }
char *arena_strdup(struct arena *a, const char *s);
/* Forget every string; the first block is kept for the next ones. */
void arena_reset(struct arena *a);
void arena_free(struct arena *a);

/* 64-bit FNV-1a, used to fingerprint normalised orders. */
unsigned long long fnv1a(unsigned long long h, const void *p, size_t n);
#define FNV1A_INIT 0xcbf29ce484222325ULL

/* Copy a spooled file from its start to out (records after commit). */
void copy_stream(FILE *from, FILE *to);
/*
 * A temporary file for records held back until their transaction has
 * committed (then copy_stream them out); NULL after a message.
 */
FILE *spool_open(void);

/*
 * The decimal digits of v, written at the end of buf; returns where
 * they start.  For hot paths, where snprintf costs ten times as much.
 */
const char *fmt_int(long long v, char buf[24]);

/* The current time as UTC ISO-8601 ("2026-11-28T04:50:05Z"). */
void now_iso(char out[21]);

#endif
