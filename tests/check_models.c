/* check_models.c: every act at high speed, judged from its event stream: orderings and overlaps, never seconds. */
#include "config.h"

#include <check.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <ev.h>

#include "fault.h"
#include "model.h"
#include "run.h"
#include "tevents.h"
#include "thread.h"

#define FAST 20.0

/* Runs an act, checks what every run must hold, and returns the log. */
static void
run_act(struct cafe_settings *s, struct tev_log *log)
{
	const struct cafe_recipe *r = s->act == 6 ? &cafe_recipe_request : &cafe_recipe_coffee;
	int before = tev_threads();
	const char *why;

	ck_assert_int_eq(tev_run(s, log), 0);
	ck_assert_int_eq(tev_count(log, CAFE_EV_RUN_END), 1);
	ck_assert_int_eq((int)tev_count(log, CAFE_EV_ORDER_DONE), s->norders);
	why = tev_check_recipe(log, r, s->norders);
	ck_assert_msg(why == NULL, "act %d: %s", s->act, why);
	ck_assert_int_eq(tev_threads_settled(before), before);
	ck_assert_msg(!tev_children_left(), "act %d left a child process", s->act);
	ck_assert_int_eq(tev_count(log, CAFE_EV_WORKER_START), tev_count(log, CAFE_EV_WORKER_STOP) +
	    (s->act == 3 || s->act == 6 ? (size_t)s->workers : 0));
}

static int
distinct_tids(const struct tev_span *v, size_t n)
{
	int k = 0;

	for (size_t i = 0; i < n; i++) {
		int seen = 0;
		for (size_t j = 0; j < i; j++)
			seen |= v[j].tid == v[i].tid;
		k += !seen;
	}
	return k;
}

START_TEST(sync_never_overlaps_orders)
{
	struct cafe_settings s;
	struct tev_log log = { 0 };
	struct tev_span *v;
	int64_t start[8] = { 0 }, done[8] = { 0 };

	tev_settings(&s, 1, "latte,mocha,latte,americano", FAST);
	run_act(&s, &log);
	for (size_t i = 0; i < log.n; i++) {
		const struct cafe_event *e = &log.ev[i];
		if (e->type == CAFE_EV_PHASE_BEGIN && e->phase == CAFE_PH_TAKE)
			start[e->order] = e->t_us;
		if (e->type == CAFE_EV_ORDER_DONE)
			done[e->order] = e->t_us;
	}
	for (int id = 2; id <= 4; id++)
		ck_assert_int_ge(start[id], done[id - 1]);
	size_t n = tev_spans(&log, CAFE_PH_GRIND, 0, &v);
	ck_assert_int_eq(n, 4);
	ck_assert_int_eq(distinct_tids(v, n), 1);
	ck_assert_int_eq(tev_count(&log, CAFE_EV_GIL_WAIT), 0);
	free(v);
	tev_free(&log);
	cafe_settings_free(&s);
}
END_TEST

START_TEST(threads_gil_serialises_cpu)
{
	struct cafe_settings s;
	struct tev_log log = { 0 };
	struct tev_span *v, *g;

	tev_settings(&s, 2, "5", FAST);
	run_act(&s, &log);
	size_t n = tev_gil_spans(&log, &g);
	ck_assert_int_gt(n, 0);
	ck_assert_msg(!tev_any_overlap(g, n, 0), "two threads held the GIL at once");
	ck_assert_int_gt(tev_count(&log, CAFE_EV_GIL_WAIT), 0);
	/* Grinds overlap as phases (they take turns inside), but never hold the GIL together. */
	size_t k = tev_spans(&log, CAFE_PH_GRIND, 0, &v);
	ck_assert_int_eq(k, 5);
	ck_assert_int_ge(distinct_tids(v, k), 2);
	ck_assert(tev_any_overlap(v, k, 1));
	free(v);
	free(g);
	tev_free(&log);
	cafe_settings_free(&s);
}
END_TEST

