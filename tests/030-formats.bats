#!/usr/bin/env bats
# The built-in marketplace formats (profiles/*.yaml) and the example
# profiles, against real and synthetic exports (see fixtures/SOURCES.md).

load helper

AMZ="$FIXTURES/amazon/amazon_unshipped_orders_eu_sample.txt"
AMZ2="$FIXTURES/amazon/amazon_unshipped_orders_eu_multiline_synthetic.txt"
AMZALL="$FIXTURES/amazon/amazon_all_orders_synthetic.txt"
AMZHDR="$FIXTURES/amazon/airbyte_GET_FLAT_FILE_ARCHIVED_ORDERS_DATA_BY_ORDER_DATE.csv"
# Read from ../shared, not copied: its licence is unknown.
AMZIN_SHARED=fixtures/marketplaces/amazon/amazon_sale_report_in_head2000.csv
EBAY="$FIXTURES/ebay/ebay_selling_manager_saleshistory_2016.csv"
EBAYX="$FIXTURES/ebay/ebay_file_exchange_style_synthetic.csv"
ETSYI="$FIXTURES/etsy/EtsySoldOrderItems2024.csv"
ETSYO="$FIXTURES/etsy/EtsySoldOrders2024.csv"
WOO="$FIXTURES/woocommerce/wc_webtoffee_order_export_sample.csv"
SNOW="$FIXTURES/shopify/orders_export_devstore_snowboards.csv"
POSH="$FIXTURES/other/poshmark_sales_report_synthetic_unterminated_quote.csv"
BRICK="$FIXTURES/other/bricklink_orders_synthetic_unquoted_comma.csv"
AMZIN_PROFILE="$REPO/examples/profiles/amazon-in-sale-report.yaml"
UCI_PROFILE="$REPO/examples/profiles/uci-online-retail.yaml"

# q SQL: one value from the ledger.
q() {
	sql "$1"
}

# actions: the distinct actions of oms-import's records in $output.
actions() {
	printf '%s\n' "$output" | field action | sort -u
}

@test "every order export is recognised by its header, without -f" {
	local f want got
	while read -r f want; do
		rm -f "$OMS_DB"
		run --separate-stderr oms-import "$FIXTURES/$f"
		assert_success
		got=$(sql 'SELECT DISTINCT format FROM imports')
		[ "$got" = "$want" ] || {
			echo "$f: detected as '$got', expected '$want'"
			return 1
		}
	done <<-EOF
		amazon/amazon_unshipped_orders_eu_sample.txt amazon
		amazon/amazon_unshipped_orders_eu_multiline_synthetic.txt amazon
		amazon/amazon_all_orders_synthetic.txt amazon-orders
		ebay/ebay_selling_manager_saleshistory_2016.csv ebay
		ebay/ebay_file_exchange_style_synthetic.csv ebay-exchange
		etsy/EtsySoldOrderItems2024.csv etsy-items
		etsy/EtsySoldOrders2024.csv etsy-orders
		woocommerce/wc_webtoffee_order_export_sample.csv woocommerce
		shopify/orders_export_devstore_snowboards.csv shopify
	EOF
}

@test "files that are no built-in format are not mistaken for one" {
	use_shared "$AMZIN_SHARED"
	AMZIN=$shared_file
	for f in "$AMZIN" "$POSH" "$BRICK"; do
		run --separate-stderr oms-import -n "$f"
		assert_failure 3
		[[ "$stderr" == *"unknown format"* ]]
	done
}

@test "amazon: the EU unshipped sample, normalised" {
	run --separate-stderr oms-import "$AMZ"
	assert_success
	[ "$(printf '%s\n' "$output" | field channel)" = amazon ]
	run q "SELECT status, currency, total, shipping, tax, placed_at, c.email, ship_name, ship_address1, ship_city, ship_region, ship_postal_code, ship_country FROM orders o JOIN order_state s USING (order_id) JOIN customers c USING (customer_id) WHERE channel_order_no = '111-31313131-775566'"
	assert_output 'imported|GBP|1159|100|184|2020-05-08T18:06:46Z|sample@marketplace.amazon.co.uk|John Doe|Sample Street 64|Almuñécar|Granada|14630|ES'
	run q "SELECT line_no, channel_line_id, sku, title, quantity, unit_price, tax FROM order_lines"
	assert_output '1|0938446464647|AB-FOTX-IASP|Item_title123|1|1059|184'
}

