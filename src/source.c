/* source.c: the event source interface, and the live source: a run of the engine. */
#include "config.h"

#include <stdlib.h>

#include "run.h"
#include "source.h"

int
cafe_source_add_sink(struct cafe_source *src, cafe_sink_fn fn, void *arg)
{
	return src->ops->add_sink(src->impl, fn, arg);
}

int
cafe_source_start(struct cafe_source *src)
{
	return src->ops->start(src->impl);
}

void
cafe_source_pause(struct cafe_source *src, int paused)
{
	src->ops->pause(src->impl, paused);
}

void
cafe_source_set_speed(struct cafe_source *src, double speed)
{
	src->ops->set_speed(src->impl, speed);
}

int64_t
cafe_source_now_us(struct cafe_source *src)
{
	return src->ops->now_us(src->impl);
}

int64_t
cafe_source_backlog_us(struct cafe_source *src)
{
	return src->ops->backlog_us(src->impl);
}

int
cafe_source_add_order(struct cafe_source *src, int drink)
{
	return src->ops->add_order(src->impl, drink);
}

int
cafe_source_mark(struct cafe_source *src)
{
	return src->ops->mark(src->impl);
}

int
cafe_source_done(struct cafe_source *src)
{
	return src->ops->done(src->impl);
}

void
cafe_source_free(struct cafe_source *src)
{
	if (src == NULL)
		return;
	src->ops->free(src->impl);
	free(src);
}

static int
live_add_sink(void *impl, cafe_sink_fn fn, void *arg)
{
	return cafe_run_add_sink(impl, fn, arg);
}

static int
live_start(void *impl)
{
	return cafe_run_start(impl);
}

static void
live_pause(void *impl, int paused)
{
	cafe_run_pause(impl, paused);
}

static void
live_set_speed(void *impl, double speed)
{
	cafe_run_set_speed(impl, speed);
}

static int64_t
live_now_us(void *impl)
{
	return cafe_clock_now_us(cafe_run_env(impl)->clock);
}

static int64_t
live_backlog_us(void *impl)
{
	const struct cafe_env *env = cafe_run_env(impl);
	int64_t t = cafe_bus_oldest_us(env->bus);

	return t < 0 ? 0 : cafe_clock_now_us(env->clock) - t;
}

static int
live_add_order(void *impl, int drink)
{
	return cafe_run_add_order(impl, drink);
}

static int
live_mark(void *impl)
{
	return cafe_run_mark(impl);
}

static int
live_done(void *impl)
{
	return cafe_run_finished(impl);
}

static void
live_free(void *impl)
{
	cafe_run_free(impl);
}

/* Events queued for the screen past which the café's bursts wait: a few ms of folding, 2.5 MB. */
#define CAFE_SOURCE_PACE 65536

static const struct cafe_source_ops live_ops = {
	live_add_sink, live_start, live_pause, live_set_speed, live_now_us, live_backlog_us,
	live_add_order, live_mark, live_done, live_free
};

struct cafe_source *
cafe_source_live(const struct cafe_settings *s, struct ev_loop *loop)
{
	struct cafe_source *src = calloc(1, sizeof *src);

	if (src == NULL)
		return NULL;
	if ((src->impl = cafe_run_new(s, loop)) == NULL) {
		free(src);
		return NULL;
	}
	/*
	 * A screen folds every event into its history, slower than a million
	 * tasks make them: unpaced, millions of events (40 bytes each) waited
	 * on the bus at once. Paced, the café's bursts go at the screen's speed.
	 */
	cafe_bus_pace(cafe_run_env(src->impl)->bus, CAFE_SOURCE_PACE);
	src->ops = &live_ops;
	src->s = cafe_run_env(src->impl)->s;
	src->live = 1;
	return src;
}
