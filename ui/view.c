/* view.c: folds the event stream into the view model, keeping the whole run; no curses here, so it is unit-tested. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "menu.h"
#include "story.h"
#include "vec.h"
#include "view.h"

int
cafe_view_init(struct cafe_view *v, const struct cafe_settings *s)
{
	memset(v, 0, sizeof *v);
	if (cafe_act_init(&v->act, s) < 0)
		return -1;
	v->norders0 = s->norders;
	v->workers = s->workers;
	v->switch_ms = s->switch_ms;
	v->cores = s->cores > 0 ? s->cores : 1;
	memcpy(v->dur_ms, s->dur_ms, sizeof v->dur_ms);
	v->dur_ms[CAFE_PH_SPAWN] = s->spawn_ms;
	v->queue_head = 1;
	return 0;
}

/* Lets go of n chunks: each is freed by the last view or mark that held it. */
static void
view_ochunks_drop(struct view_ochunk **c, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (c[i] != NULL && --c[i]->refs == 0)
			free(c[i]);
}

void
cafe_view_free(struct cafe_view *v)
{
	for (size_t i = 0; i < v->nlanes; i++)
		free(v->lanes[i].seg);
	free(v->lanes);
	free(v->shown);
	for (int k = 0; k < CAFE_WK_COUNT; k++)
		free(v->byworker[k]);
	view_ochunks_drop(v->ochunks, v->nochunks);
	free(v->ochunks);
	free(v->awaits);
	free(v->counts);
	free(v->marks);
	for (int c = 0; c < v->ncpus; c++)
		free(v->cpus[c].s);
	free(v->cpus);
	free(v->bytid);
	memset(v, 0, sizeof *v);
}

/* Order id for reading; ids past the chunks made so far read as never seen. */
static const struct view_order *
view_order_at(const struct cafe_view *v, int id)
{
	static const struct view_order none = { .arrive = -1, .done = -1, .drink = -1, .await = -1 };
	size_t c = (size_t)id / VIEW_OCHUNK;

	return id > 0 && c < v->nochunks ? &v->ochunks[c]->o[id % VIEW_OCHUNK] : &none;
}

const struct view_order *
cafe_view_order(const struct cafe_view *v, int id)
{
	return view_order_at(v, id);
}

_Static_assert(sizeof(struct view_order) == 24, "an order is packed into 24 bytes");

/* A café time as an order keeps it: past its 52 bits (71 years), the latest it can hold. */
static int64_t
view_time(int64_t t)
{
	const int64_t most = ((int64_t)1 << 51) - 1;

	return t > most ? most : t < -most ? -most : t;
}

/* Order id for writing: its chunk is made on first sight, and copied first while a mark shares it. */
static struct view_order *
view_order(struct cafe_view *v, int id)
{
	if (id <= 0)
		return NULL;
	size_t c = (size_t)id / VIEW_OCHUNK;
	while (c >= v->nochunks) {
		struct view_ochunk *k = malloc(sizeof *k);
		if (k == NULL || cafe_vec_reserve(&v->ochunks, &v->ochunkcap, v->nochunks + 1,
		    sizeof *v->ochunks) < 0) {
			free(k);
			v->nomem = 1;
			return NULL;
		}
		k->refs = 1;
		for (size_t i = 0; i < VIEW_OCHUNK; i++) {
			memset(&k->o[i], 0, sizeof k->o[i]);
			k->o[i].arrive = k->o[i].done = -1;
			k->o[i].drink = -1;
			k->o[i].await = -1;
		}
		v->ochunks[v->nochunks++] = k;
	}
	if (v->ochunks[c]->refs > 1) {
		struct view_ochunk *k = malloc(sizeof *k);
		if (k == NULL) {
			v->nomem = 1;
			return NULL;
		}
		memcpy(k->o, v->ochunks[c]->o, sizeof k->o);
		k->refs = 1;
		v->ochunks[c]->refs--;
		v->ochunks[c] = k;
	}
	if (id > v->nids)
		v->nids = id;
	return &v->ochunks[c]->o[id % VIEW_OCHUNK];
}

/* Lanes are shown loop first, then baristas, helpers and processes, each by index. */
static int
view_lane_rank(int kind)
{
	static const int rank[CAFE_WK_COUNT] = {
		[CAFE_WK_LOOP] = 0, [CAFE_WK_MAIN] = 1, [CAFE_WK_BARISTA] = 2,
		[CAFE_WK_HELPER] = 3, [CAFE_WK_PROCESS] = 4
	};
	return kind < CAFE_WK_COUNT ? rank[kind] : 9;
}