@test "amazon: item-price is the line total; per-line shipping is summed" {
	run --separate-stderr oms-import "$AMZ2"
	assert_success
	[ "$(q 'SELECT count(*) FROM orders')" = 2 ]
	[ "$(q 'SELECT count(*) FROM order_lines')" = 3 ]
	# 25.98 for 2 mugs + 8.50; shipping 2.99 + 1.50; VAT is inside the prices.
	run q "SELECT shipping, tax, total, total_mismatch, ship_address2, ship_country FROM orders WHERE channel_order_no = '302-1234567-7654321'"
	assert_output '449|551|3897|0|Hinterhaus|DE'
	run q "SELECT l.line_no, channel_line_id, quantity, unit_price, l.tax FROM order_lines l JOIN orders o USING (order_id) WHERE channel_order_no = '302-1234567-7654321' ORDER BY 1"
	assert_output "$(printf '1|41234567890123|2|1299|415\n2|41234567890124|1|850|136')"
	# +02:00 in the export, UTC in the ledger; no payments-date: held.
	run q "SELECT placed_at, status, hold_reason FROM orders JOIN order_state USING (order_id) WHERE channel_order_no = '302-7654321-1234567'"
	assert_output '2024-06-04T05:02:44Z|on_hold|payment'
}

@test "amazon: importing the same report again leaves every order unchanged" {
	oms-import -q "$AMZ2" >/dev/null
	run --separate-stderr oms-import "$AMZ2"
	assert_success
	[ "$(actions)" = unchanged ]
	[ "$(q 'SELECT count(*) FROM events')" = 3 ]
}

@test "amazon-orders: statuses, cancelled quantity-0 items, pending held" {
	run --separate-stderr oms-import "$AMZALL"
	assert_success
	[ "$(printf '%s\n' "$output" | field channel | sort -u)" = amazon ]
	[ "$(q 'SELECT format FROM imports')" = amazon-orders ]
	run q "SELECT channel_order_no, status, ifnull(hold_reason, '-'), shipping, total, placed_at, ship_country FROM orders JOIN order_state USING (order_id) ORDER BY 1"
	assert_output "$(printf '%s\n' \
	    '203-1111111-1111111|shipped|-|249|3846|2024-05-01T09:00:00Z|GB' \
	    '203-2222222-2222222|cancelled|-|0|0|2024-05-02T11:30:00Z|GB' \
	    '203-3333333-3333333|on_hold|payment|199|997|2024-05-04T07:15:00Z|IE')"
	run q "SELECT channel_order_no, l.line_no, l.sku, l.quantity, l.unit_price, l.status FROM order_lines l JOIN orders o USING (order_id) ORDER BY 1, 2"
	assert_output "$(printf '%s\n' \
	    '203-1111111-1111111|1|NB-A5-DOT|3|699|shipped' \
	    '203-1111111-1111111|2|FP-BLK|1|1500|shipped' \
	    '203-2222222-2222222|1|NB-A4-LIN|1|0|cancelled' \
	    '203-3333333-3333333|1|INK-6|2|399|open')"
	run --separate-stderr oms-import "$AMZALL"
	assert_success
	[ "$(actions)" = unchanged ]
}

@test "amazon and amazon-orders share the channel; each keeps what the other lacks" {
	run --separate-stderr oms-import "$FIXTURES/amazon/amazon_unshipped_orders_eu_sample.txt"
	assert_success
	before=$(q "SELECT ship_name, ship_address1, ship_city, ship_postal_code FROM orders")
	[ "$before" = 'John Doe|Sample Street 64|Almuñécar|14630' ]
	number=$(q 'SELECT channel_order_no FROM orders')
	awk -F '\t' -v OFS='\t' -v n="$number" 'NR == 2 { $1 = n } NR <= 2' "$AMZALL" > all.txt
	run --separate-stderr oms-import all.txt
	[ "$(q 'SELECT count(*) FROM orders')" = 1 ]
	# The All Orders report has a country but no street: the street stays.
	[ "$(q "SELECT ship_name, ship_address1, ship_city, ship_postal_code FROM orders")" = "$before" ]
	[ "$(q "SELECT status FROM orders JOIN order_state USING (order_id)")" = shipped ]
}