START_TEST(threads_without_gil_grind_in_parallel)
{
	struct cafe_settings s;
	struct tev_log log = { 0 };
	struct tev_span *v;
	int64_t par = 0;

	tev_settings(&s, 2, "4", FAST);
	s.gil = 0;
	s.workers = 2;
	run_act(&s, &log);
	ck_assert_int_eq(tev_count(&log, CAFE_EV_GIL_WAIT), 0);
	ck_assert_int_eq(tev_count(&log, CAFE_EV_GIL_ACQUIRE), 0);
	size_t n = tev_spans(&log, CAFE_PH_GRIND, 0, &v);
	ck_assert(tev_any_overlap(v, n, 1));
	/* On 2 cores they really run at once: overlapping grinds take no longer than one grind. */
	for (size_t i = 0; i < n; i++)
		for (size_t j = i + 1; j < n; j++)
			if (v[i].from < v[j].to && v[j].from < v[i].to) {
				int64_t a = v[i].from > v[j].from ? v[i].from : v[j].from;
				int64_t b = v[i].to < v[j].to ? v[i].to : v[j].to;
				par += b - a;
			}
	if (sysconf(_SC_NPROCESSORS_ONLN) >= 2)
		ck_assert_int_gt(par, 0);
	free(v);
	tev_free(&log);
	cafe_settings_free(&s);
}
END_TEST

START_TEST(processes_grind_in_children)
{
	struct cafe_settings s;
	struct tev_log log = { 0 };
	struct tev_span *v, *sp;

	tev_settings(&s, 3, "4", FAST);
	s.workers = 2;
	run_act(&s, &log);
	size_t n = tev_spans(&log, CAFE_PH_GRIND, 0, &v);
	ck_assert_int_eq(n, 4);
	for (size_t i = 0; i < n; i++)
		ck_assert_int_ne(v[i].pid, getpid());
	ck_assert(tev_any_overlap(v, n, 1));
	ck_assert_int_eq(tev_spans(&log, CAFE_PH_SPAWN, 0, &sp), 2);
	ck_assert_int_ne(sp[0].pid, sp[1].pid);
	/* Every job travels to a worker and its result back: two IPC legs per order. */
	free(v);
	ck_assert_int_eq(tev_spans(&log, CAFE_PH_IPC, 1, &v), 8);
	free(v);
	free(sp);
	tev_free(&log);
	cafe_settings_free(&s);
}
END_TEST

START_TEST(async_cpu_on_one_thread_brews_overlap)
{
	struct cafe_settings s;
	struct tev_log log = { 0 };
	struct tev_span *v;
	int32_t loop_tid = 0;

	tev_settings(&s, 4, "5", FAST);
	run_act(&s, &log);
	for (size_t i = 0; i < log.n; i++) {
		const struct cafe_event *e = &log.ev[i];
		if (e->type != CAFE_EV_PHASE_BEGIN || cafe_phase_kind(e->phase) != CAFE_KIND_CPU)
			continue;
		if (loop_tid == 0)
			loop_tid = e->tid;
		ck_assert_int_eq(e->tid, loop_tid);
		ck_assert_int_eq(e->wkind, CAFE_WK_LOOP);
	}
	size_t n = tev_spans(&log, CAFE_PH_BREW, 1, &v);
	ck_assert_int_eq(n, 5);
	ck_assert(tev_any_overlap(v, n, 0));
	free(v);
	n = tev_spans(&log, CAFE_PH_GRIND, 0, &v);
	ck_assert(!tev_any_overlap(v, n, 0));
	free(v);
	tev_free(&log);
	cafe_settings_free(&s);
}
END_TEST

START_TEST(tothread_grinds_on_helpers_loop_stays_free)
{
	struct cafe_settings s;
	struct tev_log log = { 0 };
	struct tev_span *g, *t;
	int free_loop = 0;

	tev_settings(&s, 5, "5", FAST);
	run_act(&s, &log);
	size_t ng = tev_spans(&log, CAFE_PH_GRIND, 0, &g);
	size_t nt = tev_spans(&log, CAFE_PH_TAKE, 0, &t);
	ck_assert_int_eq(ng, 5);
	ck_assert_int_ge(distinct_tids(g, ng), 2);
	for (size_t i = 0; i < ng; i++)
		ck_assert_int_ne(g[i].tid, t[0].tid);
	/* The loop takes new orders while helpers grind. */
	for (size_t i = 0; i < ng; i++)
		for (size_t j = 0; j < nt; j++)
			free_loop |= t[j].from >= g[i].from && t[j].to <= g[i].to;
	ck_assert(free_loop);
	free(g);
	/* Each grind is also awaited on the loop: a wait no thread of the loop is busy with. */
	ck_assert_int_eq(tev_spans(&log, CAFE_PH_GRIND, 1, &g), 5);
	free(g);
	free(t);
	tev_free(&log);
	cafe_settings_free(&s);
}
END_TEST

