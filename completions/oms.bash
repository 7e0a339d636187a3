# bash completion for oms and its oms-* commands.
#
# Installed as "oms" in the bash-completion directory and symlinked as
# each oms-* command, so the same function completes "oms import ..."
# and "oms-import ..." alike.  It needs nothing from bash-completion.

# The built-in formats of oms-import -f, as "oms-import --formats" lists
# them; where it cannot (not on PATH, or older), this list, which
# mirrors profiles/*.yaml: add a name here when a profile is added there.
_oms_formats_known="amazon-orders amazon ebay-exchange ebay etsy-items etsy-orders shopify woocommerce"

_oms_formats()
{
	local f=
	type -P oms-import >/dev/null &&
	    f=$(oms-import --formats 2>/dev/null | sed 1d | cut -f 1)
	printf '%s\n' "${f:-$_oms_formats_known}"
}

# The built-in stock formats of oms-stock -f, as "oms-stock formats"
# lists them; where it cannot, this list, which mirrors the stock
# profiles in profiles/*.yaml.
_oms_stock_formats_known="stock-snapshot stock-movements stock-receipts shopify-products stock-catalogue"

_oms_stock_formats()
{
	local f=
	type -P oms-stock >/dev/null &&
	    f=$(oms-stock formats 2>/dev/null | sed 1d | cut -f 1)
	printf '%s\n' "${f:-$_oms_stock_formats_known}"
}

# The oms-* commands on PATH, without the "oms-" prefix.
_oms_commands()
{
	compgen -c -- oms- 2>/dev/null | sed -n 's/^oms-\(..*\)$/\1/p' |
	    sort -u
}

# File names starting with $1, each prefixed with $2 (for "--db=FILE").
_oms_files()
{
	[[ -z $2 ]] && compopt -o filenames 2>/dev/null
	COMPREPLY=($(compgen -P "$2" -f -- "$1"))
}

# Set cur, prev and eq (the caller's locals) for the word being
# completed; $1 is the index of the command's first argument in
# COMP_WORDS.  For "--format=sh", prev is "--format", cur "sh" and eq
# "--format=", whether bash split the word at "=" (COMP_WORDBREAKS) or
# not.
_oms_cur_prev()
{
	local first=$1
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=
	eq=
	((COMP_CWORD > first)) && prev=${COMP_WORDS[COMP_CWORD - 1]}

	if [[ $cur == --*=* ]]; then
		prev=${cur%%=*}
		eq=$prev=
		cur=${cur#*=}
	elif [[ $cur == = ]] && ((COMP_CWORD - 1 >= first)); then
		prev=${COMP_WORDS[COMP_CWORD - 1]}
		cur=
	elif [[ $prev == = ]] && ((COMP_CWORD - 2 >= first)); then
		prev=${COMP_WORDS[COMP_CWORD - 2]}
	fi
}

# Complete the arguments of oms-import; $1 is the index of its first
# argument in COMP_WORDS.
_oms_import()
{
	local cur prev opts eq
	_oms_cur_prev "$1"

	case $prev in
	-f|--format)
		COMPREPLY=($(compgen -P "$eq" -W "$(_oms_formats)" -- "$cur"))
		return
		;;
	-o|--output)
		COMPREPLY=($(compgen -P "$eq" -W "tsv csv jsonl" -- "$cur"))
		return
		;;
	-p|--profile|--db|--rejects)
		_oms_files "$cur" "$eq"
		return
		;;
	--channel)
		COMPREPLY=()
		return
		;;
	esac

	if [[ $cur == -* ]]; then
		opts="-f --format -p --profile --channel --db --rejects --strict
		    -n --dry-run -o --output -q --quiet --formats -h --help
		    --version"
		COMPREPLY=($(compgen -W "$opts" -- "$cur"))
		return
	fi
	_oms_files "$cur"
}

