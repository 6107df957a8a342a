/* aloop.c: a libev loop thread running order tasks: CPU on the loop, timers awaited, blocking calls and CPU handed to pools. */
#include "config.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include <ev.h>

#include "aloop.h"
#include "fault.h"
#include "gil.h"
#include "helpers.h"
#include "procpool.h"
#include "thread.h"
#include "vec.h"

/*
 * A task is small and has no watcher of its own: a million of them await at
 * once (bench/RESULTS.md, scale), so every byte and every heap operation
 * counts. Tasks come from slabs, freed all together when the loop stops.
 */
struct task {
	struct cafe_order	 order;
	int64_t			 deadline_us;	/* TIMER: café time its await ends */
	struct task		*next;		/* the ready queue, a timer's queue, or the free list */
	int8_t			 step;		/* next step to run */
	int8_t			 awaiting;	/* the step it waits for, -1 when none */
};

#define ALOOP_SLAB 4096
#define ALOOP_STAGE 256

struct task_slab {
	struct task_slab	*next;
	struct task		 t[ALOOP_SLAB];
};

/*
 * The tasks awaiting one timer step, in the order their awaits ended up:
 * each step has one duration, so that is the order of their deadlines too,
 * and one libev timer for the first of them does for all (libev's manual,
 * "Be smart about timeouts": a list for timeouts of one length). Starting
 * and ending an await is O(1), not a heap operation on a million timers, and
 * a change of speed re-arms one timer per step, not one per task.
 */
struct aloop_timers {
	struct cafe_aloop	*al;
	struct task		*head, *tail;
	ev_timer		 w;
};

struct cafe_aloop {
	const struct cafe_env	*env;
	struct cafe_aloop_spec	 spec;
	struct ev_loop		*loop;
	pthread_t		 thread;
	int			 started;
	struct cafe_who		 who;
	ev_async		 inbox_w;	/* new orders, stop */
	ev_async		 clock_w;	/* pause, resume, speed */
	ev_idle			 run_w;		/* runs ready tasks */
	pthread_mutex_t		 mu;
	struct cafe_order	*inbox;		/* guarded by mu */
	size_t			 inbox_len, inbox_cap;
	_Atomic int		 stopping;
	struct task		*ready_head, *ready_tail;
	struct aloop_timers	 timers[CAFE_RECIPE_MAX];	/* by step */
	struct task_slab	*slabs;		/* every task there is; freed at stop */
	size_t			 slab_used;	/* tasks handed out of the newest slab */
	struct task		*free_tasks;
	/*
	 * Events of this thread not yet on the bus: pushed under one lock when
	 * the loop leaves our code (end of a callback) or is about to hand work
	 * to another thread, block or burn, so that no other thread's event can
	 * come before one of ours that happened first. A lock per event was a
	 * fifth of the loop's time with a million tasks.
	 */
	struct cafe_event	 stage[ALOOP_STAGE];
	int			 nstage;
	struct cafe_helpers	*helpers;
	struct cafe_procpool	*procs;
	struct cafe_gil		*gil;		/* shared with the helpers when the spec says so */
	int			 start_rc;
	pthread_mutex_t		 start_mu;
	pthread_cond_t		 start_cv;
	int			 start_done;
};


static void
aloop_ready(struct cafe_aloop *al, struct task *t)
{
	t->next = NULL;
	if (al->ready_tail != NULL)
		al->ready_tail->next = t;
	else
		al->ready_head = t;
	al->ready_tail = t;
	ev_idle_start(al->loop, &al->run_w);
}

/* Paced: with a million tasks the loop makes events faster than a screen can fold them. */
static void
aloop_flush(struct cafe_aloop *al)
{
	cafe_bus_emit_paced(al->env->bus, al->stage, (size_t)al->nstage);
	al->nstage = 0;
}

/* An event of task t at café time now_us, staged. */
static void
aloop_emit_at(struct cafe_aloop *al, enum cafe_event_type type, enum cafe_phase ph,
    const struct task *t, int flags, int64_t cpu, int64_t now_us)
{
	if (al->nstage == ALOOP_STAGE)
		aloop_flush(al);
	struct cafe_event *ev = &al->stage[al->nstage++];
	cafe_event_fill(ev, &al->who, type, ph, t->order.id, t->order.drink, flags, now_us);
	ev->cpu_us = cpu;
}

static void
aloop_emit(struct cafe_aloop *al, enum cafe_event_type type, enum cafe_phase ph,
    const struct task *t, int flags, int64_t cpu)
{
	aloop_emit_at(al, type, ph, t, flags, cpu, cafe_clock_now_us(al->env->clock));
}