/* --grinder=cpu: helpers burn CPU, and they and the loop take turns for one GIL. */
START_TEST(tothread_cpu_grinder_shares_the_gil)
{
	struct cafe_settings s;
	struct tev_log log = { 0 };
	struct tev_span *g, *h;

	tev_settings(&s, 5, "4", FAST);
	s.grinder_cpu = 1;
	run_act(&s, &log);
	size_t ng = tev_spans(&log, CAFE_PH_GRIND, 0, &g);
	ck_assert_int_eq(ng, 4);
	int64_t cpu = 0;
	for (size_t i = 0; i < log.n; i++)
		if (log.ev[i].type == CAFE_EV_PHASE_END && log.ev[i].phase == CAFE_PH_GRIND &&
		    log.ev[i].wkind == CAFE_WK_HELPER)
			cpu += log.ev[i].cpu_us;
	ck_assert_int_gt(cpu, 0);	/* the grinder burnt CPU, on the helpers */
	size_t nh = tev_gil_spans(&log, &h);
	ck_assert_int_gt(nh, 0);
	ck_assert(!tev_any_overlap(h, nh, 1));	/* one holder at a time, loop and helpers alike */
	int loop_held = 0, helper_held = 0;
	for (size_t i = 0; i < log.n; i++)
		if (log.ev[i].type == CAFE_EV_GIL_ACQUIRE) {
			loop_held |= log.ev[i].wkind == CAFE_WK_LOOP;
			helper_held |= log.ev[i].wkind == CAFE_WK_HELPER;
		}
	ck_assert(loop_held && helper_held);
	free(g);
	free(h);
	tev_free(&log);
	cafe_settings_free(&s);
}
END_TEST

START_TEST(tothread_block_loop_stalls_everyone)
{
	struct cafe_settings s;
	struct tev_log log = { 0 };
	struct tev_span *g;

	tev_settings(&s, 5, "3", FAST);
	s.block_loop = 1;
	run_act(&s, &log);
	size_t n = tev_spans(&log, CAFE_PH_GRIND, 0, &g);
	ck_assert_int_eq(n, 3);
	ck_assert_int_eq(distinct_tids(g, n), 1);
	ck_assert(!tev_any_overlap(g, n, 0));
	for (size_t i = 0; i < log.n; i++)
		if (log.ev[i].phase == CAFE_PH_GRIND && log.ev[i].type == CAFE_EV_PHASE_BEGIN)
			ck_assert_int_eq(log.ev[i].wkind, CAFE_WK_LOOP);
	free(g);
	tev_free(&log);
	cafe_settings_free(&s);
}
END_TEST

START_TEST(mixed_uses_loop_helpers_and_processes)
{
	struct cafe_settings s;
	struct tev_log log = { 0 };
	int kinds[CAFE_WK_COUNT] = { 0 };

	tev_settings(&s, 6, "6", FAST);
	s.workers = 2;
	run_act(&s, &log);
	for (size_t i = 0; i < log.n; i++) {
		const struct cafe_event *e = &log.ev[i];
		if (e->type != CAFE_EV_PHASE_BEGIN || (e->flags & CAFE_EVF_AWAIT))
			continue;
		kinds[e->wkind]++;
		if (e->phase == CAFE_PH_EMBED)
			ck_assert(e->wkind == CAFE_WK_PROCESS && e->pid != getpid());
		if (e->phase == CAFE_PH_SYNC_LIB)
			ck_assert_int_eq(e->wkind, CAFE_WK_HELPER);
		if (e->phase == CAFE_PH_RESPOND)
			ck_assert_int_eq(e->wkind, CAFE_WK_LOOP);
	}
	ck_assert_int_gt(kinds[CAFE_WK_LOOP], 0);
	ck_assert_int_gt(kinds[CAFE_WK_HELPER], 0);
	ck_assert_int_gt(kinds[CAFE_WK_PROCESS], 0);
	/* Requests arrive one by one (250 ms apart by default). */
	int64_t last = -1;
	for (size_t i = 0; i < log.n; i++)
		if (log.ev[i].type == CAFE_EV_ORDER_ARRIVE) {
			ck_assert_int_gt(log.ev[i].t_us, last);
			last = log.ev[i].t_us;
		}
	tev_free(&log);
	cafe_settings_free(&s);
}
END_TEST

/* Stop and pause, at any moment, in every act. */
struct midrun {
	struct ev_loop		*loop;
	struct tev_log		 log;
	int			 want;		/* break at the first PHASE_BEGIN of this phase */
	struct cafe_settings	 s;
	struct cafe_run		*run;
	ev_timer		 limit;		/* a run that hangs fails instead */
};

