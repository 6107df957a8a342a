/* run.c: the lifecycle of one run of an act, its arrivals, and the end of the run. */
#include "config.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "cores.h"
#include "run.h"
#include "thread.h"

/* How often the cores are sampled, wall ms: ten times a second. */
#define RUN_CORES_MS 100

struct cafe_run {
	struct cafe_settings	 s;
	struct cafe_env		 env;
	struct cafe_clock	*clock;
	struct cafe_bus		*bus;
	struct ev_loop		*loop;
	const struct cafe_model_ops *ops;
	void			*model;
	struct cafe_who		 who;
	pthread_t		 arrivals;
	int			 arrivals_started;
	int			 started, stopped;
	int			 open;		/* the café opened: its clock runs unless paused */
	int			 paused;	/* asked for, before or after opening */
	int			 expected;	/* orders that will come, so far */
	int			 served;
	int			 lost;		/* orders that failed (ORDER_LOST) */
	int			 failed;	/* RUN_FAILED: it will never end by itself */
	int			 next_id;
	struct cafe_cores	*cores;		/* the sampler of the cores */
	int			 marks;
};

/* The run's own sink, first of all: it sees when the last order is served. */
static void
run_sink(void *arg, const struct cafe_event *ev)
{
	struct cafe_run *r = arg;

	if (ev->type == CAFE_EV_RUN_FAILED)
		r->failed = 1;
	if (ev->type == CAFE_EV_ORDER_DONE)
		r->served++;
	else if (ev->type == CAFE_EV_ORDER_LOST)
		r->lost++;
	else
		return;
	/* A lost order is over too: the run ends when every order is served or lost. */
	if (r->served + r->lost == r->expected) {
		struct cafe_event end;
		cafe_event_fill(&end, &r->who, CAFE_EV_RUN_END, 0, 0, -1, 0, ev->t_us);
		end.aux = (uint8_t)r->s.act;
		/* Queued, not delivered now, so every sink sees the last ORDER_DONE first. */
		cafe_bus_emit(r->bus, &end);
		/* The café stands idle: its cores have nothing more to tell, until someone walks in. */
		cafe_cores_hold(r->cores, 1);
	}
}

static void
run_order_init(struct cafe_order *o, int id, int drink, int64_t now)
{
	/* Its padding too: the order is written whole down a worker's pipe. */
	memset(o, 0, sizeof *o);
	o->id = id;
	o->drink = (int8_t)drink;
	o->arrive_us = now;
}

static void
run_arrive(struct cafe_run *r, const struct cafe_who *who, int id, int drink, int walkin)
{
	struct cafe_order o;

	run_order_init(&o, id, drink, cafe_clock_now_us(r->clock));
	cafe_env_emit(&r->env, who, CAFE_EV_ORDER_ARRIVE, CAFE_PH_TAKE, &o,
	    walkin ? CAFE_EVF_WALKIN : 0, 0);
	r->ops->submit(r->model, &o);
}

/* Opening orders handed in at once, a batch at a time. */
#define RUN_BATCH 256

/*
 * Customers walk in one every arrival interval, on their own thread; with no
 * interval all of them are there at opening, handed in by this thread too, so
 * that a million orders never hold up the thread that started the run. Those
 * come in batches, one lock of the bus for each.
 * An order's event is queued before the model gets it, so that it is always
 * told before anything the model does with it.
 */
static void *
run_arrivals_main(void *arg)
{
	struct cafe_run *r = arg;
	int64_t gap = (int64_t)cafe_settings_arrival(&r->s, r->s.act) * 1000;
	struct cafe_event ev[RUN_BATCH];
	struct cafe_who who;

	/* A customer due walks in then, not once a grinding worker's slice is over. */
	cafe_thread_slice(CAFE_THREAD_SLICE_NS);
	cafe_who_init(&who, CAFE_WK_MAIN, 0);
	if (gap > 0) {
		for (int i = 0; i < r->s.norders; i++) {
			if (cafe_clock_sleep_until(r->clock, gap * i) < 0)
				break;
			run_arrive(r, &who, i + 1, r->s.drinks[i], i > 0);
		}
		return NULL;
	}
	/*
	 * Each batch is stamped when it is handed in: a million take a moment,
	 * and an event stamped earlier than it was queued would make the screen
	 * look behind (its lag) by that moment. A handful go in before the café
	 * opens, at café time 0.
	 */
	for (int i = 0; i < r->s.norders && !cafe_clock_stopped(r->clock); i += RUN_BATCH) {
		int n = r->s.norders - i < RUN_BATCH ? r->s.norders - i : RUN_BATCH;
		int64_t now = cafe_clock_now_us(r->clock);
		for (int k = 0; k < n; k++)
			cafe_event_fill(&ev[k], &who, CAFE_EV_ORDER_ARRIVE, CAFE_PH_TAKE, i + k + 1,
			    r->s.drinks[i + k], 0, now);
		cafe_bus_emit_paced(r->bus, ev, (size_t)n);
		for (int k = 0; k < n; k++) {
			struct cafe_order o;
			run_order_init(&o, i + k + 1, r->s.drinks[i + k], now);
			r->ops->submit(r->model, &o);
		}
	}
	return NULL;
}

