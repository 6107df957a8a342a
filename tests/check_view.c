/* check_view.c: the view model fed with recorded event sequences, no terminal needed. */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "code.h"
#include "keys.h"
#include "model.h"
#include "stepper.h"
#include "story.h"
#include "tevents.h"
#include "view.h"

/* Records a real run of act, then replays it into a fresh view. */
static void
replay(int act, const char *orders, int block, struct cafe_view *v, struct tev_log *log)
{
	struct cafe_settings s;

	tev_settings(&s, act, orders, 20.0);
	s.block_loop = block;
	memset(log, 0, sizeof *log);
	ck_assert_int_eq(tev_run(&s, log), 0);
	ck_assert_int_eq(cafe_view_init(v, &s), 0);
	for (size_t i = 0; i < log->n; i++)
		cafe_view_sink(v, &log->ev[i]);
	cafe_settings_free(&s);
}

static const struct view_lane *
lane_of(const struct cafe_view *v, int kind, int index)
{
	for (int i = 0; (size_t)i < v->nlanes; i++)
		if (cafe_view_lane(v, i)->kind == kind && cafe_view_lane(v, i)->index == index)
			return cafe_view_lane(v, i);
	return NULL;
}

START_TEST(view_sync_run)
{
	struct cafe_view v;
	struct tev_log log;

	replay(1, "latte,mocha,latte", 0, &v, &log);
	ck_assert_int_eq(v.sums.served, 3);
	ck_assert(v.ended);
	ck_assert_int_eq(v.nids, 3);
	ck_assert_int_eq(v.nlanes, 1);
	const struct view_lane *l = lane_of(&v, CAFE_WK_BARISTA, 1);
	ck_assert_ptr_nonnull(l);
	ck_assert_int_eq(l->alive, 0);
	/* take, grind, brew, serve for three orders: twelve segments, in time order, none open. */
	ck_assert_int_eq(l->nseg, 12);
	for (size_t i = 0; i < l->nseg; i++) {
		const struct view_seg *s = &l->seg[i];
		ck_assert_int_ge(s->to, s->from);
		if (i > 0)
			ck_assert_int_ge(s->from, l->seg[i - 1].to);
	}
	ck_assert_int_eq(l->seg[1].phase, CAFE_PH_GRIND);
	for (int id = 1; id <= 3; id++) {
		ck_assert_int_eq(cafe_view_order(&v, id)->steps, 4);
		ck_assert_int_gt(cafe_view_order(&v, id)->done, cafe_view_order(&v, id)->arrive);
	}
	const struct cafe_event *last;
	char line[VIEW_LINE];
	ck_assert_int_eq(cafe_view_log(&v, 0, &last, 1), 1);
	cafe_story_format(last, 1, line, sizeof line);
	ck_assert_ptr_nonnull(strstr(line, "latte #3 done"));
	/* Scrolled back by one line, the newest is the one before. */
	ck_assert_int_eq(cafe_view_log(&v, 1, &last, 1), 1);
	cafe_story_format(last, 1, line, sizeof line);
	ck_assert_ptr_null(strstr(line, "latte #3 done"));
	ck_assert_str_eq(v.warn, "");
	cafe_view_free(&v);
	tev_free(&log);
}
END_TEST

START_TEST(view_async_awaits)
{
	struct cafe_view v;
	struct tev_log log;

	replay(4, "5", 0, &v, &log);
	ck_assert_int_eq(v.sums.served, 5);
	ck_assert_int_eq(v.nlanes, 1);
	ck_assert_int_eq(cafe_view_lane(&v, 0)->kind, CAFE_WK_LOOP);
	ck_assert_int_eq(v.nawaits, 5);
	ck_assert_int_eq(v.awaiting, 0);
	/* The brews overlap: at some moment several tasks await at once. */
	int most = 0;
	for (int64_t t = 0; t < v.end_us; t += 20000) {
		int n = cafe_view_awaiting_at(&v, t);
		most = n > most ? n : most;
		/* The most in a stretch is at least what any moment in it shows. */
		ck_assert_int_ge(cafe_view_awaiting_max(&v, t - 20000, t + 1), n);
	}
	ck_assert_int_ge(most, 3);
	ck_assert_int_eq(cafe_view_awaiting_at(&v, v.end_us), 0);
	cafe_view_free(&v);
	tev_free(&log);
}
END_TEST

