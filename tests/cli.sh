#!/bin/sh
# cli.sh: end-to-end checks of the real binary's command line: bad input exits 2 naming the value; good runs finish.
. "$(dirname "$0")/lib.sh"

expect_usage_error() {
	want=$1; shift
	out=$(cafe "$@" 2>&1 >/dev/null); rc=$?
	[ "$rc" -eq 2 ] || fail "corocafe $*: status $rc, want 2"
	case $out in
	"corocafe: "*"$want"*) ;;
	*) fail "corocafe $*: stderr does not name '$want': $out" ;;
	esac
	[ "$(printf '%s\n' "$out" | head -n 1 | wc -l)" -eq 1 ] || fail "corocafe $*: no error line"
	ok "rejects $*"
}

expect_usage_error "'9'" -m 9
expect_usage_error "'espresso'" -n latte,espresso
expect_usage_error "'0'" --workers 0
expect_usage_error "'fast'" --speed fast
expect_usage_error "--frobnicate" --frobnicate
expect_usage_error "--speed" --speed
expect_usage_error "'/nonexistent/dir/t.json'" --headless --trace /nonexistent/dir/t.json
expect_usage_error "--headless" --trace /tmp/t.json
expect_usage_error "'/tmp'" --headless --trace /tmp
expect_usage_error "'65'" -m processes -w 65
expect_usage_error "'fast'" -m to-thread --grinder fast
expect_usage_error "'-1'" -m processes --ipc-cost -1
expect_usage_error "'2,2'" --race 2,2
expect_usage_error "--race" --race 1,4 --headless
expect_usage_error "--race" --race 1,4 --record /tmp/race.db
# A race of a recording's runs plays them as recorded, as every replay does.
expect_usage_error "--speed" --race 1,4 --replay /tmp/race.db --speed 5

# Not a terminal: a clear word and status 2, not garbage.
err=$(cafe </dev/null 2>&1 >/dev/null); rc=$?
[ "$rc" -eq 2 ] || fail "no terminal: status $rc, want 2"
case $err in *"--headless"*) ;; *) fail "no terminal: does not suggest --headless: $err" ;; esac
ok "without a terminal it suggests --headless"

"$COROCAFE" --help | grep -q -- "--switch-interval" || fail "--help lacks --switch-interval"
"$COROCAFE" --help | grep -qi "emulat" || fail "--help does not say what is emulated"
ok "--help"
"$COROCAFE" --version | grep -q "^corocafe [0-9]" || fail "--version"
ok "--version"

# Output that cannot be written is a failure, never a silent 0 (as gnulib's close_stdout).
if [ -w /dev/full ]; then
	for args in "--help" "--version" "--headless -n 2 --speed 50" "--headless --quiet -n 2 --speed 50" \
	    "--compare -n 1 --speed 50"; do
		# shellcheck disable=SC2086
		err=$(cafe $args 2>&1 >/dev/full); rc=$?
		[ "$rc" -eq 1 ] || fail "$args >/dev/full: status $rc, want 1"
		case $err in "corocafe: write error: "*) ;; *) fail "$args >/dev/full: no write error line: $err" ;; esac
	done
	err=$(cafe --headless --quiet --stats -n 1 --speed 50 2>/dev/full >/dev/null); rc=$?
	[ "$rc" -eq 1 ] || fail "--stats 2>/dev/full: status $rc, want 1"
	ok "stdout or stderr that cannot be written: a write error line and status 1"
fi

# With stdout closed, the trace must not land on descriptor 1 among the log lines.
dir=$(mktemp -d)
cafe --headless -n 2 --speed 50 --trace "$dir/t.json" >&- 2>/dev/null || fail "closed stdout: the run failed"
! grep -q "orders/s" "$dir/t.json" || fail "closed stdout: the summary landed in the trace"
if command -v python3 >/dev/null 2>&1; then
	python3 -c 'import json, sys; json.load(open(sys.argv[1]))' "$dir/t.json" 2>/dev/null ||
	    fail "closed stdout: the trace is not JSON: $(head -c 200 "$dir/t.json")"
fi
ok "closed stdout is reopened on /dev/null, not taken by the trace"

