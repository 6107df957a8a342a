/* bus.h: carries events from any thread of a run to the sinks on the consumer's libev loop. */
#ifndef CAFE_BUS_H
#define CAFE_BUS_H

#include <ev.h>

#include "event.h"

struct cafe_bus;

/* A consumer of events; always called on the consumer loop's thread, in emit order. */
typedef void (*cafe_sink_fn)(void *arg, const struct cafe_event *);

#define CAFE_BUS_SINKS 8

/* Creates a bus whose events are delivered on loop (which the caller runs). */
struct cafe_bus	*cafe_bus_new(struct ev_loop *loop);
/* Stops the bus's watchers (its wake-up and its tick); undelivered events are dropped. Consumer thread only. */
void		 cafe_bus_free(struct cafe_bus *);
int		 cafe_bus_add_sink(struct cafe_bus *, cafe_sink_fn, void *);

/* Queues an event; thread-safe, never blocks on the consumer. */
void		 cafe_bus_emit(struct cafe_bus *, const struct cafe_event *);
/* Queues n events of one thread at once, in order, under one lock. */
void		 cafe_bus_emit_n(struct cafe_bus *, const struct cafe_event *, size_t n);
/*
 * Like cafe_bus_emit_n, but first waits while the batch would take the
 * queue past its bound (cafe_bus_pace), until the consumer takes it: for a thread that
 * makes events in bursts faster than the consumer folds them, which the
 * consumer never waits for except after cafe_bus_release.
 */
void		 cafe_bus_emit_paced(struct cafe_bus *, const struct cafe_event *, size_t n);
/*
 * Paced producers wait rather than queue more than bound events (0: never,
 * as at first). The calling thread is the consumer's: it never waits. Any thread.
 */
void		 cafe_bus_pace(struct cafe_bus *, size_t bound);
/* Lets every paced producer go, now and from now on: before joining them. Any thread. */
void		 cafe_bus_release(struct cafe_bus *);
/*
 * The run cannot go on (enum cafe_fail_reason): once what is queued has
 * been delivered, the sinks get one RUN_FAILED and then nothing more. Any
 * thread; needs no memory. The first reason wins.
 */
void		 cafe_bus_fail(struct cafe_bus *, int reason);
/* Delivers what is queued now; consumer thread only (the async callback does it too). */
void		 cafe_bus_flush(struct cafe_bus *);
/* The café time of the oldest event queued and not yet delivered, -1 when none; any thread. */
int64_t		 cafe_bus_oldest_us(struct cafe_bus *);
/* Delivers one event straight to the sinks; consumer thread only. */
void		 cafe_bus_deliver(struct cafe_bus *, const struct cafe_event *);

#endif
