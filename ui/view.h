/* view.h: the view model: what each barista, cup, lane and log line shows, kept from events apart from painting. */
#ifndef CAFE_VIEW_H
#define CAFE_VIEW_H

#include <stdint.h>

#include "event.h"
#include "settings.h"
#include "stats.h"

#define VIEW_LANES 72
#define VIEW_SEGS 2048		/* per lane: a ring of the latest segments */
#define VIEW_AWAITS 8192	/* a ring of the latest awaits, for the awaiting lane */
#define VIEW_LOG 64
#define VIEW_LINE 192

/* A stretch of one phase on a lane; to < 0 while still open. */
struct view_seg {
	int64_t	 from, to;
	int32_t	 order;
	uint8_t	 phase;
};

enum view_gil { VIEW_GIL_NONE, VIEW_GIL_WAITING, VIEW_GIL_HOLDING };

struct view_lane {
	uint8_t		 kind;		/* enum cafe_worker_kind */
	int16_t		 index;
	int32_t		 pid, tid;
	int		 alive;
	int		 phase;		/* what it does now; -1 when idle */
	int32_t		 order;
	int8_t		 drink;
	int64_t		 since;		/* café µs the phase began */
	int		 gil;		/* enum view_gil */
	struct view_seg	 seg[VIEW_SEGS];
	uint64_t	 nseg;		/* segments ever; the ring holds the last VIEW_SEGS */
};

struct view_order {
	int8_t	 drink;
	int64_t	 arrive;		/* -1 until the customer walks in */
	int64_t	 done;			/* -1 until served */
	int	 started;
	int	 steps;			/* recipe steps finished */
};

struct cafe_view {
	int			 act;
	int			 steps;		/* steps in this act's recipe */
	int			 norders0;	/* orders the act opened with */
	int			 workers, gil, block_loop, cores;
	int			 dur_ms[CAFE_PH_COUNT];	/* budgets, for progress bars */
	double			 speed;
	int			 paused;
	int64_t			 now;		/* café µs, set by the app each frame */
	struct view_lane	*lanes;		/* VIEW_LANES, sorted: loop, baristas, helpers, processes */
	int			 nlanes;
	struct view_order	*orders;	/* by id */
	int			 ocap, nids;	/* nids: highest order id seen */
	int			 served;
	struct view_seg		 awaits[VIEW_AWAITS];
	uint64_t		 nawaits;
	int			 awaiting;	/* tasks awaiting right now */
	char			 log[VIEW_LOG][VIEW_LINE];
	uint64_t		 nlog;
	char			 warn[VIEW_LINE];	/* what blocked the loop, last */
	uint64_t		 warn_seq;	/* bumps with every new warning */
	int			 gil_holder;	/* barista index holding the GIL, 0 none */
	int			 ended;
	uint64_t		 version;	/* bumps with every event: redraw when it changed */
	int64_t			 ideal_us;	/* the ideal schedule's makespan, 0 when unknown */
	struct cafe_stats	*stats;
};

int	 cafe_view_init(struct cafe_view *, const struct cafe_settings *);
void	 cafe_view_free(struct cafe_view *);
/* A cafe_sink_fn. */
void	 cafe_view_sink(void *, const struct cafe_event *);

/* The segment of lane l (or of the awaits, l NULL) for ring position i; NULL when gone. */
const struct view_seg *cafe_view_seg(const struct cafe_view *, const struct view_lane *, uint64_t i);
/* Awaits overlapping café time [from, to). */
int	 cafe_view_awaits_in(const struct cafe_view *, int64_t from, int64_t to);
/* The phase order id awaits right now, -1 when it awaits nothing. */
int	 cafe_view_order_await(const struct cafe_view *, int id);
/* Orders that arrived and were not started yet, in arrival order; fills ids, returns the count. */
int	 cafe_view_queue(const struct cafe_view *, int *ids, int max);

#endif
