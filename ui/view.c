/* view.c: folds the event stream into the view model; no curses here, so it is unit-tested. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "menu.h"
#include "story.h"
#include "view.h"

int
cafe_view_init(struct cafe_view *v, const struct cafe_settings *s)
{
	memset(v, 0, sizeof *v);
	v->act = s->act;
	v->norders0 = s->norders;
	v->steps = s->act == 6 ? cafe_recipe_request.n : cafe_recipe_coffee.n;
	v->workers = s->workers;
	v->gil = s->gil;
	v->block_loop = s->block_loop;
	v->cores = s->cores;
	v->speed = s->speed;
	memcpy(v->dur_ms, s->dur_ms, sizeof v->dur_ms);
	v->dur_ms[CAFE_PH_SPAWN] = s->spawn_ms;
	v->lanes = calloc(VIEW_LANES, sizeof *v->lanes);
	v->stats = cafe_stats_new(s->cores);
	if (v->lanes == NULL || v->stats == NULL) {
		cafe_view_free(v);
		return -1;
	}
	return 0;
}

void
cafe_view_free(struct cafe_view *v)
{
	free(v->lanes);
	free(v->orders);
	cafe_stats_free(v->stats);
	memset(v, 0, sizeof *v);
}

static struct view_order *
view_order(struct cafe_view *v, int id)
{
	if (id <= 0)
		return NULL;
	if (id >= v->ocap) {
		int cap = v->ocap ? v->ocap : 64;
		while (cap <= id)
			cap *= 2;
		struct view_order *p = realloc(v->orders, (size_t)cap * sizeof *p);
		if (p == NULL)
			return NULL;
		for (int i = v->ocap; i < cap; i++) {
			memset(&p[i], 0, sizeof p[i]);
			p[i].arrive = p[i].done = -1;
			p[i].drink = -1;
		}
		v->orders = p;
		v->ocap = cap;
	}
	if (id > v->nids)
		v->nids = id;
	return &v->orders[id];
}

/* Lanes are kept in the order the screen shows them. */
static int
view_lane_rank(int kind)
{
	static const int rank[CAFE_WK_COUNT] = {
		[CAFE_WK_LOOP] = 0, [CAFE_WK_MAIN] = 1, [CAFE_WK_BARISTA] = 2,
		[CAFE_WK_HELPER] = 3, [CAFE_WK_PROCESS] = 4
	};
	return kind < CAFE_WK_COUNT ? rank[kind] : 9;
}

static struct view_lane *
view_lane(struct cafe_view *v, const struct cafe_event *ev, int create)
{
	int at;

	for (int i = 0; i < v->nlanes; i++)
		if (v->lanes[i].tid == ev->tid && v->lanes[i].pid == ev->pid)
			return &v->lanes[i];
	if (!create || v->nlanes == VIEW_LANES)
		return NULL;
	for (at = 0; at < v->nlanes; at++) {
		const struct view_lane *l = &v->lanes[at];
		int a = view_lane_rank(ev->wkind), b = view_lane_rank(l->kind);
		if (a < b || (a == b && ev->worker < l->index))
			break;
	}
	memmove(&v->lanes[at + 1], &v->lanes[at], (size_t)(v->nlanes - at) * sizeof *v->lanes);
	v->nlanes++;
	struct view_lane *l = &v->lanes[at];
	memset(l, 0, sizeof *l);
	l->kind = ev->wkind;
	l->index = ev->worker;
	l->pid = ev->pid;
	l->tid = ev->tid;
	l->phase = -1;
	l->alive = 1;
	return l;
}

static void
view_seg_open(struct view_lane *l, int phase, int64_t t, int order)
{
	struct view_seg *s = &l->seg[l->nseg++ % VIEW_SEGS];

	s->from = t;
	s->to = -1;
	s->phase = (uint8_t)phase;
	s->order = order;
}

