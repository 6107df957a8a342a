#!/bin/sh
# screen.sh: end-to-end tests of the live café: the real binary in a real terminal (tmux), keys in, screens read back.
. "$(dirname "$0")/lib.sh"

command -v tmux >/dev/null 2>&1 || { echo "tmux is missing: ./bootstrap installs it"; echo "0 passed, 1 failed"; exit 1; }
run=0
sock="corocafe-test-$$-$run"
out=$(mktemp -d)
T() { tmux -L "$sock" -f /dev/null "$@"; }
trap 'T kill-server >/dev/null 2>&1; rm -rf "$out"' EXIT INT TERM

# start COLSxROWS [env...] -- args: a fresh session running the café, its status written on exit.
start() {
	size=$1; shift
	T kill-server >/dev/null 2>&1
	# A new server each time: a killed one may still be on its way out.
	run=$((run + 1))
	sock="corocafe-test-$$-$run"
	rm -f "$out/status"
	envs=""
	while [ "$1" != "--" ]; do envs="$envs $1"; shift; done
	shift
	T new-session -d -x "${size%x*}" -y "${size#*x}" \
	    "env $envs $COROCAFE $*; echo \$? > $out/status; sleep 600"
}
screen() { T capture-pane -p; }
# wait_for TEXT [SECONDS]: until the screen shows TEXT.
wait_for() {
	n=$(( ${2:-10} * 10 ))
	while [ $n -gt 0 ]; do
		screen | grep -qF -- "$1" && return 0
		sleep 0.1
		n=$((n - 1))
	done
	echo "--- screen:"; screen; echo "---"
	return 1
}
# wait_gone TEXT [SECONDS]: until the screen no longer shows TEXT.
wait_gone() {
	n=$(( ${2:-10} * 10 ))
	while [ $n -gt 0 ]; do
		screen | grep -qF -- "$1" || return 0
		sleep 0.1
		n=$((n - 1))
	done
	echo "--- screen:"; screen; echo "---"
	return 1
}
wait_exit() {
	n=100
	while [ $n -gt 0 ] && [ ! -s "$out/status" ]; do sleep 0.1; n=$((n - 1)); done
	cat "$out/status" 2>/dev/null
}
cafe_pid() { pgrep -P "$(T display -p '#{pane_pid}')" -x corocafe | head -n 1; }

start 80x24 LANG=C.UTF-8 -- --speed 10
wait_for "Act 1 · Synchronous café" || fail "act 1 is not the first act"
wait_for "qquit" || fail "the key bar does not show how to quit"
ok "opens on act 1 with a key bar"

for k in 2 3 4 5 6 1; do
	T send-keys "$k"
	case $k in
	1) t="Act 1 · Synchronous café" ;; 2) t="Act 2 · Thread pool" ;; 3) t="Act 3 · Process pool" ;;
	4) t="Act 4 · Async café" ;; 5) t="Act 5 · Async + to_thread" ;; 6) t="Act 6 · Mixed web service" ;;
	esac
	wait_for "$t" 5 || fail "key $k: header does not say '$t'"
done
ok "keys 1-6 switch the act"

T send-keys 4
wait_for "Served 5/5" 20 || fail "act 4 never served every cup"
wait_for "ideal 5.10s" 2 || fail "the scoreboard does not hold the run against the ideal"
wait_for "latte #1 done" 2 || fail "the log does not tell the story"
ok "cups get served and the log tells it"

T send-keys a
wait_for "Served 6/6" 20 || fail "a: the new customer was not served"
ok "a brings a customer in"

T send-keys r ' '
wait_for "PAUSED" 5 || fail "space: no PAUSED in the header"
a=$(screen | head -n 1); sleep 1; b=$(screen | head -n 1)
[ "$a" = "$b" ] || fail "space: the clock moved while paused ($a / $b)"
T send-keys ' '
sleep 0.5
c=$(screen | head -n 1)
[ "$c" != "$b" ] || fail "space again: the clock does not move"
ok "space freezes the clock and resumes it"