struct cafe_run *
cafe_run_new(const struct cafe_settings *s, struct ev_loop *loop)
{
	struct cafe_run *r = calloc(1, sizeof *r);

	if (r == NULL)
		return NULL;
	if (cafe_settings_copy(&r->s, s) < 0) {
		free(r);
		return NULL;
	}
	r->loop = loop;
	r->ops = cafe_model_get(s->act);
	/*
	 * Closed until cafe_run_start has everyone in: threads and processes are
	 * made while café time stands at 0, so their real start-up (tens of µs to
	 * a ms, a hundred times that in café time at speed 100) is not the café's.
	 * What Python pays to start a worker is emulated (spawn) and burns café time.
	 */
	r->clock = cafe_clock_new(s->speed, 1);
	r->bus = cafe_bus_new(loop);
	if (r->ops == NULL || r->clock == NULL || r->bus == NULL) {
		cafe_run_free(r);
		return NULL;
	}
	r->env.s = &r->s;
	r->env.clock = r->clock;
	r->env.bus = r->bus;
	r->expected = s->norders;
	r->next_id = s->norders + 1;
	cafe_who_init(&r->who, CAFE_WK_MAIN, 0);
	cafe_bus_add_sink(r->bus, run_sink, r);
	if ((r->model = r->ops->create(&r->env)) == NULL) {
		cafe_run_free(r);
		return NULL;
	}
	return r;
}

int
cafe_run_add_sink(struct cafe_run *r, cafe_sink_fn fn, void *arg)
{
	return cafe_bus_add_sink(r->bus, fn, arg);
}

int
cafe_run_start(struct cafe_run *r)
{
	struct cafe_event ev;

	cafe_event_fill(&ev, &r->who, CAFE_EV_RUN_START, 0, 0, -1, 0, 0);
	ev.aux = (uint8_t)r->s.act;
	cafe_bus_emit(r->bus, &ev);
	r->started = 1;
	if (r->ops->start(r->model) < 0)
		return -1;
	if (cafe_thread_start(&r->arrivals, run_arrivals_main, r) < 0)
		return -1;
	r->arrivals_started = 1;
	/* The cores are shown, not needed: a run goes on without its sampler. */
	r->cores = cafe_cores_start(&r->env, RUN_CORES_MS);
	/* Everyone is in: the café opens, unless it was asked to wait paused. */
	r->open = 1;
	if (!r->paused)
		cafe_clock_pause(r->clock, 0);
	return 0;
}

void
cafe_run_stop(struct cafe_run *r)
{
	if (r == NULL || r->stopped)
		return;
	r->stopped = 1;
	/* A paced producer may be waiting for this thread to drain: let it go before joining it. */
	cafe_bus_release(r->bus);
	cafe_cores_stop(r->cores);
	r->cores = NULL;
	cafe_clock_stop(r->clock);
	if (r->arrivals_started)
		pthread_join(r->arrivals, NULL);
	if (r->model != NULL)
		r->ops->stop(r->model);
	r->model = NULL;
	if (r->started)
		cafe_bus_flush(r->bus);
}

void
cafe_run_free(struct cafe_run *r)
{
	if (r == NULL)
		return;
	cafe_run_stop(r);
	cafe_bus_free(r->bus);
	cafe_clock_free(r->clock);
	cafe_settings_free(&r->s);
	free(r);
}

int
cafe_run_mark(struct cafe_run *r)
{
	struct cafe_event ev;

	if (r->marks == UINT8_MAX)
		return -1;
	cafe_event_fill(&ev, &r->who, CAFE_EV_MARK, 0, 0, -1, 0, cafe_clock_now_us(r->clock));
	ev.aux = (uint8_t)++r->marks;
	cafe_bus_emit(r->bus, &ev);
	return r->marks;
}

int
cafe_run_add_order(struct cafe_run *r, int drink)
{
	int id = r->next_id++;

	r->expected++;
	cafe_cores_hold(r->cores, 0);
	run_arrive(r, &r->who, id, drink, 1);
	return id;
}

void
cafe_run_pause(struct cafe_run *r, int paused)
{
	r->paused = paused;
	/* Before opening the clock stands anyway: cafe_run_start applies it. */
	if (r->open)
		cafe_clock_pause(r->clock, paused);
}

void
cafe_run_set_speed(struct cafe_run *r, double speed)
{
	r->s.speed = speed;
	cafe_clock_set_speed(r->clock, speed);
}

const struct cafe_env *
cafe_run_env(const struct cafe_run *r)
{
	return &r->env;
}

int
cafe_run_served(const struct cafe_run *r)
{
	return r->served;
}

int
cafe_run_lost(const struct cafe_run *r)
{
	return r->lost;
}

int
cafe_run_finished(const struct cafe_run *r)
{
	return r->failed || r->served + r->lost >= r->expected;
}
