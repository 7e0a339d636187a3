# fish completion for oms, oms-import, oms-stock, oms-allocate,
# oms-check, oms-order, oms-route, oms-fulfil, oms-ship and oms-track.  Installed as oms.fish and symlinked as oms-import.fish,
# oms-stock.fish, oms-allocate.fish and oms-check.fish: whichever fish
# loads first defines the completions of every command, once.

if set -q __oms_completions_loaded
    exit
end
set -g __oms_completions_loaded 1

# The built-in formats of oms-import -f, as "oms-import --formats" lists
# them (format, channel, description); where it cannot (not on PATH, or
# older), the list below, which mirrors profiles/*.yaml: add a name
# there when a profile is added.
function __oms_formats
    if command -q oms-import
        set -l listed (oms-import --formats 2>/dev/null | string match -v -r '^format\t')
        if set -q listed[1]
            string replace -r '^([^\t]*)\t([^\t]*)\t(.*)$' '$1\t$3 (channel $2)' -- $listed
            return
        end
    end
    printf '%s\t%s\n' amazon-orders 'Amazon Seller Central All Orders / archived orders report (TAB flat file) (channel amazon)'
    printf '%s\t%s\n' amazon 'Amazon Seller Central unshipped orders report (TAB flat file) (channel amazon)'
    printf '%s\t%s\n' ebay-exchange 'eBay File Exchange sales history (CSV, 36 columns) (channel ebay)'
    printf '%s\t%s\n' ebay 'eBay Selling Manager Sales History (CSV) (channel ebay)'
    printf '%s\t%s\n' etsy-items 'Etsy Sold Order Items (CSV, one row per item) (channel etsy)'
    printf '%s\t%s\n' etsy-orders 'Etsy Sold Orders (CSV, one row per order, no lines) (channel etsy)'
    printf '%s\t%s\n' shopify 'Shopify orders export (CSV) (channel shopify)'
    printf '%s\t%s\n' woocommerce 'WooCommerce order export (WebToffee plugin, CSV) (channel woocommerce)'
end

# The built-in stock formats of oms-stock -f, as "oms-stock formats"
# lists them (format, kind, description); where it cannot, the list
# below, which mirrors the stock profiles in profiles/*.yaml.
function __oms_stock_formats
    if command -q oms-stock
        set -l listed (oms-stock formats 2>/dev/null | string match -v -r '^format\t')
        if set -q listed[1]
            string replace -r '^([^\t]*)\t([^\t]*)\t(.*)$' '$1\t$3 ($2)' -- $listed
            return
        end
    end
    printf '%s\t%s\n' stock-snapshot 'on hand per SKU and location (sku, location, on_hand, at) (snapshot)'
    printf '%s\t%s\n' stock-movements 'receipts, adjustments, transfers (sku, from, to, quantity, reason) (movements)'
    printf '%s\t%s\n' stock-receipts 'expected receipts (reference, sku, location, quantity, expected_at) (receipts)'
    printf '%s\t%s\n' shopify-products 'Shopify products export (CSV): SKU, title, weight, tags (catalogue)'
    printf '%s\t%s\n' stock-catalogue 'product catalogue (sku, title, weight_g, length_mm, width_mm, height_mm, bin, tags) (catalogue)'
end

# The command given to oms: its first argument that is not an option.
function __oms_subcommand
    for w in (commandline -opc)[2..-1]
        switch $w
            case '-*'
            case '*'
                echo $w
                return
        end
    end
end

# Whether the command given to oms is $argv[1].
function __oms_sub_is -a want
    set -l c (__oms_subcommand)
    test "$c" = "$want"
end

# The command given to oms-stock (or to "oms stock"): the first word
# after it that is neither an option nor the argument of one.
function __oms_stock_command
    set -l words (commandline -opc)
    if test (string replace -r '^.*/' '' -- $words[1]) = oms
        set words $words[3..-1]
    else
        set words $words[2..-1]
    end
    set -l skip 0
    for w in $words
        if test $skip = 1
            set skip 0
            continue
        end
        switch $w
            case --db --config -f --format -p --profile --rejects -o --output --sku --location --channel --changed-since --location-name
                set skip 1
            case '-*'
            case '*'
                echo $w
                return
        end
    end
end

# Whether the command given to oms-stock is $argv[1] ('' for none yet).
function __oms_stock_is -a want
    set -l c (__oms_stock_command)
    test "$c" = "$want"
end