T send-keys 2
wait_for "hand-offs" 5 || fail "act 2 does not show the GIL as a baton"
sleep 1
screen | grep -Eq "GIL \(emul\.\) +(◆ [0-9]+ · |free · )[1-9][0-9]* hand-offs" || fail "act 2: the GIL row does not count hand-offs"
T send-keys g
wait_for "GIL off" 5 || fail "g: header does not say GIL off"
T send-keys g W
wait_for "4 baristas" 5 || fail "W: workers did not go up"
wait_for "barista 4" 5 || fail "W: no fourth barista"
T send-keys w +
wait_for "3 baristas" 5 || fail "w: workers did not go down"
wait_for "20x" 5 || fail "+: speed did not go up"
ok "g, w/W and + change the GIL, the pool and the speed"

T send-keys 5 b
wait_for "The event loop was blocked" 20 || fail "b: no warning that the loop was blocked"
ok "b in act 5 blocks the loop and says so"

T send-keys c
wait_for "Every act run so far" 5 || fail "c: no comparison"
T send-keys c '?'
wait_for "Keys (? to close)" 5 || fail "?: no help"
wait_for "All else really runs" 2 || fail "?: help does not say what is emulated"
T send-keys '?'
ok "c and ? overlays"

T resize-window -x 60 -y 20
wait_for "Terminal too small" 5 || fail "60x20: no too-small message"
T resize-window -x 100 -y 30
wait_for "Act 5 · Async + to_thread" 5 || fail "100x30: the café did not come back"
ok "too small at 60x20, redrawn at 100x30"

pid=$(cafe_pid)
[ -n "$pid" ] || fail "no corocafe pid"
T send-keys q
[ "$(wait_exit)" = 0 ] || fail "q: exit status is not 0"
[ "$(T display -p '#{alternate_on}')" = 0 ] || fail "q: terminal left in the alternate screen"
# Only the café this test started: other corocafes on the machine are none of its business.
kill -0 "$pid" 2>/dev/null && fail "q: the café (pid $pid) is still running"
ok "q exits 0 and gives the terminal back"

start 120x40 LANG=C.UTF-8 -- -m 3 --speed 10
wait_for "Act 3 · Process pool" || fail "120x40: no header"
wait_for "p1 · " 5 || fail "120x40: no worker process lanes"
wait_for "worker process ready" 5 || fail "120x40: the log does not show start-up"
pid=$(cafe_pid)
[ -n "$pid" ] || fail "no corocafe pid"
kids=$(pgrep -P "$pid" | wc -l)
[ "$kids" -ge 3 ] || fail "act 3 has $kids worker processes, want 3"
kill -TERM "$pid"
[ "$(wait_exit)" = 143 ] || fail "SIGTERM: exit status is not 143"
[ "$(T display -p '#{alternate_on}')" = 0 ] || fail "SIGTERM: terminal not restored"
sleep 0.3
[ -z "$(pgrep -P "$pid")" ] || fail "SIGTERM: worker processes outlived the café"
ok "SIGTERM restores the terminal and reaps the workers"

start 80x24 LANG=C NO_COLOR=1 -- -m 4 --speed 20
wait_for "Served 5/5" 20 || fail "C locale: act 4 did not run"
screen | grep -q "█" && fail "C locale: UTF-8 glyphs on an ASCII terminal"
screen | grep -q "#1 latte\*" || fail "C locale: no ASCII served cup"
T send-keys q
[ "$(wait_exit)" = 0 ] || fail "C locale: q"
ok "plain ASCII and no colour when the locale and NO_COLOR say so"

