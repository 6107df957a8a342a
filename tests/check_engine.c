/* check_engine.c: unit suites for the engine's parts: menu, events, options, clock, text, stats, trace, story. */
#include "config.h"

#include <check.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bus.h"
#include "clock.h"
#include "event.h"
#include "failure.h"
#include "vec.h"
#include "ideal.h"
#include "options.h"
#include "stats.h"
#include "story.h"
#include "tevents.h"
#include "text.h"
#include "trace.h"

START_TEST(event_round_trip)
{
	struct cafe_event a, b;
	char line[256];

	memset(&a, 0, sizeof a);
	a.t_us = 2104000;
	a.cpu_us = 499870;
	a.type = CAFE_EV_PHASE_END;
	a.phase = CAFE_PH_GRIND;
	a.wkind = CAFE_WK_HELPER;
	a.worker = 2;
	a.pid = 4242;
	a.tid = 4250;
	a.order = 7;
	a.drink = 4;
	a.flags = CAFE_EVF_AWAIT;
	a.aux = 5;
	ck_assert_int_gt(cafe_event_format(&a, line, sizeof line), 0);
	ck_assert_int_eq(cafe_event_parse(line, &b), 0);
	ck_assert_mem_eq(&a, &b, sizeof a);
}
END_TEST

START_TEST(event_parse_rejects_bad_lines)
{
	static const char *bad[] = {
		"",
		"12 phase-begin grind",
		"12 phase-bogus grind barista 1 2 3 4 0 0 0 0",
		"12 phase-begin grindx barista 1 2 3 4 0 0 0 0",
		"12 phase-begin grind chef 1 2 3 4 0 0 0 0",
		"12 phase-begin grind barista 1 2 3 4 9 0 0 0",
		"12 phase-begin grind barista 1 2 3 4 0 0 0 0 extra",
		"-5 phase-begin grind barista 1 2 3 4 0 0 0 0",
		"12 phase-begin grind barista 1 2 3 4 0 0 300 0",
		/* Out of range: refused, never wrapped or saturated. */
		"12 phase-begin grind barista 70000 2 3 4 0 0 0 0",
		"12 phase-begin grind barista -1 2 3 4 0 0 0 0",
		"12 phase-begin grind barista 1 2 3 4294967297 0 0 0 0",
		"12 phase-begin grind barista 1 4294967296 3 4 0 0 0 0",
		"12 phase-begin grind barista 1 2 -3 4 0 0 0 0",
		"1e20 phase-begin grind barista 1 2 3 4 0 0 0 0",
		"100000000000000000000 phase-begin grind barista 1 2 3 4 0 0 0 0",
		"12 phase-begin grind barista 1 2 3 4 0 99999999999999999999 0 0",
		"12 phase-begin grind barista 1 2 3 4 0 0 256 0",
		"12 phase-begin grind barista 1 2 3 4 0 0 0 -1",
		"12 phase-begin grind barista 1 2 3 4 0x1 0 0 0",
		"12 phase-begin grind barista 1 2 3 4 +0 0 0 0",
	};
	struct cafe_event ev;

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		ck_assert_msg(cafe_event_parse(bad[i], &ev) < 0, "accepted '%s'", bad[i]);
	ck_assert_int_eq(cafe_event_parse("12 phase-begin grind barista 1 2 3 4 0 0 0 0", &ev), 0);
	/* The largest values each field holds come back as they were. */
	ck_assert_int_eq(cafe_event_parse("9223372036854775807 order-lost embed process 32767 "
	    "2147483647 2147483647 2147483647 4 9223372036854775807 255 255", &ev), 0);
	ck_assert(ev.t_us == INT64_MAX && ev.cpu_us == INT64_MAX);
	ck_assert_int_eq(ev.worker, 32767);
	ck_assert_int_eq(ev.order, 2147483647);
	ck_assert_int_eq(ev.type, CAFE_EV_ORDER_LOST);
	ck_assert_int_eq(ev.aux, 255);
}
END_TEST