/* Sets a step's timer for what is left of its first task's wait, at the clock's speed now. */
static void
aloop_arm(struct aloop_timers *q)
{
	struct cafe_aloop *al = q->al;

	ev_timer_stop(al->loop, &q->w);
	if (q->head == NULL)
		return;
	int64_t ns = cafe_clock_wall_ns_until(al->env->clock, q->head->deadline_us);
	if (ns < 0)
		return;		/* paused: re-armed on resume */
	ev_now_update(al->loop);
	ev_timer_set(&q->w, (double)ns / 1e9, 0.);
	ev_timer_start(al->loop, &q->w);
}

static struct task *
aloop_new_task(struct cafe_aloop *al)
{
	struct task *t;

	if (cafe_fault_hit(CAFE_FAULT_ALOOP))
		return NULL;
	if ((t = al->free_tasks) != NULL) {
		al->free_tasks = t->next;
	} else {
		if (al->slabs == NULL || al->slab_used == ALOOP_SLAB) {
			struct task_slab *sl = malloc(sizeof *sl);
			if (sl == NULL)
				return NULL;
			sl->next = al->slabs;
			al->slabs = sl;
			al->slab_used = 0;
		}
		t = &al->slabs->t[al->slab_used++];
	}
	memset(t, 0, sizeof *t);
	return t;
}

static void
aloop_free_task(struct cafe_aloop *al, struct task *t)
{
	t->next = al->free_tasks;
	al->free_tasks = t;
}

/*
 * The café time now, read once for a run of instantaneous events: *now is
 * the time of the last one, or < 0 once something took time since.
 */
static int64_t
aloop_now(struct cafe_aloop *al, int64_t *now)
{
	if (*now < 0)
		*now = cafe_clock_now_us(al->env->clock);
	return *now;
}

/* CPU on the loop thread: every other task waits; under the GIL when the loop shares one. */
static int
aloop_cpu(struct cafe_aloop *al, struct task *t, enum cafe_phase ph, int64_t *now)
{
	const struct cafe_env *env = al->env;
	int64_t cpu = 0, dur = cafe_env_dur_us(env, ph);

	if (al->gil != NULL) {
		aloop_flush(al);	/* the GIL's events come from other threads too */
		*now = -1;
		return cafe_gil_run_cpu(al->gil, env, &al->who, &t->order, ph, dur);
	}
	aloop_emit_at(al, CAFE_EV_PHASE_BEGIN, ph, t, 0, 0, aloop_now(al, now));
	if (dur == 0) {
		/* Nothing to burn: it ends in the instant it began. */
		aloop_emit_at(al, CAFE_EV_PHASE_END, ph, t, 0, 0, *now);
		return cafe_clock_stopped(env->clock) ? -1 : 0;
	}
	aloop_flush(al);	/* the screen shows the loop busy while it burns */
	if (cafe_clock_burn(env->clock, dur, NULL, &cpu) < 0)
		return -1;
	*now = cafe_clock_now_us(env->clock);
	aloop_emit_at(al, CAFE_EV_PHASE_END, ph, t, 0, cpu, *now);
	return 0;
}

/* A blocking call made on the loop itself: the wrong way, everything stalls. */
static int
aloop_block_on_loop(struct cafe_aloop *al, struct task *t, const struct cafe_step *s)
{
	struct cafe_clock *c = al->env->clock;
	enum cafe_phase ph = s->phase[0];

	/* CPU work run on the loop is the loop's own CPU step, the wrong way too. */
	if (s->cpu) {
		int64_t now = -1;
		return aloop_cpu(al, t, ph, &now);
	}
	int64_t now = cafe_clock_now_us(c);
	aloop_emit_at(al, CAFE_EV_PHASE_BEGIN, ph, t, 0, 0, now);
	aloop_flush(al);
	if (cafe_clock_sleep_until(c, now + cafe_env_dur_us(al->env, ph)) < 0)
		return -1;
	aloop_emit(al, CAFE_EV_PHASE_END, ph, t, 0, 0);
	return 0;
}

/*
 * The order will never be made (its pool broke): close its await, say it is
 * lost, drop the task. Like a task whose future raised BrokenProcessPool.
 */