static int
view_lane_before(const struct view_lane *a, const struct view_lane *b)
{
	int ra = view_lane_rank(a->kind), rb = view_lane_rank(b->kind);

	return ra < rb || (ra == rb && a->index < b->index);
}

/* The slot for lane i under its thread id: the first free one from its hash, so lanes of one tid are found oldest first. */
static void
view_bytid_put(struct cafe_view *v, int32_t tid, int i)
{
	size_t h = (uint32_t)tid * 2654435761u & (v->bytidcap - 1);

	while (v->bytid[h] != 0)
		h = (h + 1) & (v->bytidcap - 1);
	v->bytid[h] = i + 1;
}

/* Puts lane i under its thread id; grows (and rehashes) the table at half full. */
static void
view_bytid_add(struct cafe_view *v, int32_t tid, int i)
{
	if ((v->nlanes + 1) * 2 > v->bytidcap) {
		size_t cap = v->bytidcap ? v->bytidcap * 2 : 64;
		int *t = calloc(cap, sizeof *t);
		if (t != NULL) {
			free(v->bytid);
			v->bytid = t;
			v->bytidcap = cap;
			for (size_t k = 0; k < v->nlanes; k++)
				if ((int)k != i)
					view_bytid_add(v, v->lanes[k].tid, (int)k);
		} else {
			v->nomem = 1;
		}
	}
	/* A full table would be searched for ever: without room, the lane is not found by tid. */
	if (v->bytidcap == 0 || v->nlanes + 1 >= v->bytidcap)
		return;
	view_bytid_put(v, tid, i);
}

static struct view_lane *
view_lane_bytid(struct cafe_view *v, int32_t tid)
{
	if (v->bytidcap == 0)
		return NULL;
	for (size_t h = (uint32_t)tid * 2654435761u & (v->bytidcap - 1); v->bytid[h] != 0;
	    h = (h + 1) & (v->bytidcap - 1))
		if (v->lanes[v->bytid[h] - 1].tid == tid)
			return &v->lanes[v->bytid[h] - 1];
	return NULL;
}

/* A core's sample: the newest busy share, and the run's history of it. */
static void
view_core_load(struct cafe_view *v, const struct cafe_event *ev)
{
	int c = ev->aux;

	if (c >= v->ncpus) {
		if (cafe_vec_reserve(&v->cpus, &v->cpucap, (size_t)c + 1, sizeof *v->cpus) < 0) {
			v->nomem = 1;
			return;
		}
		v->ncpus = c + 1;
	}
	struct view_core *k = &v->cpus[c];
	struct view_count *s = CAFE_VEC_PUSH(k->s, k->n, k->cap);
	if (s == NULL) {
		v->nomem = 1;
		return;
	}
	s->t = ev->t_us;
	s->n = (int32_t)(ev->cpu_us < 0 ? 0 : ev->cpu_us > 1000 ? 1000 : ev->cpu_us);
	v->core_t = ev->t_us;
}

/* The lane of ev's worker, made on first sight when create is set; O(1) by worker index. */
static struct view_lane *
view_lane(struct cafe_view *v, const struct cafe_event *ev, int create)
{
	int k = ev->wkind, w = ev->worker;

	if (k >= CAFE_WK_COUNT || w < 0)
		return NULL;
	if ((size_t)w < v->nbyworker[k] && v->byworker[k][w] > 0)
		return &v->lanes[v->byworker[k][w] - 1];
	if (!create)
		return NULL;
	/* Each array with its own capacity: one that failed to grow is known to be short. */
	if (cafe_vec_reserve(&v->byworker[k], &v->nbyworker[k], (size_t)w + 1, sizeof(int)) < 0 ||
	    cafe_vec_reserve(&v->lanes, &v->lanecap, v->nlanes + 1, sizeof *v->lanes) < 0 ||
	    cafe_vec_reserve(&v->shown, &v->showncap, v->nlanes + 1, sizeof *v->shown) < 0) {
		v->nomem = 1;
		return NULL;
	}
	struct view_lane *l = &v->lanes[v->nlanes];
	memset(l, 0, sizeof *l);
	l->kind = ev->wkind;
	l->index = ev->worker;
	l->pid = ev->pid;
	l->tid = ev->tid;
	l->phase = -1;
	l->alive = 1;
	l->core = -1;
	l->pipe_from = l->pipe_us = -1;
	view_bytid_add(v, l->tid, (int)v->nlanes);
	/* Insert into screen order. */
	size_t at = v->nlanes;
	while (at > 0 && view_lane_before(l, &v->lanes[v->shown[at - 1]])) {
		v->shown[at] = v->shown[at - 1];
		at--;
	}
	v->shown[at] = (int)v->nlanes;
	v->byworker[k][w] = (int)++v->nlanes;
	return l;
}