@test "amazon-orders: a later report cancels a pending order and its line" {
	oms-import -q "$AMZALL" >/dev/null
	sed 's/\tPending\t/\tCancelled\t/; s/\tUnshipped\t/\tCancelled\t/' "$AMZALL" > later.txt
	run --separate-stderr oms-import later.txt
	assert_success
	[ "$(printf '%s\n' "$output" | awk -F '\t' 'NR > 1 { print $3, $9 }' | paste -sd ,)" = '203-1111111-1111111 unchanged,203-2222222-2222222 unchanged,203-3333333-3333333 updated' ]
	run q "SELECT s.status, ifnull(hold_reason, '-'), l.status FROM orders o JOIN order_state s USING (order_id) JOIN order_lines l USING (order_id) WHERE channel_order_no = '203-3333333-3333333'"
	assert_output 'cancelled|-|cancelled'
	run --separate-stderr oms-import later.txt
	[ "$(actions)" = unchanged ]
}

@test "amazon-orders: a report whose rows repeat the header is recognised and skipped" {
	run --separate-stderr oms-import "$AMZHDR"
	assert_success
	[[ "$stderr" == *"2 rows, 0 orders"* ]]
	run --separate-stderr oms-import -f amazon "$AMZHDR"
	assert_failure 3
	[[ "$stderr" == *"no header with the columns profile amazon expects"* ]]
}

@test "ebay: junk before the header and the footer rows are skipped" {
	run --separate-stderr oms-import "$EBAY"
	assert_success
	[[ "$stderr" == *"8 rows, 4 orders: 4 new, 0 updated, 0 unchanged, 0 rejected"* ]]
	[ "$(printf '%s\n' "$output" | field channel_order | paste -sd ' ')" = '801 802 803 804' ]
	[ "$(q "SELECT count(*) FROM orders WHERE channel_order_no NOT IN ('801','802','803','804')")" = 0 ]
	[ "$(q 'SELECT count(*) FROM order_lines')" = 4 ]
}

@test "ebay: dollar amounts, unit prices, Jan-18-16 dates, country names" {
	oms-import -q "$EBAY" >/dev/null
	run q "SELECT channel_order_no, total, placed_at, c.email, ship_city, ifnull(ship_region, '-'), ship_postal_code, ship_country FROM orders o JOIN customers c USING (customer_id) WHERE channel_order_no IN ('801', '802') ORDER BY 1"
	assert_output "$(printf '%s\n' \
	    '801|1950|2016-01-18T08:00:00Z|someonerandom@yahoo.com|White Sea|OH|1344-1523|US' \
	    '802|1180|2016-01-18T08:00:00Z|someonerandom@gmail.com|South Forest|-|4441|SE')"
	# Sale Price is per unit: 2 x $5.90 and 4 x $3.
	run q "SELECT o.channel_order_no, quantity, unit_price, sku, title FROM order_lines l JOIN orders o USING (order_id) WHERE channel_order_no IN ('802', '803') ORDER BY 1"
	assert_output "$(printf '%s\n' \
	    '802|2|590|SHRT-300-M|Black T-shirt [Regular,M]' \
	    '803|4|300|SHRT-305-S|Black T-shirt [Regular,S]')"
	# No postal code for the UK buyer: held for the address.
	run q "SELECT status, hold_reason, ship_country FROM orders JOIN order_state USING (order_id) WHERE channel_order_no = '804'"
	assert_output 'on_hold|address|GB'
	run --separate-stderr oms-import "$EBAY"
	assert_success
	[ "$(actions)" = unchanged ]
}

@test "ebay-exchange: 20 orders, a bare quote inside a title, a stated total that is off" {
	run --separate-stderr oms-import "$EBAYX"
	assert_success
	[ "$(printf '%s\n' "$output" | awk -F '\t' '$3 == "28-12345-67896" { print $10 }')" = total_mismatch ]
	[ "$(q 'SELECT count(*) FROM orders')" = 20 ]
	[ "$(q "SELECT group_concat(DISTINCT status) FROM orders JOIN order_state USING (order_id)")" = shipped ]
	run q "SELECT title FROM order_lines l JOIN orders o USING (order_id) WHERE channel_order_no = '28-12345-67908'"
	assert_output 'Charlie Parker Live at Birdland 10" LP Verve'
	run q "SELECT total, total_mismatch, placed_at, ship_postal_code FROM orders WHERE channel_order_no = '28-12345-67896'"
	assert_output '5499|100|2025-01-16T08:00:00Z|80201'
	run --separate-stderr oms-import "$EBAYX"
	assert_success
	[ "$(actions)" = unchanged ]
}