# Record on the screen, then play the recording: headless it tells the same run, on the screen 1-6 pick runs.
db="$out/screen.db"
start 80x24 LANG=C.UTF-8 -- -m 4 --speed 20 --record "$db"
wait_for "Served 5/5" 20 || fail "--record: act 4 did not run"
T send-keys m
wait_for "mark 1" 5 || fail "m: the log does not show the mark"
T send-keys 1
wait_for "Act 1 · Synchronous café" 5 || fail "--record: no act 1"
T send-keys q
[ "$(wait_exit)" = 0 ] || fail "--record: q did not exit 0"
[ "$(sqlite3 "$db" 'select group_concat(act) from runs' 2>/dev/null)" = "4,1" ] || fail "--record: the runs are not act 4, then act 1"
[ "$(sqlite3 "$db" "select count(*) from events where type = 'mark' and run = 1" 2>/dev/null)" = 1 ] || fail "m: the mark is not in the recording"
log=$(cafe --headless --replay "$db" -m 4) || fail "--replay of the screen's recording failed"
printf '%s\n' "$log" | grep -q "flat white #5 done" || fail "--replay: act 4's run does not serve #5"
ok "a screen session records every run; the recording replays"

start 80x24 LANG=C.UTF-8 -- --replay "$db" -m 4
wait_for "REPLAY" 5 || fail "--replay: the header does not say REPLAY"
wait_for "Served 5/5" 20 || fail "--replay: act 4's run does not play to the end"
T send-keys 1
wait_for "Act 1 · Synchronous café" 5 || fail "--replay: 1 does not pick act 1's run"
T send-keys 2
wait_for "no run of act 2" 5 || fail "--replay: 2 does not say the recording has no run of act 2"
T send-keys a
sleep 0.5
screen | grep -q "Served [0-9]*/6" && fail "--replay: a customer walked into a recording"
T send-keys q
[ "$(wait_exit)" = 0 ] || fail "--replay: q did not exit 0"
ok "a recording plays on the screen; 1-6 pick its runs; it cannot change"

# A worker process killed under the café: the pool breaks as in Python, and the screen says what was lost.
start 100x30 LANG=C.UTF-8 -- -m 3 -n 30 --speed 5
wait_for "worker process ready" 10 || fail "broken pool: act 3 did not start"
pid=$(cafe_pid)
kid=$(pgrep -P "$pid" | head -n 1)
[ -n "$kid" ] || fail "broken pool: no worker process to kill"
kill -9 "$kid"
wait_for "the process pool broke" 10 || fail "broken pool: the screen does not say the pool broke"
wait_for "killed by signal 9" 2 || fail "broken pool: the dead worker's lane does not say how it died"
wait_for "lost" 2 || fail "broken pool: the screen does not count the orders lost"
T send-keys r
wait_for "worker process ready" 10 || fail "broken pool: r did not start over"
screen | grep -q "the process pool broke" && fail "broken pool: r started over but the old failure still shows"
T send-keys q
[ "$(wait_exit)" = 0 ] || fail "broken pool: q did not exit 0"
sleep 0.3
[ -z "$(pgrep -P "$pid")" ] || fail "broken pool: worker processes outlived the café"
ok "a killed worker breaks the pool on screen: how it died, what was lost; r starts over"

# Every act to its end: the seed's summary comes up by itself; c shows the comparison, then the summary.
start 100x30 LANG=C.UTF-8 -- -n 2 --speed 50
for k in 1 2 3 4 5; do
	T send-keys "$k"
	wait_for "Act $k ·" 5 || fail "summary: no act $k"
	wait_for "Served 2/2" 20 || fail "summary: act $k did not finish"
done
screen | grep -q "Summary: which tool" && fail "summary: the end card came up before every act had run"
T send-keys 6
wait_for "Summary: which tool" 20 || fail "summary: the end card did not come up after every act"
wait_for "run_in_executor(ProcessPoolExecutor)" 2 || fail "summary: the first table lacks the process pool"
T send-keys c
sleep 0.3
screen | grep -q "Summary: which tool" && fail "summary: c did not close the end card"
T send-keys c
wait_for "Every act run so far" 5 || fail "summary: c did not open the comparison"
wait_for "its grind is a blocking call" 2 || fail "summary: the comparison does not warn that act 5's grinder burns no CPU"
screen | grep -q "other work: web requests" || fail "summary: act 6 is not marked as another workload"
T send-keys c
wait_for "Summary: which tool" 5 || fail "summary: c again did not show the summary"
T send-keys q
[ "$(wait_exit)" = 0 ] || fail "summary: q did not exit 0"
ok "after every act the seed's summary; c: the comparison with bars, then the summary"

