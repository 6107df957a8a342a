/* gil.c: a ticket lock standing in for CPython's GIL, with its forced switch after the switch interval. */
#include "config.h"

#include <pthread.h>
#include <stdlib.h>

#include "gil.h"

struct cafe_gil {
	const struct cafe_env	*env;
	int			 enabled;	/* ro */
	pthread_mutex_t		 mu;
	pthread_cond_t		 cv;
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
	if (cafe_clock_stopped(g->env->clock))
		g->stopped = 1;
	pthread_cond_broadcast(&g->cv);
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
	pthread_cond_init(&g->cv, NULL);
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
	pthread_cond_destroy(&g->cv);
	pthread_mutex_destroy(&g->mu);
	free(g);
}

static int
gil_acquire(struct gil_hold *h)
{
	struct cafe_gil *g = h->gil;
	int rc = 0;

	pthread_mutex_lock(&g->mu);
	uint64_t t = g->next++;
	if (g->serving != t) {
		pthread_mutex_unlock(&g->mu);
		cafe_env_emit(g->env, h->who, CAFE_EV_GIL_WAIT, CAFE_PH_GIL_WAIT, h->order, 0, 0);
		pthread_mutex_lock(&g->mu);
		while (g->serving != t && !g->stopped)
			pthread_cond_wait(&g->cv, &g->mu);
	}
	if (g->serving != t) {
		/* Stopped while queued: our ticket must still be passed on. */
		rc = -1;
	}
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
	pthread_cond_broadcast(&g->cv);
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
