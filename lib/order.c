#include <stdlib.h>
#include <string.h>

#include "order.h"

void
address_clear(struct address *a)
{
	free(a->name);
	free(a->company);
	free(a->address1);
	free(a->address2);
	free(a->city);
	free(a->region);
	free(a->postal_code);
	free(a->country);
	free(a->phone);
	memset(a, 0, sizeof *a);
}

void
order_clear(struct order *o)
{
	int i;
	struct order_line *lines = o->lines;
	int cap = o->linecap;

	for (i = 0; i < o->nlines; i++) {
		free(lines[i].channel_line_id);
		free(lines[i].sku);
		free(lines[i].title);
	}
	free(o->number);
	free(o->placed_at);
	free(o->email);
	free(o->phone);
	free(o->customer_name);
	free(o->ship_method);
	free(o->risk);
	free(o->deliver_by);
	free(o->hold_reason);
	address_clear(&o->ship_to);
	address_clear(&o->bill_to);
	memset(o, 0, sizeof *o);
	/* Keep the line array: the next order reuses it. */
	o->lines = lines;
	o->linecap = cap;
}

struct order_line *
order_add_line(struct order *o)
{
	struct order_line *l;

	if (o->nlines == o->linecap) {
		o->linecap = o->linecap ? o->linecap * 2 : 8;
		o->lines = xrealloc(o->lines,
		    (size_t)o->linecap * sizeof *o->lines);
	}
	l = &o->lines[o->nlines++];
	memset(l, 0, sizeof *l);
	l->status = -1;
	l->requires_shipping = 1;
	return l;
}

static unsigned long long
fp_str(unsigned long long h, const char *s)
{
	static const char nul = 0;

	if (s)
		h = fnv1a(h, s, strlen(s));
	return fnv1a(h, &nul, 1);
}

static unsigned long long
fp_int(unsigned long long h, long long v)
{
	return fnv1a(h, &v, sizeof v);
}

static unsigned long long
fp_address(unsigned long long h, const struct address *a)
{
	h = fp_str(h, a->name);
	h = fp_str(h, a->company);
	h = fp_str(h, a->address1);
	h = fp_str(h, a->address2);
	h = fp_str(h, a->city);
	h = fp_str(h, a->region);
	h = fp_str(h, a->postal_code);
	h = fp_str(h, a->country);
	return fp_str(h, a->phone);
}

unsigned long long
order_fingerprint(const struct order *o)
{
	unsigned long long h = FNV1A_INIT;
	int i;

	h = fp_str(h, o->placed_at);
	h = fp_str(h, o->currency);
	h = fp_str(h, o->email);
	h = fp_str(h, o->phone);
	h = fp_str(h, o->customer_name);
	h = fp_str(h, o->ship_method);
	/* Only when there is one: exports without it keep their prints. */
	if (o->risk)
		h = fp_str(h, o->risk);
	if (o->deliver_by)
		h = fp_str(h, o->deliver_by);
	h = fp_int(h, o->shipping);
	h = fp_int(h, o->tax);
	h = fp_int(h, o->discount);
	h = fp_int(h, o->total);
	h = fp_int(h, o->status);
	h = fp_str(h, o->hold_reason);
	h = fp_int(h, o->needs_shipping);
	h = fp_address(h, &o->ship_to);
	h = fp_address(h, &o->bill_to);
	h = fp_int(h, o->has_lines);
	for (i = 0; i < o->nlines; i++) {
		const struct order_line *l = &o->lines[i];

		h = fp_str(h, l->channel_line_id);
		h = fp_str(h, l->sku);
		h = fp_str(h, l->title);
		h = fp_int(h, l->quantity);
		h = fp_int(h, l->unit_price);
		h = fp_int(h, l->discount);
		h = fp_int(h, l->tax);
		h = fp_int(h, l->requires_shipping);
		h = fp_int(h, l->status);
	}
	return h;
}

/* Countries whose addresses have no postal code. */
static int
needs_postal_code(const char *country)
{
	static const char *const none =
	    "AE AG AO AW BF BI BJ BO BS BW BZ CD CF CG CI CK CM DJ DM ER FJ GA "
	    "GD GH GM GQ GY HK JM KI KM KN KP LC ML MO MR MW NR NU QA RW SB SC "
	    "SL SR ST SY TD TG TK TL TO TT TV UG VU YE ZW";

	return strlen(country) != 2 || strstr(none, country) == NULL;
}

int
address_complete(const struct address *a)
{
	return a->address1 && *a->address1 && a->city && *a->city &&
	    a->country && *a->country &&
	    ((a->postal_code && *a->postal_code) ||
	    !needs_postal_code(a->country));
}
