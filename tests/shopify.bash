# Short Shopify exports for tests that need orders, not formats:
# `load shopify` after `load helper`.

HDR='Name,Email,Financial Status,Fulfillment Status,Currency,Created at,Lineitem quantity,Lineitem name,Lineitem price,Lineitem sku,Lineitem requires shipping,Shipping Name,Shipping Address1,Shipping City,Shipping Zip,Shipping Country,Cancelled at,Shipping Method'

# row NUMBER DAY QTY SKU [STATUS] [SHIPPING]: one line of a Shopify export.
row() {
	printf '#%s,c%s@example.com,%s,unfulfilled,EUR,2025-05-%02d 10:00:00 +0000,%s,%s,1.00,%s,true,Ann,1 Main St,Ottawa,K2P 2L8,CA,,%s\n' \
	    "$1" "$1" "${5:-paid}" "$2" "$3" "$4" "$4" "${6:-Standard}"
}
