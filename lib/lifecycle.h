/*
 * The order lifecycle: one state machine for every tool, documented in
 * oms(7).  All status changes go through order_can_move so that no tool
 * invents a transition of its own.
 */
#ifndef OMS_LIFECYCLE_H
#define OMS_LIFECYCLE_H

enum order_status {
	OS_IMPORTED,		/* captured, waiting for allocation */
	OS_ON_HOLD,		/* stopped by a rule or an operator, with a reason */
	OS_ALLOCATED,		/* every line has stock reserved */
	OS_BACKORDERED,		/* some line waits for stock */
	OS_ROUTED,		/* a location is chosen for every line */
	OS_RELEASED,		/* sent to the location for fulfilment */
	OS_PARTIALLY_SHIPPED,
	OS_SHIPPED,
	OS_DELIVERED,
	OS_PARTIALLY_RETURNED,
	OS_RETURNED,
	OS_CANCELLED,
	OS_COUNT
};

enum line_status {
	LS_OPEN,
	LS_ALLOCATED,
	LS_BACKORDERED,
	LS_ROUTED,
	LS_RELEASED,
	LS_SHIPPED,
	LS_DELIVERED,
	LS_RETURNED,
	LS_CANCELLED,
	LS_COUNT
};

const char *order_status_name(enum order_status s);
/* The status named s ("partially_shipped"), or -1. */
int order_status_parse(const char *s);
const char *line_status_name(enum line_status s);
int line_status_parse(const char *s);

/* Whether an order may go from one status to the other. */
int order_can_move(enum order_status from, enum order_status to);

/*
 * The status every open line takes when its order enters status s
 * (cancelled lines stay cancelled), or -1 when the lines keep their own
 * statuses (holds, partial shipments and returns are per line).
 */
int line_status_for_order(enum order_status s);

/* Whether an order in status s still waits for oms to fulfil it. */
int order_is_open(enum order_status s);

/*
 * Where an order stands from how many of its lines are in each status
 * (indexed by enum line_status): what a released hold goes back to.
 */
int order_status_from_lines(const long long n[LS_COUNT]);

#endif
