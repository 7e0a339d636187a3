/*
 * Fuzz target: a mapping profile (oms-profile(5)) through profile_load,
 * then bound to a header made of its own detect columns, as an export
 * with those columns would bind it.
 */
#include "fuzz_common.h"

#include "profile.h"
#include "util.h"

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	set_progname("oms-fuzz");
	fuzz_quiet();
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct profile *p;
	char *names[] = { "sku", "quantity", "Name", "order-id" };
	int nnames = (int)(sizeof names / sizeof names[0]);

	/* The parser is given a length, not a string: no NUL needed. */
	if ((p = profile_load((const char *)data, size, "fuzz.yaml")) == NULL)
		return 0;
	(void)profile_kind_name(p->kind);
	if (profile_matches(p, p->detect, p->ndetect) && p->ndetect > 0)
		profile_bind(p, p->detect, p->ndetect, "fuzz.csv", 1);
	else
		profile_bind(p, names, nnames, "fuzz.csv", 1);
	profile_free(p);
	return 0;
}