static void
view_seg_open(struct cafe_view *v, struct view_lane *l, int phase, int64_t t, int order)
{
	struct view_seg *s = CAFE_VEC_PUSH(l->seg, l->nseg, l->segcap);

	if (s == NULL) {
		v->nomem = 1;
		return;
	}
	s->from = t;
	s->to = -1;
	s->phase = (uint8_t)phase;
	s->order = order;
}

/* Closes the open segment; one that took no time covers nothing, so it is not kept. */
static void
view_seg_close(struct view_lane *l, int64_t t)
{
	if (l->nseg == 0)
		return;
	struct view_seg *s = &l->seg[l->nseg - 1];
	if (s->to >= 0)
		return;
	s->to = t < s->from ? s->from : t;
	if (s->to == s->from)
		l->nseg--;
}

static void
view_log(struct cafe_view *v, const struct cafe_event *ev)
{
	if (cafe_story_tells(ev, v->act.number))
		v->log[v->nlog++ % VIEW_LOG] = *ev;
}

/* The wrong way: a blocking call made on the loop thread itself. */
static void
view_check_blocked(struct cafe_view *v, const struct cafe_event *ev, int64_t began)
{
	if ((ev->flags & CAFE_EVF_AWAIT) || !cafe_act_blocks_loop(&v->act, ev->wkind, ev->phase))
		return;
	snprintf(v->warn, sizeof v->warn,
	    _("The event loop was blocked %.2f s by %s (order #%d): every other task stalled."),
	    (ev->t_us - began) / 1e6,
	    ev->phase == CAFE_PH_GRIND ? _("the old grinder") : _("the sync library"), ev->order);
	v->warn_seq++;
}

static void
view_count(struct cafe_view *v, int64_t t)
{
	struct view_count *c;

	/* Events from a worker process come late: the history stays in time order. */
	if (v->ncounts > 0 && t < v->counts[v->ncounts - 1].t)
		t = v->counts[v->ncounts - 1].t;
	/* Several changes at one moment: the last one stands. */
	if (v->ncounts > 0 && v->counts[v->ncounts - 1].t == t)
		c = &v->counts[v->ncounts - 1];
	else if ((c = CAFE_VEC_PUSH(v->counts, v->ncounts, v->countcap)) == NULL) {
		v->nomem = 1;
		return;
	}
	c->t = t;
	c->n = v->awaiting;
}

/* A worker process's side of a job's trip down the pipe: how long the message was in flight. */
static void
view_pipe(struct cafe_view *v, const struct cafe_event *ev)
{
	struct view_lane *l;

	if (ev->phase != CAFE_PH_IPC || ev->wkind != CAFE_WK_PROCESS || (l = view_lane(v, ev, 0)) == NULL)
		return;
	if (ev->type == CAFE_EV_PHASE_BEGIN)
		l->pipe_from = ev->t_us;
	else if (l->pipe_from >= 0) {
		l->pipe_us = ev->t_us - l->pipe_from;
		l->pipe_from = -1;
	}
}