@test "etsy-items: lines, coupon, trimmed names, ZIPs kept as text" {
	run --separate-stderr oms-import "$ETSYI"
	assert_success
	[ "$(q 'SELECT count(*) FROM orders')" = 3 ]
	[ "$(q 'SELECT count(*) FROM order_lines')" = 4 ]
	run q "SELECT channel_order_no, status, ifnull(hold_reason, '-'), shipping, tax, discount, total, placed_at, ship_name, ship_postal_code, ship_country FROM orders JOIN order_state USING (order_id) ORDER BY 1"
	assert_output "$(printf '%s\n' \
	    '3141592001|shipped|-|450|173|240|3633|2024-03-14T00:00:00Z|Ada Example|97201|US' \
	    '3141592002|imported|-|1200|0|0|4000|2024-03-13T00:00:00Z|Bob  Example|M5V 2T6|CA' \
	    '3141592003|on_hold|payment|500|162|0|3362|2024-03-12T00:00:00Z|Cy Example|02108|US')"
	run q "SELECT channel_line_id, sku, quantity, unit_price, status FROM order_lines ORDER BY order_id, line_no LIMIT 2"
	assert_output "$(printf '4001001|SCS-LAV|2|1200|shipped\n4001002|BW-SET3|1|850|shipped')"
	run --separate-stderr oms-import "$ETSYI"
	assert_success
	[ "$(actions)" = unchanged ]
}

@test "etsy-orders: order-level only, no lines" {
	run --separate-stderr oms-import "$ETSYO"
	assert_success
	[ "$(printf '%s\n' "$output" | field lines | sort -u)" = 0 ]
	[ "$(q 'SELECT count(*) FROM order_lines')" = 0 ]
	run q "SELECT channel_order_no, status, total, discount, ship_address2 FROM orders JOIN order_state USING (order_id) WHERE channel_order_no IN ('3141592001', '3141592002') ORDER BY 1"
	assert_output "$(printf '3141592001|shipped|3633|240|Apt 4\n3141592002|shipped|4000|0|')"
	run --separate-stderr oms-import "$ETSYO"
	assert_success
	[ "$(actions)" = unchanged ]
}

@test "etsy: the orders download updates orders from the items download and keeps their lines" {
	oms-import -q --channel etsy "$ETSYI" >/dev/null
	run --separate-stderr oms-import --channel etsy "$ETSYO"
	assert_success
	[ "$(q 'SELECT count(*) FROM orders')" = 3 ]
	[ "$(q 'SELECT count(*) FROM order_lines')" = 4 ]
	[ "$(q "SELECT group_concat(sku) FROM (SELECT sku FROM order_lines ORDER BY order_id, line_no)")" = 'SCS-LAV,BW-SET3,MUG-SPK,TT-LIN' ]
	run q "SELECT status FROM orders JOIN order_state USING (order_id) WHERE channel_order_no = '3141592002'"
	assert_output shipped
	[ "$(q "SELECT count(*) FROM channels WHERE name = 'etsy'")" = 1 ]
}

@test "woocommerce: packed line cells, a quoted newline, statuses" {
	run --separate-stderr oms-import "$WOO"
	assert_success
	[[ "$stderr" == *"3 rows, 3 orders: 3 new"* ]]
	[ "$(q 'SELECT count(*) FROM order_lines')" = 5 ]
	run q "SELECT l.line_no, sku, title, quantity, unit_price, l.tax FROM order_lines l JOIN orders o USING (order_id) WHERE channel_order_no = '1003' ORDER BY 1"
	assert_output "$(printf '%s\n' \
	    '1|A13|LED TV|1|2319|417' \
	    '2|A11|Samsung Galaxy Ace Duos|1|880|158' \
	    "3|B11V2|Men's Cotton T-Shirt|1|800|144")"
	run q "SELECT channel_order_no, status, ifnull(hold_reason, '-'), placed_at, shipping, tax, total FROM orders JOIN order_state USING (order_id) ORDER BY 1"
	assert_output "$(printf '%s\n' \
	    '1001|shipped|-|2018-05-16T07:32:06Z|1000|342|2242' \
	    '1002|on_hold|payment|2018-05-16T07:25:28Z|1000|504|3304' \
	    '1003|imported|-|2018-05-16T07:21:32Z|1000|899|5898')"
	# An empty customer_email: the billing email is used.
	run q "SELECT c.email, o.ship_address2 FROM orders o JOIN customers c USING (customer_id) WHERE channel_order_no IN ('1001', '1002') ORDER BY channel_order_no"
	assert_output "$(printf 'lilly@example.com|Door No,16\njohn@example.com|')"
}