static void
midrun_sink(void *arg, const struct cafe_event *ev)
{
	struct midrun *m = arg;

	tev_push(&m->log, ev);
	if (ev->type == CAFE_EV_PHASE_BEGIN && ev->phase == m->want)
		ev_break(m->loop, EVBREAK_ALL);
}

static void
midrun_limit_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	ev_break(loop, EVBREAK_ALL);
}

/* Starts act with orders at speed and runs it until the first PHASE_BEGIN of want. */
static void
midrun_open(struct midrun *m, int act, const char *orders, double speed, int want)
{
	memset(m, 0, sizeof *m);
	m->loop = ev_loop_new(EVFLAG_AUTO);
	m->want = want;
	tev_settings(&m->s, act, orders, speed);
	m->run = cafe_run_new(&m->s, m->loop);
	ck_assert_ptr_nonnull(m->run);
	cafe_run_add_sink(m->run, midrun_sink, m);
	ev_timer_init(&m->limit, midrun_limit_cb, 30., 0.);
	ev_timer_start(m->loop, &m->limit);
	ck_assert_int_eq(cafe_run_start(m->run), 0);
	if (want >= 0)
		ev_run(m->loop, 0);
}

/* Runs the act to its last order (or the limit). */
static void
midrun_finish(struct midrun *m)
{
	m->want = -1;
	while (!cafe_run_finished(m->run) && ev_is_active(&m->limit))
		ev_run(m->loop, EVRUN_ONCE);
}

static void
midrun_close(struct midrun *m)
{
	cafe_run_free(m->run);
	ev_timer_stop(m->loop, &m->limit);
	ev_loop_destroy(m->loop);
	tev_free(&m->log);
	cafe_settings_free(&m->s);
}

static void
nap_ms(int ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	nanosleep(&ts, NULL);
}

START_TEST(stop_mid_run_leaves_nothing)
{
	struct midrun m;
	int before = tev_threads();

	midrun_open(&m, _i, "8", 2.0, _i == 6 ? CAFE_PH_EMBED : CAFE_PH_GRIND);
	ck_assert_int_gt(tev_threads(), before);	/* the act really runs threads */
	cafe_run_free(m.run);
	m.run = NULL;
	ck_assert_int_eq(tev_threads_settled(before), before);
	ck_assert(!tev_children_left());
	midrun_close(&m);
}
END_TEST

START_TEST(pause_freezes_every_act)
{
	struct midrun m;

	midrun_open(&m, _i, "6", 5.0, _i == 6 ? CAFE_PH_EMBED : CAFE_PH_GRIND);
	ck_assert(!cafe_run_finished(m.run));
	cafe_run_pause(m.run, 1);
	int64_t t0 = cafe_clock_now_us(cafe_run_env(m.run)->clock);
	nap_ms(30);			/* let what was in flight land */
	ev_run(m.loop, EVRUN_NOWAIT);
	size_t n0 = m.log.n;
	nap_ms(300);
	ev_run(m.loop, EVRUN_NOWAIT);
	ck_assert_int_eq(m.log.n, n0);
	ck_assert_int_eq(cafe_clock_now_us(cafe_run_env(m.run)->clock), t0);

	/* Resumed, the act runs to the end. */
	cafe_run_pause(m.run, 0);
	midrun_finish(&m);
	ck_assert(cafe_run_finished(m.run));
	cafe_run_free(m.run);
	m.run = NULL;
	ck_assert(!tev_children_left());
	midrun_close(&m);
}
END_TEST

static int
span_by_start(const void *a, const void *b)
{
	const struct tev_span *x = a, *y = b;

	return (x->from > y->from) - (x->from < y->from);
}

/*
 * Awaits of one step share a timer (aloop.c): slowed, paused and sped up
 * mid-brew, every brew still lasts its café time (never less), they end in
 * the order they began, and the run ends (a timer left unarmed would hang).
 */
START_TEST(async_awaits_keep_their_time_across_speed_and_pause)
{
	struct midrun m;
	struct tev_span *v;

	midrun_open(&m, 4, "6", 20.0, CAFE_PH_BREW);
	cafe_run_set_speed(m.run, 5.0);
	nap_ms(20);
	cafe_run_pause(m.run, 1);
	nap_ms(50);
	cafe_run_set_speed(m.run, 40.0);
	cafe_run_pause(m.run, 0);
	midrun_finish(&m);
	ck_assert(cafe_run_finished(m.run));
	size_t n = tev_spans(&m.log, CAFE_PH_BREW, 1, &v);
	ck_assert_int_eq(n, 6);
	qsort(v, n, sizeof *v, span_by_start);
	for (size_t i = 0; i < n; i++) {
		ck_assert_int_ge(v[i].to - v[i].from, (int64_t)m.s.dur_ms[CAFE_PH_BREW] * 1000);
		if (i > 0)
			ck_assert_int_ge(v[i].to, v[i - 1].to);
	}
	free(v);
	midrun_close(&m);
}
END_TEST