static void
view_await(struct cafe_view *v, const struct cafe_event *ev, struct view_order *o)
{
	view_pipe(v, ev);
	if (ev->type == CAFE_EV_PHASE_BEGIN) {
		struct view_seg *s = CAFE_VEC_PUSH(v->awaits, v->nawaits, v->awaitcap);
		if (s != NULL) {
			s->from = ev->t_us;
			s->to = -1;
			s->phase = ev->phase;
			s->order = ev->order;
		} else {
			v->nomem = 1;
		}
		/* A task awaits once: an await inside another (an IPC in a pool's) adds none. */
		if (o == NULL || o->awaiting == 0) {
			v->awaiting++;
			v->awaiting_phase[ev->phase % CAFE_PH_COUNT]++;
		}
		if (o != NULL) {
			o->outer = o->awaiting;
			o->await = (int8_t)ev->phase;
			o->awaiting = s != NULL ? (uint32_t)v->nawaits : 0;
		}
	} else {
		/* The inner await ends first; an outer one whose phase ends is closed too. */
		if (o != NULL && o->awaiting > 0 && o->awaiting <= v->nawaits &&
		    v->awaits[o->awaiting - 1].phase == ev->phase) {
			v->awaits[o->awaiting - 1].to = ev->t_us;
			o->awaiting = o->outer;
			o->outer = 0;
		} else if (o != NULL && o->outer > 0 && o->outer <= v->nawaits &&
		    v->awaits[o->outer - 1].phase == ev->phase) {
			v->awaits[o->outer - 1].to = ev->t_us;
			o->outer = 0;
		}
		/* The task is done awaiting when its outermost await ends. */
		if (o == NULL || o->awaiting == 0) {
			if (v->awaiting > 0)
				v->awaiting--;
			if (v->awaiting_phase[ev->phase % CAFE_PH_COUNT] > 0)
				v->awaiting_phase[ev->phase % CAFE_PH_COUNT]--;
		}
		if (o != NULL)
			o->await = o->awaiting > 0 ? (int8_t)v->awaits[o->awaiting - 1].phase : -1;
	}
	view_count(v, ev->t_us);
}

static void
view_order_started(struct cafe_view *v, struct view_order *o)
{
	if (o->started)
		return;
	o->started = 1;
	if (o->arrive >= 0 && v->sums.queued > 0)
		v->sums.queued--;
	/* Orders mostly start in the order they came: the queue's scan starts past them. */
	while (v->queue_head <= v->nids && (view_order_at(v, v->queue_head)->started ||
	    view_order_at(v, v->queue_head)->done >= 0))
		v->queue_head++;
}