START_TEST(view_blocked_loop_warns)
{
	struct cafe_view v;
	struct tev_log log;

	replay(5, "2", 1, &v, &log);
	ck_assert_ptr_nonnull(strstr(v.warn, "blocked"));
	ck_assert_ptr_nonnull(strstr(v.warn, "old grinder"));
	ck_assert_int_eq(v.warn_seq, 2);
	cafe_view_free(&v);
	tev_free(&log);
	replay(5, "2", 0, &v, &log);
	ck_assert_str_eq(v.warn, "");
	ck_assert_ptr_nonnull(lane_of(&v, CAFE_WK_HELPER, 1));
	cafe_view_free(&v);
	tev_free(&log);
}
END_TEST

START_TEST(view_processes_lanes_sorted)
{
	struct cafe_view v;
	struct tev_log log;

	replay(6, "3", 0, &v, &log);
	ck_assert_int_eq(v.sums.served, 3);
	ck_assert_int_eq(cafe_view_lane(&v, 0)->kind, CAFE_WK_LOOP);
	for (int i = 1; (size_t)i < v.nlanes; i++) {
		const struct view_lane *a = cafe_view_lane(&v, i - 1), *b = cafe_view_lane(&v, i);
		ck_assert(a->kind == CAFE_WK_LOOP || (b->kind == a->kind && b->index > a->index) ||
		    (a->kind == CAFE_WK_HELPER && b->kind == CAFE_WK_PROCESS));
	}
	ck_assert_ptr_nonnull(lane_of(&v, CAFE_WK_PROCESS, 1));
	ck_assert_int_eq(cafe_view_order(&v, 2)->steps, 5);
	/* The pool's await holds the pipe's round trips inside it: every one is closed at the end. */
	for (size_t i = 0; i < v.nawaits; i++)
		ck_assert_msg(v.awaits[i].to >= v.awaits[i].from, "await %zu (%s of #%d) never closed", i,
		    cafe_phase_name(v.awaits[i].phase), v.awaits[i].order);
	ck_assert_int_eq(v.awaiting, 0);
	for (int p = 0; p < CAFE_PH_COUNT; p++)
		ck_assert_int_eq(v.awaiting_phase[p], 0);
	/* The awaiting count's history stays in time order, late events from the workers or not. */
	for (size_t i = 1; i < v.ncounts; i++)
		ck_assert_int_ge(v.counts[i].t, v.counts[i - 1].t);
	/* A task is counted once while it awaits, whatever is nested in its await. */
	for (size_t i = 0; i < v.ncounts; i++)
		ck_assert_int_le(v.counts[i].n, v.nids);
	for (int id = 1; id <= v.nids; id++)
		ck_assert_int_eq(cafe_view_order(&v, id)->await, -1);
	cafe_view_free(&v);
	tev_free(&log);
}
END_TEST

static struct cafe_event
ev(int64_t t, int type, int phase, int tid, int order)
{
	struct cafe_event e;

	memset(&e, 0, sizeof e);
	e.t_us = t;
	e.type = type;
	e.phase = phase;
	e.pid = 1;
	e.tid = tid;
	e.wkind = CAFE_WK_BARISTA;
	e.worker = tid;
	e.order = order;
	e.drink = 0;
	return e;
}

