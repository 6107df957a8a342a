/* gil.c: a ticket lock standing in for CPython's GIL, with its forced switch after the switch interval. */
#include "config.h"

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <time.h>

#include "gil.h"
#include "thread.h"

/*
 * The next in line wakes itself this long (real time) before the holder is
 * due to let go, and watches for it on a core: a hand-off then costs well
 * under a microsecond instead of a sleeping thread's wake-up (tens of µs on
 * a VM; at speed 100 the switch interval is 50 µs of real time, so that
 * alone was a third of the run). The holder pays for no wake-up call inside
 * its slice: the one it hands to is watching, and the one after is told it
 * is next by the thread letting go, which has nothing better to do.
 */
#define GIL_LEAD_NS 60000LL
/* Watching past the due time by this much, the holder is late (preempted): sleep again. */
#define GIL_WATCH_NS 200000LL
/*
 * A waiter further back times itself too, so that nobody has to wake it at
 * a hand-off. Woken there, it found both cores busy (the new holder just
 * started, the one letting go not yet asleep), landed on the holder's core
 * as often as not, and stayed there, never let go of by the scheduler as it
 * had just run: the hand-off to it then waited for the one letting go to
 * sleep, some 15 µs, a third of a slice at speed 100 (a quarter of all
 * hand-offs). Its own timer instead fires when the turn before its own has
 * begun and the one letting go has been asleep a while (GIL_SETTLE_NS):
 * then a core is free, and the wake-up goes there. Only turns due within
 * GIL_AHEAD_NS are timed: the guess is that every holder ahead takes a full
 * slice, and further back it is worth less than being told.
 */
#define GIL_SETTLE_NS 20000LL
#define GIL_AHEAD_NS 2000000LL

/*
 * A thread waiting for its turn. It lives in the thread's gil_hold, for the
 * whole CPU phase: the thread letting go may still be signalling it after
 * the new holder went on, so it is let go only under the lock, later.
 */
struct gil_waiter {
	pthread_cond_t		 cv;
	uint64_t		 ticket;
	struct gil_waiter	*next;
	int			 queued;	/* in the queue; guarded by mu */
	int			 timed;		/* asleep by its own timer until it is next; guarded by mu */
};

struct cafe_gil {
	const struct cafe_env	*env;
	int			 enabled;	/* ro */
	pthread_mutex_t		 mu;
	/* Waiters in ticket order: the head is next in line; a hand-off takes it off. */
	struct gil_waiter	*head, *tail;
	_Atomic uint64_t	 next;		/* next ticket to hand out; written under mu */
	_Atomic uint64_t	 serving;	/* ticket that holds the GIL; written under mu, read by watchers */
	_Atomic int		 stopped;
	_Atomic int64_t		 held_ns;	/* CLOCK_MONOTONIC when the holder took it */
	int64_t			 interval_us;
};

struct gil_hold {
	struct cafe_gil		*gil;
	const struct cafe_who	*who;
	const struct cafe_order	*order;
	struct gil_waiter	 me;
	int			 me_made;	/* me.cv initialised */
};

/*
 * The clock tells us when a run stops, so that waiters give up; and when it
 * pauses, resumes or changes speed, so that the next in line times its turn
 * anew.
 */
static void
gil_clock_cb(void *arg)
{
	struct cafe_gil *g = arg;

	pthread_mutex_lock(&g->mu);
	if (cafe_clock_stopped(g->env->clock)) {
		g->stopped = 1;
		for (struct gil_waiter *w = g->head; w != NULL; w = w->next)
			pthread_cond_signal(&w->cv);
	} else {
		/* The next in line, and whoever timed its turn by the old speed. */
		for (struct gil_waiter *w = g->head; w != NULL; w = w->next)
			if (w == g->head || w->timed)
				pthread_cond_signal(&w->cv);
	}
	pthread_mutex_unlock(&g->mu);
}

struct cafe_gil *
cafe_gil_new(const struct cafe_env *env, int enabled)
{
	struct cafe_gil *g = calloc(1, sizeof *g);

	if (g == NULL)
		return NULL;
	g->env = env;
	g->enabled = enabled;
	cafe_mutex_init_brief(&g->mu);
	g->interval_us = (int64_t)(env->s->switch_ms * 1000.0);
	if (g->interval_us < 1)
		g->interval_us = 1;
	cafe_clock_watch(env->clock, gil_clock_cb, g);
	return g;
}