static void
view_phase(struct cafe_view *v, const struct cafe_event *ev)
{
	struct view_order *o = view_order(v, ev->order);
	struct view_lane *l;

	if (ev->type == CAFE_EV_PHASE_END)
		v->sums.cpu_us += ev->cpu_us;
	if (ev->flags & CAFE_EVF_AWAIT) {
		view_await(v, ev, o);
	} else if ((l = view_lane(v, ev, 1)) != NULL) {
		if (ev->type == CAFE_EV_PHASE_BEGIN) {
			view_seg_close(l, ev->t_us);
			l->phase = ev->phase;
			l->order = ev->order;
			l->drink = ev->drink;
			l->since = ev->t_us;
			view_seg_open(v, l, ev->phase, ev->t_us, ev->order);
		} else {
			view_seg_close(l, ev->t_us);
			view_check_blocked(v, ev, l->since);
			l->phase = -1;
			l->gil = VIEW_GIL_NONE;
		}
	}
	if (o == NULL)
		return;
	int step = cafe_act_step_of(&v->act, ev->phase);
	if (ev->type == CAFE_EV_PHASE_BEGIN && step >= 0)
		view_order_started(v, o);
	if (ev->type == CAFE_EV_PHASE_END && step >= 0 && step + 1 > o->steps)
		o->steps = (int8_t)(step + 1);
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
		view_seg_open(v, l, CAFE_PH_GIL_WAIT, ev->t_us, ev->order);
		if (l->gil != VIEW_GIL_WAITING)
			v->gil_waiting++;
		l->gil = VIEW_GIL_WAITING;
		l->gil_since = ev->t_us;
		break;
	case CAFE_EV_GIL_ACQUIRE:
		view_seg_close(l, ev->t_us);
		if (l->gil == VIEW_GIL_WAITING) {
			v->sums.gil_wait_us += ev->t_us - l->gil_since;
			v->gil_waiting--;
		}
		if (l->phase >= 0)
			view_seg_open(v, l, l->phase, ev->t_us, ev->order);
		l->gil = VIEW_GIL_HOLDING;
		if (v->gil_lane != (int)(l - v->lanes) + 1)
			v->gil_handoffs++;
		v->gil_holder = l->index;
		v->gil_lane = (int)(l - v->lanes) + 1;
		break;
	case CAFE_EV_GIL_RELEASE:
		l->gil = VIEW_GIL_NONE;
		/* With others waiting the GIL is being handed on: it stays with the holder until one takes it. */
		if (v->gil_lane == (int)(l - v->lanes) + 1 && v->gil_waiting == 0)
			v->gil_holder = v->gil_lane = 0;
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
	v->events++;
	if (ev->t_us > v->last_us)
		v->last_us = ev->t_us;
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
		if ((o = view_order(v, ev->order)) != NULL && o->arrive < 0) {
			o->arrive = view_time(ev->t_us);
			o->drink = ev->drink;
			v->sums.arrived++;
			if (!o->started && o->done < 0)
				v->sums.queued++;
		}
		v->ended = 0;
		break;
	case CAFE_EV_ORDER_DONE:
		if ((o = view_order(v, ev->order)) != NULL && o->done < 0) {
			view_order_started(v, o);
			o->done = view_time(ev->t_us);
			o->steps = (int8_t)v->act.recipe.n;
			o->await = -1;
			v->sums.served++;
			if (o->arrive >= 0)
				v->sums.latency_us += ev->t_us - o->arrive;
			if (ev->t_us > v->sums.makespan_us)
				v->sums.makespan_us = ev->t_us;
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
	case CAFE_EV_POOL_BROKEN:
		/* The pool's workers all go: the dead one's lane says how it died. */
		for (size_t i = 0; i < v->nlanes; i++)
			if (v->lanes[i].kind == CAFE_WK_PROCESS) {
				view_seg_close(&v->lanes[i], ev->t_us);
				v->lanes[i].alive = 0;
				v->lanes[i].phase = -1;
			}
		cafe_failure_sink(&v->fail, ev);
		break;
	case CAFE_EV_ORDER_LOST:
		if ((o = view_order(v, ev->order)) != NULL && !o->lost && o->done < 0) {
			/* The phase the task was counted under is its outermost await's. */
			uint32_t top = o->outer > 0 ? o->outer : o->awaiting;
			int counted = top > 0 && top <= v->nawaits ? v->awaits[top - 1].phase : -1;
			if (o->outer > 0 && o->outer <= v->nawaits && v->awaits[o->outer - 1].to < 0)
				v->awaits[o->outer - 1].to = ev->t_us;
			o->outer = 0;
			if (o->awaiting > 0 && o->awaiting <= v->nawaits) {
				v->awaits[o->awaiting - 1].to = ev->t_us;
				o->awaiting = 0;
				if (counted >= 0 && v->awaiting_phase[counted] > 0)
					v->awaiting_phase[counted]--;
				o->await = -1;
				if (v->awaiting > 0)
					v->awaiting--;
				view_count(v, ev->t_us);
			}
			view_order_started(v, o);
			o->lost = 1;
			v->sums.lost++;
		}
		cafe_failure_sink(&v->fail, ev);
		break;
	case CAFE_EV_RUN_FAILED:
		cafe_failure_sink(&v->fail, ev);
		break;
	case CAFE_EV_CORE_LOAD:
		view_core_load(v, ev);
		break;
	case CAFE_EV_MARK: {
		int64_t *m = CAFE_VEC_PUSH(v->marks, v->nmarks, v->markcap);
		if (m != NULL)
			*m = ev->t_us;
		else
			v->nomem = 1;
		break;
	}
	case CAFE_EV_ON_CORE:
		if ((l = view_lane_bytid(v, ev->tid)) != NULL && l->pid == ev->pid) {
			l->core = ev->aux;
			l->core_t = ev->t_us;
			l->core_us = ev->cpu_us;
		}
		break;
	case CAFE_EV_RUN_END:
		v->ended = 1;
		v->end_us = ev->t_us;	/* the clock on screen stops at the last cup */
		break;
	}
}

const struct view_lane *
cafe_view_lane(const struct cafe_view *v, int i)
{
	return i >= 0 && (size_t)i < v->nlanes ? &v->lanes[v->shown[i]] : NULL;
}

