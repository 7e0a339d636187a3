#include <stddef.h>
#include <stdlib.h>

#include "atp.h"
#include "util.h"

long long
atp_sum(const struct atp_loc *v, int n, const char *channel,
    long long reserved, long long buffer)
{
	long long sum = 0;
	int i;

	for (i = 0; i < n; i++) {
		long long free_here = v[i].on_hand - v[i].safety;

		if (v[i].loc == NULL || (channel &&
		    !location_serves(v[i].loc, channel)))
			continue;
		if (free_here > 0)
			sum += free_here;
	}
	sum -= reserved + (channel ? buffer : 0);
	return sum > 0 ? sum : 0;
}

long long
atp(const struct config *c, const char *sku, const char *channel,
    const struct loc_qty *v, int n, long long reserved)
{
	struct atp_loc *a = xcalloc((size_t)n + 1, sizeof *a);
	long long sum;
	int i;

	for (i = 0; i < n; i++) {
		a[i].loc = config_location(c, v[i].location);
		a[i].on_hand = v[i].on_hand;
		a[i].safety = config_safety(c, sku, v[i].location);
	}
	sum = atp_sum(a, n, channel, reserved, channel ?
	    config_buffer(c, sku, channel) : 0);
	free(a);
	return sum;
}

long long
atp_location(const struct config *c, const char *sku, const char *location,
    long long on_hand, long long reserved)
{
	long long a = on_hand - config_safety(c, sku, location) - reserved;

	return a > 0 ? a : 0;
}
