#!/bin/sh
# screens.sh: golden screens: recordings in tests/screens replayed paused at chosen café times in tmux, compared with the stored captures.
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
	# A new server each time: a killed one may still be on its way out.
	n=$((n + 1))
	sock="corocafe-screens-$$-$n"
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
	T send-keys q
	printf '%s\n' "$cur"
}

have_zh=$(locale -a 2>/dev/null | grep -ci '^zh_CN\.utf-\?8$')
while read -r name size file act at loc; do
	case $name in ''|'#'*) continue ;; esac
	# The sixth column is the locale; Chinese screens need zh_CN.UTF-8 (./bootstrap makes it).
	: "${loc:=C.UTF-8}"
	case $loc in zh_CN*) if [ "$have_zh" = 0 ]; then echo "# skipped $name: no $loc locale"; continue; fi ;; esac
	got=$(capture "$size" "$file" "$act" "$at" "$loc")
	if [ -n "${SCREENS_UPDATE:-}" ]; then
		printf '%s\n' "$got" > "$dir/$name.txt"
		ok "$name: captured"
		continue
	fi
	[ -f "$dir/$name.txt" ] || fail "$name: no golden screen (make update-screens)"
	if ! printf '%s\n' "$got" | diff -u "$dir/$name.txt" - >&2; then
		fail "$name: the screen differs from tests/screens/$name.txt ($file, act $act at ${at}s, $size, $loc)"
	fi
	ok "$name: act $act at ${at}s, $size, $loc"
done < "$dir/screens.list"
done_testing
