/* helpers.c: a fixed pool of threads for blocking calls; results go back to the loop through ev_async. */
#include "config.h"

#include <pthread.h>
#include <stdlib.h>

#include "fault.h"
#include "gil.h"
#include "helpers.h"
#include "orderq.h"
#include "ring.h"
#include "thread.h"

struct helper_job {
	struct cafe_order	 order;
	enum cafe_phase		 phase;
	int			 cpu;		/* CPU work under the GIL, not a blocking call */
	void			*token;
};

struct helper {
	struct cafe_helpers	*pool;
	int			 index;
	pthread_t		 thread;
	int			 started;
};

struct cafe_helpers {
	const struct cafe_env	*env;
	struct cafe_gil		*gil;		/* CPU jobs take turns for it with the loop; NULL: none */
	struct ev_loop		*loop;
	ev_async		 done_w;
	cafe_helpers_done_fn	 done_fn;
	void			*done_arg;
	struct cafe_orderq	*todo;		/* of struct helper_job */
	pthread_mutex_t		 mu;
	struct cafe_ring	 done;		/* of struct helper_job; guarded by mu */
	int			 n;
	struct helper		*h;
};

static void *
helper_main(void *arg)
{
	struct helper *me = arg;
	struct cafe_helpers *p = me->pool;
	const struct cafe_env *env = p->env;
	struct helper_job j;
	struct cafe_who who;

	cafe_who_init(&who, CAFE_WK_HELPER, me->index);
	cafe_env_emit(env, &who, CAFE_EV_WORKER_START, 0, NULL, 0, 0);
	while (cafe_orderq_pop(p->todo, &j) == 0) {
		if (j.cpu) {
			/* CPU work in a thread: it takes turns with the loop for the GIL. */
			if (cafe_gil_run_cpu(p->gil, env, &who, &j.order, j.phase,
			    cafe_env_dur_us(env, j.phase)) < 0)
				break;
		} else {
			/* The blocking call itself: holds this thread, burns no CPU. */
			cafe_env_emit(env, &who, CAFE_EV_PHASE_BEGIN, j.phase, &j.order, 0, 0);
			int64_t until = cafe_clock_now_us(env->clock) + cafe_env_dur_us(env, j.phase);
			if (cafe_clock_sleep_until(env->clock, until) < 0)
				break;
			cafe_env_emit(env, &who, CAFE_EV_PHASE_END, j.phase, &j.order, 0, 0);
		}

		pthread_mutex_lock(&p->mu);
		int rc = cafe_fault_hit(CAFE_FAULT_HELPERS) ? -1 : cafe_ring_push(&p->done, &j);
		pthread_mutex_unlock(&p->mu);
		if (rc < 0)
			cafe_env_fail(env);	/* the result is lost: its task would wait forever */
		else
			ev_async_send(p->loop, &p->done_w);
	}
	cafe_env_emit(env, &who, CAFE_EV_WORKER_STOP, 0, NULL, 0, 0);
	return NULL;
}

/* Sends merge: drain every completion. */
static void
helpers_done_cb(struct ev_loop *loop, ev_async *w, int revents)
{
	struct cafe_helpers *p = w->data;
	struct helper_job j;

	for (;;) {
		pthread_mutex_lock(&p->mu);
		int rc = cafe_ring_pop(&p->done, &j);
		pthread_mutex_unlock(&p->mu);
		if (rc < 0)
			break;
		p->done_fn(p->done_arg, j.token);
	}
}

struct cafe_helpers *
cafe_helpers_new(const struct cafe_env *env, int n, struct ev_loop *loop, struct cafe_gil *gil,
    cafe_helpers_done_fn fn, void *arg)
{
	struct cafe_helpers *p = calloc(1, sizeof *p);

	if (p == NULL || (p->h = calloc((size_t)n, sizeof *p->h)) == NULL ||
	    (p->todo = cafe_orderq_new(sizeof(struct helper_job))) == NULL) {
		if (p != NULL)
			free(p->h);
		free(p);
		return NULL;
	}
	p->env = env;
	p->gil = gil;
	p->loop = loop;
	p->n = n;
	p->done_fn = fn;
	p->done_arg = arg;
	pthread_mutex_init(&p->mu, NULL);
	cafe_ring_init(&p->done, sizeof(struct helper_job));
	ev_async_init(&p->done_w, helpers_done_cb);
	p->done_w.data = p;
	ev_async_start(loop, &p->done_w);
	return p;
}

int
cafe_helpers_start(struct cafe_helpers *p)
{
	for (int i = 0; i < p->n; i++) {
		p->h[i].pool = p;
		p->h[i].index = i + 1;
		if (cafe_thread_start(&p->h[i].thread, helper_main, &p->h[i]) < 0)
			return -1;
		p->h[i].started = 1;
	}
	return 0;
}

int
cafe_helpers_submit(struct cafe_helpers *p, const struct cafe_order *o,
    enum cafe_phase ph, int cpu, void *token)
{
	struct helper_job j = { *o, ph, cpu, token };

	return cafe_fault_hit(CAFE_FAULT_HELPERS) ? -1 : cafe_orderq_push(p->todo, &j);
}

void
cafe_helpers_stop(struct cafe_helpers *p)
{
	if (p == NULL)
		return;
	cafe_orderq_close(p->todo);
	for (int i = 0; i < p->n; i++)
		if (p->h[i].started)
			pthread_join(p->h[i].thread, NULL);
	ev_async_stop(p->loop, &p->done_w);
	pthread_mutex_destroy(&p->mu);
	cafe_orderq_free(p->todo);
	cafe_ring_free(&p->done);
	free(p->h);
	free(p);
}