static void
view_seg_close(struct view_lane *l, int64_t t)
{
	if (l->nseg == 0)
		return;
	struct view_seg *s = &l->seg[(l->nseg - 1) % VIEW_SEGS];
	if (s->to < 0)
		s->to = t < s->from ? s->from : t;
}

/* Where a phase stands in this act's recipe; -1 for overhead. */
static int
view_step_of(const struct cafe_view *v, int phase)
{
	const struct cafe_recipe *r = v->act == 6 ? &cafe_recipe_request : &cafe_recipe_coffee;

	for (int i = 0; i < r->n; i++)
		if ((int)r->phase[i] == phase)
			return i;
	return -1;
}

static void
view_log(struct cafe_view *v, const struct cafe_event *ev)
{
	char line[VIEW_LINE];

	if (cafe_story_format(ev, v->act, line, sizeof line) > 0)
		snprintf(v->log[v->nlog++ % VIEW_LOG], VIEW_LINE, "%s", line);
}

/* The wrong way: a blocking call made on the loop thread itself. */
static void
view_check_blocked(struct cafe_view *v, const struct cafe_event *ev, int64_t began)
{
	if (ev->wkind != CAFE_WK_LOOP || (ev->flags & CAFE_EVF_AWAIT))
		return;
	if (!(ev->phase == CAFE_PH_SYNC_LIB || (v->act == 5 && ev->phase == CAFE_PH_GRIND)))
		return;
	snprintf(v->warn, sizeof v->warn,
	    _("The event loop was blocked %.2f s by %s (order #%d): every other task stalled."),
	    (ev->t_us - began) / 1e6,
	    ev->phase == CAFE_PH_GRIND ? _("the old grinder") : _("the sync library"), ev->order);
	v->warn_seq++;
}

static void
view_phase(struct cafe_view *v, const struct cafe_event *ev)
{
	int await = (ev->flags & CAFE_EVF_AWAIT) != 0;
	struct view_order *o = view_order(v, ev->order);
	struct view_lane *l;

	if (await) {
		if (ev->type == CAFE_EV_PHASE_BEGIN) {
			struct view_seg *s = &v->awaits[v->nawaits++ % VIEW_AWAITS];
			s->from = ev->t_us;
			s->to = -1;
			s->phase = ev->phase;
			s->order = ev->order;
			v->awaiting++;
		} else {
			/* Close the newest open await of this order and phase. */
			for (uint64_t k = v->nawaits; k > 0 && v->nawaits - k < VIEW_AWAITS; k--) {
				struct view_seg *s = &v->awaits[(k - 1) % VIEW_AWAITS];
				if (s->order == ev->order && s->phase == ev->phase && s->to < 0) {
					s->to = ev->t_us;
					break;
				}
			}
			if (v->awaiting > 0)
				v->awaiting--;
		}
	} else if ((l = view_lane(v, ev, 1)) != NULL) {
		if (ev->type == CAFE_EV_PHASE_BEGIN) {
			view_seg_close(l, ev->t_us);
			l->phase = ev->phase;
			l->order = ev->order;
			l->drink = ev->drink;
			l->since = ev->t_us;
			view_seg_open(l, ev->phase, ev->t_us, ev->order);
		} else {
			view_seg_close(l, ev->t_us);
			view_check_blocked(v, ev, l->since);
			l->phase = -1;
			l->gil = VIEW_GIL_NONE;
		}
	}
	if (o == NULL)
		return;
	int step = view_step_of(v, ev->phase);
	if (ev->type == CAFE_EV_PHASE_BEGIN && step >= 0)
		o->started = 1;
	if (ev->type == CAFE_EV_PHASE_END && step >= 0 && step + 1 > o->steps)
		o->steps = step + 1;
}