# The oms-* commands on PATH, without the "oms-" prefix.
function __oms_commands
    for dir in $PATH
        for f in $dir/oms-?*
            test -x $f; and string replace -r '^.*/oms-' '' -- $f
        end
    end | sort -u
end

# Define the options of oms-import for command $argv[1], when the
# condition $argv[2] holds.
function __oms_import_options -a cmd cond
    complete -c $cmd -n $cond -s f -l format -x -a '(__oms_formats)' -d 'Read the files as a built-in format'
    complete -c $cmd -n $cond -s p -l profile -r -F -d 'Read the files as a YAML mapping profile'
    complete -c $cmd -n $cond -l channel -x -d 'Sales channel to store the orders under'
    complete -c $cmd -n $cond -l db -r -F -d 'Ledger'
    complete -c $cmd -n $cond -l rejects -r -F -d 'Write the rows of rejected orders to a file'
    complete -c $cmd -n $cond -l strict -d 'Reject the whole file on the first rejected order'
    complete -c $cmd -n $cond -l formats -d 'List the built-in formats'
    complete -c $cmd -n $cond -s n -l dry-run -d 'Check and roll back; change nothing'
    complete -c $cmd -n $cond -s o -l output -x -a 'tsv csv jsonl' -d 'Record format'
    complete -c $cmd -n $cond -s q -l quiet -d 'No progress line, no summary'
    complete -c $cmd -n $cond -s h -l help -d 'Print usage'
    complete -c $cmd -n $cond -l version -d 'Print the version'
end

# Define the completions of oms-stock for command $argv[1], when the
# condition $argv[2] holds.  Options may come before or after the
# command (import, show, verify, feed, receipts, formats).
function __oms_stock_options -a cmd cond
    set -l none "$cond; and __oms_stock_is ''"
    set -l import "$cond; and __oms_stock_is import"
    set -l show "$cond; and __oms_stock_is show"
    set -l feed "$cond; and __oms_stock_is feed"
    set -l receipts "$cond; and __oms_stock_is receipts"
    set -l catalogue "$cond; and __oms_stock_is catalogue"
    complete -c $cmd -n $none -f -a import -d 'Import stock snapshots, movements or expected receipts'
    complete -c $cmd -n $none -f -a show -d 'Show on hand, reserved, safety stock and ATP'
    complete -c $cmd -n $none -f -a verify -d 'Prove the stock sums; nothing oversold'
    complete -c $cmd -n $none -f -a feed -d 'Write what a channel may sell (stock sync)'
    complete -c $cmd -n $none -f -a receipts -d 'List expected receipts not yet received in full'
    complete -c $cmd -n $none -f -a catalogue -d 'List the product catalogue: weight, dimensions, bin, tags'
    complete -c $cmd -n $none -f -a formats -d 'List the built-in stock formats'
    complete -c $cmd -n $cond -l db -r -F -d 'Ledger'
    complete -c $cmd -n $cond -l config -r -F -d 'Configuration file'
    complete -c $cmd -n $cond -s o -l output -x -a 'tsv csv jsonl' -d 'Record format'
    complete -c $cmd -n $cond -s h -l help -d 'Print usage'
    complete -c $cmd -n $cond -l version -d 'Print the version'
    complete -c $cmd -n $import -F
    complete -c $cmd -n $import -s f -l format -x -a '(__oms_stock_formats)' -d 'Read the files as a built-in stock format'
    complete -c $cmd -n $import -s p -l profile -r -F -d 'Read the files as a YAML stock profile'
    complete -c $cmd -n $import -l rejects -r -F -d 'Write the rejected rows to a file'
    complete -c $cmd -n $import -l strict -d 'Reject the whole file on the first rejected row'
    complete -c $cmd -n $import -s n -l dry-run -d 'Check and roll back; change nothing'
    complete -c $cmd -n $import -s q -l quiet -d 'No summary'
    complete -c $cmd -n $show -l sku -x -d 'Only this SKU'
    complete -c $cmd -n $show -l location -x -d 'Only this location'
    complete -c $cmd -n $show -l network -d 'One record per SKU for the network'
    complete -c $cmd -n $show -l channel -x -d 'One record per SKU for what a channel may sell'
    complete -c $cmd -n $receipts -l sku -x -d 'Only this SKU'
    complete -c $cmd -n $catalogue -l sku -x -d 'Only this SKU'
    complete -c $cmd -n $feed -l channel -x -d 'The channel to write the feed for'
    complete -c $cmd -n $feed -s f -l format -x -a 'tsv\t"Record stream: channel, sku, quantity" shopify\t"Shopify inventory CSV" amazon\t"Amazon inventory loader file"' -d 'Format of the feed'
    complete -c $cmd -n "$feed; and not __fish_seen_argument -l changed-since" -l all -d 'Every figure, not only those that changed'
    complete -c $cmd -n "$feed; and not __fish_seen_argument -l all" -l changed-since -x -d 'SKUs whose stock moved after a time (2025-01-31T12:00:00Z)'
    complete -c $cmd -n $feed -l location-name -x -d 'Location column of the Shopify feed (default Shop location)'
    complete -c $cmd -n $feed -s n -l dry-run -d 'Write the feed but remember nothing'
