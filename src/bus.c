/* bus.c: a mutex-protected queue drained on the consumer's loop: woken by an ev_async when idle, by a tick while busy. */
#include "config.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bus.h"
#include "fault.h"
#include "thread.h"

struct bus_buf {
	struct cafe_event	*ev;
	size_t			 len, cap;
};

/*
 * While events keep coming the consumer drains them on a tick instead of
 * being woken for each batch: at speed 100 a GIL hand-off every 50 µs would
 * otherwise wake the consumer's thread as often, and on two cores it takes
 * the core a barista or a waiter needs. Each event keeps the café time it
 * was emitted at; only its delivery waits, at most a tick.
 */
#define BUS_TICK_S 0.002
/* Ticks that find nothing before the consumer goes back to being woken. */
#define BUS_IDLE_TICKS 3

struct cafe_bus {
	struct ev_loop	*loop;
	ev_async	 wake;
	ev_timer	 tick;
	pthread_mutex_t	 mu;
	struct bus_buf	 in;		/* guarded by mu */
	int		 ticking;	/* the consumer drains on its tick, no wake needed; guarded by mu */
	int		 idle_ticks;	/* consumer thread only */
	int		 fail;		/* enum cafe_fail_reason, 0 while fine; guarded by mu */
	size_t		 bound;		/* queued events past which a paced producer waits, 0 never; guarded by mu */
	int		 released;	/* no producer waits any more; guarded by mu */
	int		 waiting;	/* paced producers waiting for room; guarded by mu */
	pthread_cond_t	 room;		/* the consumer took the queue, or the waiters are let go */
	pthread_t	 consumer;	/* the thread that set the bound: it never waits */
	struct bus_buf	 out;		/* consumer thread only */
	int		 nsinks;
	struct {
		cafe_sink_fn	 fn;
		void		*arg;
	} sinks[CAFE_BUS_SINKS];
	/* Consumer thread only, written once a batch: per event, they would share a line with mu. */
	int		 failed;	/* RUN_FAILED was delivered */
	int64_t		 last_t_us;	/* of the last event delivered */
};

static size_t bus_drain(struct cafe_bus *);

static void
bus_wake_cb(struct ev_loop *loop, ev_async *w, int revents)
{
	struct cafe_bus *b = w->data;

	bus_drain(b);
	/* Events are coming: tick until they stop. */
	pthread_mutex_lock(&b->mu);
	b->ticking = 1;
	pthread_mutex_unlock(&b->mu);
	b->idle_ticks = 0;
	ev_timer_again(loop, &b->tick);
}

static void
bus_tick_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct cafe_bus *b = w->data;

	if (bus_drain(b) > 0) {
		b->idle_ticks = 0;
		return;
	}
	if (++b->idle_ticks < BUS_IDLE_TICKS)
		return;
	/* Quiet: stop ticking, unless an event came in since (then it is drained next tick). */
	pthread_mutex_lock(&b->mu);
	if (b->in.len == 0) {
		b->ticking = 0;
		ev_timer_stop(loop, &b->tick);
	}
	pthread_mutex_unlock(&b->mu);
}

struct cafe_bus *
cafe_bus_new(struct ev_loop *loop)
{
	struct cafe_bus *b = calloc(1, sizeof *b);

	if (b == NULL)
		return NULL;
	b->loop = loop;
	cafe_mutex_init_brief(&b->mu);
	pthread_cond_init(&b->room, NULL);
	ev_async_init(&b->wake, bus_wake_cb);
	b->wake.data = b;
	ev_async_start(loop, &b->wake);
	ev_timer_init(&b->tick, bus_tick_cb, 0., BUS_TICK_S);
	b->tick.data = b;
	return b;
}

void
cafe_bus_free(struct cafe_bus *b)
{
	if (b == NULL)
		return;
	ev_async_stop(b->loop, &b->wake);
	ev_timer_stop(b->loop, &b->tick);
	pthread_cond_destroy(&b->room);
	pthread_mutex_destroy(&b->mu);
	free(b->in.ev);
	free(b->out.ev);
	free(b);
}

int
cafe_bus_add_sink(struct cafe_bus *b, cafe_sink_fn fn, void *arg)
{
	if (b->nsinks == CAFE_BUS_SINKS)
		return -1;
	b->sinks[b->nsinks].fn = fn;
	b->sinks[b->nsinks].arg = arg;
	b->nsinks++;
	return 0;
}

/*
 * Doubles a queue. Not cafe_vec_reserve: zeroing the new room, under the
 * producers' mutex, costs the event stream 40% of its rate (busbench).
 */
static int
bus_grow(struct bus_buf *q)
{
	size_t cap = q->cap ? q->cap * 2 : 256;
	struct cafe_event *p;

	if (cafe_fault_hit(CAFE_FAULT_BUS) || cap > SIZE_MAX / sizeof *p ||
	    (p = realloc(q->ev, cap * sizeof *p)) == NULL)
		return -1;
	q->ev = p;
	q->cap = cap;
	return 0;
}