static void
view_gil(struct cafe_view *v, const struct cafe_event *ev)
{
	struct view_lane *l = view_lane(v, ev, 1);

	if (l == NULL)
		return;
	switch (ev->type) {
	case CAFE_EV_GIL_WAIT:
		view_seg_close(l, ev->t_us);
		view_seg_open(l, CAFE_PH_GIL_WAIT, ev->t_us, ev->order);
		l->gil = VIEW_GIL_WAITING;
		break;
	case CAFE_EV_GIL_ACQUIRE:
		view_seg_close(l, ev->t_us);
		if (l->phase >= 0)
			view_seg_open(l, l->phase, ev->t_us, ev->order);
		l->gil = VIEW_GIL_HOLDING;
		v->gil_holder = l->index;
		break;
	case CAFE_EV_GIL_RELEASE:
		l->gil = VIEW_GIL_NONE;
		if (v->gil_holder == l->index)
			v->gil_holder = 0;
		break;
	}
}

void
cafe_view_sink(void *arg, const struct cafe_event *ev)
{
	struct cafe_view *v = arg;
	struct view_order *o;
	struct view_lane *l;

	v->version++;
	cafe_stats_sink(v->stats, ev);
	view_log(v, ev);
	switch (ev->type) {
	case CAFE_EV_WORKER_START:
		if (ev->wkind != CAFE_WK_MAIN)
			view_lane(v, ev, 1);
		break;
	case CAFE_EV_WORKER_STOP:
		if ((l = view_lane(v, ev, 0)) != NULL) {
			view_seg_close(l, ev->t_us);
			l->alive = 0;
			l->phase = -1;
		}
		break;
	case CAFE_EV_ORDER_ARRIVE:
		if ((o = view_order(v, ev->order)) != NULL) {
			o->arrive = ev->t_us;
			o->drink = ev->drink;
		}
		v->ended = 0;
		break;
	case CAFE_EV_ORDER_DONE:
		if ((o = view_order(v, ev->order)) != NULL && o->done < 0) {
			o->done = ev->t_us;
			o->steps = v->steps;
			v->served++;
		}
		break;
	case CAFE_EV_PHASE_BEGIN:
	case CAFE_EV_PHASE_END:
		view_phase(v, ev);
		break;
	case CAFE_EV_GIL_WAIT:
	case CAFE_EV_GIL_ACQUIRE:
	case CAFE_EV_GIL_RELEASE:
		view_gil(v, ev);
		break;
	case CAFE_EV_RUN_END:
		v->ended = 1;
		v->now = ev->t_us;	/* the clock on screen stops at the last cup */
		break;
	}
}

const struct view_seg *
cafe_view_seg(const struct cafe_view *v, const struct view_lane *l, uint64_t i)
{
	uint64_t n = l != NULL ? l->nseg : v->nawaits;
	uint64_t cap = l != NULL ? VIEW_SEGS : VIEW_AWAITS;

	if (i >= n || n - i > cap)
		return NULL;
	return l != NULL ? &l->seg[i % cap] : &v->awaits[i % cap];
}

int
cafe_view_awaits_in(const struct cafe_view *v, int64_t from, int64_t to)
{
	int n = 0;
	uint64_t first = v->nawaits > VIEW_AWAITS ? v->nawaits - VIEW_AWAITS : 0;

	for (uint64_t i = first; i < v->nawaits; i++) {
		const struct view_seg *s = &v->awaits[i % VIEW_AWAITS];
		int64_t end = s->to < 0 ? v->now : s->to;
		n += s->from < to && end > from;
	}
	return n;
}

int
cafe_view_order_await(const struct cafe_view *v, int id)
{
	uint64_t first = v->nawaits > VIEW_AWAITS ? v->nawaits - VIEW_AWAITS : 0;

	for (uint64_t i = v->nawaits; i > first; i--) {
		const struct view_seg *s = &v->awaits[(i - 1) % VIEW_AWAITS];
		if (s->order == id)
			return s->to < 0 ? s->phase : -1;
	}
	return -1;
}

int
cafe_view_queue(const struct cafe_view *v, int *ids, int max)
{
	int n = 0;

	for (int id = 1; id <= v->nids && n < max; id++) {
		const struct view_order *o = &v->orders[id];
		if (o->arrive >= 0 && !o->started && o->done < 0)
			ids[n++] = id;
	}
	return n;
}
