# fish completion for oms and oms-import.
# Installed as oms.fish and symlinked as oms-import.fish: whichever fish
# loads first defines the completions of both commands, once.

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

__oms_import_options oms-import true

complete -c oms -f
complete -c oms -n __fish_use_subcommand -l help -d 'Print usage'
complete -c oms -n __fish_use_subcommand -l version -d 'Print the version'
complete -c oms -n __fish_use_subcommand -a init -d 'Create an empty ledger'
complete -c oms -n __fish_use_subcommand -a help -d 'List commands or show a manual'
complete -c oms -n __fish_use_subcommand -a '(__oms_commands)'
complete -c oms -n '__fish_seen_subcommand_from help' -a 'init help (__oms_commands)'
complete -c oms -n '__fish_seen_subcommand_from init' -l db -r -F -d 'Ledger to create'
complete -c oms -n '__fish_seen_subcommand_from import' -F
__oms_import_options oms '__fish_seen_subcommand_from import'
