/*
 * Fraud screening: an order's score against the rules of oms.yaml's
 * fraud section, with the reasons, and what screening remembers of it
 * (per customer and channel the totals seen, per email, phone and
 * address the times of orders) for the next orders' rules.
 */
#ifndef OMS_FRAUD_H
#define OMS_FRAUD_H

#include "config.h"
#include "ledger.h"
#include "util.h"

/* Units of one SKU in the order, for many_units. */
struct fraud_units {
	const char *sku;
	long long quantity;
};

struct fraud_result {
	int score;
	int hold;		/* score >= hold_score */
	struct buf reasons;	/* "order_value, velocity": the hold's words */
	struct buf detail;	/* the event: each rule with its figures */
};

void fraud_result_init(struct fraud_result *r);
void fraud_result_free(struct fraud_result *r);

/*
 * Score an order against every rule.  With `remember`, what screening
 * keeps of the order is written to the ledger, so that it counts for
 * the orders after it.  Returns 0, or -1 after a ledger error.
 */
int fraud_screen(struct ledger *l, const struct config *cfg,
    const struct route_order *o, const struct fraud_units *units, int nunits,
    int remember, struct fraud_result *res);

#endif
