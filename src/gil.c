/* gil.c: a ticket lock standing in for CPython's GIL, with its forced switch after the switch interval. */
#include "config.h"

#include <pthread.h>
#include <stdlib.h>

#include "gil.h"

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
	uint64_t		 serving;	/* ticket that holds the GIL */
	int			 stopped;
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
	pthread_mutex_init(&g->mu, NULL);
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
		pthread_cond_init(&me.cv, NULL);
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
		while (g->serving != t && !g->stopped)
			pthread_cond_wait(&me.cv, &g->mu);
		gil_unlink(g, &me);
		pthread_cond_destroy(&me.cv);
	}
	if (g->serving != t)
		rc = -1;	/* stopped while queued */
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
	g->serving++;
	if (g->head != NULL && g->head->ticket == g->serving)
		pthread_cond_signal(&g->head->cv);
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
		rc = cafe_clock_burn(env->clock, cafe_us, 0, NULL, NULL, &cpu);
	} else {
		if (gil_acquire(&h) < 0)
			return -1;
		/* On a stop the run is torn down: the GIL is not handed on. */
		rc = cafe_clock_burn(env->clock, cafe_us, g->interval_us, gil_slice, &h, &cpu);
		if (rc == 0)
			gil_release(&h);
	}
	if (rc == 0)
		cafe_env_emit(env, who, CAFE_EV_PHASE_END, phase, o, 0, cpu);
	return rc;
}