# A symlink at the target is replaced by the trace, not followed.
echo precious >"$dir/precious"
ln -s "$dir/precious" "$dir/link.json"
cafe --headless --quiet -n 1 --speed 50 --trace "$dir/link.json" >/dev/null || fail "symlink trace: the run failed"
[ -f "$dir/link.json" ] && [ ! -L "$dir/link.json" ] || fail "symlink trace: the link is still there"
[ "$(cat "$dir/precious")" = precious ] || fail "symlink trace: wrote through the link"
ok "--trace replaces a symlink instead of writing through it"

# Interrupted, or its output gone: no trace at all, and no temporary left behind.
"$COROCAFE" --headless --quiet -m 3 -n 50 --trace "$dir/int.json" >/dev/null 2>&1 &
pid=$!
sleep 1
kill -INT $pid
wait $pid; rc=$?
[ "$rc" -eq 130 ] || fail "SIGINT with --trace: status $rc, want 130"
rc=$( { cafe --headless -m 3 -n 50 --trace "$dir/pipe.json" 2>"$dir/err"; echo $? >"$dir/rc"; } | head -n 1 >/dev/null; cat "$dir/rc")
[ "$rc" -eq 1 ] || fail "stdout closed by the reader: status $rc, want 1"
grep -q "^corocafe: write error: " "$dir/err" || fail "stdout closed by the reader: no write error line"
left=$(ls -A "$dir" | grep -v -e '^precious$' -e '^link.json$' -e '^t.json$' -e '^err$' -e '^rc$')
[ -z "$left" ] || fail "an interrupted run left: $left"
rm -rf "$dir"
ok "SIGINT or a closed pipe leaves no trace and no temporary file"

# Options and the trace use C-locale numbers, whatever LC_NUMERIC says.
comma=""
for l in $(locale -a 2>/dev/null); do
	[ "$(LC_ALL=$l locale decimal_point 2>/dev/null)" = "," ] && { comma=$l; break; }
done
if [ -n "$comma" ]; then
	t=$(mktemp)
	instant="--headless --quiet -n 1 --take 0 --grind 0 --brew 0 --serve 0"
	# shellcheck disable=SC2086
	LC_ALL=$comma cafe $instant --speed 0.5 --switch-interval 2.5 --trace "$t" >/dev/null ||
	    fail "$comma: --speed 0.5 refused"
	grep -q '"speed":0\.5,' "$t" || fail "$comma: the trace does not say \"speed\":0.5: $(tail -c 150 "$t")"
	# shellcheck disable=SC2086
	err=$(LC_ALL=$comma cafe $instant --speed 0,5 2>&1 >/dev/null); rc=$?
	[ "$rc" -eq 2 ] || fail "$comma: --speed 0,5 accepted (status $rc)"
	case $err in *"--speed"*"'0,5'"*) ;; *) fail "$comma: --speed 0,5 not named: $err" ;; esac
	rm -f "$t"
	ok "C-locale numbers under $comma"
else
	echo "# skipped: no decimal-comma locale in 'locale -a' (./bootstrap generates de_DE.UTF-8)"
fi

# Every byte down a worker's pipe is initialised, padding too (valgrind judges acts 3 and 6).
if ldd "$COROCAFE" 2>/dev/null | grep -q -e libasan -e libtsan; then
	echo "# skipped: valgrind and a sanitizer build do not mix"
elif command -v valgrind >/dev/null 2>&1; then
	for m in 3 6; do
		out=$(valgrind -q --error-exitcode=9 --trace-children=no "$COROCAFE" --headless --quiet \
		    -m $m -n 3 --speed 20 2>&1 >/dev/null) || fail "valgrind, act $m: $out"
	done
	ok "valgrind is clean on acts 3 and 6"
else
	echo "# skipped: valgrind is not installed"
fi

# A real run, headless: the seed's lines and a summary.
out=$(cafe --headless -m 5 -n latte,mocha --speed 50) || fail "act 5 run failed"
for line in "preparing latte #1" "grinding latte #1" "latte #1 beans ground" "latte #1 done" "makespan"; do
	printf '%s\n' "$out" | grep -q "$line" || fail "act 5 log lacks '$line'"
done
ok "act 5 tells the seed's story"