# Stepping: back through a recorded run and on again gives the very screen it left.
start 80x24 LANG=C.UTF-8 NO_COLOR=1 -- --replay "$(cd "$(dirname "$0")" && pwd)/screens/cafe.db" -m 4 --pause-at 2.5
wait_for "PAUSED" 5 || fail "step: the replay did not open paused"
sleep 0.5
a=$(screen)
T send-keys Left Left Left Left Left
wait_for "STEP " 5 || fail "step: Left does not step back"
b=$(screen)
[ "$a" != "$b" ] || fail "step: five events back, the screen did not change"
T send-keys Right Right Right Right Right
sleep 0.5
c=$(screen)
[ "$a" = "$c" ] || { printf '%s\n---\n%s\n' "$a" "$c"; fail "step: back and on again, the screen is not the one it left"; }
T send-keys Home
wait_for "STEP 1/" 5 || fail "step: Home does not go to the opening"
screen | grep -q "Served 0/" || fail "step: at the opening something is already served"
T send-keys q
[ "$(wait_exit)" = 0 ] || fail "step: q did not exit 0"
ok "Left, Right and Home step through a recorded run; back and on gives the same screen"

# The guided tour: a question before each act, what happened after it, on to the next and back.
start 100x30 LANG=C.UTF-8 -- --tour -n 2 --speed 50
wait_for "Tour · act 1 of 6" 5 || fail "tour: no card for act 1"
wait_for "how long will five cups take?" 2 || fail "tour: act 1's card does not ask its question"
screen | grep -q "PAUSED" || fail "tour: the act runs before the class has guessed"
T send-keys Enter
wait_for "Measured: 2 orders" 20 || fail "tour: after act 1 the card does not tell what was measured"
T send-keys Enter
wait_for "Tour · act 2 of 6" 5 || fail "tour: Enter does not go on to act 2"
T send-keys BSpace
wait_for "Tour · act 1 of 6" 5 || fail "tour: Backspace does not go back to act 1"
T send-keys q
[ "$(wait_exit)" = 0 ] || fail "tour: q did not exit 0"
start 100x30 LANG=C.UTF-8 -- --tour --replay "$(cd "$(dirname "$0")" && pwd)/screens/cafe.db"
wait_for "Tour · act 1 of 6" 5 || fail "tour --replay: no card for act 1"
screen | grep -q "REPLAY" || fail "tour --replay: not playing the recording"
T send-keys q
[ "$(wait_exit)" = 0 ] || fail "tour --replay: q did not exit 0"
ok "--tour asks before each act, tells after it, goes on and back; --tour --replay plays a recording"
# 协程咖啡馆: the café in Chinese, as the seed's readers see it.
if locale -a 2>/dev/null | grep -qi '^zh_CN\.utf-\?8$'; then
	start 80x24 LANG=zh_CN.UTF-8 LC_ALL= LANGUAGE= COROCAFE_LOCALEDIR=${COROCAFE_LOCALEDIR:-} -- --speed 10
	wait_for "第1幕 · 同步咖啡馆（单线程同步）" || fail "zh_CN: the header does not name act 1 in Chinese"
	wait_for "q退出" || fail "zh_CN: the key bar does not say how to quit"
	for k in 2 3 4 5 6; do
		case $k in
		2) t="第2幕 · 多线程咖啡馆（线程池）" ;; 3) t="第3幕 · 多进程咖啡馆（进程池）" ;;
		4) t="第4幕 · 异步咖啡馆（async/await）" ;;
		# Its long title leaves no room at 80 columns: the short one, with who works beside it.
		5) t="第5幕 · 同步老机器" ;;
		6) t="第6幕 · 混合现实（真实 Web 应用）" ;;
		esac
		T send-keys "$k"
		wait_for "$t" 5 || fail "zh_CN: key $k: the header does not say '$t'"
	done
	T send-keys 5
	wait_for "事件循环 + 3 个帮手" 5 || fail "zh_CN: act 5's header at 80 columns leaves out who works"
	T send-keys 4
	wait_for "已上 5/5" 20 || fail "zh_CN: act 4 never served every cup"
	wait_for "拿铁 #1 完成" 2 || fail "zh_CN: the log does not say 拿铁 #1 完成"
	T send-keys '?'
	wait_for "按键（按 ? 关闭）" 5 || fail "zh_CN: ? shows no help"
	# The box's right edge stays in one column, even on rows where its left edge cuts a Chinese glyph.
	edges=$(screen | sed -n '4,16p' | python3 -c '
import sys, unicodedata
w = lambda s: sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)
print(len({w(l[:l.rindex("│")]) for l in sys.stdin if l.count("│") >= 2}))')
	[ "$edges" = 1 ] || { screen; fail "zh_CN: the help box's right edge is not in one column"; }
	# Closed, the box leaves nothing behind: no edge, no half glyph.
	T send-keys '?'
	sleep 0.5
	screen | sed -n '3,16p' | grep -q "│" && { screen; fail "zh_CN: the help box left its edges behind"; }
	T send-keys q
	[ "$(wait_exit)" = 0 ] || fail "zh_CN: q did not exit 0"
	ok "zh_CN: the acts' Chinese titles, the key bar, the log and the help box, columns aligned"