@test "woocommerce: order 1001's stated total (a fee) is flagged, not rejected" {
	run --separate-stderr oms-import "$WOO"
	assert_success
	[ "$(printf '%s\n' "$output" | awk -F '\t' '$3 == "1001" { print $10 }')" = total_mismatch ]
	[ "$(printf '%s\n' "$output" | awk -F '\t' '$3 == "1003" { print $10 }')" = '' ]
	run q "SELECT total_mismatch FROM orders WHERE channel_order_no = '1001'"
	assert_output 100
	run q "SELECT detail FROM events JOIN orders USING (order_id) WHERE channel_order_no = '1001' AND kind = 'total_mismatch'"
	assert_output 'stated total 22.42 USD differs from lines, shipping and tax by +1.00'
	run --separate-stderr oms-import "$WOO"
	assert_success
	[ "$(actions)" = unchanged ]
}

@test "--channel keeps two stores' identical order numbers apart" {
	run --separate-stderr oms-import --channel shop-a "$WOO"
	assert_success
	run --separate-stderr oms-import --channel shop-b "$WOO"
	assert_success
	[ "$(actions)" = new ]
	[ "$(q 'SELECT count(*) FROM orders')" = 6 ]
	run q "SELECT c.name FROM orders o JOIN channels c USING (channel_id) WHERE channel_order_no = '1001' ORDER BY 1"
	assert_output "$(printf 'shop-a\nshop-b')"
	run --separate-stderr oms-import --channel shop-a "$WOO"
	[ "$(actions)" = unchanged ]
}

@test "example profile: Amazon.in sale report" {
	use_shared "$AMZIN_SHARED"
	AMZIN=$shared_file
	run --separate-stderr oms-import -p "$AMZIN_PROFILE" "$AMZIN"
	assert_success
	[[ "$stderr" == *"1999 rows, 1677 orders: 1677 new, 0 updated, 0 unchanged, 0 rejected"* ]]
	run q "SELECT status, count(*) FROM orders JOIN order_state USING (order_id) GROUP BY 1 ORDER BY 1"
	assert_output "$(printf 'cancelled|75\ndelivered|299\nreturned|15\nshipped|1288')"
	run q "SELECT status, currency, total, placed_at, ship_city, ship_region, ship_postal_code, ship_country FROM orders JOIN order_state USING (order_id) WHERE channel_order_no = '171-9198151-1101146'"
	assert_output 'delivered|INR|40600|2022-04-29T18:30:00Z|BENGALURU|KARNATAKA|560085.0|IN'
	# Amount is the line total: 2130.0 for two.
	run q "SELECT quantity, unit_price FROM order_lines l JOIN orders o USING (order_id) WHERE channel_order_no = '171-6655820-6440356'"
	assert_output '2|106500'
	# Qty 0 rows are skipped: an order of nothing but those is absent.
	[ "$(q "SELECT count(*) FROM orders WHERE channel_order_no = '405-8078784-5731545'")" = 0 ]
	[ "$(q "SELECT count(*) FROM order_lines WHERE quantity = 0")" = 0 ]
}

@test "example profile: UCI Online Retail, the first 2000 lines" {
	use_shared datasets/uci_online_retail/online_retail.csv.xz
	uci=$shared_file
	xz -dc "$uci" | head -2000 > head.csv
	run --separate-stderr oms-import -p "$UCI_PROFILE" head.csv
	assert_success
	[[ "$stderr" == *"1999 rows, 97 orders: 97 new"* ]]
	run q "SELECT status, count(*) FROM orders JOIN order_state USING (order_id) GROUP BY 1 ORDER BY 1"
	assert_output "$(printf 'cancelled|6\ndelivered|91')"
	run q "SELECT status, currency, placed_at, total, ifnull(ship_country, '-') FROM orders JOIN order_state USING (order_id) WHERE channel_order_no = '536365'"
	assert_output 'delivered|GBP|2010-12-01T08:26:00Z|13912|GB'
	[ "$(q "SELECT count(*) FROM order_lines l JOIN orders o USING (order_id) WHERE channel_order_no = '536365'")" = 7 ]
	# C invoices are cancellations, with their quantities made positive.
	run q "SELECT s.status, l.sku, l.quantity, l.unit_price FROM order_lines l JOIN orders o USING (order_id) JOIN order_state s USING (order_id) WHERE channel_order_no = 'C536379'"
	assert_output 'cancelled|D|1|2750'
	[ "$(q "SELECT group_concat(c) FROM (SELECT DISTINCT ship_country c FROM orders ORDER BY 1)")" = 'AU,DE,FR,GB,IE,NL,NO' ]
}

