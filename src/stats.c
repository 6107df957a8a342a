/* stats.c: turns the event stream into a run's summary. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "vec.h"
#include "menu.h"
#include "stats.h"

struct stats_order {
	int64_t arrive_us;
	int64_t done_us;	/* -1 until served */
};

struct stats_tid {
	int32_t tid;
	int64_t wait_since;	/* GIL wait started, -1 when not waiting */
};

struct cafe_stats {
	int			 cores;
	struct stats_order	*o;		/* by order id */
	size_t			 cap;
	int			 served;
	uint64_t		 events;
	int64_t			 last_done;
	int64_t			 cpu_us;
	int64_t			 gil_wait_us;
	struct stats_tid	*tids;
	size_t			 ntids, tcap;
};

struct cafe_stats *
cafe_stats_new(int cores)
{
	struct cafe_stats *st = calloc(1, sizeof *st);

	if (st != NULL)
		st->cores = cores > 0 ? cores : 1;
	return st;
}

void
cafe_stats_free(struct cafe_stats *st)
{
	if (st == NULL)
		return;
	free(st->o);
	free(st->tids);
	free(st);
}

static struct stats_order *
stats_order(struct cafe_stats *st, int id)
{
	if (id <= 0)
		return NULL;
	if ((size_t)id >= st->cap) {
		size_t old = st->cap;
		if (cafe_vec_reserve(&st->o, &st->cap, (size_t)id + 1, sizeof *st->o) < 0)
			return NULL;
		for (size_t i = old; i < st->cap; i++)
			st->o[i].arrive_us = st->o[i].done_us = -1;
	}
	return &st->o[id];
}

static struct stats_tid *
stats_tid(struct cafe_stats *st, int32_t tid)
{
	for (size_t i = 0; i < st->ntids; i++)
		if (st->tids[i].tid == tid)
			return &st->tids[i];
	if (cafe_vec_reserve(&st->tids, &st->tcap, st->ntids + 1, sizeof *st->tids) < 0)
		return NULL;
	st->tids[st->ntids].tid = tid;
	st->tids[st->ntids].wait_since = -1;
	return &st->tids[st->ntids++];
}

void
cafe_stats_sink(void *arg, const struct cafe_event *ev)
{
	struct cafe_stats *st = arg;
	struct stats_order *o;
	struct stats_tid *t;

	st->events++;
	switch (ev->type) {
	case CAFE_EV_ORDER_ARRIVE:
		if ((o = stats_order(st, ev->order)) != NULL)
			o->arrive_us = ev->t_us;
		break;
	case CAFE_EV_ORDER_DONE:
		if ((o = stats_order(st, ev->order)) != NULL && o->done_us < 0) {
			o->done_us = ev->t_us;
			st->served++;
			if (ev->t_us > st->last_done)
				st->last_done = ev->t_us;
		}
		break;
	case CAFE_EV_PHASE_END:
		st->cpu_us += ev->cpu_us;
		break;
	case CAFE_EV_GIL_WAIT:
		if ((t = stats_tid(st, ev->tid)) != NULL)
			t->wait_since = ev->t_us;
		break;
	case CAFE_EV_GIL_ACQUIRE:
		if ((t = stats_tid(st, ev->tid)) != NULL && t->wait_since >= 0) {
			st->gil_wait_us += ev->t_us - t->wait_since;
			t->wait_since = -1;
		}
		break;
	default:
		break;
	}
}

static int
stats_cmp(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

void
cafe_stats_summary(const struct cafe_stats *st, struct cafe_summary *sum)
{
	int64_t *lat = st->served > 0 ? malloc((size_t)st->served * sizeof *lat) : NULL;
	int n = 0;
	double total = 0;

	memset(sum, 0, sizeof *sum);
	for (size_t i = 1; lat != NULL && i < st->cap; i++) {
		const struct stats_order *o = &st->o[i];
		if (o->done_us >= 0 && o->arrive_us >= 0 && n < st->served) {
			lat[n++] = o->done_us - o->arrive_us;
			total += (double)(o->done_us - o->arrive_us);
		}
	}
	sum->orders = st->served;
	sum->events = st->events;
	sum->makespan_us = st->last_done;
	sum->cpu_us = st->cpu_us;
	sum->gil_wait_us = st->gil_wait_us;
	if (n > 0) {
		qsort(lat, (size_t)n, sizeof *lat, stats_cmp);
		sum->mean_latency_us = total / n;
		/* Nearest rank. */
		int k = (95 * n + 99) / 100;
		sum->p95_latency_us = (double)lat[k > 0 ? k - 1 : 0];
	}
	if (sum->makespan_us > 0) {
		sum->throughput = sum->orders / (sum->makespan_us / 1e6);
		sum->cpu_util = (double)sum->cpu_us / ((double)sum->makespan_us * st->cores);
	}
	free(lat);
}
