#!/usr/bin/env bats
# oms-stock import of the product catalogue, and oms-stock catalogue.

load helper

setup() {
	export OMS_DB="$BATS_TEST_TMPDIR/oms.db"
	export OMS_CONFIG="$BATS_TEST_TMPDIR/oms.yaml"
	cd "$BATS_TEST_TMPDIR" || return 1
	printf 'locations:\n  - id: WH1\n' > oms.yaml
	printf 'sku\ttitle\tweight_g\tlength_mm\twidth_mm\theight_mm\tbin\ttags\n' > cat.tsv
	printf 'MUG\tBlue mug\t350\t120\t90\t100\tA-01-2\tFragile, Kitchen\n' >> cat.tsv
	printf 'LID\tLid\t\t\t\t\tB-7\t\n' >> cat.tsv
}

@test "the catalogue format: products recorded, listed, and the same file again changes nothing" {
	run --separate-stderr oms-stock import cat.tsv
	assert_success
	assert_line --index 1 "$(printf 'MUG\t\t\t\tcatalogue\t\tnew\tweight_g=350 length_mm=120 width_mm=90 height_mm=100 bin=A-01-2 tags=fragile,kitchen')"
	assert_line --index 2 "$(printf 'LID\t\t\t\tcatalogue\t\tnew\tbin=B-7')"
	[[ "$stderr" == *"cat.tsv: 2 new, 0 updated, 0 unchanged, 0 rejected"* ]]
	run --separate-stderr oms-stock catalogue
	assert_success
	assert_output "$(printf '%s\n' \
	    "sku	title	weight_g	length_mm	width_mm	height_mm	bin	tags" \
	    "LID	Lid					B-7	" \
	    "MUG	Blue mug	350	120	90	100	A-01-2	fragile,kitchen")"
	run oms-stock catalogue --sku MUG -o jsonl
	assert_output '{"sku":"MUG","title":"Blue mug","weight_g":350,"length_mm":120,"width_mm":90,"height_mm":100,"bin":"A-01-2","tags":"fragile,kitchen"}'
	before=$(ledger_digest)
	run --separate-stderr oms-stock import cat.tsv
	[[ "$stderr" == *"0 new, 0 updated, 2 unchanged"* ]]
	[ "$(ledger_digest)" = "$before" ]
}

@test "a later file changes what it says and keeps what it leaves out" {
	oms-stock import -q cat.tsv >/dev/null
	printf 'sku\tweight_g\tbin\nMUG\t360\t\n' > more.tsv
	run --separate-stderr oms-stock import more.tsv
	assert_success
	assert_line --index 1 --partial "updated"
	[ "$(sql "SELECT title || '|' || weight_g || '|' || length_mm || '|' || bin || '|' || tags FROM products WHERE sku = 'MUG'")" = "Blue mug|360|120|A-01-2|fragile,kitchen" ]
}

@test "units: pounds, ounces and kilograms to grams; inches and centimetres to millimetres" {
	cat > units.yaml <<'YAML'
name: units
kind: catalogue
detect: [item, mass]
delimiter: ","
stock:
  sku: item
  weight: mass
  weight_unit: {column: unit, default: g}
  length: l
  width: w
  height: h
  length_unit: {value: in}
YAML
	printf 'item,mass,unit,l,w,h\nA,1.5,lb,10,2.5,0.5\nB,8,oz,,,\nC,0.25,KG,,,\nD,12,,,,\n' > units.csv
	run --separate-stderr oms-stock import -p units.yaml units.csv
	assert_success
	[ "$(sql "SELECT group_concat(sku || ':' || coalesce(weight_g, '') || ':' || coalesce(length_mm, '') || 'x' || coalesce(width_mm, '') || 'x' || coalesce(height_mm, ''), ' ') FROM (SELECT * FROM products ORDER BY sku)")" = "A:680:254x64x13 B:227:xx C:250:xx D:12:xx" ]
}

@test "bad values: the row is rejected with its field, the rest imported" {
	printf 'sku\tweight_g\tlength_mm\nA\t-5\t\nB\tabc\t\nC\t100\t1.5\nD\t1.2345\t\n' > bad.tsv
	run --separate-stderr oms-stock import bad.tsv
	assert_failure 1
	[[ "$stderr" == *"bad.tsv:2: field 'weight': negative: '-5'"* ]]
	[[ "$stderr" == *"bad.tsv:3: field 'weight': not a number: 'abc'"* ]]
	[ "$(sql "SELECT group_concat(sku || ':' || weight_g || ':' || coalesce(length_mm, ''), ' ') FROM (SELECT * FROM products ORDER BY sku)")" = "C:100:2 D:1:" ]
	printf 'item,mass,unit\nA,1,stone\n' > u.csv
	printf 'name: u\nkind: catalogue\ndetect: [item]\ndelimiter: ","\nstock: {sku: item, weight: mass, weight_unit: {column: unit}}\n' > u.yaml
	run --separate-stderr oms-stock import -p u.yaml u.csv
	assert_failure 3
	[[ "$stderr" == *"u.csv:2: field 'weight_unit': unknown unit 'stone' (g, kg, lb or oz)"* ]]
}

@test "a Shopify products export: variants by SKU, title and tags from the product's first row" {
	{ echo 'Handle,Title,Body (HTML),Vendor,Tags,Published,Option1 Name,Option1 Value,Variant SKU,Variant Grams,Variant Inventory Qty,Variant Price,Variant Weight Unit'
	  echo 'mug,Blue Mug,<p>A mug</p>,Acme,"Kitchen, Gift",true,Size,S,MUG-S,300.0,5,12.00,kg'
	  echo 'mug,,,,,,,M,MUG-M,350.0,5,13.00,kg'
	  echo 'mug,,,,,,,,,,,,'
	  echo 'tote,Tote bag,,Acme,,true,Title,Default Title,,0.0,0,9.00,kg'; } > products_export.csv
	run --separate-stderr oms-stock import products_export.csv
	assert_success
	[[ "$stderr" == *"2 new, 0 updated, 0 unchanged, 0 rejected"* ]]
	[ "$(sql "SELECT group_concat(sku || '|' || coalesce(title, '') || '|' || weight_g || '|' || coalesce(tags, ''), ' ') FROM (SELECT * FROM products ORDER BY sku)")" = "MUG-M||350| MUG-S|Blue Mug|300|kitchen,gift" ]
}

@test "catalogue profiles: what they may and must map" {
	printf 'name: c\nkind: catalogue\nstock: {sku: a, quantity: b, weight: c}\n' > c1.yaml
	run --separate-stderr oms-stock import -p c1.yaml cat.tsv
	assert_failure 2
	[[ "$stderr" == *"stock: a catalogue has no 'quantity'"* ]]
	printf 'name: c\nkind: snapshot\nstock: {sku: a, quantity: b, location: l, weight: c}\n' > c2.yaml
	run --separate-stderr oms-stock import -p c2.yaml cat.tsv
	assert_failure 2
	[[ "$stderr" == *"stock: 'weight' is for catalogue profiles"* ]]
	printf 'name: c\nkind: catalogue\nstock: {sku: a}\n' > c3.yaml
	run --separate-stderr oms-stock import -p c3.yaml cat.tsv
	assert_failure 2
	[[ "$stderr" == *"stock: a catalogue needs title, weight, length, width, height, bin or tags"* ]]
	run oms-stock formats
	assert_line "$(printf 'stock-catalogue\tcatalogue\tproduct catalogue (sku, title, weight_g, length_mm, width_mm, height_mm, bin, tags)')"
	assert_line --partial "$(printf 'shopify-products\tcatalogue\t')"
}