size_t
cafe_view_seg_after(const struct view_lane *l, int64_t t)
{
	size_t lo = 0, hi = l->nseg;

	/* Segments of a lane follow one another, so their ends are in order too. */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int64_t to = l->seg[mid].to;
		if (to >= 0 && to <= t)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The index of the last count at or before t, or -1. */
static long
view_count_at(const struct cafe_view *v, int64_t t)
{
	size_t lo = 0, hi = v->ncounts;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (v->counts[mid].t <= t)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (long)lo - 1;
}

int
cafe_view_awaiting_at(const struct cafe_view *v, int64_t t)
{
	long i = view_count_at(v, t);

	return i < 0 ? 0 : v->counts[i].n;
}

int
cafe_view_awaiting_max(const struct cafe_view *v, int64_t from, int64_t to)
{
	long i = view_count_at(v, from);
	int most = i < 0 ? 0 : v->counts[i].n;

	/* A cell spanning thousands of changes shows the most among the first few hundred. */
	for (size_t k = (size_t)(i + 1), n = 0; k < v->ncounts && v->counts[k].t < to && n < 256; k++, n++)
		if (v->counts[k].n > most)
			most = v->counts[k].n;
	return most;
}

int
cafe_view_core_busy(const struct cafe_view *v, int c, int64_t from, int64_t to)
{
	if (c < 0) {
		/* Every core: the busiest. */
		int most = -1;
		for (int k = 0; k < v->ncpus; k++) {
			int b = cafe_view_core_busy(v, k, from, to);
			most = b > most ? b : most;
		}
		return most;
	}
	if (c >= v->ncpus)
		return -1;
	const struct view_core *k = &v->cpus[c];
	size_t lo = 0, hi = k->n;
	int64_t sum = 0;
	int n = 0;

	/* A sample tells of the stretch since the one before it: the first sample after from covers from. */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (k->s[mid].t <= from)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == k->n)
		return -1;
	for (size_t i = lo; i < k->n && k->s[i].t <= to && n < 64; i++, n++)
		sum += k->s[i].n;
	/* A cell narrower than a sample's stretch shows the sample that covers it. */
	return n > 0 ? (int)(sum / n) : k->s[lo].n;
}

int
cafe_view_core_now(const struct cafe_view *v, int c)
{
	return c >= 0 && c < v->ncpus && v->cpus[c].n > 0 ? v->cpus[c].s[v->cpus[c].n - 1].n : -1;
}

int
cafe_view_queue(const struct cafe_view *v, int *ids, int max)
{
	int n = 0;

	for (int id = v->queue_head; id <= v->nids && n < max; id++) {
		const struct view_order *o = view_order_at(v, id);
		if (o->arrive >= 0 && !o->started && o->done < 0)
			ids[n++] = id;
	}
	return n;
}

int
cafe_view_log(const struct cafe_view *v, int back, const struct cafe_event **out, int max)
{
	uint64_t have = v->nlog < VIEW_LOG ? v->nlog : VIEW_LOG;
	uint64_t end = v->nlog - ((uint64_t)back < have ? (uint64_t)back : have);
	uint64_t first = v->nlog - have;
	uint64_t from = end - first > (uint64_t)max ? end - (uint64_t)max : first;
	int n = 0;

	for (uint64_t i = from; i < end; i++)
		out[n++] = &v->log[i % VIEW_LOG];
	return n;
}

/*
 * What a mark keeps. The history arrays (segments, awaits, counts, core
 * samples, marks) only grow, and of what they hold only a lane's last segment,
 * the last count and the open awaits can still change: those are copied, the
 * rest is a length. The running state is copied whole (v), the orders shared.
 */
struct view_mark {
	struct cafe_view	 v;		/* the scalars, sums, log and failure; its arrays are not its own */
	struct view_lane	*lanes;		/* each lane's running state and segment count */
	struct view_seg		*lastseg;	/* each lane's last segment, open or about to be dropped */
	int			*shown;
	struct view_ochunk	**ochunks;	/* shared with the view: a reference each */
	uint32_t		*open;		/* open awaits as runs: first index, count */
	size_t			 nopen;
	struct view_count	 lastcount;
	size_t			*cpun;		/* each core's sample count */
};

void
cafe_view_mark_free(struct view_mark *m)
{
	if (m == NULL)
		return;
	view_ochunks_drop(m->ochunks, m->v.nochunks);
	free(m->ochunks);
	free(m->lanes);
	free(m->lastseg);
	free(m->shown);
	free(m->open);
	free(m->cpun);
	free(m);
}

