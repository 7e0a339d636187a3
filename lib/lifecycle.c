#include <string.h>

#include "lifecycle.h"

static const char *const order_names[OS_COUNT] = {
	"imported", "on_hold", "allocated", "backordered", "routed",
	"released", "partially_shipped", "shipped", "delivered",
	"partially_returned", "returned", "cancelled"
};

static const char *const line_names[LS_COUNT] = {
	"open", "allocated", "backordered", "routed", "released",
	"shipped", "delivered", "returned", "cancelled"
};

/*
 * moves[from] is the set of statuses reachable from `from`, as a bit
 * mask.  Orders that oms has not yet released may jump to shipped or
 * delivered (imported ones also to returned) because a channel can
 * report an order fulfilled outside oms (Amazon FBA, a parcel sent from
 * the shop's own admin, history from an old system): that is a fact to
 * record, not a step oms takes.
 */
#define B(s) (1u << (s))
static const unsigned moves[OS_COUNT] = {
	[OS_IMPORTED] = B(OS_ON_HOLD) | B(OS_ALLOCATED) | B(OS_BACKORDERED) |
	    B(OS_CANCELLED) | B(OS_PARTIALLY_SHIPPED) | B(OS_SHIPPED) |
	    B(OS_DELIVERED) | B(OS_PARTIALLY_RETURNED) | B(OS_RETURNED),
	[OS_ON_HOLD] = B(OS_IMPORTED) | B(OS_ALLOCATED) | B(OS_BACKORDERED) |
	    B(OS_ROUTED) | B(OS_CANCELLED) | B(OS_PARTIALLY_SHIPPED) |
	    B(OS_SHIPPED) | B(OS_DELIVERED),
	[OS_ALLOCATED] = B(OS_IMPORTED) | B(OS_ON_HOLD) | B(OS_BACKORDERED) |
	    B(OS_ROUTED) | B(OS_CANCELLED) | B(OS_PARTIALLY_SHIPPED) |
	    B(OS_SHIPPED) | B(OS_DELIVERED),
	[OS_BACKORDERED] = B(OS_IMPORTED) | B(OS_ON_HOLD) | B(OS_ALLOCATED) |
	    B(OS_CANCELLED) | B(OS_PARTIALLY_SHIPPED) | B(OS_SHIPPED) |
	    B(OS_DELIVERED),
	[OS_ROUTED] = B(OS_IMPORTED) | B(OS_ON_HOLD) | B(OS_ALLOCATED) |
	    B(OS_BACKORDERED) | B(OS_RELEASED) |
	    B(OS_CANCELLED) | B(OS_PARTIALLY_SHIPPED) | B(OS_SHIPPED) |
	    B(OS_DELIVERED),
	/*
	 * A location's short pick or rejection sends a released order back
	 * to allocation or routing for what it could not ship.
	 */
	[OS_RELEASED] = B(OS_PARTIALLY_SHIPPED) | B(OS_SHIPPED) |
	    B(OS_CANCELLED) | B(OS_ROUTED) | B(OS_ALLOCATED) |
	    B(OS_BACKORDERED),
	/*
	 * Part shipped, the rest of an order goes on through allocation
	 * and routing when a location could not ship it.
	 */
	[OS_PARTIALLY_SHIPPED] = B(OS_SHIPPED) | B(OS_DELIVERED) |
	    B(OS_PARTIALLY_RETURNED) | B(OS_CANCELLED) | B(OS_ALLOCATED) |
	    B(OS_BACKORDERED) | B(OS_ROUTED),
	[OS_SHIPPED] = B(OS_DELIVERED) | B(OS_PARTIALLY_RETURNED) |
	    B(OS_RETURNED),
	[OS_DELIVERED] = B(OS_PARTIALLY_RETURNED) | B(OS_RETURNED),
	[OS_PARTIALLY_RETURNED] = B(OS_RETURNED),
	[OS_RETURNED] = 0,
	[OS_CANCELLED] = 0,
};

const char *
order_status_name(enum order_status s)
{
	return (unsigned)s < OS_COUNT ? order_names[s] : "?";
}

int
order_status_parse(const char *s)
{
	int i;

	for (i = 0; i < OS_COUNT; i++)
		if (strcmp(s, order_names[i]) == 0)
			return i;
	return -1;
}

const char *
line_status_name(enum line_status s)
{
	return (unsigned)s < LS_COUNT ? line_names[s] : "?";
}

int
line_status_parse(const char *s)
{
	int i;

	for (i = 0; i < LS_COUNT; i++)
		if (strcmp(s, line_names[i]) == 0)
			return i;
	return -1;
}

int
order_can_move(enum order_status from, enum order_status to)
{
	if ((unsigned)from >= OS_COUNT || (unsigned)to >= OS_COUNT)
		return 0;
	return (moves[from] & B(to)) != 0;
}

int
line_status_for_order(enum order_status s)
{
	switch (s) {
	case OS_IMPORTED: return LS_OPEN;
	case OS_ALLOCATED: return LS_ALLOCATED;
	case OS_ROUTED: return LS_ROUTED;
	case OS_RELEASED: return LS_RELEASED;
	case OS_SHIPPED: return LS_SHIPPED;
	case OS_DELIVERED: return LS_DELIVERED;
	case OS_RETURNED: return LS_RETURNED;
	case OS_CANCELLED: return LS_CANCELLED;
	default: return -1;
	}
}

int
order_is_open(enum order_status s)
{
	return s <= OS_RELEASED;
}

/*
 * A mix of reserved and waiting lines is backordered, so that
 * allocation takes the waiting ones only.  Shipped lines make the order
 * partially shipped once the rest is released; while some of the rest
 * still waits for allocation or routing, the order says so, or no tool
 * would take it up.
 */
int
order_status_from_lines(const long long n[LS_COUNT])
{
	long long live = 0, done = n[LS_SHIPPED] + n[LS_DELIVERED] +
	    n[LS_RETURNED], waiting = n[LS_OPEN] + n[LS_BACKORDERED],
	    held = n[LS_ALLOCATED] + n[LS_ROUTED] + n[LS_RELEASED];
	int i;

	for (i = 0; i < LS_COUNT; i++)
		if (i != LS_CANCELLED)
			live += n[i];
	if (live == 0)
		return OS_CANCELLED;
	if (done == live)
		return OS_SHIPPED;
	if (waiting > 0)
		return held == 0 && n[LS_BACKORDERED] == 0 && done == 0 ?
		    OS_IMPORTED : OS_BACKORDERED;
	if (n[LS_ALLOCATED] > 0)
		return OS_ALLOCATED;
	if (n[LS_ROUTED] > 0)
		return OS_ROUTED;
	return done > 0 ? OS_PARTIALLY_SHIPPED : OS_RELEASED;
}
