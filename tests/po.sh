#!/bin/sh
# po.sh: the translations: POTFILES.in lists every file with strings, zh_CN.po translates all of them, and the program speaks Chinese in zh_CN.
. "$(dirname "$0")/lib.sh"

top=${TOP_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

# Every source file that marks a string is in POTFILES.in, and every file listed there exists.
listed=$(grep -v '^#' "$top/po/POTFILES.in" | sed '/^$/d' | sort)
for f in $listed; do
	[ -f "$top/$f" ] || fail "po/POTFILES.in lists $f, which does not exist"
done
marking=$(cd "$top" && grep -lE '(^|[^A-Za-z0-9_])(N_|_|ngettext)\(' src/*.c ui/*.c | sort)
missing=$(printf '%s\n' "$marking" | comm -23 - "$(printf '%s\n' "$listed" > "$tmp/listed"; echo "$tmp/listed")")
[ -z "$missing" ] || fail "strings in files missing from po/POTFILES.in: $(echo $missing)"
ok "po/POTFILES.in lists the $(printf '%s\n' "$marking" | wc -l) files with strings to translate"

if ! command -v xgettext >/dev/null 2>&1 || ! command -v msgmerge >/dev/null 2>&1; then
	echo "# skipped: no xgettext/msgmerge (./bootstrap installs gettext)"
else
	# The same keywords and flags as po/Makevars.
	(cd "$top" && xgettext -o "$tmp/corocafe.pot" --from-code=UTF-8 --keyword=_ --keyword=N_ \
	    --keyword=ngettext:1,2 --flag=_:1:pass-c-format --flag=N_:1:pass-c-format \
	    --flag=ngettext:1:pass-c-format --flag=ngettext:2:pass-c-format $listed) ||
	    fail "xgettext cannot read the sources"
	msgmerge -q -o "$tmp/zh_CN.po" "$top/po/zh_CN.po" "$tmp/corocafe.pot" || fail "msgmerge failed"
	stats=$(LC_ALL=C msgfmt -c --statistics -o /dev/null "$tmp/zh_CN.po" 2>&1) ||
	    fail "msgfmt -c: $stats"
	case $stats in
	*fuzzy*|*untranslated*) fail "zh_CN.po is not complete for the current sources: $stats (make -C po update-po, then translate)" ;;
	esac
	ok "zh_CN.po translates every string of the sources, formats checked: $stats"
fi

if ! locale -a 2>/dev/null | grep -qi '^zh_CN\.utf-\?8$'; then
	echo "# skipped: no zh_CN.UTF-8 locale (./bootstrap generates it)"
	done_testing
fi
[ -n "${COROCAFE_LOCALEDIR:-}" ] || fail "COROCAFE_LOCALEDIR is not set: run through make check"
zh() { env LC_ALL= LANGUAGE= LANG=zh_CN.UTF-8 "$@"; }

zh "$COROCAFE" --help | head -n 1 | grep -q '^用法：corocafe' || fail "--help is not in Chinese under LANG=zh_CN.UTF-8"
"$COROCAFE" --help | head -n 1 | grep -q '^Usage: corocafe' || fail "--help is not in English under the C locale"
env LANG=C LC_ALL=zh_CN.UTF-8 "$COROCAFE" --help | head -n 1 | grep -q '^用法' || fail "LC_ALL=zh_CN.UTF-8 is not followed"
env LANG=zh_CN.UTF-8 LC_ALL= LANGUAGE=en "$COROCAFE" --help | head -n 1 | grep -q '^Usage' ||
    fail "LANGUAGE=en does not win over LANG=zh_CN.UTF-8"
ok "the language follows LANG, LC_ALL and LANGUAGE"

err=$(zh "$COROCAFE" --workers=x 2>&1); st=$?
[ "$st" = 2 ] || fail "a bad option in zh_CN exits $st, not 2"
case $err in "corocafe: --workers：人手数 'x' 不对"*) ;; *) fail "the error line is not in Chinese: $err" ;; esac
ok "error lines are in Chinese"

zh timeout 120 "$COROCAFE" --headless -m 5 --speed 20 --trace "$tmp/t.json" > "$tmp/log" || fail "act 5 in zh_CN failed"
for line in "准备做 拿铁 #1" "磨豆中 拿铁 #1" "拿铁 #1 的豆磨好了" "拿铁 #1 完成" \
    "第 5 幕 · 突然有同步老机器怎么办？（asyncio.to_thread）：5 个订单，3 个人手" "  总用时  "; do
	grep -qF -- "$line" "$tmp/log" || fail "the zh_CN log has no '$line'"
done
grep -q '"grind"' "$tmp/t.json" || fail "the trace lost its English phase names"
LC_ALL=C grep -q "$(printf '\344\270')" "$tmp/t.json" && fail "the trace JSON holds Chinese: it is data, not for translation"
# The story's lane column is padded by display columns: every line's text starts at column 31.
python3 - "$tmp/log" <<'PY' || fail "the log's lane column is not padded by display columns"
import sys, unicodedata
for line in open(sys.argv[1], encoding='utf-8'):
    if not line.startswith('['):
        continue
    col = 0
    for i, c in enumerate(line):
        if col >= 31:
            break
        col += 2 if unicodedata.east_asian_width(c) in 'WF' else 1
    if col != 31 or line[i - 1] != ' ' or line[i] == ' ':
        sys.exit(1)
PY
ok "the headless log says the seed's lines; the trace stays untranslated"

zh timeout 120 "$COROCAFE" --compare --speed 20 > "$tmp/cmp" || fail "--compare in zh_CN failed"
# Headings padded by columns: the headings' row is exactly as wide as the rows of numbers.
grep -q '^幕   模型  ' "$tmp/cmp" || fail "the comparison table's headings are not in Chinese: $(sed -n 3p "$tmp/cmp")"
python3 - "$tmp/cmp" <<'PY' || fail "the comparison table's columns do not line up in zh_CN"
import sys, unicodedata
rows = open(sys.argv[1], encoding='utf-8').read().split('\n')[2:9]
width = lambda s: sum(2 if unicodedata.east_asian_width(c) in 'WF' else 1 for c in s)
sys.exit(0 if len({width(r) for r in rows}) == 1 else 1)
PY
ok "the comparison table is in Chinese, its headings padded by display columns"
done_testing