else
	echo "# skipped: no zh_CN.UTF-8 locale (./bootstrap generates it)"
fi

# A race: two acts, each run alone first, then side by side in step; the first to finish is named.
mkdir -p "$out/race"
start 100x30 LANG=C.UTF-8 TMPDIR="$out/race" -- --race 1,4 -n 2 --speed 50
wait_for "finished first" 30 || fail "race: no winner named"
screen | grep -q "Act 1 ·" || fail "race: act 1's café is not on the screen"
screen | grep -q "Act 4 ·" || fail "race: act 4's café is not on the screen"
screen | grep -q "Act 4 finished first" || fail "race: async did not beat sync on the same orders"
# Stepping in a race: both halves at one café time, each showing its café as it was then.
race_times() { screen | grep "Coroutine Café" | grep -o "STEP [0-9]*/[0-9]*  [0-9.]*s" | sed 's/.* //'; }
# How many events the two cafés have folded in, together.
race_steps() { screen | grep "Coroutine Café" | grep -o "STEP [0-9]*" | awk '{ n += $2 } END { print n + 0 }'; }
# The opening is café time 0: every event of that instant (the workers made, the first orders in).
T send-keys Home
wait_for "STEP " 5 || fail "race: Home does not step"
sleep 0.3
t0=$(race_times)
[ "$(printf '%s\n' "$t0" | wc -l)" = 2 ] || fail "race: Home stepped only one café: $t0"
[ "$(printf '%s\n' "$t0" | sort -u)" = "0.00s" ] || fail "race: Home does not step both cafés to the opening: $t0"
screen | grep -q "finished first" && fail "race: at the opening a café has already finished"
n0=$(race_steps)
T send-keys Right Right Right "]" "]"
sleep 0.5
t=$(race_times)
[ "$(printf '%s\n' "$t" | wc -l)" = 2 ] && [ "$(printf '%s\n' "$t" | sort -u | wc -l)" = 1 ] ||
	fail "race: stepped on, the two cafés are not at one café time: $t"
# Stepped on, though maybe not past the opening's hundredth of a second: its events come within µs.
[ "$(race_steps)" -gt "$n0" ] || fail "race: Right and ] did not step on: $t, $n0 events before, $(race_steps) after"
T send-keys Left "["
sleep 0.5
t2=$(race_times)
[ "$(printf '%s\n' "$t2" | sort -u | wc -l)" = 1 ] || fail "race: stepped back, the cafés' times differ: $t2"
T send-keys End
wait_for "finished first" 5 || fail "race: End does not go back to now"
screen | grep -q "STEP " && fail "race: after End a café still shows the past"
T send-keys q
[ "$(wait_exit)" = 0 ] || fail "race: q did not exit 0"
[ -z "$(ls "$out/race")" ] || fail "race: its recording was left behind: $(ls "$out/race")"
ok "--race runs two acts alone, plays them side by side and names the first to finish; Home, Right, ], Left, [ step both to one café time, End back to now"