end

# Define the options of oms-allocate for command $argv[1], when the
# condition $argv[2] holds.  It reads standard input, not files.
function __oms_allocate_options -a cmd cond
    complete -c $cmd -n $cond -l pending -d 'Every order waiting for stock, by priority then time'
    complete -c $cmd -n $cond -l backorders -d 'Only backordered orders'
    complete -c $cmd -n $cond -l batch -x -d 'Orders per transaction (default 10000)'
    complete -c $cmd -n $cond -l db -r -F -d 'Ledger'
    complete -c $cmd -n $cond -l config -r -F -d 'Configuration file'
    complete -c $cmd -n $cond -s o -l output -x -a 'tsv csv jsonl' -d 'Record format'
    complete -c $cmd -n $cond -s q -l quiet -d 'No summary'
    complete -c $cmd -n $cond -s h -l help -d 'Print usage'
    complete -c $cmd -n $cond -l version -d 'Print the version'
end

# Define the options of oms-check for command $argv[1], when the
# condition $argv[2] holds.
function __oms_check_options -a cmd cond
    complete -c $cmd -n $cond -l db -r -F -d 'Ledger'
    complete -c $cmd -n $cond -l rules -d 'List the rules'
    complete -c $cmd -n $cond -s o -l output -x -a 'tsv csv jsonl' -d 'Record format'
    complete -c $cmd -n $cond -s q -l quiet -d 'No line per problem, no summary'
    complete -c $cmd -n $cond -s h -l help -d 'Print usage'
    complete -c $cmd -n $cond -l version -d 'Print the version'
end

# Define the completions of oms-fulfil for command $argv[1], when the
# condition $argv[2] holds.  The verb comes first, as for oms-order.
function __oms_fulfil_options -a cmd cond
    set -l none "$cond; and __oms_order_is ''"
    set -l any "$cond; and __oms_order_is release picklist"
    complete -c $cmd -n $none -f -a release -d 'Release routed orders to their locations, with the pick list'
    complete -c $cmd -n $none -f -a picklist -d 'A release\'s pick list again'
    complete -c $cmd -n $none -f -a confirm -d 'What a location picked, packed or rejected'
    complete -c $cmd -n "$cond; and __oms_order_is confirm" -F -d 'Confirmations'
    complete -c $cmd -n "$cond; and __oms_order_is confirm" -l db -r -F -d 'Ledger'
    complete -c $cmd -n "$cond; and __oms_order_is confirm" -s o -l output -x -a 'tsv csv jsonl' -d 'Record format'
    complete -c $cmd -n "$cond; and __oms_order_is confirm" -s q -l quiet -d 'No summary'
    complete -c $cmd -n "$cond; and __oms_order_is release" -l location -x -d 'Only this location'
    complete -c $cmd -n "$cond; and __oms_order_is release" -l config -r -F -d 'Configuration file'
    complete -c $cmd -n "$cond; and __oms_order_is release" -s q -l quiet -d 'No summary'
    complete -c $cmd -n "$cond; and __oms_order_is picklist" -l release -x -d 'This release (default the last)'
    complete -c $cmd -n $any -l document -d 'A pick list for a person, not records'
    complete -c $cmd -n $any -l db -r -F -d 'Ledger'
    complete -c $cmd -n $any -s o -l output -x -a 'tsv csv jsonl' -d 'Record format'
    complete -c $cmd -n $cond -s h -l help -d 'Print usage'
end