/* The one line a failed run ends with: who died, how, and which orders went with it. */
START_TEST(failure_report_names_the_dead_and_the_lost)
{
	struct cafe_who who = { CAFE_WK_PROCESS, 2, 1234, 1234 };
	struct cafe_failure f;
	struct cafe_event ev;
	char buf[512];
	FILE *fp;

	memset(&f, 0, sizeof f);
	fp = fmemopen(buf, sizeof buf, "w");
	ck_assert_int_eq(cafe_failure_report(&f, 3, fp), 0);
	cafe_event_fill(&ev, &who, CAFE_EV_POOL_BROKEN, 0, 0, -1, 0, 1000);
	ev.aux = 9;
	cafe_failure_sink(&f, &ev);
	/* Lost in the order the pool fails them, running first: the line names the lowest ids. */
	for (int id = 20; id >= 3; id--) {
		cafe_event_fill(&ev, &who, CAFE_EV_ORDER_LOST, 0, id, 0, 0, 1000);
		cafe_failure_sink(&f, &ev);
	}
	ck_assert_int_eq(cafe_failure_report(&f, 3, fp), 1);
	fclose(fp);
	ck_assert_str_eq(buf, "corocafe: act 3: the process pool broke: worker process 2 (pid 1234) "
	    "was killed by signal 9 (SIGKILL); 18 orders lost (#3, #4, #5, #6, #7, #8, #9, #10, …)\n");

	memset(&f, 0, sizeof f);
	cafe_event_fill(&ev, &who, CAFE_EV_POOL_BROKEN, 0, 0, -1, 0, 1000);
	ev.cpu_us = 3;
	cafe_failure_sink(&f, &ev);
	cafe_event_fill(&ev, &who, CAFE_EV_ORDER_LOST, 0, 7, 0, 0, 1000);
	cafe_failure_sink(&f, &ev);
	fp = fmemopen(buf, sizeof buf, "w");
	cafe_failure_report(&f, 6, fp);
	fclose(fp);
	ck_assert_str_eq(buf, "corocafe: act 6: the process pool broke: worker process 2 (pid 1234) "
	    "exited with status 3; 1 order lost (#7)\n");

	memset(&f, 0, sizeof f);
	cafe_event_fill(&ev, &who, CAFE_EV_RUN_FAILED, 0, 0, -1, 0, 1000);
	ev.aux = CAFE_FAIL_EVENT_DROPPED;
	cafe_failure_sink(&f, &ev);
	fp = fmemopen(buf, sizeof buf, "w");
	ck_assert_int_eq(cafe_failure_report(&f, 4, fp), 1);
	fclose(fp);
	ck_assert_str_eq(buf, "corocafe: act 4: the run failed: out of memory: an event was dropped\n");
}
END_TEST

START_TEST(vec_doubles_and_refuses_overflow)
{
	size_t cap = 0;
	int *v = NULL;

	ck_assert_int_eq(cafe_vec_reserve(&v, &cap, 1, sizeof *v), 0);
	ck_assert_uint_eq(cap, 16);
	for (int i = 0; i < 16; i++)
		v[i] = i;
	int *same = v;
	ck_assert_int_eq(cafe_vec_reserve(&v, &cap, 16, sizeof *v), 0);	/* it fits: untouched */
	ck_assert_ptr_eq(v, same);
	ck_assert_int_eq(cafe_vec_reserve(&v, &cap, 33, sizeof *v), 0);
	ck_assert_uint_eq(cap, 64);
	ck_assert_int_eq(v[15], 15);
	ck_assert_int_eq(v[63], 0);	/* new room is zeroed */
	/* A size that would wrap is refused, and the array stays as it was. */
	ck_assert_int_eq(cafe_vec_reserve(&v, &cap, SIZE_MAX / 2, sizeof *v), -1);
	ck_assert_int_eq(cafe_vec_reserve(&v, &cap, SIZE_MAX, sizeof *v), -1);
	ck_assert_uint_eq(cap, 64);
	ck_assert_int_eq(v[15], 15);
	free(v);
}
END_TEST

START_TEST(menu_names)
{
	ck_assert_int_eq(cafe_drink_from_name("flat-white"), 4);
	ck_assert_int_eq(cafe_drink_from_name("tea"), -1);
	ck_assert_str_eq(cafe_phase_name(CAFE_PH_GIL_WAIT), "gil-wait");
	ck_assert_int_eq(cafe_phase_from_name("sync-lib"), CAFE_PH_SYNC_LIB);
	ck_assert_int_eq(cafe_phase_kind(CAFE_PH_BREW), CAFE_KIND_WAIT);
	ck_assert_int_eq(cafe_phase_kind(CAFE_PH_GRIND), CAFE_KIND_CPU);
}
END_TEST

/* Parses a command line; returns the status and what went to stderr. */
static int
parse(struct cafe_options *o, char *err, size_t len, const char *first, ...)
{
	char *argv[16] = { "corocafe" };
	int argc = 1, rc;
	va_list ap;
	FILE *fp = fmemopen(err, len, "w");

	va_start(ap, first);
	for (const char *a = first; a != NULL && argc < 15; a = va_arg(ap, const char *))
		argv[argc++] = (char *)a;
	va_end(ap);
	argv[argc] = NULL;
	memset(err, 0, len);
	rc = cafe_options_parse(o, argc, argv, fp);
	fclose(fp);
	return rc;
}

