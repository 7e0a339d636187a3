# confirmations.awk: a pick list (oms-fulfil picklist) in, what its
# locations report out (oms-fulfil confirm): every seventh group
# rejected, the first line of every fifth short by one unit (when it
# has more than one), the rest picked and packed in one parcel.
BEGIN { OFS = "\t"; print "group", "status", "line", "quantity", "parcel", "weight_g", "reason" }
NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
{
	g = $col["group"]
	if (g % 7 == 0) {
		if (!(g in seen))
			print g, "rejected", "", "", "", "", "out of stock at the store"
		seen[g] = 1
		next
	}
	q = $col["quantity"]
	if (g % 5 == 0 && !(g in seen) && q > 1)
		q--
	print g, "picked", $col["line"], q, "", "", ""
	if (!(g in seen))
		order[++n] = g
	seen[g] = 1
}
END { for (i = 1; i <= n; i++) print order[i], "packed", "", "", 1, 500 + order[i], "" }