START_TEST(view_gil_hand_off)
{
	struct cafe_settings s;
	struct cafe_view v;
	const struct cafe_event seq[] = {
		ev(0, CAFE_EV_ORDER_ARRIVE, 0, 1, 1),
		ev(0, CAFE_EV_ORDER_ARRIVE, 0, 1, 2),
		ev(0, CAFE_EV_ORDER_ARRIVE, 0, 1, 3),
		ev(0, CAFE_EV_PHASE_BEGIN, CAFE_PH_GRIND, 1, 1),
		ev(0, CAFE_EV_GIL_ACQUIRE, CAFE_PH_GIL_WAIT, 1, 1),
		ev(1, CAFE_EV_PHASE_BEGIN, CAFE_PH_GRIND, 2, 2),
		ev(1, CAFE_EV_GIL_WAIT, CAFE_PH_GIL_WAIT, 2, 2),
	};

	cafe_settings_init(&s);
	s.act = 2;
	ck_assert_int_eq(cafe_view_init(&v, &s), 0);
	for (size_t i = 0; i < sizeof seq / sizeof seq[0]; i++)
		cafe_view_sink(&v, &seq[i]);
	ck_assert_int_eq(v.gil_holder, 1);
	ck_assert_int_eq(lane_of(&v, CAFE_WK_BARISTA, 2)->gil, VIEW_GIL_WAITING);
	int ids[8];
	ck_assert_int_eq(cafe_view_queue(&v, ids, 8), 1);
	ck_assert_int_eq(ids[0], 3);
	const struct cafe_event more[] = {
		ev(5, CAFE_EV_GIL_RELEASE, CAFE_PH_GIL_WAIT, 1, 1),
		ev(5, CAFE_EV_GIL_WAIT, CAFE_PH_GIL_WAIT, 1, 1),
		ev(5, CAFE_EV_GIL_ACQUIRE, CAFE_PH_GIL_WAIT, 2, 2),
	};
	for (size_t i = 0; i < sizeof more / sizeof more[0]; i++)
		cafe_view_sink(&v, &more[i]);
	ck_assert_int_eq(v.gil_holder, 2);
	const struct view_lane *l2 = lane_of(&v, CAFE_WK_BARISTA, 2);
	ck_assert_int_eq(l2->gil, VIEW_GIL_HOLDING);
	/* Barista 2: grind [1,1] took no time and is not kept, gil-wait [1,5], grind [5,...). */
	ck_assert_int_eq(l2->nseg, 2);
	ck_assert_int_eq(l2->seg[0].phase, CAFE_PH_GIL_WAIT);
	ck_assert_int_eq(l2->seg[0].to, 5);
	ck_assert_int_eq(l2->seg[1].phase, CAFE_PH_GRIND);
	ck_assert_int_lt(l2->seg[1].to, 0);
	ck_assert_uint_eq(v.gil_handoffs, 2);
	ck_assert_ptr_eq(&v.lanes[v.gil_lane - 1], l2);	/* the baton is on barista 2's lane */
	ck_assert_int_eq(v.sums.gil_wait_us, 4);
	cafe_view_free(&v);
	cafe_settings_free(&s);
}
END_TEST

/* Core samples fold into a history per core; ON_CORE finds its lane by thread id among many. */
START_TEST(view_cores)
{
	struct cafe_settings s;
	struct cafe_view v;
	struct cafe_event e;

	cafe_settings_init(&s);
	s.act = 2;
	ck_assert_int_eq(cafe_view_init(&v, &s), 0);
	for (int tid = 1; tid <= 300; tid++)
		cafe_view_sink(&v, (e = ev(0, CAFE_EV_WORKER_START, 0, tid, 0), &e));
	e = ev(100000, CAFE_EV_CORE_LOAD, 0, 1, 0);
	e.aux = 0;
	e.cpu_us = 250;
	cafe_view_sink(&v, &e);
	e.t_us = 100010;
	e.aux = 1;
	e.cpu_us = 900;
	cafe_view_sink(&v, &e);
	e = ev(100020, CAFE_EV_ON_CORE, 0, 257, 0);
	e.aux = 1;
	e.cpu_us = 50000;
	cafe_view_sink(&v, &e);
	e.tid = 9999;		/* no lane of the café: ignored */
	cafe_view_sink(&v, &e);
	ck_assert_int_eq(v.ncpus, 2);
	e = ev(150000, CAFE_EV_MARK, 0, 1, 0);
	e.aux = 1;
	cafe_view_sink(&v, &e);
	ck_assert_int_eq(v.nmarks, 1);
	ck_assert_int_eq(v.marks[0], 150000);
	ck_assert_int_eq(cafe_view_core_now(&v, 0), 250);
	ck_assert_int_eq(cafe_view_core_now(&v, 1), 900);
	ck_assert_int_eq(cafe_view_core_busy(&v, 0, 0, 200000), 250);
	ck_assert_int_eq(cafe_view_core_busy(&v, -1, 0, 200000), 900);
	ck_assert_int_eq(cafe_view_core_busy(&v, 3, 0, 200000), -1);
	int found = 0;
	for (int i = 0; (size_t)i < v.nlanes; i++) {
		const struct view_lane *l = cafe_view_lane(&v, i);
		ck_assert_int_eq(l->core, l->tid == 257 ? 1 : -1);
		found += l->tid == 257;
	}
	ck_assert_int_eq(found, 1);
	cafe_view_free(&v);
	cafe_settings_free(&s);
}
END_TEST