START_TEST(options_good)
{
	struct cafe_options o;
	char err[512];

	ck_assert_int_eq(parse(&o, err, sizeof err, NULL), 0);
	ck_assert_int_eq(o.s.act, 1);
	ck_assert_int_eq(o.s.norders, 5);
	ck_assert_int_eq(o.s.workers, 3);
	ck_assert_int_eq(o.s.gil, 1);
	ck_assert_int_eq(o.s.dur_ms[CAFE_PH_BREW], 2000);
	ck_assert_int_eq(cafe_settings_arrival(&o.s, 1), 0);
	ck_assert_int_eq(cafe_settings_arrival(&o.s, 6), 250);
	cafe_settings_free(&o.s);

	ck_assert_int_eq(parse(&o, err, sizeof err, "-m", "to-thread", "-n", "mocha,latte",
	    "-w", "64", "--speed", "0.05", "--no-gil", "--grind", "0", "--arrival", "10",
	    "--headless", NULL), 0);
	ck_assert_int_eq(o.s.act, 5);
	ck_assert_int_eq(o.s.norders, 2);
	ck_assert_int_eq(o.s.drinks[0], 3);
	ck_assert_int_eq(o.s.workers, 64);
	ck_assert_int_eq(o.s.gil, 0);
	ck_assert_int_eq(o.s.dur_ms[CAFE_PH_GRIND], 0);
	ck_assert_int_eq(cafe_settings_arrival(&o.s, 1), 10);
	ck_assert(o.headless);
	cafe_settings_free(&o.s);

	ck_assert_int_eq(parse(&o, err, sizeof err, "--model=6", "--orders=12", NULL), 0);
	ck_assert_int_eq(o.s.act, 6);
	ck_assert_int_eq(o.s.norders, 12);
	ck_assert_int_eq(o.s.drinks[11], 1);
	cafe_settings_free(&o.s);
}
END_TEST

START_TEST(options_bad)
{
	static const struct {
		const char *a, *b, *needle;
	} bad[] = {
		{ "-m", "7", "'7'" }, { "-m", "fibers", "'fibers'" }, { "-m", "", "''" },
		{ "-n", "0", "'0'" }, { "-n", "1000001", "'1000001'" }, { "-n", "tea", "'tea'" },
		{ "-n", "latte,,mocha", "'latte,,mocha'" }, { "-n", "latte,", "'latte,'" },
		{ "-n", "3x", "'3x'" }, { "-w", "0", "'0'" }, { "-w", "1025", "'1025'" },
		{ "-w", "two", "'two'" }, { "--speed", "0", "'0'" }, { "--speed", "101", "'101'" },
		{ "--speed", "nan", "'nan'" }, { "--speed", "1e9999", "'1e9999'" },
		{ "--grind", "-1", "'-1'" }, { "--brew", "600001", "'600001'" },
		{ "--arrival", "1.5", "'1.5'" }, { "--switch-interval", "0", "'0'" },
		{ "--spawn-cost", "x", "'x'" }, { "--bogus", NULL, "--bogus" },
		{ "extra", NULL, "extra" }, { "-w", NULL, "-w" },
		/* The option by its name, however it was given, and the value. */
		{ "--take", "abc", "--take" }, { "--take", "abc", "'abc'" },
		{ "--grind=x", NULL, "--grind:" }, { "--serv", "-2", "--serve:" },
	};
	struct cafe_options o;
	char err[512];

	/* A thousand threads are fine; a thousand forked processes are not. */
	ck_assert_int_eq(parse(&o, err, sizeof err, "-m", "2", "-w", "1000", NULL), 0);
	cafe_settings_free(&o.s);
	ck_assert_int_eq(parse(&o, err, sizeof err, "-w", "65", "-m", "processes", NULL), 2);
	ck_assert_ptr_nonnull(strstr(err, "'65'"));
	cafe_settings_free(&o.s);
	ck_assert_int_eq(parse(&o, err, sizeof err, "-m", "6", "-w", "64", NULL), 0);
	cafe_settings_free(&o.s);

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		int rc = parse(&o, err, sizeof err, bad[i].a, bad[i].b, NULL);
		ck_assert_msg(rc == 2, "%s %s: status %d", bad[i].a, bad[i].b ? bad[i].b : "", rc);
		ck_assert_msg(strncmp(err, "corocafe: ", 10) == 0, "no prefix: %s", err);
		ck_assert_msg(strstr(err, bad[i].needle) != NULL, "'%s' not named in: %s",
		    bad[i].needle, err);
		ck_assert_msg(strstr(err, "--help") != NULL, "no hint: %s", err);
		cafe_settings_free(&o.s);
	}
}
END_TEST

