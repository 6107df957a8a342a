#!/bin/sh
# record.sh: --record and --replay end to end: a replay prints what the live run printed; killed and bad files are told apart.
. "$(dirname "$0")/lib.sh"

d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT INT TERM

# expect_bad STATUS FILE ARGS...: one "corocafe: FILE: ..." line on stderr and that status.
expect_bad() {
	want=$1 file=$2; shift 2
	err=$(cafe "$@" 2>&1 >/dev/null); rc=$?
	[ "$rc" -eq "$want" ] || fail "corocafe $*: status $rc, want $want ($err)"
	case $err in
	"corocafe: $file: "*) ;;
	*) fail "corocafe $*: stderr is not 'corocafe: $file: ...': $err" ;;
	esac
	[ "$(printf '%s\n' "$err" | wc -l)" -eq 1 ] || fail "corocafe $*: more than one line: $err"
}

# A live run and its replay print the same log and summary, line for line.
cafe --headless -m 2 -n latte,mocha,americano --speed 50 --record "$d/r.db" >"$d/live" || fail "recording run failed"
cafe --headless --replay "$d/r.db" >"$d/replay" || fail "replay failed"
diff "$d/live" "$d/replay" >&2 || fail "the replay differs from the live run"
grep -q "mocha #2 done" "$d/replay" || fail "the replay lacks the log"
[ "$(sqlite3 "$d/r.db" 'select count(*) from runs')" = 1 ] || fail "sqlite3: not one run"
[ "$(sqlite3 "$d/r.db" "select count(*) from events where type = 'order-done'")" = 3 ] ||
    fail "sqlite3: not three orders done"
ok "a headless replay prints what the live run printed"

# --compare records one run per act; its replay prints the same table, and -m picks an act's run.
cafe --compare -n 2 --speed 50 --record "$d/c.db" >"$d/clive" || fail "recording --compare failed"
[ "$(sqlite3 "$d/c.db" 'select group_concat(act) from runs')" = "1,2,3,4,5,6" ] || fail "not one run per act"
cafe --compare --replay "$d/c.db" >"$d/creplay" || fail "--compare --replay failed"
diff "$d/clive" "$d/creplay" >&2 || fail "the replayed table differs"
grep -q "^4    async" "$d/creplay" || fail "no async row"
cafe --headless --replay "$d/c.db" -m async >"$d/act4" || fail "--replay -m async failed"
grep -q "event loop" "$d/act4" && grep -q "^Act 4" "$d/act4" || fail "-m async did not pick act 4's run"
ok "--compare --record, --compare --replay, --replay -m"

# The trace of a recording, if python3 is here to judge it.
cafe --headless --quiet --replay "$d/c.db" -m 2 --trace "$d/t.json" >/dev/null || fail "--replay --trace failed"
if command -v python3 >/dev/null 2>&1; then
	python3 - "$d/t.json" <<'PY' || fail "the replayed trace is not valid Chrome trace JSON"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["otherData"]["model"] == "threads" and d["otherData"]["makespan_us"] > 0
assert any(e["ph"] == "X" and e["name"] == "grind" for e in d["traceEvents"])
PY
fi
ok "--replay --trace writes the run's trace"

# Killed with SIGKILL mid-run: the file is valid, replays what it holds, and says it was cut short.
"$COROCAFE" --headless -m 3 -n 200 --speed 5 --record "$d/k.db" >"$d/klive" 2>&1 &
pid=$!
n=0
until [ "$(sqlite3 -cmd '.timeout 2000' "$d/k.db" "select count(*) from events where type = 'order-done'" 2>/dev/null)" -ge 2 ] 2>/dev/null; do
	n=$((n + 1))
	[ $n -lt 300 ] || { kill -9 $pid; fail "the recording never showed two orders done"; }
	sleep 0.1