/* The code panel's Python, made from bench/python/cafe.py: every phase of every act is on a line of it. */
START_TEST(code_has_every_phase)
{
	for (int act = 1; act <= CAFE_ACTS; act++) {
		struct cafe_settings s;
		struct cafe_act a;
		const struct code_line *cl = code_acts[act - 1];

		cafe_settings_init(&s);
		s.act = act;
		ck_assert_int_eq(cafe_act_init(&a, &s), 0);
		ck_assert_ptr_nonnull(cl[0].text);
		for (int i = 0; cl[i].text != NULL; i++)
			if (cl[i].phase != NULL)
				ck_assert_msg(cafe_phase_from_name(cl[i].phase) >= 0,
				    "act %d: no phase '%s'", act, cl[i].phase);
		for (int k = 0; k < a.recipe.n; k++) {
			const char *want = cafe_phase_name(a.recipe.phase[k]);
			int found = 0;
			for (int i = 0; cl[i].text != NULL; i++)
				found |= cl[i].phase != NULL && strcmp(cl[i].phase, want) == 0;
			ck_assert_msg(found, "act %d: no line of its Python is marked @%s", act, want);
		}
		cafe_settings_free(&s);
	}
}
END_TEST

/* A worker process's side of a job's trip: the message's time in the pipe, kept on its lane. */
START_TEST(view_pipe_time)
{
	struct cafe_settings s;
	struct cafe_view v;
	struct cafe_event e;

	cafe_settings_init(&s);
	s.act = 3;
	ck_assert_int_eq(cafe_view_init(&v, &s), 0);
	e = ev(0, CAFE_EV_WORKER_START, 0, 7, 0);
	e.wkind = CAFE_WK_PROCESS;
	e.pid = 7;
	cafe_view_sink(&v, &e);
	ck_assert_int_eq(cafe_view_lane(&v, 0)->pipe_us, -1);
	e = ev(1000, CAFE_EV_PHASE_BEGIN, CAFE_PH_IPC, 7, 1);
	e.wkind = CAFE_WK_PROCESS;
	e.pid = 7;
	e.flags = CAFE_EVF_AWAIT;
	cafe_view_sink(&v, &e);
	e.type = CAFE_EV_PHASE_END;
	e.t_us = 1250;
	cafe_view_sink(&v, &e);
	ck_assert_int_eq(cafe_view_lane(&v, 0)->pipe_us, 250);
	ck_assert_int_eq(v.awaiting, 0);
	cafe_view_free(&v);
	cafe_settings_free(&s);
}
END_TEST

/*
 * An order's packed fields hold every value they are given: café times far
 * past 32 bits, a time past 52 bits as the latest one (never as a negative
 * "not yet"), and each small field at both of its ends.
 */