START_TEST(clock_pause_and_speed)
{
	struct cafe_clock *c = cafe_clock_new(10.0, 0);

	cafe_clock_pause(c, 1);
	int64_t t = cafe_clock_now_us(c);
	ck_assert_int_eq(cafe_clock_wall_ns_until(c, t + 1000), -1);
	struct timespec ts = { 0, 20000000 };
	nanosleep(&ts, NULL);
	ck_assert_int_eq(cafe_clock_now_us(c), t);
	cafe_clock_pause(c, 0);
	nanosleep(&ts, NULL);
	ck_assert_int_gt(cafe_clock_now_us(c), t);
	/* At speed 10, 100 café ms are 10 wall ms away. */
	int64_t ns = cafe_clock_wall_ns_until(c, cafe_clock_now_us(c) + 100000);
	ck_assert(ns > 9000000 && ns <= 10000000);
	cafe_clock_set_speed(c, 2.0);
	ns = cafe_clock_wall_ns_until(c, cafe_clock_now_us(c) + 100000);
	ck_assert(ns > 49000000 && ns <= 50000000);
	cafe_clock_free(c);
}
END_TEST

START_TEST(clock_burn_spends_cpu)
{
	struct cafe_clock *c = cafe_clock_new(10.0, 0);
	int64_t cpu = 0, before = cafe_thread_cpu_ns();

	ck_assert_int_eq(cafe_clock_burn(c, 50000, NULL, &cpu), 0);
	/* 50 café ms at speed 10: 5 ms of this thread's own CPU. */
	ck_assert_int_ge(cafe_thread_cpu_ns() - before, 5000000);
	ck_assert_int_ge(cpu, 50000);
	cafe_clock_stop(c);
	ck_assert_int_eq(cafe_clock_burn(c, 50000, NULL, &cpu), -1);
	ck_assert_int_eq(cafe_clock_sleep_until(c, cafe_clock_now_us(c) + 1000000), -1);
	cafe_clock_free(c);
}
END_TEST

/* A producer that emits in bursts, resting between them longer than the bus ticks. */
struct bus_burst {
	struct cafe_bus	*bus;
	int		 bursts, per;
};

static void *
bus_burst_main(void *arg)
{
	struct bus_burst *p = arg;
	struct cafe_event ev;
	struct timespec rest = { 0, 30000000 };

	memset(&ev, 0, sizeof ev);
	ev.type = CAFE_EV_PHASE_BEGIN;
	for (int b = 0, k = 0; b < p->bursts; b++) {
		for (int i = 0; i < p->per; i++, k++) {
			ev.order = k;
			if (i % 2)
				cafe_bus_emit(p->bus, &ev);
			else
				cafe_bus_emit_n(p->bus, &ev, 1);
		}
		nanosleep(&rest, NULL);
	}
	return NULL;
}

struct bus_seen {
	struct ev_loop	*loop;
	int		 n, want, in_order;
};

static void
bus_seen_sink(void *arg, const struct cafe_event *ev)
{
	struct bus_seen *c = arg;

	c->in_order &= ev->order == c->n;
	if (++c->n == c->want)
		ev_break(c->loop, EVBREAK_ALL);
}

static void
bus_limit_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	ev_break(loop, EVBREAK_ALL);
}

/*
 * The bus drains on a tick while events come and goes back to being woken
 * when they stop: a burst after a rest must still arrive, all of it, in order.
 */
START_TEST(bus_delivers_bursts_after_rests)
{
	struct bus_seen c = { ev_loop_new(EVFLAG_AUTO), 0, 5 * 1000, 1 };
	struct cafe_bus *bus = cafe_bus_new(c.loop);
	struct bus_burst p = { bus, 5, 1000 };
	pthread_t th;
	ev_timer limit;

	cafe_bus_add_sink(bus, bus_seen_sink, &c);
	ev_timer_init(&limit, bus_limit_cb, 20., 0.);
	ev_timer_start(c.loop, &limit);
	ck_assert_int_eq(pthread_create(&th, NULL, bus_burst_main, &p), 0);
	ev_run(c.loop, 0);
	pthread_join(th, NULL);
	ck_assert_int_eq(c.n, c.want);
	ck_assert(c.in_order);
	ev_timer_stop(c.loop, &limit);
	cafe_bus_free(bus);
	ev_loop_destroy(c.loop);
}
END_TEST

