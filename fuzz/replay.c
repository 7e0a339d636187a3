/*
 * A main for the fuzz targets without libFuzzer: each file named on
 * the command line (or each file in a directory named) is given to
 * LLVMFuzzerTestOneInput once.  Built with the ordinary compiler, this
 * is how seeds and regression inputs run in `make check`, and under
 * AddressSanitizer with `make SANITIZE=1 check`.
 */
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static FILE *report;	/* stdout: the target may silence stderr */

static int
run_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	unsigned char *data = NULL;
	size_t len = 0, cap = 0, n;

	if (f == NULL) {
		fprintf(report, "replay: %s: %s\n", path, strerror(errno));
		return 1;
	}
	for (;;) {
		if (cap - len < 65536) {
			cap = cap ? cap * 2 : 65536;
			if ((data = realloc(data, cap)) == NULL)
				abort();
		}
		if ((n = fread(data + len, 1, cap - len, f)) == 0)
			break;
		len += n;
	}
	if (ferror(f)) {
		fprintf(report, "replay: %s: read error\n", path);
		fclose(f);
		free(data);
		return 1;
	}
	fclose(f);
	/* An exact copy: a read past the input is a read past the heap. */
	{
		unsigned char *exact = malloc(len ? len : 1);

		if (exact == NULL)
			abort();
		memcpy(exact, data, len);
		free(data);
		fprintf(report, "replay: %s (%zu bytes)\n", path, len);
		fflush(report);
		LLVMFuzzerTestOneInput(exact, len);
		free(exact);
	}
	return 0;
}

static int
run_path(const char *path)
{
	struct stat st;
	struct dirent **names;
	int n, i, failed = 0;

	if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode))
		return run_file(path);
	if ((n = scandir(path, &names, NULL, alphasort)) < 0) {
		fprintf(report, "replay: %s: %s\n", path, strerror(errno));
		return 1;
	}
	for (i = 0; i < n; i++) {
		char sub[4096];

		if (names[i]->d_name[0] != '.') {
			snprintf(sub, sizeof sub, "%s/%s", path,
			    names[i]->d_name);
			failed |= run_path(sub);
		}
		free(names[i]);
	}
	free(names);
	return failed;
}

int
main(int argc, char **argv)
{
	int i, failed = 0;

	report = stdout;
	LLVMFuzzerInitialize(&argc, &argv);
	for (i = 1; i < argc; i++)
		failed |= run_path(argv[i]);
	fprintf(report, "replay: %d path%s done\n", argc - 1,
	    argc == 2 ? "" : "s");
	return failed;
}