# Complete the arguments of oms-stock; $1 is the index of its first
# argument in COMP_WORDS.  Options may come before or after the command
# (import, show, verify, feed, receipts, formats).
_oms_stock()
{
	local first=$1 cur prev opts eq sub= i w
	_oms_cur_prev "$first"

	# The command: the first word that is neither an option nor the
	# argument of one.
	for ((i = first; i < COMP_CWORD; i++)); do
		w=${COMP_WORDS[i]}
		case $w in
		--db|--config|-f|--format|-p|--profile|--rejects|-o|--output|\
		--sku|--location|--channel|--changed-since|--location-name)
			[[ ${COMP_WORDS[i + 1]} == = ]] && ((i++))
			((i++))
			;;
		-*|=)
			;;
		*)
			sub=$w
			break
			;;
		esac
	done

	case $prev in
	-f|--format)
		if [[ $sub == feed ]]; then
			COMPREPLY=($(compgen -P "$eq" -W "tsv shopify amazon" \
			    -- "$cur"))
		else
			COMPREPLY=($(compgen -P "$eq" \
			    -W "$(_oms_stock_formats)" -- "$cur"))
		fi
		return
		;;
	-o|--output)
		COMPREPLY=($(compgen -P "$eq" -W "tsv csv jsonl" -- "$cur"))
		return
		;;
	-p|--profile|--db|--config|--rejects)
		_oms_files "$cur" "$eq"
		return
		;;
	--sku|--location|--channel|--changed-since|--location-name)
		COMPREPLY=()
		return
		;;
	esac

	opts="--db --config -o --output -h --help --version"
	case $sub in
	import)
		opts="$opts -f --format -p --profile --rejects --strict
		    -n --dry-run -q --quiet"
		;;
	show)
		opts="$opts --sku --location --network --channel"
		;;
	receipts|catalogue)
		opts="$opts --sku"
		;;
	feed)
		opts="$opts --channel -f --format --all --changed-since
		    --location-name -n --dry-run"
		;;
	esac
	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$opts" -- "$cur"))
	elif [[ -z $sub ]]; then
		COMPREPLY=($(compgen -W "import show verify feed receipts catalogue
		    formats" -- "$cur"))
	elif [[ $sub == import ]]; then
		_oms_files "$cur"
	fi
}

# Complete the arguments of oms-allocate; $1 is the index of its first
# argument in COMP_WORDS.  It reads standard input, not files.
_oms_allocate()
{
	local cur prev eq
	_oms_cur_prev "$1"

	case $prev in
	-o|--output)
		COMPREPLY=($(compgen -P "$eq" -W "tsv csv jsonl" -- "$cur"))
		return
		;;
	--db|--config)
		_oms_files "$cur" "$eq"
		return
		;;
	--batch)
		COMPREPLY=()
		return
		;;
	esac
	COMPREPLY=($(compgen -W "--pending --backorders --batch --db --config
	    -o --output -q --quiet -h --help --version" -- "$cur"))
}

# Complete the arguments of oms-check; $1 is the index of its first
# argument in COMP_WORDS.
_oms_check()
{
	local cur prev eq
	_oms_cur_prev "$1"

	case $prev in
	-o|--output)
		COMPREPLY=($(compgen -P "$eq" -W "tsv csv jsonl" -- "$cur"))
		return
		;;
	--db)
		_oms_files "$cur" "$eq"
		return
		;;
	esac
	COMPREPLY=($(compgen -W "--db --rules -o --output -q --quiet -h --help
	    --version" -- "$cur"))
}

# Complete the arguments of oms-route; $1 is the index of its first
# argument in COMP_WORDS.  It reads standard input, not files.
_oms_route()
{
	local cur prev eq
	_oms_cur_prev "$1"

	case $prev in
	-o|--output)
		COMPREPLY=($(compgen -P "$eq" -W "tsv csv jsonl" -- "$cur"))
		return
		;;
	--db|--config|--what-if)
		_oms_files "$cur" "$eq"
		return
		;;
	--batch|--location|--since)
		COMPREPLY=()
		return
		;;
	esac
	COMPREPLY=($(compgen -W "--pending --explain --what-if --purchase-orders
	    --location --since --batch --db --config -o --output -q --quiet -h
	    --help --version" -- "$cur"))
}

# Complete the arguments of oms-fulfil; $1 is the index of its first
# argument in COMP_WORDS (the verb).
_oms_fulfil()
{
	local cur prev eq verb opts
	_oms_cur_prev "$1"

	case $prev in
	-o|--output)
		COMPREPLY=($(compgen -P "$eq" -W "tsv csv jsonl" -- "$cur"))
		return
		;;
	--db|--config)
		_oms_files "$cur" "$eq"
		return
		;;
	--location|--release)
		COMPREPLY=()
		return
		;;
	esac
	if ((COMP_CWORD == $1)); then
		COMPREPLY=($(compgen -W "release picklist confirm" -- "$cur"))
		return
	fi
	verb=${COMP_WORDS[$1]}
	opts="--document --db -o --output -h --help"
	case $verb in
	release) opts="$opts --location --config -q --quiet" ;;
	picklist) opts="$opts --release" ;;
	confirm)
		opts="--db -o --output -q --quiet -h --help"
		[[ $cur == -* ]] || { _oms_files "$cur" ""; return; }
		;;
	esac
	[[ $cur == -* ]] && COMPREPLY=($(compgen -W "$opts" -- "$cur"))
}

