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
 * alone was a third of the run). It wakes by its own timer, so the holder
 * pays no wake-up call inside its slice.
 */
#define GIL_LEAD_NS 60000LL
/* Watching past the due time by this much, the holder is late (preempted): sleep again. */
#define GIL_WATCH_NS 200000LL

/* A thread waiting for its turn; lives on that thread's stack. */
struct gil_waiter {
	pthread_cond_t		 cv;
	uint64_t		 ticket;
	struct gil_waiter	*next;
};

struct cafe_gil {
	const struct cafe_env	*env;
	int			 enabled;	/* ro */
	pthread_mutex_t		 mu;
	/* Waiters in ticket order: a hand-off wakes the next one only, not the herd. */
	struct gil_waiter	*head, *tail;
	uint64_t		 next;		/* next ticket to hand out */
	_Atomic uint64_t	 serving;	/* ticket that holds the GIL; read unlocked by a watching waiter */
	_Atomic int		 stopped;
	_Atomic int64_t		 held_ns;	/* CLOCK_MONOTONIC when the holder took it */
	int64_t			 interval_us;
};

struct gil_hold {
	struct cafe_gil		*gil;
	const struct cafe_who	*who;
	const struct cafe_order	*order;
};

/* The clock tells us when a run stops, so that waiters give up. */
static void
gil_clock_cb(void *arg)
{
	struct cafe_gil *g = arg;

	pthread_mutex_lock(&g->mu);
	if (cafe_clock_stopped(g->env->clock)) {
		g->stopped = 1;
		for (struct gil_waiter *w = g->head; w != NULL; w = w->next)
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

/* Served in order we would be the head; on a stop anyone may leave first. */
static void
gil_unlink(struct cafe_gil *g, struct gil_waiter *me)
{
	struct gil_waiter **pp = &g->head, *prev = NULL;

	while (*pp != NULL && *pp != me) {
		prev = *pp;
		pp = &(*pp)->next;
	}
	if (*pp == NULL)
		return;
	*pp = me->next;
	if (g->tail == me)
		g->tail = prev;
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
 * Waits, with g->mu held, until ticket t is served or the run stops. Each
 * waiter sleeps by its own timer until GIL_LEAD_NS before its turn is due
 * (a full slice for each holder ahead of it), then, once it is next in line,
 * watches. Nobody has to wake the next in line, so a holder letting go pays
 * for no wake-up call while the one it hands to waits on its lock. A holder
 * that lets go early (its phase ended) wakes the one it hands to.
 */
static void
gil_wait_turn(struct cafe_gil *g, struct gil_waiter *me, uint64_t t)
{
	while (g->serving != t && !g->stopped) {
		if (cafe_clock_paused(g->env->clock)) {
			/* Nobody burns while paused: a release wakes us. */
			pthread_cond_wait(&me->cv, &g->mu);
			continue;
		}
		int64_t slice = cafe_clock_wall_ns_for(g->env->clock, g->interval_us);
		uint64_t ahead = t - g->serving;	/* 1: next in line */
		int64_t due = atomic_load(&g->held_ns) + (int64_t)ahead * slice;
		int64_t now = cafe_mono_ns();
		if (now < due - GIL_LEAD_NS) {
			gil_sleep_until(me, &g->mu, due - GIL_LEAD_NS);
		} else if (ahead == 1 && now < due + GIL_WATCH_NS) {
			pthread_mutex_unlock(&g->mu);
			gil_watch(g, t, due + GIL_WATCH_NS);
			pthread_mutex_lock(&g->mu);
		} else if (ahead > 1) {
			/* Those ahead are late (preempted): look again in half a slice. */
			gil_sleep_until(me, &g->mu, now + slice / 2);
		} else {
			/* The holder is late: its release wakes us (the deadline only guards a stop). */
			gil_sleep_until(me, &g->mu, now + GIL_WATCH_NS);
		}
	}
}

static int
gil_acquire(struct gil_hold *h)
{
	struct cafe_gil *g = h->gil;
	struct gil_waiter me;
	int rc = 0;

	pthread_mutex_lock(&g->mu);
	uint64_t t = g->next++;
	if (g->serving != t && !g->stopped) {
		/* In the queue in the same breath as the ticket, so no hand-off is missed. */
		pthread_condattr_t at;
		pthread_condattr_init(&at);
		pthread_condattr_setclock(&at, CLOCK_MONOTONIC);
		pthread_cond_init(&me.cv, &at);
		pthread_condattr_destroy(&at);
		me.ticket = t;
		me.next = NULL;
		if (g->tail != NULL)
			g->tail->next = &me;
		else
			g->head = &me;
		g->tail = &me;
		pthread_mutex_unlock(&g->mu);
		cafe_env_emit(g->env, h->who, CAFE_EV_GIL_WAIT, CAFE_PH_GIL_WAIT, h->order, 0, 0);
		pthread_mutex_lock(&g->mu);
		gil_wait_turn(g, &me, t);
		gil_unlink(g, &me);
		pthread_cond_destroy(&me.cv);
	}
	if (g->serving != t)
		rc = -1;	/* stopped while queued */
	else
		atomic_store(&g->held_ns, cafe_mono_ns());
	pthread_mutex_unlock(&g->mu);
	if (rc == 0)
		cafe_env_emit(g->env, h->who, CAFE_EV_GIL_ACQUIRE, CAFE_PH_GIL_WAIT, h->order, 0, 0);
	return rc;
}

static void
gil_release(struct gil_hold *h)
{
	struct cafe_gil *g = h->gil;

	cafe_env_emit(g->env, h->who, CAFE_EV_GIL_RELEASE, CAFE_PH_GIL_WAIT, h->order, 0, 0);
	pthread_mutex_lock(&g->mu);
	/* The next holder's slice starts now: those in line time their turns by it. */
	atomic_store(&g->held_ns, cafe_mono_ns());
	atomic_store_explicit(&g->serving, g->serving + 1, memory_order_release);
	struct gil_waiter *w = g->head;
	if (w != NULL && w->ticket == g->serving) {
		/* Watching already, as a rule (then this costs nothing); asleep when we let go early. */
		pthread_cond_signal(&w->cv);
	}
	pthread_mutex_unlock(&g->mu);
}

/* Called every switch interval of burnt CPU: drop the GIL if someone waits. */
static int
gil_slice(void *arg)
{
	struct gil_hold *h = arg;
	struct cafe_gil *g = h->gil;

	pthread_mutex_lock(&g->mu);
	int waiters = g->next - g->serving > 1;
	pthread_mutex_unlock(&g->mu);
	if (!waiters)
		return 0;
	gil_release(h);
	return gil_acquire(h);
}

int
cafe_gil_run_cpu(struct cafe_gil *g, const struct cafe_env *env, const struct cafe_who *who,
    const struct cafe_order *o, enum cafe_phase phase, int64_t cafe_us)
{
	struct gil_hold h = { g, who, o };
	int64_t cpu = 0;
	int rc;

	cafe_env_emit(env, who, CAFE_EV_PHASE_BEGIN, phase, o, 0, 0);
	if (g == NULL || !g->enabled) {
		rc = cafe_clock_burn(env->clock, cafe_us, NULL, &cpu);
	} else {
		if (gil_acquire(&h) < 0)
			return -1;
		/* On a stop the run is torn down: the GIL is not handed on. */
		struct cafe_burn_slices sl = { g->interval_us, gil_slice, &h };
		rc = cafe_clock_burn(env->clock, cafe_us, &sl, &cpu);
		if (rc == 0)
			gil_release(&h);
	}
	if (rc == 0)
		cafe_env_emit(env, who, CAFE_EV_PHASE_END, phase, o, 0, cpu);
	return rc;
}
