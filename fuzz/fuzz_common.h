/*
 * What every fuzz target shares: stderr silenced once (the library
 * reports each bad input there, and writing it costs more than the
 * parsing), and a scratch file for the entry points that take a path.
 */
#ifndef OMS_FUZZ_COMMON_H
#define OMS_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * The library's messages go to /dev/null, unless FUZZ_VERBOSE is set
 * (to see why an input is rejected when replaying it).  Only the stdio
 * stream is replaced, not descriptor 2: libFuzzer keeps the FILE it
 * took at start for its own output, and the sanitizers write their
 * reports to descriptor 2, so both stay visible.  (glibc documents
 * stdin, stdout and stderr as variables that a program may set.)
 */
static inline void
fuzz_quiet(void)
{
	const char *v = getenv("FUZZ_VERBOSE");
	FILE *f;

	if (v != NULL && *v != '\0')
		return;
	if ((f = fopen("/dev/null", "w")) == NULL)
		abort();
	stderr = f;
}

static char fuzz_scratch_path[4096];

static inline void
fuzz_scratch_remove(void)
{
	if (fuzz_scratch_path[0])
		unlink(fuzz_scratch_path);
}

/*
 * A file of our own (mkstemp, removed at exit) for entry points that
 * read a path; fuzz_scratch_write replaces its contents.
 */
static inline const char *
fuzz_scratch(const char *suffix)
{
	const char *dir = getenv("TMPDIR");
	int fd;

	if (fuzz_scratch_path[0])
		return fuzz_scratch_path;
	snprintf(fuzz_scratch_path, sizeof fuzz_scratch_path,
	    "%s/oms-fuzz-XXXXXX%s", dir && *dir ? dir : "/tmp", suffix);
	if ((fd = mkstemps(fuzz_scratch_path, (int)strlen(suffix))) < 0) {
		perror(fuzz_scratch_path);
		abort();
	}
	close(fd);
	atexit(fuzz_scratch_remove);
	return fuzz_scratch_path;
}

static inline void
fuzz_scratch_write(const char *path, const uint8_t *data, size_t size)
{
	FILE *f = fopen(path, "wb");

	if (f == NULL || (size && fwrite(data, 1, size, f) != size) ||
	    fclose(f) != 0) {
		perror(path);
		abort();
	}
}

#endif
