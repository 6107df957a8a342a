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

struct task {
	struct cafe_aloop	*al;
	struct cafe_order	 order;
	int			 step;		/* next step to run */
	int			 awaiting;	/* the step it waits for, -1 when none */
	int64_t			 deadline_us;	/* TIMER */
	ev_timer		 timer;
	struct task		*next;		/* ready queue */
	struct task		*prev_all, *next_all;
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
	struct task		*all;		/* every live task, for re-arming and freeing */
	struct cafe_helpers	*helpers;
	struct cafe_procpool	*procs;
	struct cafe_gil		*gil;		/* shared with the helpers when the spec says so */
	int			 start_rc;
	pthread_mutex_t		 start_mu;
	pthread_cond_t		 start_cv;
	int			 start_done;
};

static void aloop_timer_cb(struct ev_loop *, ev_timer *, int);

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

static void
aloop_emit(struct cafe_aloop *al, enum cafe_event_type type, enum cafe_phase ph,
    const struct task *t, int flags, int64_t cpu)
{
	cafe_env_emit(al->env, &al->who, type, ph, &t->order, flags, cpu);
}

/* Sets the timer for what is left of the task's wait at the clock's speed now. */
static void
aloop_arm(struct cafe_aloop *al, struct task *t)
{
	ev_timer_stop(al->loop, &t->timer);
	int64_t ns = cafe_clock_wall_ns_until(al->env->clock, t->deadline_us);
	if (ns < 0)
		return;		/* paused: re-armed on resume */
	ev_now_update(al->loop);
	ev_timer_set(&t->timer, (double)ns / 1e9, 0.);
	ev_timer_start(al->loop, &t->timer);
}

static void
aloop_free_task(struct cafe_aloop *al, struct task *t)
{
	ev_timer_stop(al->loop, &t->timer);
	if (t->prev_all != NULL)
		t->prev_all->next_all = t->next_all;
	else
		al->all = t->next_all;
	if (t->next_all != NULL)
		t->next_all->prev_all = t->prev_all;
	free(t);
}

/* CPU on the loop thread: every other task waits; under the GIL when the loop shares one. */
static int
aloop_cpu(struct cafe_aloop *al, struct task *t, enum cafe_phase ph)
{
	const struct cafe_env *env = al->env;
	int64_t cpu = 0;

	if (al->gil != NULL)
		return cafe_gil_run_cpu(al->gil, env, &al->who, &t->order, ph, cafe_env_dur_us(env, ph));
	aloop_emit(al, CAFE_EV_PHASE_BEGIN, ph, t, 0, 0);
	if (cafe_clock_burn(env->clock, cafe_env_dur_us(env, ph), NULL, &cpu) < 0)
		return -1;
	aloop_emit(al, CAFE_EV_PHASE_END, ph, t, 0, cpu);
	return 0;
}

/* A blocking call made on the loop itself: the wrong way, everything stalls. */
static int
aloop_block_on_loop(struct cafe_aloop *al, struct task *t, const struct cafe_step *s)
{
	struct cafe_clock *c = al->env->clock;
	enum cafe_phase ph = s->phase[0];

	/* CPU work run on the loop is the loop's own CPU step, the wrong way too. */
	if (s->cpu)
		return aloop_cpu(al, t, ph);
	aloop_emit(al, CAFE_EV_PHASE_BEGIN, ph, t, 0, 0);
	if (cafe_clock_sleep_until(c, cafe_clock_now_us(c) + cafe_env_dur_us(al->env, ph)) < 0)
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
	cafe_bus_emit(al->env->bus, &ev);
	aloop_free_task(al, t);
}

/* Runs a task until it awaits or is done; like one asyncio task step. */
static void
aloop_step(struct cafe_aloop *al, struct task *t)
{
	const struct cafe_env *env = al->env;

	while (t->step < al->spec.nsteps) {
		const struct cafe_step *s = &al->spec.step[t->step];
		enum cafe_phase ph = s->phase[0];

		if (atomic_load(&al->stopping))
			return;
		switch (s->mode) {
		case CAFE_STEP_CPU:
			if (aloop_cpu(al, t, ph) < 0)
				return;
			t->step++;
			continue;
		case CAFE_STEP_TIMER:
			aloop_emit(al, CAFE_EV_PHASE_BEGIN, ph, t, CAFE_EVF_AWAIT, 0);
			t->deadline_us = cafe_clock_now_us(env->clock) + cafe_env_dur_us(env, ph);
			t->awaiting = t->step;
			aloop_arm(al, t);
			return;
		case CAFE_STEP_HELPER:
			if (env->s->block_loop) {
				if (aloop_block_on_loop(al, t, s) < 0)
					return;
				t->step++;
				continue;
			}
			aloop_emit(al, CAFE_EV_PHASE_BEGIN, ph, t, CAFE_EVF_AWAIT, 0);
			t->awaiting = t->step;
			/* Not queued, it would wait forever; the task is freed at stop. */
			if (cafe_helpers_submit(al->helpers, &t->order, ph, s->cpu, t) < 0)
				cafe_env_fail(env);
			return;
		case CAFE_STEP_PROCESS:
			if (s->nphases == 1)
				aloop_emit(al, CAFE_EV_PHASE_BEGIN, ph, t, CAFE_EVF_AWAIT, 0);
			t->awaiting = t->step;
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
	aloop_emit(al, CAFE_EV_ORDER_DONE, al->spec.step[al->spec.nsteps - 1].phase[0], t, 0, 0);
	aloop_free_task(al, t);
}

/* An await is over: the task goes back on the ready queue. */
static void
aloop_resume(struct cafe_aloop *al, struct task *t)
{
	const struct cafe_step *s = &al->spec.step[t->awaiting];

	if (s->mode != CAFE_STEP_PROCESS || s->nphases == 1)
		aloop_emit(al, CAFE_EV_PHASE_END, s->phase[0], t, CAFE_EVF_AWAIT, 0);
	t->step = t->awaiting + 1;
	t->awaiting = -1;
	aloop_ready(al, t);
}

static void
aloop_timer_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct task *t = w->data;

	if (cafe_clock_now_us(t->al->env->clock) < t->deadline_us) {
		aloop_arm(t->al, t);	/* the clock slowed or paused meanwhile */
		return;
	}
	aloop_resume(t->al, t);
}

static void
aloop_pool_done(void *arg, void *token)
{
	aloop_resume(arg, token);
}

static void
aloop_procs_done(void *arg, void *token, int lost)
{
	if (lost)
		aloop_lose(arg, token, lost);
	else
		aloop_resume(arg, token);
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
		struct task *t = cafe_fault_hit(CAFE_FAULT_ALOOP) ? NULL : calloc(1, sizeof *t);
		if (t == NULL) {
			/* This order and the rest of the batch are dropped: the run cannot end. */
			cafe_env_fail(al->env);
			break;
		}
		t->al = al;
		t->order = in[i];
		t->awaiting = -1;
		ev_timer_init(&t->timer, aloop_timer_cb, 0., 0.);
		t->timer.data = t;
		t->next_all = al->all;
		if (al->all != NULL)
			al->all->prev_all = t;
		al->all = t;
		aloop_ready(al, t);
	}
	free(in);
}

static void
aloop_clock_cb(struct ev_loop *loop, ev_async *w, int revents)
{
	struct cafe_aloop *al = w->data;

	for (struct task *t = al->all; t != NULL; t = t->next_all)
		if (t->awaiting >= 0 && al->spec.step[t->awaiting].mode == CAFE_STEP_TIMER)
			aloop_arm(al, t);
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
	while (al->all != NULL)
		aloop_free_task(al, al->all);
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
