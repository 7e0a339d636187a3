/*
 * The order lifecycle: status names, the transitions order_can_move
 * allows and refuses, terminal statuses, reachability, and what lines
 * and openness follow from an order's status.
 */
#include <stdio.h>
#include <string.h>

#include "lifecycle.h"
#include "tap.h"

static void
can(enum order_status from, enum order_status to, int want)
{
	char name[96];

	snprintf(name, sizeof name, "%s -> %s %s", order_status_name(from),
	    order_status_name(to), want ? "allowed" : "refused");
	is_int(order_can_move(from, to), want, name);
}

/* Statuses reachable from `from` in any number of moves, as a bit mask. */
static unsigned
reachable(enum order_status from)
{
	unsigned seen = 1u << from, before;
	int a, b;

	do {
		before = seen;
		for (a = 0; a < OS_COUNT; a++)
			if (seen & 1u << a)
				for (b = 0; b < OS_COUNT; b++)
					if (order_can_move(a, b))
						seen |= 1u << b;
	} while (seen != before);
	return seen;
}

int
main(void)
{
	static const char *const onames[OS_COUNT] = {
		"imported", "on_hold", "allocated", "backordered", "routed",
		"released", "partially_shipped", "shipped", "delivered",
		"partially_returned", "returned", "cancelled"
	};
	static const char *const lnames[LS_COUNT] = {
		"open", "allocated", "backordered", "routed", "released",
		"shipped", "delivered", "returned", "cancelled"
	};
	char name[96];
	int s, t;

	/* Names, both ways. */
	for (s = 0; s < OS_COUNT; s++) {
		snprintf(name, sizeof name, "order status %d is %s", s,
		    onames[s]);
		is_str(order_status_name(s), onames[s], name);
		snprintf(name, sizeof name, "order status %s parses",
		    onames[s]);
		is_int(order_status_parse(onames[s]), s, name);
	}
	for (s = 0; s < LS_COUNT; s++) {
		snprintf(name, sizeof name, "line status %d is %s", s,
		    lnames[s]);
		is_str(line_status_name(s), lnames[s], name);
		snprintf(name, sizeof name, "line status %s parses", lnames[s]);
		is_int(line_status_parse(lnames[s]), s, name);
	}
	is_str(order_status_name(OS_COUNT), "?", "order status past the end");
	is_str(order_status_name((enum order_status)-1), "?",
	    "order status -1");
	is_str(line_status_name(LS_COUNT), "?", "line status past the end");
	is_str(line_status_name((enum line_status)-1), "?", "line status -1");
	is_int(order_status_parse(""), -1, "order status '' refused");
	is_int(order_status_parse("Imported"), -1,
	    "order status names are lower case");
	is_int(order_status_parse("canceled"), -1,
	    "order status 'canceled' refused");
	is_int(order_status_parse("on-hold"), -1,
	    "order status 'on-hold' refused");
	is_int(order_status_parse("shipped "), -1,
	    "order status with a blank refused");
	is_int(order_status_parse("open"), -1, "'open' is a line status only");
	is_int(line_status_parse("imported"), -1,
	    "'imported' is an order status only");
	is_int(line_status_parse("on_hold"), -1, "no line status on_hold");
	is_int(line_status_parse(""), -1, "line status '' refused");

	/* The happy path. */
	can(OS_IMPORTED, OS_ALLOCATED, 1);
	can(OS_ALLOCATED, OS_ROUTED, 1);
	can(OS_ROUTED, OS_RELEASED, 1);
	can(OS_RELEASED, OS_SHIPPED, 1);
	can(OS_SHIPPED, OS_DELIVERED, 1);
	can(OS_DELIVERED, OS_RETURNED, 1);

	/* Other allowed moves. */
	can(OS_IMPORTED, OS_ON_HOLD, 1);
	can(OS_IMPORTED, OS_BACKORDERED, 1);
	can(OS_IMPORTED, OS_CANCELLED, 1);
	can(OS_IMPORTED, OS_SHIPPED, 1);	/* fulfilled outside oms */
	can(OS_IMPORTED, OS_DELIVERED, 1);
	can(OS_ON_HOLD, OS_IMPORTED, 1);
	can(OS_ON_HOLD, OS_ALLOCATED, 1);
	can(OS_ON_HOLD, OS_CANCELLED, 1);
	can(OS_ALLOCATED, OS_ON_HOLD, 1);
	can(OS_ALLOCATED, OS_CANCELLED, 1);
	can(OS_BACKORDERED, OS_ALLOCATED, 1);
	can(OS_BACKORDERED, OS_CANCELLED, 1);
	can(OS_ROUTED, OS_ON_HOLD, 1);
	can(OS_RELEASED, OS_PARTIALLY_SHIPPED, 1);
	can(OS_RELEASED, OS_CANCELLED, 1);
	can(OS_PARTIALLY_SHIPPED, OS_SHIPPED, 1);
	can(OS_PARTIALLY_SHIPPED, OS_ALLOCATED, 1);	/* the rest rerouted */
	can(OS_PARTIALLY_SHIPPED, OS_ROUTED, 1);
	can(OS_PARTIALLY_SHIPPED, OS_IMPORTED, 0);
	can(OS_PARTIALLY_SHIPPED, OS_ON_HOLD, 0);
	can(OS_SHIPPED, OS_PARTIALLY_RETURNED, 1);
	can(OS_SHIPPED, OS_RETURNED, 1);
	can(OS_DELIVERED, OS_PARTIALLY_RETURNED, 1);
	can(OS_PARTIALLY_RETURNED, OS_RETURNED, 1);

	/* Refused moves. */
	can(OS_IMPORTED, OS_ROUTED, 0);
	can(OS_IMPORTED, OS_RELEASED, 0);
	can(OS_IMPORTED, OS_PARTIALLY_RETURNED, 1);	/* channel history */
	can(OS_BACKORDERED, OS_ROUTED, 0);
	can(OS_BACKORDERED, OS_SHIPPED, 1);	/* shipped by the channel */
	can(OS_ALLOCATED, OS_RELEASED, 0);
	can(OS_ALLOCATED, OS_SHIPPED, 1);	/* shipped by the channel */
	can(OS_ON_HOLD, OS_RELEASED, 0);
	can(OS_ON_HOLD, OS_SHIPPED, 1);	/* shipped by the channel */
	can(OS_ROUTED, OS_SHIPPED, 1);	/* not yet sent to the location */
	can(OS_ROUTED, OS_IMPORTED, 1);	/* the channel changed its lines */
	can(OS_ROUTED, OS_BACKORDERED, 1);
	/* A short pick or a rejection: back to allocation or routing. */
	can(OS_RELEASED, OS_ALLOCATED, 1);
	can(OS_RELEASED, OS_BACKORDERED, 1);
	can(OS_RELEASED, OS_IMPORTED, 0);
	can(OS_RELEASED, OS_ON_HOLD, 0);
	can(OS_RELEASED, OS_DELIVERED, 0);
	can(OS_SHIPPED, OS_CANCELLED, 0);
	can(OS_SHIPPED, OS_RELEASED, 0);
	can(OS_SHIPPED, OS_IMPORTED, 0);
	can(OS_SHIPPED, OS_ON_HOLD, 0);
	can(OS_DELIVERED, OS_CANCELLED, 0);
	can(OS_DELIVERED, OS_SHIPPED, 0);
	can(OS_PARTIALLY_RETURNED, OS_DELIVERED, 0);
	can(OS_PARTIALLY_RETURNED, OS_CANCELLED, 0);
	can(OS_RETURNED, OS_DELIVERED, 0);
	can(OS_CANCELLED, OS_IMPORTED, 0);

	/* Terminal statuses, no standing still, nothing out of range. */
	for (s = 0; s < OS_COUNT; s++) {
		snprintf(name, sizeof name, "%s -> %s refused (no self move)",
		    onames[s], onames[s]);
		is_int(order_can_move(s, s), 0, name);
	}
	for (t = 0, s = 0; t < OS_COUNT; t++)
		s |= order_can_move(OS_CANCELLED, t);
	is_int(s, 0, "cancelled is terminal");
	for (t = 0, s = 0; t < OS_COUNT; t++)
		s |= order_can_move(OS_RETURNED, t);
	is_int(s, 0, "returned is terminal");
	for (t = 0, s = 0; t < OS_COUNT; t++)
		s |= order_can_move(t, OS_IMPORTED) && t > OS_ROUTED;
	is_int(s, 0, "nothing past routing goes back to imported");
	is_int(order_can_move(OS_COUNT, OS_IMPORTED), 0, "from OS_COUNT");
	is_int(order_can_move(OS_IMPORTED, OS_COUNT), 0, "to OS_COUNT");
	is_int(order_can_move((enum order_status)-1, OS_ALLOCATED), 0,
	    "from -1");
	is_int(order_can_move(OS_IMPORTED, (enum order_status)-1), 0,
	    "to -1");
	is_int(order_can_move((enum order_status)99, OS_CANCELLED), 0,
	    "from 99");

	/* Once anything has shipped, the order cannot be cancelled. */
	for (s = OS_SHIPPED; s <= OS_RETURNED; s++) {
		snprintf(name, sizeof name, "%s -> cancelled refused",
		    onames[s]);
		is_int(order_can_move(s, OS_CANCELLED), 0, name);
	}

	/* Every status can be reached from imported, and can end. */
	is_int(reachable(OS_IMPORTED), (1u << OS_COUNT) - 1,
	    "every status reachable from imported");
	for (s = 0; s < OS_COUNT; s++) {
		unsigned r = reachable(s);

		snprintf(name, sizeof name,
		    "from %s a terminal status is reachable", onames[s]);
		ok((r & (1u << OS_RETURNED | 1u << OS_CANCELLED)) != 0, name);
	}

	/* Line statuses that follow the order's. */
	is_int(line_status_for_order(OS_IMPORTED), LS_OPEN, "lines: imported");
	is_int(line_status_for_order(OS_ALLOCATED), LS_ALLOCATED,
	    "lines: allocated");
	is_int(line_status_for_order(OS_ROUTED), LS_ROUTED, "lines: routed");
	is_int(line_status_for_order(OS_RELEASED), LS_RELEASED,
	    "lines: released");
	is_int(line_status_for_order(OS_SHIPPED), LS_SHIPPED, "lines: shipped");
	is_int(line_status_for_order(OS_DELIVERED), LS_DELIVERED,
	    "lines: delivered");
	is_int(line_status_for_order(OS_RETURNED), LS_RETURNED,
	    "lines: returned");
	is_int(line_status_for_order(OS_CANCELLED), LS_CANCELLED,
	    "lines: cancelled");
	is_int(line_status_for_order(OS_ON_HOLD), -1, "lines keep: on_hold");
	is_int(line_status_for_order(OS_BACKORDERED), -1,
	    "lines keep: backordered");
	is_int(line_status_for_order(OS_PARTIALLY_SHIPPED), -1,
	    "lines keep: partially_shipped");
	is_int(line_status_for_order(OS_PARTIALLY_RETURNED), -1,
	    "lines keep: partially_returned");

	/* Open orders. */
	is_int(order_is_open(OS_IMPORTED), 1, "imported is open");
	is_int(order_is_open(OS_ON_HOLD), 1, "on_hold is open");
	is_int(order_is_open(OS_ALLOCATED), 1, "allocated is open");
	is_int(order_is_open(OS_BACKORDERED), 1, "backordered is open");
	is_int(order_is_open(OS_ROUTED), 1, "routed is open");
	is_int(order_is_open(OS_RELEASED), 1, "released is open");
	is_int(order_is_open(OS_SHIPPED), 0, "shipped is not open");
	is_int(order_is_open(OS_DELIVERED), 0, "delivered is not open");
	is_int(order_is_open(OS_PARTIALLY_RETURNED), 0,
	    "partially_returned is not open");
	is_int(order_is_open(OS_RETURNED), 0, "returned is not open");
	is_int(order_is_open(OS_CANCELLED), 0, "cancelled is not open");

	/* Where a released hold goes back to, from its lines. */
	{
		long long n[LS_COUNT];

#define LINES(...) do { long long v_[LS_COUNT] = { 0 }; \
	int k_[] = { __VA_ARGS__ }; size_t i_; \
	for (i_ = 0; i_ < sizeof k_ / sizeof k_[0]; i_ += 2) \
		v_[k_[i_]] = k_[i_ + 1]; \
	memcpy(n, v_, sizeof n); } while (0)
		LINES(LS_ALLOCATED, 2);
		is_int(order_status_from_lines(n), OS_ALLOCATED, "all allocated");
		LINES(LS_ALLOCATED, 1, LS_CANCELLED, 3);
		is_int(order_status_from_lines(n), OS_ALLOCATED,
		    "allocated, the rest cancelled");
		LINES(LS_ROUTED, 2);
		is_int(order_status_from_lines(n), OS_ROUTED, "all routed");
		LINES(LS_ROUTED, 1, LS_ALLOCATED, 1);
		is_int(order_status_from_lines(n), OS_ALLOCATED,
		    "routed and allocated");
		LINES(LS_RELEASED, 2, LS_CANCELLED, 1);
		is_int(order_status_from_lines(n), OS_RELEASED, "all released");
		LINES(LS_RELEASED, 1, LS_ROUTED, 1);
		is_int(order_status_from_lines(n), OS_ROUTED,
		    "released and routed");
		LINES(LS_RELEASED, 1, LS_ALLOCATED, 1);
		is_int(order_status_from_lines(n), OS_ALLOCATED,
		    "released and allocated (a rejected group)");
		LINES(LS_RELEASED, 1, LS_BACKORDERED, 1);
		is_int(order_status_from_lines(n), OS_BACKORDERED,
		    "released and backordered (a short pick)");
		LINES(LS_OPEN, 2);
		is_int(order_status_from_lines(n), OS_IMPORTED, "all open");
		LINES(LS_OPEN, 1, LS_ALLOCATED, 1);
		is_int(order_status_from_lines(n), OS_BACKORDERED,
		    "open and allocated");
		LINES(LS_BACKORDERED, 1);
		is_int(order_status_from_lines(n), OS_BACKORDERED,
		    "backordered");
		LINES(LS_OPEN, 1, LS_BACKORDERED, 1);
		is_int(order_status_from_lines(n), OS_BACKORDERED,
		    "open and backordered");
		LINES(LS_CANCELLED, 2);
		is_int(order_status_from_lines(n), OS_CANCELLED,
		    "all cancelled");
		LINES(LS_SHIPPED, 1, LS_DELIVERED, 1);
		is_int(order_status_from_lines(n), OS_SHIPPED, "all shipped");
		LINES(LS_SHIPPED, 1, LS_ALLOCATED, 1);
		is_int(order_status_from_lines(n), OS_ALLOCATED,
		    "shipped and allocated: the rest is to be routed");
		LINES(LS_SHIPPED, 1, LS_RELEASED, 1);
		is_int(order_status_from_lines(n), OS_PARTIALLY_SHIPPED,
		    "shipped and released");
		LINES(LS_DELIVERED, 1, LS_BACKORDERED, 1);
		is_int(order_status_from_lines(n), OS_BACKORDERED,
		    "delivered and backordered: the rest waits for stock");
		LINES(LS_SHIPPED, 1, LS_OPEN, 1);
		is_int(order_status_from_lines(n), OS_BACKORDERED,
		    "shipped and open: allocation takes the rest");
#undef LINES
	}

	return done_testing();
}