# Directory names starting with $1, each prefixed with $2 (for
# "--labels=DIR").
_oms_dirs()
{
	[[ -z $2 ]] && compopt -o filenames 2>/dev/null
	COMPREPLY=($(compgen -P "$2" -d -- "$1"))
}

# Complete the arguments of oms-ship; $1 is the index of its first
# argument in COMP_WORDS (the verb).  --format takes label formats
# after label and confirmation formats after confirmations.
_oms_ship()
{
	local cur prev eq verb opts
	_oms_cur_prev "$1"

	verb=
	((COMP_CWORD > $1)) && verb=${COMP_WORDS[$1]}
	case $prev in
	-o|--output)
		COMPREPLY=($(compgen -P "$eq" -W "tsv csv jsonl" -- "$cur"))
		return
		;;
	--format)
		case $verb in
		label) opts="pdf zpl" ;;
		confirmations) opts="amazon ebay shopify tsv" ;;
		*) opts= ;;
		esac
		COMPREPLY=($(compgen -P "$eq" -W "$opts" -- "$cur"))
		return
		;;
	--size)
		COMPREPLY=($(compgen -P "$eq" -W "4x6 a6" -- "$cur"))
		return
		;;
	--db|--config)
		_oms_files "$cur" "$eq"
		return
		;;
	--labels)
		_oms_dirs "$cur" "$eq"
		return
		;;
	--location|--timeout|--channel|--since)
		COMPREPLY=()
		return
		;;
	esac
	if ((COMP_CWORD == $1)); then
		COMPREPLY=($(compgen -W "rate label ship confirmations" \
		    -- "$cur"))
		return
	fi
	opts="--db -h --help"
	case $verb in
	rate) opts="$opts --explain --location --config -o --output" ;;
	label)
		opts="$opts --location --labels --format --size --timeout
		    --config -o --output -q --quiet"
		;;
	ship) opts="$opts --location -o --output -q --quiet" ;;
	confirmations)
		opts="$opts --channel --format --since --config -q --quiet"
		;;
	esac
	# ship's arguments are tracking numbers: nothing to offer.
	[[ $cur == -* ]] && COMPREPLY=($(compgen -W "$opts" -- "$cur"))
}

# Complete the arguments of oms-track; $1 is the index of its first
# argument in COMP_WORDS.  The first word that is not an option is the
# verb (import, delays, notify) or else the first order, tracking number
# or email of a timeline; options may come before it.
_oms_track()
{
	local first=$1 cur prev eq verb= doc= opts i w
	_oms_cur_prev "$first"

	for ((i = first; i < COMP_CWORD; i++)); do
		w=${COMP_WORDS[i]}
		case $w in
		--db|--config|-o|--output|--window)
			[[ ${COMP_WORDS[i + 1]} == = ]] && ((i++))
			((i++))
			;;
		--document)
			doc=1
			;;
		-*|=)
			;;
		*)
			verb=$w
			break
			;;
		esac
	done

	case $prev in
	-o|--output)
		COMPREPLY=($(compgen -P "$eq" -W "tsv csv jsonl" -- "$cur"))
		return
		;;
	--db|--config)
		_oms_files "$cur" "$eq"
		return
		;;
	--window)
		COMPREPLY=()
		return
		;;
	esac
	opts="--db -o --output -h --help"
	case $verb in
	import|delays) opts="$opts --config -q --quiet" ;;
	notify) opts="$opts --window --config -q --quiet" ;;
	*) opts="$opts --document" ;;
	esac
	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$opts" -- "$cur"))
	elif [[ -z $verb && -z $doc ]]; then
		# --document is for the timeline only.
		COMPREPLY=($(compgen -W "import delays notify" -- "$cur"))
	elif [[ $verb == import ]]; then
		_oms_files "$cur"
	fi
	# A timeline's arguments are orders, tracking numbers and emails:
	# nothing to offer.
}

