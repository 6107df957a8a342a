#!/bin/sh
# install.sh: a tidy package: the man page lints clean, bash completion knows every option and value, make install DESTDIR=… puts everything in place and make uninstall takes it all away.
. "$(dirname "$0")/lib.sh"

top=${TOP_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}
build=${TOP_BUILDDIR:-$top}
tmp=$(mktemp -d)
trap 'chmod -R u+w "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT INT TERM

# The man page: groff and mandoc (where present) report nothing.
out=$(groff -ww -z -man "$top/man/corocafe.1" 2>&1) || fail "groff failed on corocafe.1"
[ -z "$out" ] || fail "groff -ww: $out"
if command -v mandoc >/dev/null 2>&1; then
	out=$(mandoc -T lint "$top/man/corocafe.1" 2>&1) || fail "mandoc -T lint: $out"
	[ -z "$out" ] || fail "mandoc -T lint: $out"
fi
ok "the man page passes groff -ww$(command -v mandoc >/dev/null 2>&1 && echo ' and mandoc -T lint')"

# Bash completion: offered words for a command line, the way bash asks for them.
complete_words() {
	bash -c '. "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _corocafe; printf "%s\n" "${COMPREPLY[@]}"' \
	    complete "$top/completion/corocafe" corocafe "$@"
}
offered=$(complete_words --)
for opt in $("$COROCAFE" --help | grep -oE -- '--[a-z][a-z-]*' | sort -u); do
	printf '%s\n' "$offered" | grep -qE -- "^$opt=?\$" || fail "completion does not offer $opt (in --help)"
done
models=$(complete_words -m "")
for m in sync threads processes async to-thread mixed 1 6; do
	printf '%s\n' "$models" | grep -qx -- "$m" || fail "completion of -m lacks $m"
done
# The drinks are the menu the program itself names when a drink is unknown.
menu=$("$COROCAFE" --orders=nothing 2>&1 | sed -n 's/.*(the menu: \(.*\)).*/\1/p' | tr -d ',')
[ -n "$menu" ] || fail "the program no longer names its menu"
drinks=$(complete_words --orders=latte,)
for d in $menu; do
	printf '%s\n' "$drinks" | grep -qx -- "latte,$d" || fail "completion of --orders=latte, lacks $d"
done
: > "$tmp/cafe.db"
[ "$(cd "$tmp" && complete_words --replay ca)" = "cafe.db" ] || fail "completion of --replay does not offer files"
ok "bash completion offers every option, the acts, the drinks ($(echo $menu)) and files"

[ -f "$build/Makefile" ] || { echo "# skipped: no Makefile in $build"; done_testing; }
# configure leaves the user's variables alone: our dialect, threads, warnings and sanitizers are in AM_CFLAGS.
given=$("$build/config.status" --config)
for flag in $(sed -n 's/^\(CFLAGS\|CPPFLAGS\|LDFLAGS\) = //p' "$build/Makefile"); do
	case $flag in -g|-O2) continue ;; esac	# autoconf's default CFLAGS when the user gives none
	case $given in *"$flag"*) ;; *) fail "configure put $flag in the user's CFLAGS, CPPFLAGS or LDFLAGS" ;; esac
done
# The program links each library once (Check's own -lm for the test programs aside).
[ "$(grep -v '^CHECK_' "$build/Makefile" | grep -c -- '-lm\b')" -le 1 ] || fail "the Makefile links -lm more than once"
ok "the user's CFLAGS, CPPFLAGS and LDFLAGS hold only what the user gave"

# make install DESTDIR=… and make uninstall, with the prefix configure chose.
dest="$tmp/dest"
${MAKE:-make} -s -C "$build" install DESTDIR="$dest" >"$tmp/install.log" 2>&1 || { cat "$tmp/install.log"; fail "make install DESTDIR failed"; }
for f in bin/corocafe share/man/man1/corocafe.1 share/locale/zh_CN/LC_MESSAGES/corocafe.mo; do
	[ -n "$(find "$dest" -path "*/$f" -type f)" ] || fail "make install did not install $f"
done
[ -n "$(find "$dest" -path '*/bash-completion/completions/corocafe' -type f)" ] ||
    fail "make install did not put the completion where bash-completion looks"
bin=$(find "$dest" -path '*/bin/corocafe' -type f)
"$bin" --version | grep -q '^corocafe ' || fail "the installed corocafe does not run"
ok "make install DESTDIR installs the program, the man page, the translations and the completion"
${MAKE:-make} -s -C "$build" uninstall DESTDIR="$dest" >"$tmp/uninstall.log" 2>&1 || { cat "$tmp/uninstall.log"; fail "make uninstall failed"; }
left=$(find "$dest" -type f)
[ -z "$left" ] || fail "make uninstall left: $left"
ok "make uninstall removes every file"
done_testing
