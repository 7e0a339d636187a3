/*
 * What an operator does to orders by hand (oms-order): list holds, put
 * orders on hold, release them, cancel them.  Every change is an event
 * with the operator's name and note; a run is one transaction.
 */
#ifndef OMS_ORDEROPS_H
#define OMS_ORDEROPS_H

#include <stdio.h>

#include "ledger.h"
#include "record.h"

enum order_action { ACT_HOLD, ACT_RELEASE, ACT_CANCEL };

struct order_action_options {
	enum order_action action;
	const char *reason;	/* hold: why, a short word or phrase */
	const char *note;	/* recorded as a note event, or NULL */
	const char *by;		/* who: the holder, and the note's author */
	const char *channel;	/* the keys are this channel's numbers */
	enum rec_format output;
	int quiet;
};

/*
 * Act on the orders named by keys (ledger keys, or the channel's order
 * numbers with opt->channel) or, with nkeys 0, by the order field of
 * the record stream `in`.  One record per order on out, written once
 * the change is committed.  Returns the exit status: nothing changes
 * unless every order can take the action.
 */
int order_act(struct ledger *l, const struct order_action_options *opt,
    char *const *keys, int nkeys, FILE *in, FILE *out);

/* List orders on hold (reason and by narrow the list when set). */
int order_list_holds(struct ledger *l, const char *reason, const char *by,
    enum rec_format output, FILE *out);

#endif
