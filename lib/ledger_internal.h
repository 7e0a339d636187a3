/*
 * Inside the ledger layer: what its files (ledger.c, ledger_stock.c,
 * ledger_alloc.c) share.  No other module includes this.
 */
#ifndef OMS_LEDGER_INTERNAL_H
#define OMS_LEDGER_INTERNAL_H

#include <sqlite3.h>

#include "ledger.h"

#define LEDGER_NSTMT 32
#define LEDGER_NEXTRA 160

/* Rows per multi-row statement, and the kinds of such statements. */
#define LEDGER_CHUNK 64
enum { CHUNK_RESERVE, CHUNK_EVENT, CHUNK_STATUS, CHUNK_LINES, CHUNK_KINDS };

struct ledger {
	sqlite3 *db;
	char *path;
	char tool[32];
	char now[21];		/* the transaction's time, UTC ISO-8601 */
	int in_tx;
	sqlite3_stmt *st[LEDGER_NSTMT];
	struct {
		const char *sql;
		sqlite3_stmt *st;
	} extra[LEDGER_NEXTRA];
	int nextra;
	/*
	 * The text of each multi-row statement, by kind and rows, made
	 * once: ledger_sql caches statements by their text's address.
	 */
	char *chunk_sql[CHUNK_KINDS][LEDGER_CHUNK + 1];
};

/* Say what failed ("ledger PATH: WHAT: ..."); returns the exit status. */
int ledger_fail(struct ledger *l, const char *what);
/*
 * A prepared statement for q, reset and unbound, cached by the address
 * of q: pass a static string.
 */
sqlite3_stmt *ledger_sql(struct ledger *l, const char *q);
/* Bind text, NULL or "" as SQL NULL. */
void ledger_bind_text(sqlite3_stmt *s, int i, const char *v);
/* Step a statement that returns nothing or one id; -1 after a message. */
int ledger_run(struct ledger *l, sqlite3_stmt *s, long long *id,
    const char *what);

#endif