/*
 * Waiters for the GIL time their own turns (gil.c), and the thread letting
 * go does not wake one that does. Sped up, slowed down and paused over and
 * over while three baristas take turns, the GIL is still held by one at a
 * time, every wait ends in the GIL, and the act ends: a waiter nobody tells
 * and no timer wakes would hang it.
 */
START_TEST(gil_turns_survive_speed_and_pause)
{
	struct midrun m;
	struct tev_span *g;

	midrun_open(&m, 2, "6", 100.0, CAFE_PH_GRIND);
	/* Slices of 50 µs and of 2.5 ms (real time), paused in the middle of either. */
	for (int i = 0; i < 12 && !cafe_run_finished(m.run); i++) {
		cafe_run_set_speed(m.run, i % 2 ? 2.0 : 100.0);
		nap_ms(3);
		cafe_run_pause(m.run, 1);
		nap_ms(4);
		cafe_run_pause(m.run, 0);
	}
	midrun_finish(&m);
	ck_assert(cafe_run_finished(m.run));
	ck_assert_int_eq(tev_count(&m.log, CAFE_EV_ORDER_DONE), 6);
	size_t n = tev_gil_spans(&m.log, &g);
	ck_assert_int_gt(tev_count(&m.log, CAFE_EV_GIL_WAIT), 6);
	ck_assert_int_eq(n, (size_t)tev_count(&m.log, CAFE_EV_GIL_ACQUIRE));
	ck_assert_msg(!tev_any_overlap(g, n, 0), "two threads held the GIL at once");
	/* Every wait ends in that barista's acquire, before its next wait. */
	int waiting[64] = { 0 };
	for (size_t i = 0; i < m.log.n; i++) {
		const struct cafe_event *e = &m.log.ev[i];
		if (e->type == CAFE_EV_GIL_WAIT) {
			ck_assert_int_lt(e->worker, 64);
			ck_assert_int_eq(waiting[e->worker], 0);
			waiting[e->worker] = 1;
		} else if (e->type == CAFE_EV_GIL_ACQUIRE) {
			waiting[e->worker] = 0;
		}
	}
	for (int w = 0; w < 64; w++)
		ck_assert_int_eq(waiting[w], 0);
	free(g);
	midrun_close(&m);
}
END_TEST

/*
 * The event loop (and the helpers it starts, which inherit it) and the
 * arrivals ask for the kernel's shortest slice, so they wake ahead of the
 * CPU-bound workers; a forked worker process keeps the default, whichever
 * thread forked it. A kernel before 6.12 keeps no slice: nothing to see.
 */
START_TEST(loop_and_arrivals_ask_for_short_slices)
{
	struct midrun m;

	midrun_open(&m, 6, "6", 1.0, CAFE_PH_EMBED);
	int loop = tev_thread_named("cafe loop 1"), arrivals = tev_thread_named("cafe main 0");
	int helper = tev_thread_named("cafe helper 1"), proc = tev_child();
	ck_assert_int_gt(loop, 0);
	ck_assert_int_gt(arrivals, 0);
	ck_assert_int_gt(helper, 0);
	ck_assert_int_gt(proc, 0);
	if (tev_slice(proc) > 0) {
		ck_assert_int_eq(tev_slice(loop), CAFE_THREAD_SLICE_NS);
		ck_assert_int_eq(tev_slice(arrivals), CAFE_THREAD_SLICE_NS);
		ck_assert_int_eq(tev_slice(helper), CAFE_THREAD_SLICE_NS);
		ck_assert_int_gt(tev_slice(proc), CAFE_THREAD_SLICE_NS);
	}
	midrun_close(&m);
}
END_TEST

/*
 * The café opens only once its workers are in, and a run paused before it
 * starts (the tour opens each act paused) stays at its opening until resumed.
 */
