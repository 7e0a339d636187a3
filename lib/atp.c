#include <stddef.h>

#include "atp.h"

long long
atp(const struct config *c, const char *sku, const char *channel,
    const struct loc_qty *v, int n, long long reserved)
{
	long long sum = 0;
	int i;

	for (i = 0; i < n; i++) {
		const struct location *loc = config_location(c, v[i].location);
		long long free_here;

		if (loc == NULL || (channel && !location_serves(loc, channel)))
			continue;
		free_here = v[i].on_hand - config_safety(c, sku,
		    v[i].location);
		if (free_here > 0)
			sum += free_here;
	}
	sum -= reserved;
	if (channel)
		sum -= config_buffer(c, sku, channel);
	return sum > 0 ? sum : 0;
}

long long
atp_location(const struct config *c, const char *sku, const char *location,
    long long on_hand, long long reserved)
{
	long long a = on_hand - config_safety(c, sku, location) - reserved;

	return a > 0 ? a : 0;
}
