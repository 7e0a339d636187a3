/*
 * The string arena: copies stay put while more are made, a string
 * larger than a block gets a block of its own, and a reset keeps one
 * block to start again in.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "util.h"

int
main(void)
{
	struct arena a = ARENA_INIT;
	char *first, *big, *after, *p[5000], want[32];
	char *huge = xmalloc(200000);
	int i, same = 1;

	first = arena_strdup(&a, "SKU-00001");
	is_str(first, "SKU-00001", "a copy");
	ok(arena_strdup(&a, "") != NULL && *arena_strdup(&a, "") == '\0',
	    "the empty string");

	/* Enough strings to fill several blocks: none moves or changes. */
	for (i = 0; i < 5000; i++) {
		snprintf(want, sizeof want, "line %d of the batch", i);
		p[i] = arena_strdup(&a, want);
	}
	for (i = 0; i < 5000; i++) {
		snprintf(want, sizeof want, "line %d of the batch", i);
		same &= strcmp(p[i], want) == 0;
	}
	ok(same, "5000 strings over several blocks keep their text");
	is_str(first, "SKU-00001", "the first copy is still there");

	memset(huge, 'x', 199999);
	huge[199999] = '\0';
	big = arena_strdup(&a, huge);
	ok(strcmp(big, huge) == 0, "a string larger than a block");
	after = arena_strdup(&a, "after");
	is_str(after, "after", "a copy after the large one");

	arena_reset(&a);
	ok(a.blocks != NULL && a.blocks->next == NULL, "a reset keeps one "
	    "block");
	is_str(arena_strdup(&a, "again"), "again", "copies after a reset");

	arena_free(&a);
	ok(a.blocks == NULL, "freed");
	arena_reset(&a);	/* on an empty arena: nothing to do */
	is_str(arena_strdup(&a, "new"), "new", "an arena is usable after "
	    "being freed");
	arena_free(&a);
	free(huge);
	return done_testing();
}