void
cafe_gil_free(struct cafe_gil *g)
{
	if (g == NULL)
		return;
	cafe_clock_unwatch(g->env->clock, gil_clock_cb, g);
	pthread_mutex_destroy(&g->mu);
	free(g);
}

/* Takes w out of the queue, wherever it is (on a stop anyone may leave first); mu held. */
static void
gil_unlink(struct cafe_gil *g, struct gil_waiter *w)
{
	struct gil_waiter **pp = &g->head, *prev = NULL;

	if (!w->queued)
		return;
	while (*pp != NULL && *pp != w) {
		prev = *pp;
		pp = &(*pp)->next;
	}
	if (*pp == NULL)
		return;
	*pp = w->next;
	if (g->tail == w)
		g->tail = prev;
	w->queued = 0;
}

/* Spins until ticket t is served, the run stops, or the wall clock passes until. */
static void
gil_watch(struct cafe_gil *g, uint64_t t, int64_t until)
{
	for (unsigned n = 1;; n++) {
		if (atomic_load_explicit(&g->serving, memory_order_acquire) == t ||
		    atomic_load_explicit(&g->stopped, memory_order_relaxed))
			return;
		if ((n & 63) == 0 && cafe_mono_ns() > until)
			return;
		/* Put on the holder's own core, give it the core back: it is the one to let go. */
		if ((n & 15) == 0)
			sched_yield();
	}
}

static void
gil_sleep_until(struct gil_waiter *me, pthread_mutex_t *mu, int64_t ns)
{
	struct timespec ts = { ns / 1000000000LL, ns % 1000000000LL };

	pthread_cond_timedwait(&me->cv, mu, &ts);
}

/*
 * Waits, with g->mu held, until ticket t is served or the run stops; returns
 * with mu held, or (1) without it when a watch saw the hand-off, so that the
 * new holder never waits on the lock the thread letting go still holds. The
 * next in line sleeps by its own timer until GIL_LEAD_NS before its turn is
 * due, then watches; the others sleep until told they are next.
 */
static int
gil_wait_turn(struct cafe_gil *g, struct gil_waiter *me, uint64_t t)
{
	while (g->serving != t && !g->stopped) {
		if (t != g->serving + 1 && !cafe_clock_paused(g->env->clock)) {
			/* When we should be next, if everyone ahead takes a full slice, and the one letting go then sleeps. */
			int64_t slice = cafe_clock_wall_ns_for(g->env->clock, g->interval_us);
			int64_t at = atomic_load(&g->held_ns) + slice * (int64_t)(t - g->serving - 1) + GIL_SETTLE_NS;
			int64_t now = cafe_mono_ns();
			if (at > now && at - now <= GIL_AHEAD_NS) {
				me->timed = 1;
				gil_sleep_until(me, &g->mu, at);
				me->timed = 0;
				continue;
			}
		}
		if (t != g->serving + 1 || cafe_clock_paused(g->env->clock)) {
			/* Not next yet and not timing it (far back, or late), or nobody burns (paused): a release tells us. */
			pthread_cond_wait(&me->cv, &g->mu);
			continue;
		}
		int64_t due = atomic_load(&g->held_ns) + cafe_clock_wall_ns_for(g->env->clock, g->interval_us);
		int64_t now = cafe_mono_ns();
		if (now < due - GIL_LEAD_NS) {
			gil_sleep_until(me, &g->mu, due - GIL_LEAD_NS);
		} else if (now < due + GIL_WATCH_NS) {
			pthread_mutex_unlock(&g->mu);
			gil_watch(g, t, due + GIL_WATCH_NS);
			if (atomic_load_explicit(&g->serving, memory_order_acquire) == t)
				return 1;
			pthread_mutex_lock(&g->mu);
		} else {
			/* The holder is late: its release wakes us (the deadline only guards a stop). */
			gil_sleep_until(me, &g->mu, now + GIL_WATCH_NS);
		}
	}
	return 0;
}

