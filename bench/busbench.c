/* busbench.c: how many events per second the event stream carries from worker threads to a sink on the loop. */
#include "config.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ev.h>

#include "bus.h"
#include "clock.h"

struct producer {
	struct cafe_bus	*bus;
	long		 n;
	pthread_t	 thread;
};

struct consumer {
	struct ev_loop	*loop;
	long		 seen, want;
};

static void *
produce(void *arg)
{
	struct producer *p = arg;
	struct cafe_event ev;

	memset(&ev, 0, sizeof ev);
	ev.type = CAFE_EV_PHASE_BEGIN;
	for (long i = 0; i < p->n; i++) {
		ev.t_us = i;
		ev.order = (int32_t)i;
		cafe_bus_emit(p->bus, &ev);
	}
	return NULL;
}

static void
count(void *arg, const struct cafe_event *ev)
{
	struct consumer *c = arg;

	if (++c->seen == c->want)
		ev_break(c->loop, EVBREAK_ALL);
}

int
main(int argc, char **argv)
{
	int threads = argc > 1 ? atoi(argv[1]) : 2;
	long per = argc > 2 ? atol(argv[2]) : 2000000;
	struct consumer c = { ev_loop_new(EVFLAG_AUTO), 0, per * threads };
	struct cafe_bus *bus = cafe_bus_new(c.loop);
	struct producer *p = calloc((size_t)threads, sizeof *p);

	if (threads < 1 || per < 1 || bus == NULL || p == NULL) {
		fprintf(stderr, "usage: busbench [THREADS] [EVENTS_PER_THREAD]\n");
		return 2;
	}
	cafe_bus_add_sink(bus, count, &c);
	int64_t t0 = cafe_mono_ns();
	for (int i = 0; i < threads; i++) {
		p[i].bus = bus;
		p[i].n = per;
		pthread_create(&p[i].thread, NULL, produce, &p[i]);
	}
	ev_run(c.loop, 0);
	double s = (cafe_mono_ns() - t0) / 1e9;
	for (int i = 0; i < threads; i++)
		pthread_join(p[i].thread, NULL);
	printf("busbench: threads=%d events=%ld seconds=%.3f events_per_s=%.0f\n", threads, c.seen, s, c.seen / s);
	cafe_bus_free(bus);
	ev_loop_destroy(c.loop);
	free(p);
	return 0;
}
