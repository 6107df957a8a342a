/* check_view.c: the view model fed with recorded event sequences, no terminal needed. */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "keys.h"
#include "model.h"
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
	v->now = log->ev[log->n - 1].t_us;
	cafe_settings_free(&s);
}

static const struct view_lane *
lane_of(const struct cafe_view *v, int kind, int index)
{
	for (int i = 0; i < v->nlanes; i++)
		if (v->lanes[i].kind == kind && v->lanes[i].index == index)
			return &v->lanes[i];
	return NULL;
}

START_TEST(view_sync_run)
{
	struct cafe_view v;
	struct tev_log log;

	replay(1, "latte,mocha,latte", 0, &v, &log);
	ck_assert_int_eq(v.served, 3);
	ck_assert(v.ended);
	ck_assert_int_eq(v.nids, 3);
	ck_assert_int_eq(v.nlanes, 1);
	const struct view_lane *l = lane_of(&v, CAFE_WK_BARISTA, 1);
	ck_assert_ptr_nonnull(l);
	ck_assert_int_eq(l->alive, 0);
	/* take, grind, brew, serve for three orders: twelve segments, in time order, none open. */
	ck_assert_int_eq(l->nseg, 12);
	for (uint64_t i = 0; i < l->nseg; i++) {
		const struct view_seg *s = cafe_view_seg(&v, l, i);
		ck_assert_int_ge(s->to, s->from);
		if (i > 0)
			ck_assert_int_ge(s->from, cafe_view_seg(&v, l, i - 1)->to);
	}
	ck_assert_int_eq(cafe_view_seg(&v, l, 1)->phase, CAFE_PH_GRIND);
	for (int id = 1; id <= 3; id++) {
		ck_assert_int_eq(v.orders[id].steps, 4);
		ck_assert_int_gt(v.orders[id].done, v.orders[id].arrive);
	}
	ck_assert_ptr_nonnull(strstr(v.log[(v.nlog - 1) % VIEW_LOG], "latte #3 done"));
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
	ck_assert_int_eq(v.served, 5);
	ck_assert_int_eq(v.nlanes, 1);
	ck_assert_int_eq(v.lanes[0].kind, CAFE_WK_LOOP);
	ck_assert_int_eq(v.nawaits, 5);
	ck_assert_int_eq(v.awaiting, 0);
	/* The brews overlap: at some moment several tasks await at once. */
	int most = 0;
	for (int64_t t = 0; t < v.now; t += 20000) {
		int n = cafe_view_awaits_in(&v, t, t + 1);
		most = n > most ? n : most;
	}
	ck_assert_int_ge(most, 3);
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
	ck_assert_int_eq(v.served, 3);
	ck_assert_int_eq(v.lanes[0].kind, CAFE_WK_LOOP);
	for (int i = 1; i < v.nlanes; i++)
		ck_assert(v.lanes[i - 1].kind == CAFE_WK_LOOP || v.lanes[i].kind == v.lanes[i - 1].kind ||
		    (v.lanes[i - 1].kind == CAFE_WK_HELPER && v.lanes[i].kind == CAFE_WK_PROCESS));
	ck_assert_ptr_nonnull(lane_of(&v, CAFE_WK_PROCESS, 1));
	ck_assert_int_eq(v.orders[2].steps, 5);
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
	/* Barista 2: grind [1,1], gil-wait [1,5], grind [5,...). */
	ck_assert_int_eq(l2->nseg, 3);
	ck_assert_int_eq(cafe_view_seg(&v, l2, 1)->phase, CAFE_PH_GIL_WAIT);
	ck_assert_int_eq(cafe_view_seg(&v, l2, 1)->to, 5);
	ck_assert_int_eq(cafe_view_seg(&v, l2, 2)->phase, CAFE_PH_GRIND);
	ck_assert_int_lt(cafe_view_seg(&v, l2, 2)->to, 0);
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
		int found = a == KEYS_SLOWER || a == KEYS_FEWER;	/* shown with their pair */
		for (int i = 0; i < keys_count; i++)
			found |= (int)keys_table[i].action == a;
		ck_assert_msg(found, "action %d has no line in the key table", a);
	}
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
	tcase_add_test(tc, keys_table_covers_every_action);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return tev_main(view_suite());
}