# Define the completions of oms-ship for command $argv[1], when the
# condition $argv[2] holds.  The verb comes first, as for oms-order;
# --format takes label formats after label and confirmation formats
# after confirmations.
function __oms_ship_options -a cmd cond
    set -l none "$cond; and __oms_order_is ''"
    set -l any "$cond; and __oms_order_is rate label ship confirmations"
    set -l rate "$cond; and __oms_order_is rate"
    set -l label "$cond; and __oms_order_is label"
    set -l conf "$cond; and __oms_order_is confirmations"
    complete -c $cmd -n $none -f -a rate -d 'The service each packed parcel would take, and its price'
    complete -c $cmd -n $none -f -a label -d 'Choose the service, take a tracking number, write the label'
    complete -c $cmd -n $none -f -a ship -d 'The carrier took the labelled groups: stock leaves, orders ship'
    complete -c $cmd -n $none -f -a confirmations -d 'A channel\'s shipments not yet told, in its upload format'
    complete -c $cmd -n $rate -l explain -d 'Every service, with why not'
    complete -c $cmd -n "$cond; and __oms_order_is rate label ship" -l location -x -d 'Only this location'
    complete -c $cmd -n $label -l labels -x -a '(__fish_complete_directories (commandline -ct))' -d 'Where label files go (default labels)'
    complete -c $cmd -n $label -l format -x -a 'pdf zpl' -d 'Label format'
    complete -c $cmd -n $label -l size -x -a '4x6 a6' -d 'Label size'
    complete -c $cmd -n $label -l timeout -x -d 'Seconds an adapter may take (default 120)'
    complete -c $cmd -n $conf -l channel -x -d 'This channel\'s shipments'
    complete -c $cmd -n $conf -l format -x -a 'amazon ebay shopify tsv' -d 'Upload format (default from the channel name)'
    complete -c $cmd -n $conf -l since -x -d 'Again, all shipped since (2025-01-31 or 2025-01-31T12:00:00Z)'
    complete -c $cmd -n "$cond; and __oms_order_is rate label confirmations" -l config -r -F -d 'Configuration file'
    complete -c $cmd -n "$cond; and __oms_order_is rate label ship" -s o -l output -x -a 'tsv csv jsonl' -d 'Record format'
    complete -c $cmd -n "$cond; and __oms_order_is label ship confirmations" -s q -l quiet -d 'No summary'
    complete -c $cmd -n $any -l db -r -F -d 'Ledger'
    complete -c $cmd -n $cond -s h -l help -d 'Print usage'
end

# Define the completions of oms-track for command $argv[1], when the
# condition $argv[2] holds.  The verb comes first, as for oms-order; a
# first word that is not a verb is the timeline's (orders, tracking
# numbers or emails, nothing to offer, or --document).
function __oms_track_options -a cmd cond
    set -l none "$cond; and __oms_order_is ''"
    set -l any "$cond; and __oms_order_is import delays notify"
    set -l show "$cond; and not __oms_order_is import delays notify"
    complete -c $cmd -n $none -f -a import -d 'Apply carriers\' tracking events to the parcels'
    complete -c $cmd -n $none -f -a delays -d 'Flag parcels that will miss their promised day'
    complete -c $cmd -n $none -f -a notify -d 'The notifications due, each once, for a mailer'
    complete -c $cmd -n "$cond; and __oms_order_is import" -F -d 'Carrier events'
    complete -c $cmd -n "$cond; and __oms_order_is notify" -l window -x -d 'Only changes of the last days (default 7)'
    complete -c $cmd -n $show -l document -d 'The timeline for a person, not records'
    complete -c $cmd -n $any -l config -r -F -d 'Configuration file'
    complete -c $cmd -n $any -s q -l quiet -d 'No summary'
    complete -c $cmd -n $cond -l db -r -F -d 'Ledger'
    complete -c $cmd -n $cond -s o -l output -x -a 'tsv csv jsonl' -d 'Record format'
    complete -c $cmd -n $cond -s h -l help -d 'Print usage'
end

# Define the options of oms-route for command $argv[1], when the
# condition $argv[2] holds.  It reads standard input, not files.
function __oms_route_options -a cmd cond
    complete -c $cmd -n $cond -l pending -d 'Every allocated order, and those held as unroutable'
    complete -c $cmd -n $cond -l explain -d 'Say why, in words; change nothing'
    complete -c $cmd -n $cond -l what-if -r -F -d 'Compare with another configuration'
    complete -c $cmd -n $cond -l purchase-orders -d 'The lines routed to dropship partners'
    complete -c $cmd -n $cond -l location -x -d 'With --purchase-orders: one partner'
    complete -c $cmd -n $cond -l since -x -d 'With --purchase-orders: routed since (2026-11-28T06:00:00Z)'
    complete -c $cmd -n $cond -l batch -x -d 'Orders per transaction (default 10000)'
    complete -c $cmd -n $cond -l db -r -F -d 'Ledger'
    complete -c $cmd -n $cond -l config -r -F -d 'Configuration file'
    complete -c $cmd -n $cond -s o -l output -x -a 'tsv csv jsonl' -d 'Record format'
    complete -c $cmd -n $cond -s q -l quiet -d 'No summary'
    complete -c $cmd -n $cond -s h -l help -d 'Print usage'
    complete -c $cmd -n $cond -l version -d 'Print the version'