START_TEST(view_order_keeps_every_field)
{
	const int64_t far = (int64_t)1 << 50, most = ((int64_t)1 << 51) - 1;
	struct cafe_settings s;
	struct cafe_view v;
	struct cafe_event e;

	cafe_settings_init(&s);
	s.act = 6;
	ck_assert_int_eq(cafe_view_init(&v, &s), 0);
	e = ev(far, CAFE_EV_ORDER_ARRIVE, CAFE_PH_TAKE, 1, 1);
	e.drink = CAFE_DRINK_COUNT - 1;
	cafe_view_sink(&v, &e);
	e = ev(far + 1, CAFE_EV_PHASE_BEGIN, CAFE_PH_IPC, 1, 1);
	e.flags = CAFE_EVF_AWAIT;
	cafe_view_sink(&v, &e);
	const struct view_order *o = cafe_view_order(&v, 1);
	ck_assert_int_eq(o->arrive, far);
	ck_assert_int_eq(o->drink, CAFE_DRINK_COUNT - 1);
	ck_assert_int_eq(o->await, CAFE_PH_IPC);
	ck_assert_int_eq(o->awaiting, 1);
	ck_assert_int_eq(o->done, -1);
	e.type = CAFE_EV_PHASE_END;
	cafe_view_sink(&v, &e);
	ck_assert_int_eq(o->await, -1);
	e = ev(most + 5, CAFE_EV_ORDER_DONE, CAFE_PH_SERVE, 1, 1);
	cafe_view_sink(&v, &e);
	o = cafe_view_order(&v, 1);
	ck_assert_int_eq(o->done, most);
	ck_assert_int_eq(o->steps, v.act.recipe.n);
	ck_assert_int_eq(o->started, 1);
	ck_assert_int_eq(o->lost, 0);
	ck_assert_int_eq(v.sums.served, 1);

	/* In a chunk of its own: lost before it was started, the other ends of the fields. */
	e = ev(0, CAFE_EV_ORDER_ARRIVE, CAFE_PH_TAKE, 1, 3000);
	e.drink = -1;
	cafe_view_sink(&v, &e);
	e = ev(7, CAFE_EV_ORDER_LOST, CAFE_PH_EMBED, 1, 3000);
	cafe_view_sink(&v, &e);
	o = cafe_view_order(&v, 3000);
	ck_assert_int_eq(o->arrive, 0);
	ck_assert_int_eq(o->drink, -1);
	ck_assert_int_eq(o->lost, 1);
	ck_assert_int_eq(o->started, 1);
	ck_assert_int_eq(o->steps, 0);
	ck_assert_int_eq(o->done, -1);
	ck_assert_int_eq(cafe_view_order(&v, 2999)->arrive, -1);
	ck_assert_int_eq(cafe_view_order(&v, 2999)->await, -1);
	ck_assert_int_eq(cafe_view_order(&v, 2999)->drink, -1);
	cafe_view_free(&v);
	cafe_settings_free(&s);
}
END_TEST

START_TEST(keys_table_covers_every_action)
{
	int act = 0;

	ck_assert_int_eq(keys_lookup('4', &act), KEYS_ACT);
	ck_assert_int_eq(act, 4);
	ck_assert_int_eq(keys_lookup(' ', &act), KEYS_PAUSE);
	ck_assert_int_eq(keys_lookup('W', &act), KEYS_MORE);
	ck_assert_int_eq(keys_lookup('w', &act), KEYS_FEWER);
	ck_assert_int_eq(keys_lookup('q', &act), KEYS_QUIT);
	ck_assert_int_eq(keys_lookup('x', &act), KEYS_NONE);
	/* Every action a key does has a line in the table (help, key bar). */
	for (int a = KEYS_ACT; a <= KEYS_QUIT; a++) {
		int found = 0;
		for (int i = 0; i < keys_count; i++)
			found |= (int)keys_table[i].action == a || (int)keys_table[i].also == a;
		ck_assert_msg(found, "action %d has no line in the key table", a);
	}
}
END_TEST

/* Roff for the man page: a minus sign is "\-". */
static void
roff(char *out, size_t len, const char *s)
{
	size_t n = 0;

	for (; *s != '\0' && n + 3 < len; s++) {
		if (*s == '-' || *s == '\\')
			out[n++] = '\\';
		out[n++] = *s;
	}
	out[n] = '\0';
}

START_TEST(man_keys_are_the_key_table)
{
	const char *top = getenv("TOP_SRCDIR");
	char path[1024], want[512], k[64], h[256];
	static char man[65536];

	snprintf(path, sizeof path, "%s/man/corocafe.1", top != NULL ? top : ".");
	FILE *fp = fopen(path, "r");
	ck_assert_msg(fp != NULL, "cannot read %s", path);
	size_t n = fread(man, 1, sizeof man - 1, fp);
	man[n] = '\0';
	fclose(fp);
	const char *keys = strstr(man, "\n.SH KEYS\n");
	ck_assert_ptr_nonnull(keys);
	const char *end = strstr(keys + 1, "\n.SH ");
	ck_assert_ptr_nonnull(end);
	/* Each binding, in the table's order: its keys in bold, then its help line as the overlay shows it. */
	for (int i = 0; i < keys_count; i++) {
		roff(k, sizeof k, keys_table[i].keys);
		roff(h, sizeof h, keys_table[i].help);
		snprintf(want, sizeof want, "\n.TP\n.B %s\n%s\n", k, h);
		const char *at = strstr(keys, want);
		ck_assert_msg(at != NULL && at < end, "man page KEYS lacks, or differs from, the key table:%s", want);
		keys = at + 1;
	}
}
END_TEST

