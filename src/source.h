/* source.h: where the screen's events come from, a live run or a recording, behind one interface. */
#ifndef CAFE_SOURCE_H
#define CAFE_SOURCE_H

#include <ev.h>

#include "bus.h"
#include "settings.h"

/*
 * A source delivers events to its sinks on loop's thread, in order, at the
 * pace of its own café clock; every call below is for that thread. In order:
 * new, add_sink, start, then any of the others, then free.
 */
struct cafe_source_ops {
	int	 (*add_sink)(void *, cafe_sink_fn, void *);
	int	 (*start)(void *);
	void	 (*pause)(void *, int);
	void	 (*set_speed)(void *, double);
	int64_t	 (*now_us)(void *);
	/* Café µs by which the oldest event not yet delivered trails the clock; 0 when none waits. */
	int64_t	 (*backlog_us)(void *);
	/* A customer walks in with drink: the order id, or -1 where the café cannot change (a recording). */
	int	 (*add_order)(void *, int drink);
	/* Marks this moment: its number, or -1 where nothing can be added (a recording). */
	int	 (*mark)(void *);
	/* Every event delivered and nothing more to come. */
	int	 (*done)(void *);
	void	 (*free)(void *);
};

struct cafe_source {
	const struct cafe_source_ops	*ops;
	void				*impl;
	const struct cafe_settings	*s;	/* what the run is or was configured with */
	int				 live;	/* the café really runs: keys may change it */
};

struct cafe_playback;

/* A live run of s->act on loop; NULL when it cannot be set up. */
struct cafe_source *cafe_source_live(const struct cafe_settings *, struct ev_loop *);
/*
 * Run i of a recording (which must outlive the source), played at speed from
 * café time from_us: what came before is delivered at start, at once.
 */
struct cafe_source *cafe_source_replay(struct cafe_playback *, int i, double speed,
		    int64_t from_us, struct ev_loop *);
/* Why a replay stopped before its end (a bad event), or NULL. */
const char	*cafe_source_replay_error(struct cafe_source *);

int	 cafe_source_add_sink(struct cafe_source *, cafe_sink_fn, void *);
int	 cafe_source_start(struct cafe_source *);
void	 cafe_source_pause(struct cafe_source *, int);
void	 cafe_source_set_speed(struct cafe_source *, double);
int64_t	 cafe_source_now_us(struct cafe_source *);
int64_t	 cafe_source_backlog_us(struct cafe_source *);
int	 cafe_source_add_order(struct cafe_source *, int drink);
int	 cafe_source_mark(struct cafe_source *);
int	 cafe_source_done(struct cafe_source *);
/* Stops it (a live run: every thread joined, every child reaped) and frees it; NULL is fine. */
void	 cafe_source_free(struct cafe_source *);

#endif