end

# The verb given to oms-order (or to "oms order"): the word after it.
function __oms_order_verb
    set -l words (commandline -opc)
    if test (string replace -r '^.*/' '' -- $words[1]) = oms
        set words $words[3..-1]
    else
        set words $words[2..-1]
    end
    test (count $words) -ge 1; and echo $words[1]
end

# Whether the verb given to oms-order is one of $argv ('' for none yet).
function __oms_order_is
    set -l v (__oms_order_verb)
    contains -- "$v" $argv
end

# Define the completions of oms-order for command $argv[1], when the
# condition $argv[2] holds.  The verb comes first, then its options.
function __oms_order_options -a cmd cond
    set -l none "$cond; and __oms_order_is ''"
    set -l any "$cond; and __oms_order_is holds hold release cancel"
    set -l acts "$cond; and __oms_order_is hold release cancel"
    complete -c $cmd -n $none -f -a holds -d 'List orders on hold, longest held first'
    complete -c $cmd -n $none -f -a hold -d 'Stop orders, keeping their reservations'
    complete -c $cmd -n $none -f -a release -d 'Let held orders go on where they stood'
    complete -c $cmd -n $none -f -a cancel -d 'Cancel orders and free their stock'
    complete -c $cmd -n "$cond; and __oms_order_is holds hold" -l reason -x -d 'Why (hold); only this reason (holds)'
    complete -c $cmd -n $acts -l note -x -d 'Recorded with each change'
    complete -c $cmd -n $any -l by -x -d 'Who (default $USER); only this holder (holds)'
    complete -c $cmd -n $acts -l channel -x -d 'The orders are this channel\'s numbers'
    complete -c $cmd -n $any -l db -r -F -d 'Ledger'
    complete -c $cmd -n $any -s o -l output -x -a 'tsv csv jsonl' -d 'Record format'
    complete -c $cmd -n $any -s q -l quiet -d 'No summary'
    complete -c $cmd -n $cond -s h -l help -d 'Print usage'
end

__oms_import_options oms-import true
complete -c oms-stock -f
__oms_stock_options oms-stock true
complete -c oms-allocate -f
__oms_allocate_options oms-allocate true
complete -c oms-check -f
__oms_check_options oms-check true
complete -c oms-order -f
__oms_order_options oms-order true
complete -c oms-route -f
__oms_route_options oms-route true
complete -c oms-fulfil -f
__oms_fulfil_options oms-fulfil true
complete -c oms-ship -f
__oms_ship_options oms-ship true
complete -c oms-track -f
__oms_track_options oms-track true

complete -c oms -f
complete -c oms -n __fish_use_subcommand -l help -d 'Print usage'
complete -c oms -n __fish_use_subcommand -l version -d 'Print the version'
complete -c oms -n __fish_use_subcommand -a init -d 'Create an empty ledger'
complete -c oms -n __fish_use_subcommand -a help -d 'List commands or show a manual'
complete -c oms -n __fish_use_subcommand -a '(__oms_commands)'
complete -c oms -n '__fish_seen_subcommand_from help' -a 'init help (__oms_commands)'
complete -c oms -n '__fish_seen_subcommand_from init' -l db -r -F -d 'Ledger to create'
complete -c oms -n '__oms_sub_is import' -F
__oms_import_options oms '__oms_sub_is import'
__oms_stock_options oms '__oms_sub_is stock'
__oms_allocate_options oms '__oms_sub_is allocate'
__oms_check_options oms '__oms_sub_is check'
__oms_order_options oms '__oms_sub_is order'
__oms_route_options oms '__oms_sub_is route'
__oms_fulfil_options oms '__oms_sub_is fulfil'
__oms_ship_options oms '__oms_sub_is ship'
__oms_track_options oms '__oms_sub_is track'