/* A paced producer: one batch, then it says it got through. */
struct bus_paced {
	struct cafe_bus	*bus;
	atomic_int	 through;
};

static void *
bus_paced_main(void *arg)
{
	struct bus_paced *p = arg;
	struct cafe_event ev[2];

	memset(ev, 0, sizeof ev);
	cafe_bus_emit_paced(p->bus, ev, 2);
	atomic_store(&p->through, 1);
	return NULL;
}

static void
bus_count_sink(void *arg, const struct cafe_event *ev)
{
	(void)ev;
	++*(int *)arg;
}

/* Starts a paced producer on a full queue and tells whether it is still held 50 ms later. */
static int
bus_paced_held(struct bus_paced *p, pthread_t *th)
{
	struct timespec rest = { 0, 50000000 };

	atomic_store(&p->through, 0);
	ck_assert_int_eq(pthread_create(th, NULL, bus_paced_main, p), 0);
	nanosleep(&rest, NULL);
	return !atomic_load(&p->through);
}

/*
 * A paced producer waits while the queue holds the bound, until the consumer
 * takes it, or the waiters are let go (release, a failed run); the consumer's
 * own thread never waits, and nothing is lost either way.
 */
START_TEST(bus_paced_producer_waits_for_the_consumer)
{
	struct ev_loop *loop = ev_loop_new(EVFLAG_AUTO);
	struct cafe_bus *bus = cafe_bus_new(loop);
	struct bus_paced p = { bus, 0 };
	struct cafe_event ev[4];
	pthread_t th;
	int n = 0;

	memset(ev, 0, sizeof ev);
	cafe_bus_add_sink(bus, bus_count_sink, &n);
	/* Unpaced, nobody waits. */
	cafe_bus_emit_n(bus, ev, 4);
	ck_assert(!bus_paced_held(&p, &th));
	pthread_join(th, NULL);
	cafe_bus_flush(bus);
	ck_assert_int_eq(n, 6);

	cafe_bus_pace(bus, 4);
	cafe_bus_emit_paced(bus, ev, 4);
	cafe_bus_emit_paced(bus, ev, 1);	/* this thread is the consumer's: past the bound */
	ck_assert(bus_paced_held(&p, &th));
	cafe_bus_flush(bus);
	pthread_join(th, NULL);
	ck_assert_int_eq(atomic_load(&p.through), 1);
	cafe_bus_flush(bus);
	ck_assert_int_eq(n, 6 + 5 + 2);

	/* Below the bound a producer goes straight on. */
	cafe_bus_emit_paced(bus, ev, 2);
	ck_assert(!bus_paced_held(&p, &th));
	pthread_join(th, NULL);
	ck_assert(bus_paced_held(&p, &th));
	cafe_bus_release(bus);
	pthread_join(th, NULL);
	ck_assert(!bus_paced_held(&p, &th));
	pthread_join(th, NULL);
	cafe_bus_flush(bus);
	ck_assert_int_eq(n, 6 + 5 + 2 + 2 + 2 + 2 + 2);
	cafe_bus_free(bus);

	/* A failed run lets its waiters go too. */
	bus = cafe_bus_new(loop);
	p.bus = bus;
	cafe_bus_pace(bus, 1);
	cafe_bus_emit_paced(bus, ev, 1);
	ck_assert(bus_paced_held(&p, &th));
	cafe_bus_fail(bus, CAFE_FAIL_EVENT_DROPPED);
	pthread_join(th, NULL);
	cafe_bus_free(bus);
	ev_loop_destroy(loop);
}
END_TEST

START_TEST(text_widths)
{
	char buf[64];

	ck_assert_int_eq(cafe_text_width("latte"), 5);
	ck_assert_int_eq(cafe_text_width("拿铁"), 4);
	ck_assert_int_eq(cafe_text_width("☕ x"), 4);
	cafe_text_pad(buf, sizeof buf, "拿铁", 6);
	ck_assert_str_eq(buf, "拿铁  ");
	cafe_text_pad(buf, sizeof buf, "拿铁咖啡", 5);
	ck_assert_str_eq(buf, "拿铁 ");
	ck_assert_int_eq(cafe_text_width(buf), 5);
}
END_TEST