# Complete the arguments of oms-order; $1 is the index of its first
# argument in COMP_WORDS (the verb).
_oms_order()
{
	local cur prev eq verb opts
	_oms_cur_prev "$1"

	case $prev in
	-o|--output)
		COMPREPLY=($(compgen -P "$eq" -W "tsv csv jsonl" -- "$cur"))
		return
		;;
	--db)
		_oms_files "$cur" "$eq"
		return
		;;
	--reason|--note|--by|--channel)
		COMPREPLY=()
		return
		;;
	esac
	if ((COMP_CWORD == $1)); then
		COMPREPLY=($(compgen -W "holds hold release cancel" -- "$cur"))
		return
	fi
	verb=${COMP_WORDS[$1]}
	opts="--db -o --output -q --quiet -h --help"
	case $verb in
	holds) opts="$opts --reason --by" ;;
	hold) opts="$opts --reason --note --by --channel" ;;
	release|cancel) opts="$opts --note --by --channel" ;;
	esac
	[[ $cur == -* ]] && COMPREPLY=($(compgen -W "$opts" -- "$cur"))
}

_oms()
{
	local cmd=${COMP_WORDS[0]##*/} cur=${COMP_WORDS[COMP_CWORD]} sub

	COMPREPLY=()
	case $cmd in
	oms-import)
		_oms_import 1
		return
		;;
	oms-stock)
		_oms_stock 1
		return
		;;
	oms-allocate)
		_oms_allocate 1
		return
		;;
	oms-check)
		_oms_check 1
		return
		;;
	oms-order)
		_oms_order 1
		return
		;;
	oms-route)
		_oms_route 1
		return
		;;
	oms-fulfil)
		_oms_fulfil 1
		return
		;;
	oms-ship)
		_oms_ship 1
		return
		;;
	oms-track)
		_oms_track 1
		return
		;;
	oms-*)
		# A command oms does not know: complete file names.
		_oms_files "$cur"
		return
		;;
	esac

	# oms itself: the command is the first word that is not an option.
	if ((COMP_CWORD == 1)); then
		if [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W "--help --version" -- "$cur"))
		else
			COMPREPLY=($(compgen -W "init help $(_oms_commands)" \
			    -- "$cur"))
		fi
		return
	fi
	sub=${COMP_WORDS[1]}
	case $sub in
	help)
		((COMP_CWORD == 2)) &&
		    COMPREPLY=($(compgen -W "init help $(_oms_commands)" \
			-- "$cur"))
		;;
	init)
		if [[ ${COMP_WORDS[COMP_CWORD - 1]} == --db ]]; then
			_oms_files "$cur"
		else
			COMPREPLY=($(compgen -W "--db --help" -- "$cur"))
		fi
		;;
	import)
		_oms_import 2
		;;
	stock)
		_oms_stock 2
		;;
	allocate)
		_oms_allocate 2
		;;
	check)
		_oms_check 2
		;;
	order)
		_oms_order 2
		;;
	route)
		_oms_route 2
		;;
	fulfil)
		_oms_fulfil 2
		;;
	ship)
		_oms_ship 2
		;;
	track)
		_oms_track 2
		;;
	-*)
		;;
	*)
		_oms_files "$cur"
		;;
	esac
}

complete -F _oms oms oms-import oms-stock oms-allocate oms-check oms-order oms-route \
    oms-fulfil oms-ship oms-track \
    $(_oms_commands | sed 's/^/oms-/')
