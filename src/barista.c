/* barista.c: barista threads pulling orders from a queue and making each one start to finish. */
#include "config.h"

#include <pthread.h>
#include <stdlib.h>

#include "barista.h"
#include "gil.h"
#include "orderq.h"
#include "thread.h"

struct barista {
	struct cafe_baristas	*pool;
	int			 index;
	pthread_t		 thread;
	int			 started;
};

struct cafe_baristas {
	const struct cafe_env	*env;
	struct cafe_orderq	*queue;
	struct cafe_gil		*gil;	/* NULL in act 1 */
	int			 n;
	struct barista		*b;
};

/* Makes one order: CPU phases burn (under the GIL if any), the brew blocks the thread. */
static int
barista_make(struct cafe_baristas *p, const struct cafe_who *who, const struct cafe_order *o)
{
	const struct cafe_env *env = p->env;
	const struct cafe_recipe *r = &cafe_recipe_coffee;

	for (int i = 0; i < r->n; i++) {
		enum cafe_phase ph = r->phase[i];
		int64_t dur = cafe_env_dur_us(env, ph);

		if (cafe_phase_kind(ph) == CAFE_KIND_CPU) {
			if (cafe_gil_run_cpu(p->gil, env, who, o, ph, dur) < 0)
				return -1;
			continue;
		}
		cafe_env_emit(env, who, CAFE_EV_PHASE_BEGIN, ph, o, 0, 0);
		if (cafe_clock_sleep_until(env->clock, cafe_clock_now_us(env->clock) + dur) < 0)
			return -1;
		cafe_env_emit(env, who, CAFE_EV_PHASE_END, ph, o, 0, 0);
	}
	cafe_env_emit(env, who, CAFE_EV_ORDER_DONE, CAFE_PH_SERVE, o, 0, 0);
	return 0;
}

static void *
barista_main(void *arg)
{
	struct barista *b = arg;
	struct cafe_baristas *p = b->pool;
	struct cafe_order o;
	struct cafe_who who;

	cafe_who_init(&who, CAFE_WK_BARISTA, b->index);
	cafe_env_emit(p->env, &who, CAFE_EV_WORKER_START, 0, NULL, 0, 0);
	while (cafe_orderq_pop(p->queue, &o) == 0)
		if (barista_make(p, &who, &o) < 0)
			break;
	cafe_env_emit(p->env, &who, CAFE_EV_WORKER_STOP, 0, NULL, 0, 0);
	return NULL;
}

struct cafe_baristas *
cafe_baristas_new(const struct cafe_env *env, int n, int with_gil)
{
	struct cafe_baristas *p = calloc(1, sizeof *p);

	if (p == NULL)
		return NULL;
	p->env = env;
	p->n = n;
	p->queue = cafe_orderq_new(sizeof(struct cafe_order));
	p->b = calloc((size_t)n, sizeof *p->b);
	if (with_gil)
		p->gil = cafe_gil_new(env, env->s->gil);
	if (p->queue == NULL || p->b == NULL || (with_gil && p->gil == NULL)) {
		cafe_baristas_stop(p);
		return NULL;
	}
	return p;
}

int
cafe_baristas_start(void *arg)
{
	struct cafe_baristas *p = arg;

	for (int i = 0; i < p->n; i++) {
		p->b[i].pool = p;
		p->b[i].index = i + 1;
		if (cafe_thread_start(&p->b[i].thread, barista_main, &p->b[i]) < 0)
			return -1;
		p->b[i].started = 1;
	}
	return 0;
}

void
cafe_baristas_submit(void *arg, const struct cafe_order *o)
{
	struct cafe_baristas *p = arg;

	if (cafe_orderq_push(p->queue, o) < 0)
		cafe_env_fail(p->env);	/* an order no barista will ever see */
}

void
cafe_baristas_stop(void *arg)
{
	struct cafe_baristas *p = arg;

	if (p == NULL)
		return;
	if (p->queue != NULL)
		cafe_orderq_close(p->queue);
	for (int i = 0; p->b != NULL && i < p->n; i++)
		if (p->b[i].started)
			pthread_join(p->b[i].thread, NULL);
	cafe_gil_free(p->gil);
	cafe_orderq_free(p->queue);
	free(p->b);
	free(p);
}

void *
cafe_baristas_create(const struct cafe_env *env)
{
	const struct cafe_model_ops *m = cafe_model_get(env->s->act);
	struct cafe_plan p;

	m->plan(env->s, &p);
	/* The GIL object exists wherever the setting applies; the setting turns it on or off. */
	return cafe_baristas_new(env, p.baristas, (m->flags & CAFE_MODEL_GIL) != 0);
}