# A race of two recordings: the recording's runs of acts 1 and 4, so the winner and the figures are known.
# Act 4's run in cafe.db served its last cup at 5.203 s, act 1's at 13.628 s: 13.628 / 5.203 = 2.62.
screens="$(cd "$(dirname "$0")" && pwd)/screens"
cp "$screens/cafe.db" "$out/given.db"
mkdir -p "$out/race"
start 100x30 LANG=C.UTF-8 TMPDIR="$out/race" -- --race 1,4 --replay "$out/given.db"
wait_for "Race: act 1 against act 4" 5 || fail "race --replay: no race"
wait_for "Act 4 finished first: 5.20 s against 13.63 s, 2.62x faster" 30 ||
    fail "race --replay: act 4 is not named first with both makespans and the ratio"
screen | grep -q "Act 1 · Synchronous café" || fail "race --replay: act 1's café is not on the screen"
screen | grep -q "Act 4 · Async café" || fail "race --replay: act 4's café is not on the screen"
screen | grep -q "Served 5/5  makespan 13.63s" || fail "race --replay: act 1's half does not end at its makespan"
T send-keys q
[ "$(wait_exit)" = 0 ] || fail "race --replay: q did not exit 0"
[ -f "$out/given.db" ] || fail "race --replay: the given recording was removed"
[ -z "$(ls "$out/race")" ] || fail "race --replay: a file was left behind: $(ls "$out/race")"
start 100x30 LANG=C.UTF-8 -- --race 1,4 --replay "$screens/block.db"
[ "$(wait_exit)" = 2 ] || fail "race --replay: a recording without act 1 does not exit 2"
screen | grep -q "corocafe: $screens/block.db: no run of act 1 in the recording" ||
    { screen; fail "race --replay: no one line naming the file and the missing act"; }
ok "--race A,B --replay FILE races the recording's runs: the first named with both makespans and the ratio; a missing act is status 2"

# R on the screen: which two acts, then both recorded while the screen answers, then the race; Esc is back.
start 100x30 LANG=C.UTF-8 TMPDIR="$out/race" -- -n 20 --speed 20
wait_for "Act 1 · Synchronous café" 5 || fail "R: the café did not open"
T send-keys R
wait_for "Race: which two acts? (1-6, then 1-6; Esc cancels)" 5 || fail "R: no question"
wait_for "PAUSED" 2 || fail "R: the café goes on behind the question"
T send-keys 1
wait_for "First:  act 1 · Synchronous café" 5 || fail "R: the first digit is not shown"
T send-keys 1
wait_for "Act 1 is the first already: pick another act." 5 || fail "R: the same act twice is not refused"
T send-keys 4
wait_for "Recording act 1 alone (1 of 2)" 5 || fail "R: no progress of the recording"
# The screen follows the recording: the count of orders done moves while it runs.
a=$(screen | grep -o "[0-9]* of 20 orders done") n=30 b=$a
while [ $n -gt 0 ] && [ "$b" = "$a" ]; do sleep 0.1; b=$(screen | grep -o "[0-9]* of 20 orders done"); n=$((n - 1)); done
[ -n "$a" ] && [ -n "$b" ] && [ "$a" != "$b" ] || fail "R: the screen does not follow the recording ('$a', then '$b')"
screen | grep -q "PAUSED" || fail "R: the café is not paused behind the recording"
wait_for "Act 4 finished first" 30 || fail "R: the race did not come, or act 4 did not win it"
screen | grep -q "Act 1 · Synchronous café" || fail "R: act 1's café is not in the race"
screen | grep -q "Esc/q back to the café" || fail "R: the race does not say how to go back"
T send-keys Escape
wait_gone "finished first" 5 || fail "R: Esc did not leave the race"
wait_for "qquit" 2 || fail "R: Esc did not go back to the café"
sleep 0.5
[ -z "$(ls "$out/race")" ] || fail "R: the race's recording was left behind: $(ls "$out/race")"
T send-keys q
[ "$(wait_exit)" = 0 ] || fail "R: q did not exit 0"
ok "R asks for two acts (the same twice refused), records them with the screen following, races them; Esc goes back"