struct view_mark *
cafe_view_mark(struct cafe_view *v)
{
	struct view_mark *m = calloc(1, sizeof *m);
	size_t opencap = 0, n = v->nlanes;

	if (m == NULL)
		return NULL;
	m->v = *v;
	m->v.nochunks = 0;	/* no references taken yet: a failure below frees none */
	m->lanes = malloc((n ? n : 1) * sizeof *m->lanes);
	m->lastseg = calloc(n ? n : 1, sizeof *m->lastseg);
	m->shown = malloc((n ? n : 1) * sizeof *m->shown);
	m->ochunks = malloc((v->nochunks ? v->nochunks : 1) * sizeof *m->ochunks);
	m->cpun = calloc(v->ncpus > 0 ? (size_t)v->ncpus : 1, sizeof *m->cpun);
	if (m->lanes == NULL || m->lastseg == NULL || m->shown == NULL || m->ochunks == NULL ||
	    m->cpun == NULL)
		goto fail;
	if (n > 0) {
		memcpy(m->lanes, v->lanes, n * sizeof *m->lanes);
		memcpy(m->shown, v->shown, n * sizeof *m->shown);
	}
	for (size_t i = 0; i < n; i++)
		if (v->lanes[i].nseg > 0)
			m->lastseg[i] = v->lanes[i].seg[v->lanes[i].nseg - 1];
	for (size_t i = 0; i < v->nawaits; i++) {
		if (v->awaits[i].to >= 0)
			continue;
		if (m->nopen > 0 && m->open[2 * m->nopen - 2] + m->open[2 * m->nopen - 1] == i) {
			m->open[2 * m->nopen - 1]++;
			continue;
		}
		if (cafe_vec_reserve(&m->open, &opencap, 2 * m->nopen + 2, sizeof *m->open) < 0)
			goto fail;
		m->open[2 * m->nopen] = (uint32_t)i;
		m->open[2 * m->nopen + 1] = 1;
		m->nopen++;
	}
	if (v->ncounts > 0)
		m->lastcount = v->counts[v->ncounts - 1];
	for (int c = 0; c < v->ncpus; c++)
		m->cpun[c] = v->cpus[c].n;
	for (size_t i = 0; i < v->nochunks; i++) {
		m->ochunks[i] = v->ochunks[i];
		m->ochunks[i]->refs++;
	}
	m->v.nochunks = v->nochunks;
	return m;
fail:
	cafe_view_mark_free(m);
	return NULL;
}

/* Makes *p hold n elements of esize bytes, copied from src (which may be *p itself); 0, or -1 without memory. */
static int
view_copy(void *p, size_t *cap, const void *src, size_t n, size_t esize)
{
	if (src == *(void **)p)
		return n <= *cap ? 0 : -1;
	if (cafe_vec_reserve(p, cap, n, esize) < 0)
		return -1;
	if (n > 0)
		memcpy(*(void **)p, src, n * esize);
	return 0;
}

