#!/bin/sh
# screens.sh: golden screens: recordings in tests/screens replayed paused at chosen café times in tmux, compared with the stored captures; and stepped to a moment, the screen played to it.
. "$(dirname "$0")/lib.sh"

dir=$(cd "$(dirname "$0")/screens" && pwd)
command -v tmux >/dev/null 2>&1 || { echo "tmux is missing: ./bootstrap installs it"; echo "0 passed, 1 failed"; exit 1; }
n=0
sock="corocafe-screens-$$-$n"
T() { tmux -L "$sock" -f /dev/null "$@"; }
trap 'T kill-server >/dev/null 2>&1' EXIT INT TERM

# capture SIZE FILE ACT AT LOCALE: the screen of the replay, once it holds still.
capture() {
	T kill-server >/dev/null 2>&1
	# A new server each time: a killed one may still be on its way out. Named by the clock, not a
	# counter: each capture runs in a subshell of its own, where a counter would not go up.
	sock="corocafe-screens-$$-$(date +%s%N)"
	# Two acts (1,4) race the recording's runs of both.
	case $3 in *,*) what="--race $3" ;; *) what="-m $3" ;; esac
	T new-session -d -x "${1%x*}" -y "${1#*x}" \
	    "env LANG=$5 LC_ALL=$5 LANGUAGE= NO_COLOR=1 COROCAFE_LOCALEDIR=${COROCAFE_LOCALEDIR:-} $COROCAFE --replay $dir/$2 $what --pause-at $4; sleep 600"
	prev="" tries=50
	while [ $tries -gt 0 ]; do
		sleep 0.2
		cur=$(T capture-pane -p)
		case $cur in *PAUSED*|*已暂停*) [ "$cur" = "$prev" ] && break ;; esac
		prev=$cur
		tries=$((tries - 1))
	done
	# Keys to step with, once it holds still: then until it holds still again, changed.
	if [ $# -gt 5 ]; then
		shift 5
		for k in "$@"; do
			case $k in *'*'*) i=${k#*\*}; while [ "$i" -gt 0 ]; do T send-keys "${k%\**}"; i=$((i - 1)); done ;;
			*) T send-keys "$k" ;; esac
		done
		first=$cur prev="" tries=50
		while [ $tries -gt 0 ]; do
			sleep 0.2
			cur=$(T capture-pane -p)
			[ "$cur" != "$first" ] && [ "$cur" = "$prev" ] && break
			prev=$cur
			tries=$((tries - 1))
		done
	fi
	T send-keys q
	# Called in $(...): a subshell, whose socket the next capture does not know; done with it, it goes.
	T kill-server >/dev/null 2>&1
	printf '%s\n' "$cur"
}

# The header from its REPLAY tag on, without the PAUSED or STEP tag (the wider STEP tag may shorten the
# title before it): the rest of the screen as it is.
untagged() {
	printf '%s\n' "$1" | sed '1s/^.*\(REPLAY\|回放\)/\1/; 1s/ \(STEP\|单步\) [0-9]*\/[0-9]* //; 1s/ \(PAUSED\|已暂停\) //; 1s/  */ /g'
}

# golden NAME SCREEN WHY: SCREEN is tests/screens/NAME.txt, or the test fails saying WHY; with
# SCREENS_UPDATE set it becomes that file instead, and golden returns 1 (nothing more to check).
golden() {
	if [ -n "${SCREENS_UPDATE:-}" ]; then
		printf '%s\n' "$2" > "$dir/$1.txt"
		ok "$1: captured"
		return 1
	fi
	[ -f "$dir/$1.txt" ] || fail "$1: no golden screen (make update-screens)"
	printf '%s\n' "$2" | diff -u "$dir/$1.txt" - >&2 || fail "$1: $3"
	return 0
}

have_zh=$(locale -a 2>/dev/null | grep -ci '^zh_CN\.utf-\?8$')
while read -r name size file act at loc; do
	case $name in ''|'#'*) continue ;; esac
	# The sixth column is the locale; Chinese screens need zh_CN.UTF-8 (./bootstrap makes it).
	: "${loc:=C.UTF-8}"
	case $loc in zh_CN*) if [ "$have_zh" = 0 ]; then echo "# skipped $name: no $loc locale"; continue; fi ;; esac
	got=$(capture "$size" "$file" "$act" "$at" "$loc")
	golden "$name" "$got" "the screen differs from tests/screens/$name.txt ($file, act $act at ${at}s, $size, $loc)" ||
		continue
	ok "$name: act $act at ${at}s, $size, $loc"
done < "$dir/screens.list"

# Stepped to a point is played to that point: the same screen.
while read -r name size file act played opened loc keys; do
	case $name in ''|'#'*) continue ;; esac
	case $loc in zh_CN*) if [ "$have_zh" = 0 ]; then echo "# skipped $name: no $loc locale"; continue; fi ;; esac
	# shellcheck disable=SC2086
	got=$(capture "$size" "$file" "$act" "$opened" "$loc" $keys)
	golden "$name" "$got" "the stepped screen differs from tests/screens/$name.txt" || continue
	case $got in *STEP*|*单步*) ;; *) fail "$name: $keys did not step" ;; esac
	there=$(capture "$size" "$file" "$act" "$played" "$loc")
	stepped=$(mktemp)
	untagged "$got" > "$stepped"
	if ! untagged "$there" | diff -u - "$stepped" >&2; then
		rm -f "$stepped"
		fail "$name: stepped from ${opened}s with $keys, the screen is not the one played to that moment"
	fi
	rm -f "$stepped"
	ok "$name: act $act opened at ${opened}s, $keys: the screen played to ${played}s"
done < "$dir/steps.list"
done_testing