static struct cafe_event
mk(int64_t t, int type, int phase, int tid, int order, int flags, int64_t cpu)
{
	struct cafe_event e;

	memset(&e, 0, sizeof e);
	e.t_us = t;
	e.type = type;
	e.phase = phase;
	e.pid = 100;
	e.tid = tid;
	e.wkind = CAFE_WK_BARISTA;
	e.worker = tid - 100;
	e.order = order;
	e.drink = order > 0 ? 0 : -1;
	e.flags = flags;
	e.cpu_us = cpu;
	return e;
}

/* Two threads grinding under the GIL, recorded by hand. */
static const struct tev_log *
gil_story(void)
{
	static struct tev_log l;
	const struct cafe_event ev[] = {
		mk(0, CAFE_EV_WORKER_START, 0, 101, 0, 0, 0),
		mk(0, CAFE_EV_WORKER_START, 0, 102, 0, 0, 0),
		mk(0, CAFE_EV_ORDER_ARRIVE, 0, 101, 1, 0, 0),
		mk(0, CAFE_EV_ORDER_ARRIVE, 0, 101, 2, 0, 0),
		mk(0, CAFE_EV_PHASE_BEGIN, CAFE_PH_GRIND, 101, 1, 0, 0),
		mk(0, CAFE_EV_GIL_ACQUIRE, CAFE_PH_GIL_WAIT, 101, 1, 0, 0),
		mk(1, CAFE_EV_PHASE_BEGIN, CAFE_PH_GRIND, 102, 2, 0, 0),
		mk(1, CAFE_EV_GIL_WAIT, CAFE_PH_GIL_WAIT, 102, 2, 0, 0),
		mk(5, CAFE_EV_GIL_RELEASE, CAFE_PH_GIL_WAIT, 101, 1, 0, 0),
		mk(5, CAFE_EV_GIL_WAIT, CAFE_PH_GIL_WAIT, 101, 1, 0, 0),
		mk(5, CAFE_EV_GIL_ACQUIRE, CAFE_PH_GIL_WAIT, 102, 2, 0, 0),
		mk(10, CAFE_EV_GIL_RELEASE, CAFE_PH_GIL_WAIT, 102, 2, 0, 0),
		mk(10, CAFE_EV_PHASE_END, CAFE_PH_GRIND, 102, 2, 0, 5),
		mk(10, CAFE_EV_GIL_ACQUIRE, CAFE_PH_GIL_WAIT, 101, 1, 0, 0),
		mk(12, CAFE_EV_GIL_RELEASE, CAFE_PH_GIL_WAIT, 101, 1, 0, 0),
		mk(12, CAFE_EV_PHASE_END, CAFE_PH_GRIND, 101, 1, 0, 7),
		mk(12, CAFE_EV_PHASE_BEGIN, CAFE_PH_BREW, 101, 1, CAFE_EVF_AWAIT, 0),
		mk(20, CAFE_EV_PHASE_END, CAFE_PH_BREW, 101, 1, CAFE_EVF_AWAIT, 0),
		mk(20, CAFE_EV_ORDER_DONE, 0, 101, 1, 0, 0),
		mk(30, CAFE_EV_ORDER_DONE, 0, 102, 2, 0, 0),
		mk(30, CAFE_EV_RUN_END, 0, 101, 0, 0, 0),
	};

	if (l.n == 0)
		for (size_t i = 0; i < sizeof ev / sizeof ev[0]; i++)
			tev_push(&l, &ev[i]);
	return &l;
}

START_TEST(stats_summary)
{
	const struct tev_log *l = gil_story();
	struct cafe_stats *st = cafe_stats_new(2);
	struct cafe_summary sum;

	for (size_t i = 0; i < l->n; i++)
		cafe_stats_sink(st, &l->ev[i]);
	cafe_stats_summary(st, &sum);
	ck_assert_int_eq(sum.orders, 2);
	ck_assert_int_eq(sum.makespan_us, 30);
	ck_assert_int_eq(sum.cpu_us, 12);
	ck_assert_int_eq(sum.gil_wait_us, 4 + 5);
	ck_assert(sum.mean_latency_us > 24.9 && sum.mean_latency_us < 25.1);
	ck_assert(sum.p95_latency_us > 29.9 && sum.p95_latency_us < 30.1);
	ck_assert(sum.cpu_util > 0.19 && sum.cpu_util < 0.21);
	cafe_stats_free(st);
}
END_TEST

