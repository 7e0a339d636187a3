/*
 * Fuzz target: a record stream (what oms-allocate reads from
 * oms-import) through rec_reader_open and rec_read, looking fields up
 * the way the tools do, and written back out through rec_write.
 */
#include "fuzz_common.h"

#include "record.h"
#include "util.h"

static FILE *devnull;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	set_progname("oms-fuzz");
	if ((devnull = fopen("/dev/null", "w")) == NULL)
		abort();
	fuzz_quiet();
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rec_reader r;
	struct rec_writer w;
	struct rec_field *fields;
	FILE *fp;
	int i, rc, order;
	enum rec_format fmt;

	if (size == 0)
		return 0;	/* fmemopen wants at least a byte */
	if ((fp = fmemopen((void *)data, size, "r")) == NULL)
		abort();
	if (rec_reader_open(&r, fp, "fuzz") < 0) {
		rec_reader_free(&r);
		fclose(fp);
		return 0;
	}
	order = rec_field_index(&r, "order");
	(void)rec_require(&r, "channel_order");
	fields = xcalloc((size_t)r.nfields + 1, sizeof *fields);
	for (i = 0; i < r.nfields; i++) {
		fields[i].name = r.header[i];
		fields[i].numeric = i == order;
	}
	/* The writer in the format the header's length picks. */
	fmt = (enum rec_format)(r.nfields % 3);
	rec_writer_init(&w, devnull, fmt, fields, r.nfields);
	while ((rc = rec_read(&r)) == 1) {
		if (order >= 0 && r.values[order] == NULL)
			abort();
		rec_write(&w, (const char *const *)r.values);
	}
	rec_writer_free(&w);
	free(fields);
	rec_reader_free(&r);
	fclose(fp);
	return 0;
}