/* Whether two events say the same: field by field, the padding aside. */
static int
same_event(const struct cafe_event *a, const struct cafe_event *b)
{
	return a->t_us == b->t_us && a->cpu_us == b->cpu_us && a->pid == b->pid && a->tid == b->tid &&
	    a->order == b->order && a->worker == b->worker && a->drink == b->drink && a->type == b->type &&
	    a->phase == b->phase && a->wkind == b->wkind && a->flags == b->flags && a->aux == b->aux;
}

static int
same_seg(const struct view_seg *a, const struct view_seg *b)
{
	return a->from == b->from && a->to == b->to && a->order == b->order && a->phase == b->phase;
}

/* Everything a panel reads of two views is the same (where, in a message for the failure). */
static void
views_same(const struct cafe_view *a, const struct cafe_view *b, const char *where)
{
	ck_assert_msg(a->nids == b->nids && a->queue_head == b->queue_head, "%s: orders", where);
	for (int id = 1; id <= a->nids; id++) {
		const struct view_order *x = cafe_view_order(a, id), *y = cafe_view_order(b, id);
		ck_assert_msg(x->arrive == y->arrive && x->done == y->done && x->drink == y->drink &&
		    x->started == y->started && x->steps == y->steps && x->await == y->await &&
		    x->lost == y->lost && x->awaiting == y->awaiting && x->outer == y->outer,
		    "%s: order %d", where, id);
	}
	int qa[64], qb[64], na = cafe_view_queue(a, qa, 64), nb = cafe_view_queue(b, qb, 64);
	ck_assert_msg(na == nb && memcmp(qa, qb, (size_t)na * sizeof *qa) == 0, "%s: queue", where);
	ck_assert_msg(a->nlanes == b->nlanes, "%s: lanes %zu %zu", where, a->nlanes, b->nlanes);
	for (int i = 0; (size_t)i < a->nlanes; i++) {
		const struct view_lane *x = cafe_view_lane(a, i), *y = cafe_view_lane(b, i);
		ck_assert_msg(x->kind == y->kind && x->index == y->index && x->pid == y->pid &&
		    x->tid == y->tid && x->alive == y->alive && x->phase == y->phase &&
		    x->order == y->order && x->drink == y->drink && x->since == y->since &&
		    x->gil == y->gil && x->gil_since == y->gil_since && x->core == y->core &&
		    x->core_t == y->core_t && x->core_us == y->core_us && x->pipe_from == y->pipe_from &&
		    x->pipe_us == y->pipe_us, "%s: lane %d", where, i);
		ck_assert_msg(x->nseg == y->nseg, "%s: lane %d segments %zu %zu", where, i, x->nseg, y->nseg);
		for (size_t k = 0; k < x->nseg; k++)
			ck_assert_msg(same_seg(&x->seg[k], &y->seg[k]), "%s: lane %d segment %zu", where, i, k);
	}
	ck_assert_msg(a->nawaits == b->nawaits, "%s: awaits", where);
	for (size_t k = 0; k < a->nawaits; k++)
		ck_assert_msg(same_seg(&a->awaits[k], &b->awaits[k]), "%s: await %zu", where, k);
	ck_assert_msg(a->ncounts == b->ncounts, "%s: counts", where);
	for (size_t k = 0; k < a->ncounts; k++)
		ck_assert_msg(a->counts[k].t == b->counts[k].t && a->counts[k].n == b->counts[k].n,
		    "%s: count %zu", where, k);
	ck_assert_msg(a->awaiting == b->awaiting &&
	    memcmp(a->awaiting_phase, b->awaiting_phase, sizeof a->awaiting_phase) == 0, "%s: awaiting", where);
	ck_assert_msg(memcmp(&a->sums, &b->sums, sizeof a->sums) == 0, "%s: sums", where);
	ck_assert_msg(a->nlog == b->nlog, "%s: log", where);
	const struct cafe_event *la[VIEW_LOG], *lb[VIEW_LOG];
	int n = cafe_view_log(a, 0, la, VIEW_LOG);
	ck_assert_int_eq(n, cafe_view_log(b, 0, lb, VIEW_LOG));
	for (int k = 0; k < n; k++)
		ck_assert_msg(same_event(la[k], lb[k]), "%s: log line %d", where, k);
	ck_assert_msg(strcmp(a->warn, b->warn) == 0 && a->warn_seq == b->warn_seq, "%s: warning", where);
	ck_assert_msg(a->fail.broken == b->fail.broken && a->fail.lost == b->fail.lost &&
	    a->fail.failed == b->fail.failed && a->fail.nids == b->fail.nids, "%s: failure", where);
	ck_assert_msg(a->ncpus == b->ncpus && a->core_t == b->core_t, "%s: cores", where);
	for (int c = 0; c < a->ncpus; c++) {
		ck_assert_msg(a->cpus[c].n == b->cpus[c].n, "%s: core %d", where, c);
		for (size_t k = 0; k < a->cpus[c].n; k++)
			ck_assert(a->cpus[c].s[k].t == b->cpus[c].s[k].t && a->cpus[c].s[k].n == b->cpus[c].s[k].n);
	}
	ck_assert_msg(a->nmarks == b->nmarks && (a->nmarks == 0 ||
	    memcmp(a->marks, b->marks, a->nmarks * sizeof *a->marks) == 0), "%s: marks", where);
	ck_assert_msg(a->gil_holder == b->gil_holder && a->gil_lane == b->gil_lane &&
	    a->gil_waiting == b->gil_waiting && a->gil_handoffs == b->gil_handoffs, "%s: GIL", where);
	ck_assert_msg(a->ended == b->ended && a->end_us == b->end_us && a->last_us == b->last_us &&
	    a->events == b->events && a->version == b->version, "%s: clock", where);
}