static void
aloop_lose(struct cafe_aloop *al, struct task *t, int reason)
{
	const struct cafe_step *s = &al->spec.step[t->awaiting >= 0 ? t->awaiting : t->step];
	struct cafe_event ev;

	if (t->awaiting >= 0 && (s->mode != CAFE_STEP_PROCESS || s->nphases == 1))
		aloop_emit(al, CAFE_EV_PHASE_END, s->phase[0], t, CAFE_EVF_AWAIT, 0);
	cafe_event_fill(&ev, &al->who, CAFE_EV_ORDER_LOST, s->phase[0], t->order.id, t->order.drink,
	    0, cafe_clock_now_us(al->env->clock));
	ev.aux = (uint8_t)reason;
	aloop_flush(al);
	cafe_bus_emit(al->env->bus, &ev);
	aloop_free_task(al, t);
}

/* Runs a task until it awaits or is done; like one asyncio task step. */
static void
aloop_step(struct cafe_aloop *al, struct task *t)
{
	const struct cafe_env *env = al->env;
	int64_t now = -1;	/* steps that take no time share one reading of the clock */

	while (t->step < al->spec.nsteps) {
		const struct cafe_step *s = &al->spec.step[t->step];
		enum cafe_phase ph = s->phase[0];

		if (atomic_load(&al->stopping))
			return;
		switch (s->mode) {
		case CAFE_STEP_CPU:
			if (aloop_cpu(al, t, ph, &now) < 0)
				return;
			t->step++;
			continue;
		case CAFE_STEP_TIMER: {
			struct aloop_timers *q = &al->timers[t->step];
			aloop_emit_at(al, CAFE_EV_PHASE_BEGIN, ph, t, CAFE_EVF_AWAIT, 0, aloop_now(al, &now));
			t->deadline_us = now + cafe_env_dur_us(env, ph);
			t->awaiting = (int8_t)t->step;
			t->next = NULL;
			if (q->tail != NULL) {
				q->tail->next = t;
				q->tail = t;
			} else {
				q->head = q->tail = t;
				aloop_arm(q);
			}
			return;
		}
		case CAFE_STEP_HELPER:
			if (env->s->block_loop) {
				if (aloop_block_on_loop(al, t, s) < 0)
					return;
				now = -1;
				t->step++;
				continue;
			}
			aloop_emit_at(al, CAFE_EV_PHASE_BEGIN, ph, t, CAFE_EVF_AWAIT, 0, aloop_now(al, &now));
			t->awaiting = (int8_t)t->step;
			aloop_flush(al);	/* before the helper's own events */
			/* Not queued, it would wait forever; the task is freed at stop. */
			if (cafe_helpers_submit(al->helpers, &t->order, ph, s->cpu, t) < 0)
				cafe_env_fail(env);
			return;
		case CAFE_STEP_PROCESS:
			if (s->nphases == 1)
				aloop_emit_at(al, CAFE_EV_PHASE_BEGIN, ph, t, CAFE_EVF_AWAIT, 0, aloop_now(al, &now));
			t->awaiting = (int8_t)t->step;
			aloop_flush(al);	/* before the pool's own events */
			if (cafe_procpool_submit(al->procs, &t->order, s->phase, s->nphases, t) == 0)
				return;
			/* A broken pool fails new work at once, as submit() raises BrokenProcessPool. */
			if (cafe_procpool_broken(al->procs))
				aloop_lose(al, t, CAFE_LOST_POOL_BROKEN);
			else
				cafe_env_fail(env);
			return;
		}
	}
	/* Served in the instant its last step ended, when that was in this turn. */
	aloop_emit_at(al, CAFE_EV_ORDER_DONE, al->spec.step[al->spec.nsteps - 1].phase[0], t, 0, 0,
	    aloop_now(al, &now));
	aloop_free_task(al, t);
}

/* An await is over: the task goes back on the ready queue. */
static void
aloop_resume(struct cafe_aloop *al, struct task *t)
{
	const struct cafe_step *s = &al->spec.step[t->awaiting];

	if (s->mode != CAFE_STEP_PROCESS || s->nphases == 1)
		aloop_emit(al, CAFE_EV_PHASE_END, s->phase[0], t, CAFE_EVF_AWAIT, 0);
	t->step = (int8_t)(t->awaiting + 1);
	t->awaiting = -1;
	aloop_ready(al, t);
}

/* Every task of the step whose wait is over resumes, first come first; the timer is set for the next. */
static void
aloop_timer_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct aloop_timers *q = w->data;
	int64_t now = cafe_clock_now_us(q->al->env->clock);

	/* The clock may have slowed or paused meanwhile: then none is due yet. */
	while (q->head != NULL && q->head->deadline_us <= now) {
		struct task *t = q->head;
		if ((q->head = t->next) == NULL)
			q->tail = NULL;
		aloop_resume(q->al, t);
	}
	aloop_flush(q->al);
	aloop_arm(q);
}