START_TEST(paused_before_start_stays_at_opening)
{
	struct midrun m;

	memset(&m, 0, sizeof m);
	m.loop = ev_loop_new(EVFLAG_AUTO);
	m.want = -1;
	tev_settings(&m.s, 1, "2", 50.0);
	m.run = cafe_run_new(&m.s, m.loop);
	ck_assert_ptr_nonnull(m.run);
	cafe_run_add_sink(m.run, midrun_sink, &m);
	ev_timer_init(&m.limit, midrun_limit_cb, 30., 0.);
	ev_timer_start(m.loop, &m.limit);
	cafe_run_pause(m.run, 1);
	ck_assert_int_eq(cafe_run_start(m.run), 0);
	nap_ms(200);			/* 10 café seconds at speed 50, were it running */
	ev_run(m.loop, EVRUN_NOWAIT);
	nap_ms(20);
	ev_run(m.loop, EVRUN_NOWAIT);
	ck_assert_int_eq(cafe_clock_now_us(cafe_run_env(m.run)->clock), 0);
	/* A barista may take up the first order, at the opening instant; nothing gets done. */
	ck_assert_int_gt(m.log.n, 0);
	for (size_t i = 0; i < m.log.n; i++)
		ck_assert_int_eq(m.log.ev[i].t_us, 0);
	ck_assert_int_eq(tev_count(&m.log, CAFE_EV_PHASE_END), 0);
	cafe_run_pause(m.run, 0);
	midrun_finish(&m);
	ck_assert(cafe_run_finished(m.run));
	ck_assert_int_eq(tev_count(&m.log, CAFE_EV_ORDER_DONE), 2);
	midrun_close(&m);
}
END_TEST

/* --ipc-cost: a worker process burns CPU to unpickle each job and pickle its result, on its own lane. */
START_TEST(processes_pay_for_pickling)
{
	struct cafe_settings s;
	struct tev_log log = { 0 };
	int pickles = 0;

	tev_settings(&s, 3, "3", FAST);
	s.dur_ms[CAFE_PH_IPC] = 50;
	run_act(&s, &log);
	for (size_t i = 0; i < log.n; i++) {
		const struct cafe_event *e = &log.ev[i];
		if (e->type == CAFE_EV_PHASE_END && e->phase == CAFE_PH_IPC && !(e->flags & CAFE_EVF_AWAIT)) {
			ck_assert_int_eq(e->wkind, CAFE_WK_PROCESS);
			ck_assert_int_gt(e->cpu_us, 0);
			ck_assert_int_ne(e->pid, getpid());
			pickles++;
		}
	}
	ck_assert_int_eq(pickles, 2 * 3);
	tev_free(&log);
	cafe_settings_free(&s);
}
END_TEST

/* The sampler tells how busy each core is and on which core the workers ran: the worker processes too. */
START_TEST(cores_are_sampled)
{
	struct cafe_settings s;
	struct tev_log log;
	long ncores = sysconf(_SC_NPROCESSORS_ONLN);
	int seen[256] = { 0 }, on_child = 0;

	tev_settings(&s, 3, "4", 2.0);
	memset(&log, 0, sizeof log);
	ck_assert_int_eq(tev_run(&s, &log), 0);
	for (size_t i = 0; i < log.n; i++) {
		const struct cafe_event *e = &log.ev[i];
		if (e->type == CAFE_EV_CORE_LOAD) {
			ck_assert_int_lt(e->aux, ncores);
			ck_assert(e->cpu_us >= 0 && e->cpu_us <= 1000);
			seen[e->aux] = 1;
		} else if (e->type == CAFE_EV_ON_CORE) {
			ck_assert_int_lt(e->aux, ncores);
			ck_assert_int_gt(e->cpu_us, 0);
			on_child |= e->pid != getpid();
		}
	}
	for (long c = 0; c < ncores && c < 256; c++)
		ck_assert_msg(seen[c], "no sample of core %ld", c);
	ck_assert_msg(on_child, "no worker process was seen on a core");
	tev_free(&log);
	cafe_settings_free(&s);
}
END_TEST

START_TEST(customer_walks_in)
{
	struct midrun m;

	midrun_open(&m, _i, "2", FAST, -1);
	ck_assert_int_eq(cafe_run_add_order(m.run, 3), 3);
	midrun_finish(&m);
	ck_assert_int_eq(cafe_run_served(m.run), 3);
	ck_assert_ptr_null(tev_check_recipe(&m.log, _i == 6 ? &cafe_recipe_request :
	    &cafe_recipe_coffee, 3));
	midrun_close(&m);
}
END_TEST