/* A real run of act, with core samples, threads seen on cores and marks woven in, as the screen gets them. */
static void
stepped_run(int act, int gil, int block, struct cafe_settings *s, struct tev_log *out)
{
	struct tev_log log;

	tev_settings(s, act, "7", 20.0);
	s->gil = gil;
	s->block_loop = block;
	memset(&log, 0, sizeof log);
	memset(out, 0, sizeof *out);
	ck_assert_int_eq(tev_run(s, &log), 0);
	for (size_t i = 0; i < log.n; i++) {
		struct cafe_event e = log.ev[i];
		tev_push(out, &e);
		if (i % 9 == 4) {
			e.type = CAFE_EV_CORE_LOAD;
			e.aux = (uint8_t)(i % 3);
			e.cpu_us = (int64_t)(i * 37 % 1000);
			tev_push(out, &e);
			e = log.ev[i];
			e.type = CAFE_EV_ON_CORE;
			e.aux = (uint8_t)(i % 2);
			e.cpu_us = (int64_t)i;
			tev_push(out, &e);
		}
		if (i % 41 == 40) {
			e = log.ev[i];
			e.type = CAFE_EV_MARK;
			tev_push(out, &e);
		}
	}
	tev_free(&log);
}

/* The view the first n events of log make, folded from the start. */
static void
fold_first(struct cafe_view *v, const struct cafe_settings *s, const struct tev_log *log, size_t n)
{
	ck_assert_int_eq(cafe_view_init(v, s), 0);
	for (size_t i = 0; i < n; i++)
		cafe_view_sink(v, &log->ev[i]);
}

static int
is_phase_change(const struct cafe_event *ev)
{
	return (ev->type == CAFE_EV_PHASE_BEGIN || ev->type == CAFE_EV_PHASE_END) &&
	    !(ev->flags & CAFE_EVF_AWAIT);
}

/*
 * Seeking to event n gives the view that folding the first n events gives,
 * for random n in random order, over a real run of every act (with its GIL,
 * and the loop blocked), marks every few events so that most seeks start from
 * one; half the run is seeked through before the rest arrives, as live.
 */