/* Reads "ph":"X" events back from the JSON and checks lanes never overlap. */
START_TEST(trace_slices_gil_and_never_overlaps)
{
	const struct tev_log *l = gil_story();
	struct cafe_settings s;
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	cafe_settings_init(&s);
	s.act = 2;
	struct cafe_trace *t = cafe_trace_new(fp, &s);
	for (size_t i = 0; i < l->n; i++)
		cafe_trace_sink(t, &l->ev[i]);
	ck_assert_int_eq(cafe_trace_finish(t), 0);
	fclose(fp);

	ck_assert_ptr_nonnull(strstr(buf, "\"traceEvents\":["));
	ck_assert_ptr_nonnull(strstr(buf, "\"displayTimeUnit\":\"ms\""));
	ck_assert_ptr_nonnull(strstr(buf, "\"makespan_us\":30"));
	ck_assert_ptr_nonnull(strstr(buf, "\"model\":\"threads\""));
	ck_assert_ptr_nonnull(strstr(buf, "\"name\":\"barista 1\""));
	ck_assert_ptr_nonnull(strstr(buf, "\"order\":\"latte#1\""));

	struct { int tid; long ts, dur; char name[16]; } x[32];
	int nx = 0, nb = 0, ne = 0;
	for (char *p = buf; (p = strstr(p, "{\"name\":\"")) != NULL; p++) {
		char name[16], ph[4];
		int tid;
		long ts, dur;
		if (sscanf(p, "{\"name\":\"%15[^\"]\",\"cat\":\"work\",\"ph\":\"%3[^\"]\",\"pid\":%*d,"
		    "\"tid\":%d,\"ts\":%ld,\"dur\":%ld", name, ph, &tid, &ts, &dur) == 5) {
			ck_assert_int_lt(nx, 32);
			x[nx].tid = tid;
			x[nx].ts = ts;
			x[nx].dur = dur;
			strcpy(x[nx].name, name);
			nx++;
		}
		nb += strncmp(p, "{\"name\":\"brew\",\"cat\":\"order\",\"ph\":\"b\"", 37) == 0;
		ne += strncmp(p, "{\"name\":\"brew\",\"cat\":\"order\",\"ph\":\"e\"", 37) == 0;
	}
	/* Thread 101: grind [0,5], gil-wait [5,10], grind [10,12]; 102: gil-wait [1,5], grind [5,10]. */
	ck_assert_int_eq(nx, 5);
	int grinds = 0, waits = 0;
	for (int i = 0; i < nx; i++) {
		grinds += strcmp(x[i].name, "grind") == 0;
		waits += strcmp(x[i].name, "gil-wait") == 0;
		for (int j = 0; j < nx; j++)
			if (i != j && x[i].tid == x[j].tid)
				ck_assert_msg(x[i].ts + x[i].dur <= x[j].ts || x[j].ts + x[j].dur <= x[i].ts,
				    "X events overlap on thread %d", x[i].tid);
	}
	ck_assert_int_eq(grinds, 3);
	ck_assert_int_eq(waits, 2);
	ck_assert_int_eq(nb, 1);
	ck_assert_int_eq(ne, 1);
	free(buf);
	cafe_settings_free(&s);
}
END_TEST

START_TEST(story_lines)
{
	struct cafe_event e = mk(2104000, CAFE_EV_ORDER_DONE, 0, 101, 1, 0, 0);
	char line[256];

	ck_assert_int_gt(cafe_story_format(&e, 1, line, sizeof line), 0);
	ck_assert_str_eq(line, "[   2.104s] barista 1          latte #1 done");
	e = mk(0, CAFE_EV_PHASE_BEGIN, CAFE_PH_TAKE, 101, 1, 0, 0);
	cafe_story_line(&e, 5, line, sizeof line);
	ck_assert_str_eq(line, "preparing latte #1");
	cafe_story_line(&e, 1, line, sizeof line);
	ck_assert_str_eq(line, "start making latte #1");
	e = mk(0, CAFE_EV_PHASE_END, CAFE_PH_GRIND, 101, 1, 0, 0);
	cafe_story_line(&e, 5, line, sizeof line);
	ck_assert_str_eq(line, "latte #1 beans ground");
	e = mk(0, CAFE_EV_GIL_WAIT, CAFE_PH_GIL_WAIT, 101, 1, 0, 0);
	ck_assert_int_eq(cafe_story_line(&e, 2, line, sizeof line), 0);
}
END_TEST

/* Settings for the ideal: act on two cores with these orders, workers, GIL and start-up. */
static void
ideal_setup(struct cafe_settings *s, int act, const char *orders, int workers, int gil, int spawn_ms)
{
	cafe_settings_init(s);
	s->act = act;
	s->cores = 2;
	s->workers = workers;
	s->gil = gil;
	s->spawn_ms = spawn_ms;
	cafe_settings_set_orders(s, orders);
}