/* The first event of phase that a worker process began, or NULL. */
static const struct cafe_event *
first_in_process(const struct tev_log *log, int phase)
{
	for (size_t i = 0; i < log->n; i++)
		if (log->ev[i].type == CAFE_EV_PHASE_BEGIN && log->ev[i].phase == phase &&
		    log->ev[i].wkind == CAFE_WK_PROCESS)
			return &log->ev[i];
	return NULL;
}

/* kill -9 of a busy worker breaks the pool as in Python: every order is served or lost, nothing hangs. */
START_TEST(pool_breaks_when_a_worker_dies)
{
	static const int acts[] = { 3, 6 };
	int act = acts[_i], phase = act == 6 ? CAFE_PH_EMBED : CAFE_PH_GRIND;
	int before = tev_threads(), norders = 8;
	const struct cafe_event *e;
	struct midrun m;

	midrun_open(&m, act, "8", 2.0, phase);
	while ((e = first_in_process(&m.log, phase)) == NULL && ev_is_active(&m.limit))
		ev_run(m.loop, 0);
	ck_assert_ptr_nonnull(e);
	/* That worker is in the middle of an order: its grind (act 6: embedding) lasts 100 ms and more. */
	pid_t victim = e->pid;
	int worker = e->worker, held = e->order;
	ck_assert_int_ne(victim, getpid());
	ck_assert_int_eq(kill(victim, SIGKILL), 0);
	midrun_finish(&m);
	ck_assert_msg(cafe_run_finished(m.run), "act %d: the run never ended", act);
	int served = cafe_run_served(m.run), lost = cafe_run_lost(m.run);
	cafe_run_free(m.run);
	m.run = NULL;

	ck_assert_int_eq(served + lost, norders);
	ck_assert_int_eq(tev_count(&m.log, CAFE_EV_ORDER_DONE), served);
	ck_assert_int_eq(tev_count(&m.log, CAFE_EV_ORDER_LOST), lost);
	ck_assert_int_eq(tev_count(&m.log, CAFE_EV_POOL_BROKEN), 1);
	ck_assert_int_eq(tev_count(&m.log, CAFE_EV_RUN_END), 1);
	int seen_broken = 0, held_lost = 0, ended = 0;
	for (size_t i = 0; i < m.log.n; i++) {
		e = &m.log.ev[i];
		if (e->type == CAFE_EV_POOL_BROKEN) {
			ck_assert_int_eq(e->wkind, CAFE_WK_PROCESS);
			ck_assert_int_eq(e->pid, victim);
			ck_assert_int_eq(e->worker, worker);
			ck_assert_int_eq(e->aux, SIGKILL);
			seen_broken = 1;
		}
		if (e->type == CAFE_EV_ORDER_LOST) {
			ck_assert_msg(seen_broken, "act %d: order %d lost before the pool broke", act, e->order);
			ck_assert_int_eq(e->aux, CAFE_LOST_POOL_BROKEN);
			held_lost |= e->order == held;
		}
		if (e->type == CAFE_EV_ORDER_LOST || e->type == CAFE_EV_ORDER_DONE)
			ck_assert_msg(!ended, "act %d: order %d ended after the run", act, e->order);
		ended |= e->type == CAFE_EV_RUN_END;
	}
	ck_assert_msg(held_lost, "act %d: order %d of the killed worker was not lost", act, held);
	/* Every order exactly once: served or lost, never both, never neither. */
	for (int id = 1; id <= norders; id++) {
		int n = 0;
		for (size_t i = 0; i < m.log.n; i++)
			n += m.log.ev[i].order == id && (m.log.ev[i].type == CAFE_EV_ORDER_DONE ||
			    m.log.ev[i].type == CAFE_EV_ORDER_LOST);
		ck_assert_msg(n == 1, "act %d: order %d ended %d times", act, id, n);
	}
	ck_assert_msg(!tev_children_left(), "act %d: a worker process is left", act);
	ck_assert_int_eq(tev_threads_settled(before), before);
	midrun_close(&m);
}
END_TEST

/* Each place that could drop an order or an event, made to fail once: the run must end, and say why. */
static const struct {
	int	 site, nth, act, reason;	/* reason 0: a broken pool, not a failed run */
} fault_cases[] = {
	{ CAFE_FAULT_BUS, 1, 1, CAFE_FAIL_EVENT_DROPPED },
	{ CAFE_FAULT_BUS, 2, 4, CAFE_FAIL_EVENT_DROPPED },
	{ CAFE_FAULT_ORDERQ, 3, 2, CAFE_FAIL_ORDER_DROPPED },
	{ CAFE_FAULT_ALOOP, 1, 4, CAFE_FAIL_ORDER_DROPPED },	/* the inbox */
	{ CAFE_FAULT_ALOOP, 2, 4, CAFE_FAIL_ORDER_DROPPED },	/* a task */
	{ CAFE_FAULT_HELPERS, 1, 5, CAFE_FAIL_ORDER_DROPPED },
	{ CAFE_FAULT_HELPERS, 4, 5, CAFE_FAIL_ORDER_DROPPED },
	{ CAFE_FAULT_PROCPOOL, 2, 3, CAFE_FAIL_ORDER_DROPPED },
	{ CAFE_FAULT_PROCPOOL_WRITE, 2, 3, 0 },
	{ CAFE_FAULT_PROCPOOL_WRITE, 1, 6, 0 },
};