/* Queues n events; called with mu held, returns with it let go. */
static void
bus_push(struct cafe_bus *b, const struct cafe_event *ev, size_t n)
{
	if (b->fail) {
		/* The run is over: nothing more will be delivered. */
		pthread_mutex_unlock(&b->mu);
		return;
	}
	while (b->in.cap - b->in.len < n) {
		if (bus_grow(&b->in) < 0) {
			/* Out of memory: a lost event could be an ORDER_DONE, so the run fails, visibly. */
			b->fail = CAFE_FAIL_EVENT_DROPPED;
			pthread_mutex_unlock(&b->mu);
			ev_async_send(b->loop, &b->wake);
			return;
		}
	}
	/*
	 * Only the push that finds the queue empty, while the consumer is not
	 * ticking, needs to wake the loop: until it drains, every later push
	 * lands in the same batch. This saves a memory fence (and often a
	 * syscall) per event.
	 */
	int wake = b->in.len == 0 && !b->ticking;
	memcpy(b->in.ev + b->in.len, ev, n * sizeof *ev);
	b->in.len += n;
	pthread_mutex_unlock(&b->mu);
	if (wake)
		ev_async_send(b->loop, &b->wake);
}

void
cafe_bus_emit_n(struct cafe_bus *b, const struct cafe_event *ev, size_t n)
{
	if (n == 0)
		return;
	pthread_mutex_lock(&b->mu);
	bus_push(b, ev, n);
}

void
cafe_bus_emit_paced(struct cafe_bus *b, const struct cafe_event *ev, size_t n)
{
	if (n == 0)
		return;
	pthread_mutex_lock(&b->mu);
	/* Room for the batch, or an empty queue: a queue of a power of two never grows past it. */
	if (b->bound > 0 && b->in.len > 0 && b->in.len + n > b->bound && !b->released && !b->fail &&
	    !pthread_equal(pthread_self(), b->consumer)) {
		/* Not the tick: the consumer takes the queue now, and we go on while it folds. */
		pthread_mutex_unlock(&b->mu);
		ev_async_send(b->loop, &b->wake);
		pthread_mutex_lock(&b->mu);
		b->waiting++;
		while (b->in.len > 0 && b->in.len + n > b->bound && !b->released && !b->fail)
			pthread_cond_wait(&b->room, &b->mu);
		b->waiting--;
	}
	bus_push(b, ev, n);
}

void
cafe_bus_pace(struct cafe_bus *b, size_t bound)
{
	pthread_mutex_lock(&b->mu);
	b->bound = bound;
	b->consumer = pthread_self();
	pthread_mutex_unlock(&b->mu);
}

void
cafe_bus_release(struct cafe_bus *b)
{
	pthread_mutex_lock(&b->mu);
	b->released = 1;
	pthread_cond_broadcast(&b->room);
	pthread_mutex_unlock(&b->mu);
}

void
cafe_bus_emit(struct cafe_bus *b, const struct cafe_event *ev)
{
	cafe_bus_emit_n(b, ev, 1);
}

void
cafe_bus_fail(struct cafe_bus *b, int reason)
{
	pthread_mutex_lock(&b->mu);
	if (!b->fail)
		b->fail = reason;
	pthread_cond_broadcast(&b->room);
	pthread_mutex_unlock(&b->mu);
	ev_async_send(b->loop, &b->wake);
}

static void
bus_sinks(struct cafe_bus *b, const struct cafe_event *ev)
{
	for (int i = 0; i < b->nsinks; i++)
		b->sinks[i].fn(b->sinks[i].arg, ev);
}

void
cafe_bus_deliver(struct cafe_bus *b, const struct cafe_event *ev)
{
	if (b->failed)
		return;
	b->last_t_us = ev->t_us;
	bus_sinks(b, ev);
}

/* The run's last word: built here, on the consumer's thread, without allocating. */
static void
bus_deliver_failure(struct cafe_bus *b, int reason)
{
	struct cafe_who who = { CAFE_WK_MAIN, 0, getpid(), getpid() };
	struct cafe_event ev;

	cafe_event_fill(&ev, &who, CAFE_EV_RUN_FAILED, 0, 0, -1, 0, b->last_t_us);
	ev.aux = (uint8_t)reason;
	cafe_bus_deliver(b, &ev);
	b->failed = 1;
}

void
cafe_bus_flush(struct cafe_bus *b)
{
	bus_drain(b);
}

/* Delivers what is queued; returns how many events there were. */
static size_t
bus_drain(struct cafe_bus *b)
{
	struct bus_buf tmp;

	/* Swap buffers so producers are never held up by the sinks. */
	pthread_mutex_lock(&b->mu);
	tmp = b->in;
	b->in = b->out;
	b->in.len = 0;
	int fail = b->fail;
	if (b->waiting > 0)
		pthread_cond_broadcast(&b->room);
	pthread_mutex_unlock(&b->mu);
	b->out = tmp;
	size_t n = b->out.len;
	if (!b->failed && n > 0) {
		for (size_t i = 0; i < n; i++)
			bus_sinks(b, &b->out.ev[i]);
		b->last_t_us = b->out.ev[n - 1].t_us;
	}
	b->out.len = 0;
	if (fail && !b->failed)
		bus_deliver_failure(b, fail);
	return n;
}

int64_t
cafe_bus_oldest_us(struct cafe_bus *b)
{
	int64_t t;

	pthread_mutex_lock(&b->mu);
	t = b->in.len > 0 ? b->in.ev[0].t_us : -1;
	pthread_mutex_unlock(&b->mu);
	return t;
}