# Esc while act 3 is recorded: its worker processes are reaped, the file is removed, the café goes on.
start 100x30 LANG=C.UTF-8 TMPDIR="$out/race" -- -n 100
wait_for "Act 1 · Synchronous café" 5 || fail "R Esc: the café did not open"
pid=$(cafe_pid)
[ -n "$pid" ] || fail "R Esc: no corocafe pid"
T send-keys R 3 1
wait_for "Recording act 3 alone (1 of 2)" 5 || fail "R Esc: act 3 is not recorded"
n=30
while [ $n -gt 0 ] && [ "$(pgrep -P "$pid" | wc -l)" -lt 3 ]; do sleep 0.1; n=$((n - 1)); done
[ "$(pgrep -P "$pid" | wc -l)" -ge 3 ] || fail "R Esc: act 3 forked no worker processes while recorded"
[ -n "$(ls "$out/race")" ] || fail "R Esc: no recording is being made"
T send-keys Escape
wait_gone "Recording act" 5 || fail "R Esc: Esc did not stop the recording"
# The recording tears its run down on its own thread, the screen answering meanwhile.
n=50
while [ $n -gt 0 ] && { [ -n "$(pgrep -P "$pid")" ] || [ -n "$(ls "$out/race")" ]; }; do sleep 0.1; n=$((n - 1)); done
[ -z "$(pgrep -P "$pid")" ] || fail "R Esc: worker processes outlived the stopped recording"
[ -z "$(ls "$out/race")" ] || fail "R Esc: the stopped recording was left behind: $(ls "$out/race")"
a=$(screen | head -n 1); sleep 0.5; b=$(screen | head -n 1)
[ "$a" != "$b" ] || fail "R Esc: the café did not go on after the recording stopped"
T send-keys R 2 4
wait_for "Recording act 2 alone (1 of 2)" 5 || fail "R q: act 2 is not recorded"
T send-keys q
wait_gone "Recording act" 5 || fail "R q: q did not stop the recording"
kill -0 "$pid" 2>/dev/null || fail "R q: q during the recording quit the café"
T send-keys q
[ "$(wait_exit)" = 0 ] || fail "R Esc: q did not exit 0"
[ "$(T display -p '#{alternate_on}')" = 0 ] || fail "R Esc: terminal left in the alternate screen"
[ -z "$(ls "$out/race")" ] || fail "R q: the stopped recording was left behind: $(ls "$out/race")"
ok "Esc or q while the race is recorded: no worker left, no file left, the café goes on"

# SIGTERM while act 3 is recorded: the status says so, the terminal is back, nothing is left behind.
start 100x30 LANG=C.UTF-8 TMPDIR="$out/race" -- -n 100
wait_for "Act 1 · Synchronous café" 5 || fail "R TERM: the café did not open"
pid=$(cafe_pid)
T send-keys R 3 1
wait_for "Recording act 3 alone (1 of 2)" 5 || fail "R TERM: act 3 is not recorded"
n=30
while [ $n -gt 0 ] && [ "$(pgrep -P "$pid" | wc -l)" -lt 3 ]; do sleep 0.1; n=$((n - 1)); done
kill -TERM "$pid"
[ "$(wait_exit)" = 143 ] || fail "R TERM: exit status is not 143"
[ "$(T display -p '#{alternate_on}')" = 0 ] || fail "R TERM: terminal not restored"
[ -z "$(pgrep -P "$pid")" ] || fail "R TERM: worker processes outlived the café"
[ -z "$(ls "$out/race")" ] || fail "R TERM: the recording was left behind: $(ls "$out/race")"
ok "SIGTERM while the race is recorded: status 143, the terminal restored, no worker and no file left"

done_testing