/* Pools call these on the loop's thread, from their own watchers: what we stage goes out before we return. */
static void
aloop_pool_done(void *arg, void *token)
{
	aloop_resume(arg, token);
	aloop_flush(arg);
}

static void
aloop_procs_done(void *arg, void *token, int lost)
{
	if (lost)
		aloop_lose(arg, token, lost);
	else
		aloop_resume(arg, token);
	aloop_flush(arg);
}

static void
aloop_run_cb(struct ev_loop *loop, ev_idle *w, int revents)
{
	struct cafe_aloop *al = w->data;
	struct task *last = al->ready_tail;
	int more = al->ready_head != NULL;

	/*
	 * Like asyncio's loop: every task ready at the start of this turn takes
	 * its step; those that become ready meanwhile wait for the next turn,
	 * so timers and I/O get a look in between.
	 */
	while (more && !atomic_load(&al->stopping)) {
		struct task *t = al->ready_head;
		al->ready_head = t->next;
		if (al->ready_head == NULL)
			al->ready_tail = NULL;
		more = t != last;	/* before the step: a finished task is freed */
		aloop_step(al, t);
	}
	aloop_flush(al);
	if (al->ready_head == NULL)
		ev_idle_stop(loop, w);
}

static void
aloop_inbox_cb(struct ev_loop *loop, ev_async *w, int revents)
{
	struct cafe_aloop *al = w->data;
	struct cafe_order *in;
	size_t n;

	if (atomic_load(&al->stopping)) {
		ev_break(loop, EVBREAK_ALL);
		return;
	}
	pthread_mutex_lock(&al->mu);
	in = al->inbox;
	n = al->inbox_len;
	al->inbox = NULL;
	al->inbox_len = al->inbox_cap = 0;
	pthread_mutex_unlock(&al->mu);
	for (size_t i = 0; i < n; i++) {
		struct task *t = aloop_new_task(al);
		if (t == NULL) {
			/* This order and the rest of the batch are dropped: the run cannot end. */
			cafe_env_fail(al->env);
			break;
		}
		t->order = in[i];
		t->awaiting = -1;
		aloop_ready(al, t);
	}
	free(in);
}

static void
aloop_clock_cb(struct ev_loop *loop, ev_async *w, int revents)
{
	struct cafe_aloop *al = w->data;

	for (int i = 0; i < al->spec.nsteps; i++)
		aloop_arm(&al->timers[i]);
}

/* Clock watcher: runs on whichever thread changed the clock. */
static void
aloop_clock_changed(void *arg)
{
	struct cafe_aloop *al = arg;

	ev_async_send(al->loop, &al->clock_w);
}

static void
aloop_started(struct cafe_aloop *al, int rc)
{
	pthread_mutex_lock(&al->start_mu);
	al->start_rc = rc;
	al->start_done = 1;
	pthread_cond_signal(&al->start_cv);
	pthread_mutex_unlock(&al->start_mu);
}

static void *
aloop_main(void *arg)
{
	struct cafe_aloop *al = arg;
	const struct cafe_env *env = al->env;
	int rc = 0;

	/*
	 * Its awaits end on timers while CPU-bound workers may hold both cores
	 * (act 6 at speed 100: 1.064 -> 1.024 of ideal); its helpers, started
	 * from here, inherit it: theirs is a blocking call, ended by a timer.
	 */
	cafe_thread_slice(CAFE_THREAD_SLICE_NS);
	cafe_who_init(&al->who, al->spec.lane, 1);
	cafe_env_emit(env, &al->who, CAFE_EV_WORKER_START, 0, NULL, 0, 0);
	if (al->spec.helpers > 0) {
		al->helpers = cafe_helpers_new(env, al->spec.helpers, al->loop, al->gil,
		    aloop_pool_done, al);
		if (al->helpers == NULL || cafe_helpers_start(al->helpers) < 0)
			rc = -1;
	}
	/* The pool is forked from this thread: its children die with it (PR_SET_PDEATHSIG). */
	if (rc == 0 && al->spec.processes > 0) {
		al->procs = cafe_procpool_new(env, al->spec.processes, al->loop, &al->who,
		    aloop_procs_done, al);
		if (al->procs == NULL || cafe_procpool_start(al->procs) < 0)
			rc = -1;
	}
	aloop_started(al, rc);
	if (rc == 0)
		ev_run(al->loop, 0);

	cafe_procpool_stop(al->procs);
	cafe_helpers_stop(al->helpers);
	for (int i = 0; i < al->spec.nsteps; i++)
		ev_timer_stop(al->loop, &al->timers[i].w);
	/* Every task, wherever it waited, goes with its slab. */
	while (al->slabs != NULL) {
		struct task_slab *sl = al->slabs;
		al->slabs = sl->next;
		free(sl);
	}
	cafe_env_emit(env, &al->who, CAFE_EV_WORKER_STOP, 0, NULL, 0, 0);
	return NULL;
}