/* The ideal schedule's makespan under s, in café ms; frees s. */
static int64_t
ideal_run_ms(struct cafe_settings *s)
{
	struct cafe_summary sum;

	ck_assert_int_eq(cafe_ideal(s, &sum), 0);
	ck_assert_int_eq(sum.orders, s->norders);
	cafe_settings_free(s);
	return (sum.makespan_us + 500) / 1000;
}

/* The ideal schedule of an act with these settings, in café ms. */
static int64_t
ideal_ms(int act, const char *orders, int workers, int gil, int spawn_ms)
{
	struct cafe_settings s;

	ideal_setup(&s, act, orders, workers, gil, spawn_ms);
	return ideal_run_ms(&s);
}

START_TEST(ideal_schedules)
{
	/* One barista: 2.7 s an order, back to back. */
	ck_assert_int_eq(ideal_ms(1, "5", 3, 1, 0), 13500);
	/* Async: the loop grinds 5 × 0.6 s, the last brew ends 2 s later, then its serve. */
	ck_assert_int_eq(ideal_ms(4, "5", 3, 1, 0), 5100);
	/* to_thread: grinds overlap on 3 helpers; the loop takes orders 0.1 s apart. */
	ck_assert_int_eq(ideal_ms(5, "5", 3, 1, 0), 3300);
	/* A CPU grinder handed to helpers takes turns for the GIL with the loop: async's schedule. */
	struct cafe_settings s;
	ideal_setup(&s, 5, "5", 3, 1, 0);
	s.grinder_cpu = 1;
	ck_assert_int_eq(ideal_run_ms(&s), ideal_ms(4, "5", 3, 1, 0));
	/* No GIL, 2 baristas on 2 cores: two rounds of 2.7 s. */
	ck_assert_int_eq(ideal_ms(2, "4", 2, 0, 0), 5400);
	/* Processes without start-up cost behave like it; start-up adds its share. */
	ck_assert_int_eq(ideal_ms(3, "4", 2, 1, 0), 5400);
	ck_assert_int_eq(ideal_ms(3, "4", 2, 1, 50), 5450);
	/* --ipc-cost: each job is unpickled and its result pickled, CPU in the worker: 2 × 0.1 s a job. */
	ideal_setup(&s, 3, "4", 2, 1, 0);
	s.dur_ms[CAFE_PH_IPC] = 100;
	ck_assert_int_eq(ideal_run_ms(&s), 5800);
	/* The GIL serialises CPU: slower than without it, never faster than one CPU for all CPU. */
	int64_t gil = ideal_ms(2, "6", 3, 1, 0), nogil = ideal_ms(2, "6", 3, 0, 0);
	ck_assert_int_gt(gil, nogil);
	ck_assert_int_ge(gil, 6 * 700 / 3 + 2000);
	/* Three baristas on two cores share them: slower than three cores would be. */
	ck_assert_int_gt(ideal_ms(2, "3", 3, 0, 0), 2700);
	/* Act 6: requests 250 ms apart; the last one arrives at 1 s and takes at least its phases. */
	ck_assert_int_ge(ideal_ms(6, "5", 3, 1, 0), 1000 + 150 + 300 + 400 + 200 + 20);
	/* Deterministic. */
	ck_assert_int_eq(ideal_ms(6, "40", 2, 1, 50), ideal_ms(6, "40", 2, 1, 50));
}
END_TEST

static Suite *
engine_suite(void)
{
	Suite *s = suite_create("engine");
	TCase *tc = tcase_create("units");

	tcase_add_test(tc, event_round_trip);
	tcase_add_test(tc, event_parse_rejects_bad_lines);
	tcase_add_test(tc, menu_names);
	tcase_add_test(tc, vec_doubles_and_refuses_overflow);
	tcase_add_test(tc, failure_report_names_the_dead_and_the_lost);
	tcase_add_test(tc, options_good);
	tcase_add_test(tc, options_bad);
	tcase_add_test(tc, clock_pause_and_speed);
	tcase_add_test(tc, clock_burn_spends_cpu);
	tcase_add_test(tc, bus_delivers_bursts_after_rests);
	tcase_add_test(tc, bus_paced_producer_waits_for_the_consumer);
	tcase_add_test(tc, text_widths);
	tcase_add_test(tc, stats_summary);
	tcase_add_test(tc, trace_slices_gil_and_never_overlaps);
	tcase_add_test(tc, story_lines);
	tcase_add_test(tc, ideal_schedules);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return tev_main(engine_suite());
}
