/*
 * fuzz_ledger.h: the ledger of a fuzz target that reads into one (the
 * import, confirm and track targets).  Its connection is caught as the
 * library opens it, its database kept as an image once the target has
 * set it up, and put back before each input that changed a row, so
 * that every input meets the same ledger.  A new image costs SQLite a
 * new reading of the schema and of every statement after it, so an
 * input that changed nothing (one refused before the ledger saw it)
 * keeps the ledger it found.  Include after fuzz_common.h.
 */
#ifndef OMS_FUZZ_LEDGER_H
#define OMS_FUZZ_LEDGER_H

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static sqlite3 *ledger_db;		/* the ledger's connection */
static unsigned char *ledger_image;	/* its database as set up */
static sqlite3_int64 ledger_image_size;

static int
capture_connection(sqlite3 *db, char **err, const void *api)
{
	ledger_db = db;
	return SQLITE_OK;
}

/* Catch the connection of the ledger_open that follows. */
static void
ledger_catch(void)
{
	sqlite3_auto_extension((void (*)(void))capture_connection);
}

/* Stop catching; keep the ledger as it is now for every input. */
static void
ledger_keep(void)
{
	sqlite3_cancel_auto_extension((void (*)(void))capture_connection);
	if (ledger_db == NULL || (ledger_image = sqlite3_serialize(ledger_db,
	    "main", &ledger_image_size, 0)) == NULL)
		abort();
}

static void
ledger_reset(void)
{
	static int changes = -1;	/* sqlite3_total_changes when reset */
	unsigned char *copy;

	if (sqlite3_total_changes(ledger_db) == changes)
		return;
	if ((copy = sqlite3_malloc64((sqlite3_uint64)ledger_image_size)) ==
	    NULL)
		abort();
	memcpy(copy, ledger_image, (size_t)ledger_image_size);
	if (sqlite3_deserialize(ledger_db, "main", copy, ledger_image_size,
	    ledger_image_size, SQLITE_DESERIALIZE_FREEONCLOSE |
	    SQLITE_DESERIALIZE_RESIZEABLE) != SQLITE_OK) {
		fprintf(stdout, "fuzz: cannot reset the ledger: %s\n",
		    sqlite3_errmsg(ledger_db));
		abort();
	}
	changes = sqlite3_total_changes(ledger_db);
}

#endif