@test "example profile: UCI countries, sub-penny prices, stock adjustments" {
	cat > uci.csv <<-'EOF'
		InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country
		900001,X1,CUSHION PAD,10,2011-06-01 10:00:00,0.001,12345.0,Channel Islands
		900002,X2,MUG,2,2011-06-01 11:00:00,1.25,,RSA
		C900003,X2,MUG,-2,2011-06-02 09:00:00,1.25,,Unspecified
		900004,X3,damaged,-5,2011-06-03 09:00:00,0,,United Kingdom
		900005,X4,PLATE,1,2011-06-03 10:00:00,2.50,,European Community
	EOF
	run --separate-stderr oms-import -p "$UCI_PROFILE" uci.csv
	assert_failure 1
	[[ "$stderr" == *"uci.csv:5: field 'quantity': must be greater than 0: '-5'"* ]]
	run q "SELECT channel_order_no, status, placed_at, ifnull(ship_country, '-'), total FROM orders JOIN order_state USING (order_id) ORDER BY 1"
	assert_output "$(printf '%s\n' \
	    '900001|delivered|2011-06-01T09:00:00Z|-|0' \
	    '900002|delivered|2011-06-01T10:00:00Z|ZA|250' \
	    '900005|delivered|2011-06-03T09:00:00Z|-|250' \
	    'C900003|cancelled|2011-06-02T08:00:00Z|-|250')"
}

@test "an unterminated quote is an error at its line, and nothing is stored" {
	oms-import -q "$WOO" >/dev/null
	before=$(ledger_digest)
	run --separate-stderr oms-import -p "$FIXTURES/profiles/poshmark.yaml" "$POSH"
	assert_failure
	[[ "$stderr" == *"poshmark_sales_report_synthetic_unterminated_quote.csv:2: "*"unterminated"* ]]
	[ "$(ledger_digest)" = "$before" ]
}

@test "an unquoted comma that shifts the columns rejects every row, by line" {
	oms-import -q "$WOO" >/dev/null
	before=$(ledger_digest)
	run --separate-stderr oms-import -p "$FIXTURES/profiles/bricklink.yaml" "$BRICK"
	assert_failure 3
	[[ "$stderr" == *"bricklink_orders_synthetic_unquoted_comma.csv:2: "* ]]
	[[ "$stderr" == *"bricklink_orders_synthetic_unquoted_comma.csv:31: "* ]]
	[[ "$stderr" == *"30 rows, 30 orders: 0 new, 0 updated, 0 unchanged, 30 rejected"* ]]
	[ "$(printf '%s\n' "$output" | field action | sort -u)" = rejected ]
	[ "$(ledger_digest)" = "$before" ]
}

@test "etsy: both downloads again, in turn, change nothing" {
	items="$FIXTURES/etsy/EtsySoldOrderItems2024.csv"
	orders="$FIXTURES/etsy/EtsySoldOrders2024.csv"
	oms-import -q "$items" "$orders" >/dev/null
	events=$(q 'SELECT count(*) FROM events')
	run oms-import -q "$items" "$orders"
	assert_success
	[ "$(actions)" = unchanged ]
	[ "$(q 'SELECT count(*) FROM events')" = "$events" ]
}

@test "a Windows-1252 export with decimal commas and Berlin time (example profile)" {
	run oms-import -q -p "$REPO/examples/profiles/phone-orders.yaml" "$REPO/examples/exports/phone-orders.csv"
	assert_success
	run q "SELECT channel_order_no, ship_name, ship_address1, ship_country, placed_at, shipping, total, status, ifnull(hold_reason, '-') FROM orders JOIN order_state USING (order_id) ORDER BY 1"
	assert_output "$(printf '%s\n' \
	    'T-1001|Jürgen Müller|Hauptstraße 5|DE|2025-11-03T09:15:00Z|490|126390|imported|-' \
	    'T-1002|Ana Souza|Rua Augusta 10|PT|2025-11-03T15:40:00Z|990|5990|on_hold|payment')"
	run q "SELECT title, unit_price FROM order_lines ORDER BY order_id, line_no"
	assert_output "$(printf '%s\n' 'Tasse „Rot“|1250' 'Teller 24 cm|123400' 'Tasse Blau €-Edition|1250')"
}