static int
gil_acquire(struct gil_hold *h)
{
	struct cafe_gil *g = h->gil;
	struct gil_waiter *me = &h->me;

	pthread_mutex_lock(&g->mu);
	uint64_t t = atomic_fetch_add(&g->next, 1);
	if (g->serving == t) {
		atomic_store(&g->held_ns, cafe_mono_ns());
		pthread_mutex_unlock(&g->mu);
	} else if (g->stopped) {
		pthread_mutex_unlock(&g->mu);
		return -1;
	} else {
		/* In the queue in the same breath as the ticket, so no hand-off is missed. */
		if (!h->me_made) {
			cafe_cond_init_mono(&me->cv);
			h->me_made = 1;
		}
		me->ticket = t;
		me->next = NULL;
		me->queued = 1;
		if (g->tail != NULL)
			g->tail->next = me;
		else
			g->head = me;
		g->tail = me;
		pthread_mutex_unlock(&g->mu);
		cafe_env_emit(g->env, h->who, CAFE_EV_GIL_WAIT, CAFE_PH_GIL_WAIT, h->order, 0, 0);
		pthread_mutex_lock(&g->mu);
		if (gil_wait_turn(g, me, t) == 0) {
			/* Served (the thread letting go took us off), or stopped: then we leave the queue. */
			gil_unlink(g, me);
			int served = g->serving == t;
			pthread_mutex_unlock(&g->mu);
			if (!served)
				return -1;
		}
	}
	cafe_env_emit(g->env, h->who, CAFE_EV_GIL_ACQUIRE, CAFE_PH_GIL_WAIT, h->order, 0, 0);
	return 0;
}

/* Lets go of the GIL; full: at the end of a slice, as the ones timing their turn expected. */
static void
gil_release(struct gil_hold *h, int full)
{
	struct cafe_gil *g = h->gil;

	cafe_env_emit(g->env, h->who, CAFE_EV_GIL_RELEASE, CAFE_PH_GIL_WAIT, h->order, 0, 0);
	pthread_mutex_lock(&g->mu);
	/* The next holder's slice starts now: the next in line times its turn by it. */
	atomic_store(&g->held_ns, cafe_mono_ns());
	struct gil_waiter *w = g->head;
	if (w != NULL && w->ticket == g->serving + 1) {
		if ((g->head = w->next) == NULL)
			g->tail = NULL;
		w->queued = 0;
	} else {
		w = NULL;
	}
	atomic_store_explicit(&g->serving, g->serving + 1, memory_order_release);
	/* Watching already, as a rule (then this costs nothing); asleep when we let go early. */
	if (w != NULL)
		pthread_cond_signal(&w->cv);
	/*
	 * The one after it is next in line now: told here, unless its own timer
	 * is set for this (a full slice went by as it expected).
	 */
	if (g->head != NULL && g->head->ticket == g->serving + 1 && !(full && g->head->timed))
		pthread_cond_signal(&g->head->cv);
	pthread_mutex_unlock(&g->mu);
}

/* Called every switch interval of burnt CPU: drop the GIL if someone waits. */
static int
gil_slice(void *arg)
{
	struct gil_hold *h = arg;
	struct cafe_gil *g = h->gil;

	/* A waiter that took its ticket just now is seen at the next interval. */
	if (atomic_load(&g->next) - atomic_load(&g->serving) <= 1)
		return 0;
	gil_release(h, 1);
	return gil_acquire(h);
}

int
cafe_gil_run_cpu(struct cafe_gil *g, const struct cafe_env *env, const struct cafe_who *who,
    const struct cafe_order *o, enum cafe_phase phase, int64_t cafe_us)
{
	struct gil_hold h = { .gil = g, .who = who, .order = o };
	int64_t cpu = 0;
	int rc;

	cafe_env_emit(env, who, CAFE_EV_PHASE_BEGIN, phase, o, 0, 0);
	if (g == NULL || !g->enabled) {
		rc = cafe_clock_burn(env->clock, cafe_us, NULL, &cpu);
	} else {
		rc = gil_acquire(&h);
		/* On a stop the run is torn down: the GIL is not handed on. */
		struct cafe_burn_slices sl = { g->interval_us, gil_slice, &h };
		if (rc == 0)
			rc = cafe_clock_burn(env->clock, cafe_us, &sl, &cpu);
		if (rc == 0)
			gil_release(&h, 0);
		if (h.me_made) {
			/* Whoever handed to us last has let go of the lock since: nobody signals it now. */
			pthread_mutex_lock(&g->mu);
			gil_unlink(g, &h.me);
			pthread_mutex_unlock(&g->mu);
			pthread_cond_destroy(&h.me.cv);
		}
		if (rc < 0)
			return -1;
	}
	if (rc == 0)
		cafe_env_emit(env, who, CAFE_EV_PHASE_END, phase, o, 0, cpu);
	return rc;
}
