# events.awk: shipments (oms-ship confirmations -o tsv) in, a carrier's
# tracking events out (oms-track import), at fixed times: each parcel
# posted, every third out for delivery, every fifth delivered.
BEGIN { OFS = "\t"; print "tracking", "at", "code", "location", "text" }
NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
{
	t = $col["tracking"]
	if (t == "" || t in seen)
		next
	seen[t] = 1
	n++
	print t, "2030-01-02T08:00:00Z", "EMA", "Ottawa", "posted"
	if (n % 3 == 0)
		print t, "2030-01-03T07:00:00Z", "out_for_delivery", "Ottawa", "on the van"
	if (n % 5 == 0)
		print t, "2030-01-03T15:00:00Z", "EMI", "Ottawa", "delivered"
}
