# Orders, locations and stock for the oms-route tests: `load route`
# after `load helper`.  A Shopify export with the columns that fraud
# rules and routing read (phone, billing country, shipping method).

RHDR='Name,Email,Phone,Financial Status,Fulfillment Status,Currency,Created at,Lineitem quantity,Lineitem name,Lineitem price,Lineitem sku,Lineitem requires shipping,Shipping Name,Shipping Address1,Shipping City,Shipping Zip,Shipping Country,Billing Country,Shipping Method'

# o NUMBER SKU QTY [NAME=VALUE...]: one line of an order.  NAMEs: price
# email phone street city zip country bill method at.
o() {
	local n=$1 sku=$2 qty=$3 price=10.00 email="c$1@example.com" phone=""
	local street="1 Main St" city=Munich zip=80333 country=DE bill=""
	local method=Standard at="2025-05-01 10:00:00 +0000" kv
	shift 3
	for kv in "$@"; do
		local "$kv"
	done
	[ -n "$bill" ] || bill=$country
	printf '#%s,%s,%s,paid,unfulfilled,EUR,%s,%s,%s,%s,%s,true,Ann,"%s",%s,%s,%s,%s,%s\n' \
	    "$n" "$email" "$phone" "$at" "$qty" "$sku" "$price" "$sku" \
	    "$street" "$city" "$zip" "$country" "$bill" "$method"
}

# orders: the export on stdin (without header) imported and allocated.
orders() {
	{ echo "$RHDR"; cat; } > orders.csv
	oms-import -q orders.csv >/dev/null
	oms-allocate -q --pending >/dev/null
}

# stock SKU LOCATION ON_HAND...: a snapshot of the given counts.
stock() {
	printf 'sku\tlocation\ton_hand\n' > snap.tsv
	while [ $# -ge 3 ]; do
		printf '%s\t%s\t%s\n' "$1" "$2" "$3" >> snap.tsv
		shift 3
	done
	oms-stock import -q snap.tsv >/dev/null
}

# Three locations with coordinates: Berlin, Munich, Paris.
LOCATIONS='locations:
  - id: BER
    address: {city: Berlin, postal_code: "10115", country: DE}
    latitude: 52.53
    longitude: 13.38
  - id: MUC
    address: {city: Munich, postal_code: "80331", country: DE}
    latitude: 48.14
    longitude: 11.57
  - id: PAR
    address: {city: Paris, postal_code: "75001", country: FR}
    latitude: 48.86
    longitude: 2.35'

# routed: ORDER -> "LOCATION:SKU:QTY ..." of its active reservations.
routed() {
	sql "SELECT group_concat(location || ':' || sku || ':' || quantity, ' ') FROM (SELECT location, sku, quantity FROM reservations WHERE order_id = $1 AND status = 'active' ORDER BY location, sku)"
}

state() {
	sql "SELECT status || '|' || coalesce(hold_reason, '') FROM order_state WHERE order_id = $1"
}
