/* source_replay.c: a recorded run as an event source: its events delivered at their café times by a clock of its own. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "playback.h"
#include "source.h"

/* How long the replay sleeps at most between looks at its clock (wall seconds). */
#define REPLAY_TICK_MAX 0.05
/* A pause between events shorter than this is not worth a timer of its own. */
#define REPLAY_TICK_MIN 0.001

struct replay {
	struct cafe_playback	*pb;		/* not ours */
	int			 run;
	struct cafe_settings	 s;
	struct cafe_clock	*clock;		/* café time since start, less base_us */
	int64_t			 from_us;	/* café time at start */
	int64_t			 base_us;	/* the clock's reading at start */
	int			 paused;
	struct ev_loop		*loop;
	ev_timer		 tick;
	struct cafe_bus		*bus;		/* its sinks; events go straight to them */
	struct cafe_event	 next;		/* read, not yet delivered */
	int			 have_next;
	int			 done;
	char			 err[256];	/* why it stopped early; "" when it did not */
};

/* Café time of the recording now: exactly from_us at start, however long starting took. */
static int64_t
replay_now(const struct replay *r)
{
	return r->from_us + cafe_clock_now_us(r->clock) - r->base_us;
}

/* Reads the next event; at the end or on a bad one the replay is done. */
static void
replay_read(struct replay *r)
{
	int rc = cafe_playback_next(r->pb, &r->next, r->err, sizeof r->err);

	r->have_next = rc == 1;
	if (rc != 1)
		r->done = 1;
}

/* Delivers every event whose café time has come, then sleeps until the next one is due. */
static void
replay_tick_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct replay *r = w->data;
	int64_t now = replay_now(r);

	while (r->have_next && r->next.t_us <= now) {
		struct cafe_event ev = r->next;
		replay_read(r);
		cafe_bus_deliver(r->bus, &ev);
	}
	if (!r->have_next)
		return;
	int64_t ns = cafe_clock_wall_ns_until(r->clock, r->next.t_us - r->from_us + r->base_us);
	double wait = ns < 0 ? REPLAY_TICK_MAX : ns / 1e9;
	if (wait > REPLAY_TICK_MAX)
		wait = REPLAY_TICK_MAX;
	if (wait < REPLAY_TICK_MIN)
		wait = REPLAY_TICK_MIN;
	ev_timer_set(w, wait, 0.);
	ev_timer_start(loop, w);
}

static int
replay_add_sink(void *impl, cafe_sink_fn fn, void *arg)
{
	struct replay *r = impl;

	return cafe_bus_add_sink(r->bus, fn, arg);
}

static int
replay_start(void *impl)
{
	struct replay *r = impl;

	if (cafe_playback_seek(r->pb, r->run, r->err, sizeof r->err) < 0) {
		r->done = 1;
		return -1;
	}
	/* The clock stood still since it was made: the recording starts at from_us exactly. */
	r->base_us = cafe_clock_now_us(r->clock);
	if (!r->paused)
		cafe_clock_pause(r->clock, 0);
	replay_read(r);
	/* What came before the opening moment is there at once, before the first frame. */
	replay_tick_cb(r->loop, &r->tick, 0);
	return 0;
}

static void
replay_pause(void *impl, int paused)
{
	struct replay *r = impl;

	r->paused = paused;
	cafe_clock_pause(r->clock, paused);
}

static void
replay_set_speed(void *impl, double speed)
{
	struct replay *r = impl;

	cafe_clock_set_speed(r->clock, speed);
	/* The next event may be due sooner now. */
	ev_timer_stop(r->loop, &r->tick);
	ev_timer_set(&r->tick, 0., 0.);
	ev_timer_start(r->loop, &r->tick);
}

static int64_t
replay_now_us(void *impl)
{
	struct replay *r = impl;

	return replay_now(r);
}

static int64_t
replay_backlog_us(void *impl)
{
	struct replay *r = impl;
	int64_t now = replay_now(r);

	return r->have_next && r->next.t_us < now ? now - r->next.t_us : 0;
}

static int
replay_add_order(void *impl, int drink)
{
	return -1;	/* what was recorded happened; nobody walks in now */
}

static int
replay_mark(void *impl)
{
	return -1;	/* a recording keeps the marks it was made with */
}

static int
replay_done(void *impl)
{
	struct replay *r = impl;

	return r->done;
}

static void
replay_free(void *impl)
{
	struct replay *r = impl;

	ev_timer_stop(r->loop, &r->tick);
	cafe_bus_free(r->bus);
	cafe_clock_free(r->clock);
	cafe_settings_free(&r->s);
	free(r);
}

static const struct cafe_source_ops replay_ops = {
	replay_add_sink, replay_start, replay_pause, replay_set_speed, replay_now_us,
	replay_backlog_us, replay_add_order, replay_mark, replay_done, replay_free
};

struct cafe_source *
cafe_source_replay(struct cafe_playback *pb, int run, double speed, int64_t from_us,
    struct ev_loop *loop)
{
	const struct cafe_playback_run *pr = cafe_playback_run(pb, run);
	struct cafe_source *src = calloc(1, sizeof *src);
	struct replay *r = calloc(1, sizeof *r);

	if (pr == NULL || src == NULL || r == NULL || cafe_settings_copy(&r->s, &pr->s) < 0 ||
	    (r->clock = cafe_clock_new(speed, 0)) == NULL || (r->bus = cafe_bus_new(loop)) == NULL) {
		if (r != NULL) {
			cafe_settings_free(&r->s);
			cafe_clock_free(r->clock);
		}
		free(r);
		free(src);
		return NULL;
	}
	r->pb = pb;
	r->run = run;
	r->loop = loop;
	r->s.speed = speed;
	r->from_us = from_us > 0 ? from_us : 0;
	cafe_clock_pause(r->clock, 1);		/* until start */
	ev_timer_init(&r->tick, replay_tick_cb, 0., 0.);
	r->tick.data = r;
	src->ops = &replay_ops;
	src->impl = r;
	src->s = &r->s;
	src->live = 0;
	return src;
}

const char *
cafe_source_replay_error(struct cafe_source *src)
{
	const struct replay *r = src->impl;

	return src->ops == &replay_ops && r->err[0] != '\0' ? r->err : NULL;
}