START_TEST(stepper_seek_is_fold)
{
	static const int runs[][3] = { { 1, 0, 0 }, { 2, 1, 0 }, { 3, 0, 0 }, { 4, 0, 0 }, { 5, 0, 1 },
	    { 6, 0, 0 } };
	const int *r = runs[_i];
	struct cafe_settings s;
	struct tev_log log;
	struct cafe_view head, want;
	char err[160], where[64];

	stepped_run(r[0], r[1], r[2], &s, &log);
	ck_assert_int_eq(cafe_view_init(&head, &s), 0);
	struct stepper *st = stepper_new(&head, &s, 13, err, sizeof err);
	ck_assert_ptr_nonnull(st);
	srand(1234 + (unsigned)_i);
	size_t fed = log.n / 2;
	for (int round = 0; round < 2; round++) {
		for (size_t i = round == 0 ? 0 : log.n / 2; i < fed; i++) {
			cafe_view_sink(&head, &log.ev[i]);
			stepper_sink(st, &log.ev[i]);
		}
		ck_assert_uint_eq(stepper_len(st), fed);
		for (int k = 0; k < 40; k++) {
			/* The ends, steps of one either way, and jumps. */
			size_t n = k == 0 ? fed : k == 1 ? 0 : k % 4 == 2 && stepper_at(st) > 0 ?
			    stepper_at(st) - 1 : k % 4 == 3 ? stepper_at(st) + 1 : (size_t)rand() % (fed + 1);
			n = n > fed ? fed : n;
			ck_assert_int_eq(stepper_seek(st, n), 0);
			ck_assert_uint_eq(stepper_at(st), n);
			/* The latest time of the first n: a process's event may come in late, time never goes back. */
			int64_t latest = 0;
			for (size_t i = 0; i < n; i++)
				latest = log.ev[i].t_us > latest ? log.ev[i].t_us : latest;
			ck_assert_int_eq(stepper_now(st), latest);
			fold_first(&want, &s, &log, n);
			snprintf(where, sizeof where, "act %d, event %zu of %zu", r[0], n, fed);
			views_same(stepper_view(st), &want, where);
			cafe_view_free(&want);
		}
		/* The head itself is left as it was: the fold of all it has seen. */
		fold_first(&want, &s, &log, fed);
		views_same(&head, &want, "head");
		cafe_view_free(&want);
		fed = log.n;
	}
	/* Finding and timing, against the events themselves. */
	for (int k = 0; k < 30; k++) {
		size_t n = (size_t)rand() % (log.n + 1), on = 0, back = 0;
		for (size_t i = n; i < log.n && on == 0; i++)
			on = is_phase_change(&log.ev[i]) ? i + 1 : 0;
		for (size_t i = n >= 2 ? n - 1 : 0; i-- > 0 && back == 0;)
			back = is_phase_change(&log.ev[i]) ? i + 1 : 0;
		ck_assert_uint_eq(stepper_find(st, n, 1, is_phase_change), on);
		ck_assert_uint_eq(stepper_find(st, n, -1, is_phase_change), back);
		int64_t most = 0;
		for (size_t i = 0; i < n; i++)
			most = log.ev[i].t_us > most ? log.ev[i].t_us : most;
		ck_assert_int_eq(stepper_time_of(st, n), most);
		int64_t t = n < log.n ? log.ev[n].t_us : most + 1;
		size_t at = 0;
		for (int64_t m = 0; at < log.n && (m = log.ev[at].t_us > m ? log.ev[at].t_us : m) <= t; at++)
			;
		ck_assert_uint_eq(stepper_at_time(st, t), at);
	}
	stepper_free(st);
	cafe_view_free(&head);
	cafe_settings_free(&s);
	tev_free(&log);
}
END_TEST

static Suite *
view_suite(void)
{
	Suite *s = suite_create("view");
	TCase *tc = tcase_create("view");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, view_sync_run);
	tcase_add_test(tc, view_async_awaits);
	tcase_add_test(tc, view_blocked_loop_warns);
	tcase_add_test(tc, view_processes_lanes_sorted);
	tcase_add_test(tc, view_gil_hand_off);
	tcase_add_test(tc, view_cores);
	tcase_add_test(tc, code_has_every_phase);
	tcase_add_test(tc, view_pipe_time);
	tcase_add_test(tc, view_order_keeps_every_field);
	tcase_add_test(tc, keys_table_covers_every_action);
	tcase_add_test(tc, man_keys_are_the_key_table);
	tcase_add_loop_test(tc, stepper_seek_is_fold, 0, 6);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return tev_main(view_suite());
}