START_TEST(dropped_order_or_event_fails_the_run)
{
	const int act = fault_cases[_i].act, reason = fault_cases[_i].reason, norders = 5;
	int before = tev_threads();
	struct midrun m;

	cafe_fault_arm(fault_cases[_i].site, fault_cases[_i].nth);
	midrun_open(&m, act, "5", FAST, -1);
	midrun_finish(&m);
	ck_assert_msg(cafe_run_finished(m.run), "case %d: the run never ended", _i);
	int served = cafe_run_served(m.run), lost = cafe_run_lost(m.run);
	cafe_run_free(m.run);
	m.run = NULL;
	cafe_fault_arm(fault_cases[_i].site, 0);

	if (reason != 0) {
		ck_assert_int_eq(tev_count(&m.log, CAFE_EV_RUN_FAILED), 1);
		ck_assert_int_eq(tev_count(&m.log, CAFE_EV_RUN_END), 0);
		ck_assert_int_eq(m.log.ev[m.log.n - 1].type, CAFE_EV_RUN_FAILED);
		ck_assert_int_eq(m.log.ev[m.log.n - 1].aux, reason);
		ck_assert_int_lt(served, norders);
	} else {
		/* A job that cannot be written to its worker fails with the pool, as if the worker had died. */
		ck_assert_int_eq(tev_count(&m.log, CAFE_EV_POOL_BROKEN), 1);
		ck_assert_int_eq(tev_count(&m.log, CAFE_EV_RUN_END), 1);
		ck_assert_int_eq(served + lost, norders);
		ck_assert_int_ge(lost, 1);
	}
	ck_assert_msg(!tev_children_left(), "case %d: a worker process is left", _i);
	ck_assert_int_eq(tev_threads_settled(before), before);
	midrun_close(&m);
}
END_TEST

static Suite *
models_suite(void)
{
	Suite *s = suite_create("models");
	TCase *tc = tcase_create("acts");
	TCase *life = tcase_create("lifecycle");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, sync_never_overlaps_orders);
	tcase_add_test(tc, threads_gil_serialises_cpu);
	tcase_add_test(tc, threads_without_gil_grind_in_parallel);
	tcase_add_test(tc, processes_grind_in_children);
	tcase_add_test(tc, async_cpu_on_one_thread_brews_overlap);
	tcase_add_test(tc, tothread_grinds_on_helpers_loop_stays_free);
	tcase_add_test(tc, tothread_cpu_grinder_shares_the_gil);
	tcase_add_test(tc, tothread_block_loop_stalls_everyone);
	tcase_add_test(tc, mixed_uses_loop_helpers_and_processes);
	tcase_add_test(tc, cores_are_sampled);
	tcase_add_test(tc, processes_pay_for_pickling);
	suite_add_tcase(s, tc);
	tcase_set_timeout(life, 120);
	tcase_add_loop_test(life, stop_mid_run_leaves_nothing, 1, CAFE_ACTS + 1);
	tcase_add_loop_test(life, pause_freezes_every_act, 1, CAFE_ACTS + 1);
	tcase_add_test(life, async_awaits_keep_their_time_across_speed_and_pause);
	tcase_add_test(life, gil_turns_survive_speed_and_pause);
	tcase_add_test(life, loop_and_arrivals_ask_for_short_slices);
	tcase_add_test(life, paused_before_start_stays_at_opening);
	tcase_add_loop_test(life, customer_walks_in, 1, CAFE_ACTS + 1);
	tcase_add_loop_test(life, pool_breaks_when_a_worker_dies, 0, 2);
	tcase_add_loop_test(life, dropped_order_or_event_fails_the_run, 0,
	    (int)(sizeof fault_cases / sizeof fault_cases[0]));
	suite_add_tcase(s, life);
	return s;
}

int
main(void)
{
	return tev_main(models_suite());
}