int
cafe_view_rewind(struct cafe_view *v, const struct cafe_view *head, const struct view_mark *m)
{
	struct cafe_view own = *v;	/* v's arrays are reused: the copies go into them */
	size_t nl = m->v.nlanes;
	int fail = 0;

	/* v may be head itself, gone on from m: its history then stays where it is, only cut back. */
	if (nl > head->nlanes || m->v.nochunks > head->nochunks || m->v.nawaits > head->nawaits ||
	    m->v.ncounts > head->ncounts || m->v.nmarks > head->nmarks || m->v.ncpus > head->ncpus)
		return -1;
	for (size_t i = nl; i < own.nlanes; i++)
		free(own.lanes[i].seg);
	for (int c = m->v.ncpus; c < own.ncpus; c++) {
		free(own.cpus[c].s);
		memset(&own.cpus[c], 0, sizeof own.cpus[c]);
	}
	view_ochunks_drop(own.ochunks, own.nochunks);

	*v = m->v;
	v->lanes = own.lanes;
	v->lanecap = own.lanecap;
	v->shown = own.shown;
	v->showncap = own.showncap;
	memcpy(v->byworker, own.byworker, sizeof v->byworker);
	memcpy(v->nbyworker, own.nbyworker, sizeof v->nbyworker);
	v->ochunks = own.ochunks;
	v->ochunkcap = own.ochunkcap;
	v->awaits = own.awaits;
	v->awaitcap = own.awaitcap;
	v->counts = own.counts;
	v->countcap = own.countcap;
	v->cpus = own.cpus;
	v->cpucap = own.cpucap;
	v->bytid = own.bytid;
	v->bytidcap = own.bytidcap;
	v->marks = own.marks;
	v->markcap = own.markcap;
	/* Lengths that fail to copy below are cut to nothing, so that v stays one that can be freed. */
	v->nlanes = 0;
	v->ncpus = 0;
	v->nochunks = 0;
	v->nawaits = v->ncounts = v->nmarks = 0;

	/* The lanes as they were, each with the head's segments up to the mark; the last one as it was then. */
	if (cafe_vec_reserve(&v->lanes, &v->lanecap, nl, sizeof *v->lanes) < 0 ||
	    view_copy(&v->shown, &v->showncap, m->shown, nl, sizeof *v->shown) < 0)
		return -1;
	for (size_t i = 0; i < nl; i++) {
		/* v->lanes, not own.lanes: the reserve above may have moved them. */
		struct view_seg *seg = i < own.nlanes ? v->lanes[i].seg : NULL;
		size_t segcap = i < own.nlanes ? v->lanes[i].segcap : 0;
		v->lanes[i] = m->lanes[i];
		v->lanes[i].seg = seg;
		v->lanes[i].segcap = segcap;
	}
	for (size_t i = nl; i < own.nlanes; i++)
		memset(&v->lanes[i], 0, sizeof v->lanes[i]);
	v->nlanes = nl;
	for (size_t i = 0; i < nl; i++) {
		struct view_lane *l = &v->lanes[i];
		if (view_copy(&l->seg, &l->segcap, head->lanes[i].seg, l->nseg, sizeof *l->seg) < 0) {
			l->nseg = 0;
			fail = 1;
		} else if (l->nseg > 0) {
			l->seg[l->nseg - 1] = m->lastseg[i];
		}
	}
	/* Which lane a worker or a thread is: made again from the lanes, in the order they came. */
	for (int k = 0; k < CAFE_WK_COUNT; k++)
		if (v->nbyworker[k] > 0)
			memset(v->byworker[k], 0, v->nbyworker[k] * sizeof *v->byworker[k]);
	for (size_t i = 0; i < nl; i++) {
		struct view_lane *l = &v->lanes[i];
		if (cafe_vec_reserve(&v->byworker[l->kind], &v->nbyworker[l->kind], (size_t)l->index + 1,
		    sizeof(int)) < 0)
			fail = 1;
		else
			v->byworker[l->kind][l->index] = (int)i + 1;
	}
	if (v->bytidcap < head->bytidcap) {
		free(v->bytid);
		v->bytidcap = 0;
		if ((v->bytid = malloc(head->bytidcap * sizeof *v->bytid)) == NULL)
			return -1;
		v->bytidcap = head->bytidcap;
	}
	if (v->bytidcap > 0) {
		memset(v->bytid, 0, v->bytidcap * sizeof *v->bytid);
		for (size_t i = 0; i < nl && i + 1 < v->bytidcap; i++)
			view_bytid_put(v, v->lanes[i].tid, (int)i);
	}
	/* The orders: the mark's chunks, shared until one is written. */
	if (cafe_vec_reserve(&v->ochunks, &v->ochunkcap, m->v.nochunks, sizeof *v->ochunks) < 0)
		return -1;
	for (size_t i = 0; i < m->v.nochunks; i++) {
		v->ochunks[i] = m->ochunks[i];
		v->ochunks[i]->refs++;
	}
	v->nochunks = m->v.nochunks;
	if (view_copy(&v->awaits, &v->awaitcap, head->awaits, m->v.nawaits, sizeof *v->awaits) < 0)
		return -1;
	v->nawaits = m->v.nawaits;
	for (size_t r = 0; r < m->nopen; r++)
		for (uint32_t i = 0; i < m->open[2 * r + 1]; i++)
			v->awaits[m->open[2 * r] + i].to = -1;
	if (view_copy(&v->counts, &v->countcap, head->counts, m->v.ncounts, sizeof *v->counts) < 0)
		return -1;
	v->ncounts = m->v.ncounts;
	if (v->ncounts > 0)
		v->counts[v->ncounts - 1] = m->lastcount;
	if (view_copy(&v->marks, &v->markcap, head->marks, m->v.nmarks, sizeof *v->marks) < 0)
		return -1;
	v->nmarks = m->v.nmarks;
	if (cafe_vec_reserve(&v->cpus, &v->cpucap, (size_t)m->v.ncpus, sizeof *v->cpus) < 0)
		return -1;
	v->ncpus = m->v.ncpus;
	for (int c = 0; c < v->ncpus; c++) {
		struct view_core *k = &v->cpus[c];
		if (view_copy(&k->s, &k->cap, head->cpus[c].s, m->cpun[c], sizeof *k->s) < 0) {
			k->n = 0;
			fail = 1;
		} else {
			k->n = m->cpun[c];
		}
	}
	return fail ? -1 : 0;
}