done
kill -9 $pid
wait $pid
[ "$(sqlite3 "$d/k.db" 'pragma integrity_check')" = ok ] || fail "killed recording: not a valid database"
err=$(cafe --headless --replay "$d/k.db" 2>&1 >"$d/kreplay"); rc=$?
[ "$rc" -eq 1 ] || fail "cut-short replay: status $rc, want 1"
case $err in "corocafe: $d/k.db: run 1 (act 3) was cut short"*) ;; *) fail "cut-short replay said: $err" ;; esac
grep -q "done" "$d/kreplay" || fail "cut-short replay printed nothing of what it holds"
head -n "$(wc -l <"$d/kreplay")" "$d/klive" | diff - "$d/kreplay" >&2 || fail "cut-short replay differs from the live log"
ok "a recording killed with SIGKILL replays what it holds, status 1"

# Bad files: one line naming the file, status 2.
printf 'order,drink\n1,latte\n' >"$d/text.db"
: >"$d/empty.db"
sqlite3 "$d/other.db" 'create table runs (id integer, x text)'
head -c 20000 "$d/c.db" >"$d/cut.db"
cp "$d/r.db" "$d/newer.db" && sqlite3 "$d/newer.db" 'pragma user_version = 7'
cp "$d/r.db" "$d/worker.db" && sqlite3 "$d/worker.db" 'update events set worker = 70000 where seq = 3'
expect_bad 2 "$d/text.db" --headless --replay "$d/text.db"
expect_bad 2 "$d/empty.db" --headless --replay "$d/empty.db"
expect_bad 2 "$d/none.db" --headless --replay "$d/none.db"
expect_bad 2 "$d/other.db" --headless --replay "$d/other.db"
expect_bad 2 "$d/cut.db" --compare --replay "$d/cut.db"
expect_bad 2 "$d/newer.db" --headless --replay "$d/newer.db"
expect_bad 2 "$d/worker.db" --headless --quiet --replay "$d/worker.db"
expect_bad 2 "$d/r.db" --headless --replay "$d/r.db" -m 5
ok "bad recordings: one line naming the file, status 2"

# Recording that cannot be written: one line, status 1, no hang.
expect_bad 1 /dev/full --headless -n 1 --speed 50 --record /dev/full
expect_bad 1 "$d/no/such/dir.db" --headless -n 1 --speed 50 --record "$d/no/such/dir.db"
# A full disk, played by a file size limit (1 or 2 MB as the shell counts): room for the run, not its events.
err=$( (ulimit -f 2000; exec timeout 60 "$COROCAFE" --headless --quiet -m 4 -n 20000 --take 0 --grind 0 \
    --serve 0 --brew 100 --speed 100 --record "$d/full.db") 2>&1 >/dev/null); rc=$?
[ "$rc" -eq 1 ] || fail "full disk: status $rc, want 1 ($err)"
case $err in "corocafe: $d/full.db: "*disk*) ;; *) fail "full disk said: $err" ;; esac
err=$(cafe --headless --quiet --replay "$d/full.db" 2>&1 >/dev/null); rc=$?
[ "$rc" -eq 1 ] || fail "replay after a full disk: status $rc, want 1 ($err)"
case $err in *"run 1 (act 4) was cut short"*) ;; *) fail "replay after a full disk said: $err" ;; esac
ok "a recording that cannot be written: one line, status 1; what it kept replays"

expect_usage_error() {
	want=$1; shift
	err=$(cafe "$@" 2>&1 >/dev/null); rc=$?
	[ "$rc" -eq 2 ] || fail "corocafe $*: status $rc, want 2"
	case $err in "corocafe: $want: "*) ;; *) fail "corocafe $*: $err" ;; esac
}
expect_usage_error --record --headless --replay "$d/r.db" --record "$d/x.db"
expect_usage_error --workers --headless --replay "$d/r.db" -w 2
expect_usage_error --speed --headless --replay "$d/r.db" --speed=3
ok "--replay refuses --record and options that change the café"

# A recording made before --grinder was recorded reads as the default grinder, not as a bad file.
old="$(cd "$(dirname "$0")" && pwd)/recordings/format1.db"
cp "$old" "$d/format1.db"
out=$(cafe --headless --quiet --replay "$d/format1.db" -m 5) || fail "an older recording does not replay"
printf '%s\n' "$out" | grep -q "Act 5 " || fail "an older recording: no act 5 summary: $out"
ok "a recording from before --grinder replays"
done_testing