# --ideal holds the run against its ideal schedule; --stats tells the program's own costs.
out=$(cafe --headless --quiet --ideal --stats -m 1 -n 2 --speed 50 2>&1) || fail "--ideal --stats run failed"
printf '%s\n' "$out" | grep -q "ideal        makespan 5.400 s" || fail "--ideal: no ideal makespan of 5.400 s: $out"
# The ratio itself depends on the machine's load: it belongs to make bench, not here.
printf '%s\n' "$out" | grep -Eq "measured/ideal [0-9]+\.[0-9]{3}$" || fail "--ideal: no measured/ideal ratio: $out"
printf '%s\n' "$out" | grep -Eq "^stats: events=[1-9][0-9]* .*maxrss_kb=[1-9]" || fail "--stats: no stats line: $out"
out=$(cafe --compare --ideal -n 1 --speed 50) || fail "--compare --ideal failed"
printf '%s\n' "$out" | grep -q "Meas/ideal" || fail "--compare --ideal: no ideal column"
ok "--ideal and --stats"

# A trace that parses as JSON, if python3 is here to judge it.
t=$(mktemp)
cafe --headless --quiet -m 2 -n 3 --speed 50 --trace "$t" >/dev/null || fail "trace run failed"
if command -v python3 >/dev/null 2>&1; then
	python3 - "$t" <<'PY' || fail "trace is not valid Chrome trace JSON"
import json, sys
d = json.load(open(sys.argv[1]))
ev = d["traceEvents"]
assert d["otherData"]["model"] == "threads" and d["otherData"]["makespan_us"] > 0
x = [e for e in ev if e["ph"] == "X"]
assert x and any(e["name"] == "gil-wait" for e in x)
lanes = {}
for e in x:
    lanes.setdefault((e["pid"], e["tid"]), []).append((e["ts"], e["ts"] + e["dur"]))
for spans in lanes.values():
    spans.sort()
    for a, b in zip(spans, spans[1:]):
        assert a[1] <= b[0], (a, b)
names = [e["args"]["name"] for e in ev if e["ph"] == "M" and e["name"] == "thread_name"]
assert "barista 1" in names, names
PY
fi
rm -f "$t"
ok "trace"

# Ctrl-C on a long run: the program stops its workers and leaves no child.
"$COROCAFE" --headless --quiet -m 3 -n 50 >/dev/null 2>&1 &
pid=$!
sleep 1
kill -INT $pid
wait $pid; rc=$?
[ "$rc" -eq 130 ] || fail "SIGINT: status $rc, want 130"
sleep 0.2
if pgrep -P $pid >/dev/null 2>&1; then fail "workers outlived SIGINT"; fi
ok "SIGINT stops act 3 cleanly"

# kill -9 of a busy worker breaks the pool as in Python: every order served or lost, one line, status 1.
out=$(mktemp); err=$(mktemp)
"$COROCAFE" --headless -m processes -n 20 --speed 5 >"$out" 2>"$err" &
pid=$!
kids=""; n=50
while [ -z "$kids" ] && [ $n -gt 0 ]; do sleep 0.1; kids=$(pgrep -P $pid); n=$((n - 1)); done
sleep 0.5		# past start-up: each worker is on an order
victim=$(printf '%s\n' "$kids" | head -n 1)
[ -n "$victim" ] || fail "act 3 started no worker process"
kill -KILL "$victim"
( sleep 10; kill -KILL $pid ) >/dev/null 2>&1 &
dog=$!
wait $pid; rc=$?
kill $dog 2>/dev/null
[ "$rc" -eq 1 ] || fail "broken pool: status $rc, want 1 (137: it hung until the watchdog)"
grep -Eq "^corocafe: act 3: the process pool broke: worker process [0-9]+ \(pid $victim\) was killed by signal 9 \(SIGKILL\); [0-9]+ orders? lost \(#[0-9]+" "$err" ||
    fail "broken pool: no line naming pid $victim and SIGKILL: $(cat "$err")"
grep -q "was killed by signal 9 (SIGKILL): the process pool is broken" "$out" || fail "broken pool: the log does not say so"
served=$(grep -c "#[0-9]* done$" "$out"); lost=$(grep -c "#[0-9]* lost: BrokenProcessPool$" "$out")
[ $((served + lost)) -eq 20 ] || fail "broken pool: $served served + $lost lost, want 20"
for k in $kids; do kill -0 "$k" 2>/dev/null && fail "broken pool: worker $k outlived the café"; done
rm -f "$out" "$err"
ok "kill -9 of a worker breaks the pool: orders lost, said so, status 1, no child left"
done_testing
