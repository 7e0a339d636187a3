/*
 * oms-check: the whole ledger against its rules.  SQLite's own
 * integrity and foreign key checks, every rule of ledger_check.c, and
 * the chain of each order's events, which must lead from its import to
 * the status it has now.
 */
#ifndef OMS_CHECK_H
#define OMS_CHECK_H

#include <stdio.h>

#include "ledger.h"
#include "record.h"

struct check_options {
	enum rec_format output;
	int quiet;		/* no line per problem or summary on stderr */
};

/*
 * Write one record per problem to out; returns EXIT_OK, EXIT_CHECK
 * when the ledger breaks a rule, or EXIT_LEDGER.
 */
int check_ledger(struct ledger *l, const struct check_options *opt,
    FILE *out);

/* The rules, one record each (rule, scope, description). */
int check_list_rules(enum rec_format output, FILE *out);

#endif