struct cafe_aloop *
cafe_aloop_new(const struct cafe_env *env, const struct cafe_aloop_spec *spec)
{
	struct cafe_aloop *al = calloc(1, sizeof *al);

	if (al == NULL)
		return NULL;
	/*
	 * select, not epoll: epoll_wait takes whole milliseconds, so libev rounds
	 * every timer up to the next one (backend_mintime 1 ms), which at speed
	 * 100 makes each await up to 100 ms of café time late. select takes
	 * microseconds; the loop watches a handful of descriptors (its async,
	 * the pool's pipes), and libev's select grows its sets past FD_SETSIZE.
	 */
	if ((al->loop = ev_loop_new(EVBACKEND_SELECT)) == NULL) {
		free(al);
		return NULL;
	}
	al->env = env;
	al->spec = *spec;
	/* The loop thread and the helpers in one interpreter: one GIL between them. */
	if (spec->gil && (al->gil = cafe_gil_new(env, 1)) == NULL) {
		ev_loop_destroy(al->loop);
		free(al);
		return NULL;
	}
	pthread_mutex_init(&al->mu, NULL);
	pthread_mutex_init(&al->start_mu, NULL);
	pthread_cond_init(&al->start_cv, NULL);
	ev_async_init(&al->inbox_w, aloop_inbox_cb);
	al->inbox_w.data = al;
	ev_async_start(al->loop, &al->inbox_w);
	ev_async_init(&al->clock_w, aloop_clock_cb);
	al->clock_w.data = al;
	ev_async_start(al->loop, &al->clock_w);
	ev_idle_init(&al->run_w, aloop_run_cb);
	al->run_w.data = al;
	for (int i = 0; i < CAFE_RECIPE_MAX; i++) {
		al->timers[i].al = al;
		ev_timer_init(&al->timers[i].w, aloop_timer_cb, 0., 0.);
		al->timers[i].w.data = &al->timers[i];
	}
	cafe_clock_watch(env->clock, aloop_clock_changed, al);
	return al;
}

int
cafe_aloop_start(void *arg)
{
	struct cafe_aloop *al = arg;
	int rc;

	if (cafe_thread_start(&al->thread, aloop_main, al) < 0)
		return -1;
	al->started = 1;
	pthread_mutex_lock(&al->start_mu);
	while (!al->start_done)
		pthread_cond_wait(&al->start_cv, &al->start_mu);
	rc = al->start_rc;
	pthread_mutex_unlock(&al->start_mu);
	return rc;
}

void
cafe_aloop_submit(void *arg, const struct cafe_order *o)
{
	struct cafe_aloop *al = arg;

	pthread_mutex_lock(&al->mu);
	if (al->inbox_len == al->inbox_cap && (cafe_fault_hit(CAFE_FAULT_ALOOP) ||
	    cafe_vec_reserve(&al->inbox, &al->inbox_cap, al->inbox_len + 1, sizeof *al->inbox) < 0)) {
		pthread_mutex_unlock(&al->mu);
		cafe_env_fail(al->env);
		return;
	}
	int first = al->inbox_len++ == 0;	/* later orders ride on the first one's send */
	al->inbox[al->inbox_len - 1] = *o;
	pthread_mutex_unlock(&al->mu);
	if (first)
		ev_async_send(al->loop, &al->inbox_w);
}

void
cafe_aloop_stop(void *arg)
{
	struct cafe_aloop *al = arg;

	if (al == NULL)
		return;
	cafe_clock_unwatch(al->env->clock, aloop_clock_changed, al);
	atomic_store(&al->stopping, 1);
	if (al->started) {
		ev_async_send(al->loop, &al->inbox_w);
		pthread_join(al->thread, NULL);
	}
	ev_loop_destroy(al->loop);
	pthread_cond_destroy(&al->start_cv);
	pthread_mutex_destroy(&al->start_mu);
	pthread_mutex_destroy(&al->mu);
	cafe_gil_free(al->gil);
	free(al->inbox);
	free(al);
}

void *
cafe_aloop_create(const struct cafe_env *env)
{
	struct cafe_plan p;

	cafe_model_get(env->s->act)->plan(env->s, &p);
	return cafe_aloop_new(env, &p.spec);
}
