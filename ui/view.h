/* view.h: the view model: the whole run's history folded from events, one writer (the sink), read by the panels. */
#ifndef CAFE_VIEW_H
#define CAFE_VIEW_H

#include <stddef.h>
#include <stdint.h>

#include "act.h"
#include "event.h"
#include "failure.h"
#include "settings.h"

#define VIEW_LOG 1024		/* the newest events the log can tell, scrollable */
#define VIEW_LINE 192

/* A stretch of one phase on a lane (or an await of a task); to < 0 while still open. */
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
	int64_t		 gil_since;	/* café µs it began waiting for the GIL */
	int		 core;		/* the core it last ran on (ON_CORE), -1 unknown */
	int64_t		 core_t;	/* when that was seen */
	int64_t		 core_us;	/* how long it ran there in that sample, wall µs */
	int64_t		 pipe_from;	/* a message to it in flight since, -1 none */
	int64_t		 pipe_us;	/* the last message's time in the pipe, café µs; -1 none yet */
	struct view_seg	*seg;		/* every segment of the run, in time order */
	size_t		 nseg, segcap;
};

/*
 * An order, in 24 bytes where plain fields took 32: a million of them are
 * kept twice at the peak (the view's, and the chunks marks still share).
 * Café times fit 52 bits (71 years of µs); view_time saturates the rest.
 */
struct view_order {
	int64_t	 arrive : 52;		/* -1 until the customer walks in */
	int64_t	 drink : 8;
	int64_t	 started : 2;
	int64_t	 lost : 2;		/* failed: its pool broke */
	int64_t	 done : 52;		/* -1 until served */
	int64_t	 await : 8;		/* the phase it awaits now, -1 none */
	int64_t	 steps : 4;		/* recipe steps finished, at most CAFE_RECIPE_MAX */
	uint32_t awaiting;		/* its open await: index into awaits + 1, 0 none */
	uint32_t outer;			/* the await it is inside (a pool's, around its IPC), 0 none */
};

/*
 * The orders, in chunks that marks (cafe_view_mark) share with the view: a
 * chunk is copied when it is written while a mark holds it, so a mark costs
 * only the chunks the run changes after it, not a copy of a million orders.
 */
#define VIEW_OCHUNK 1024
struct view_ochunk {
	unsigned		 refs;		/* the view and the marks holding it */
	struct view_order	 o[VIEW_OCHUNK];
};

/* How many tasks await, from t on. */
struct view_count {
	int64_t	 t;
	int32_t	 n;
};

/* A core's busy share (per mille, the whole machine) at each sample. */
struct view_core {
	struct view_count	*s;		/* t, busy ‰ */
	size_t			 n, cap;
};

#define VIEW_CORES_MAX 256

/* What the scoreboard and the comparison show, kept as running sums. */
struct view_sums {
	int	 arrived, served, queued, lost;
	int64_t	 makespan_us;		/* the last cup */
	int64_t	 latency_us;		/* summed over served orders */
	int64_t	 cpu_us;		/* measured, summed over phases */
	int64_t	 gil_wait_us;
};

struct cafe_view {
	struct cafe_act		 act;
	int			 norders0;	/* orders the act opened with */
	int			 workers, cores;
	double			 switch_ms;	/* the GIL's switch interval */
	int			 dur_ms[CAFE_PH_COUNT];	/* budgets, for progress bars */
	struct view_lane	*lanes;		/* in the order they came */
	size_t			 nlanes, lanecap;
	int			*shown;		/* lane indices in screen order: loop, baristas, helpers, processes */
	size_t			 showncap;
	int			*byworker[CAFE_WK_COUNT];	/* lane index + 1 by worker index, 0 none */
	size_t			 nbyworker[CAFE_WK_COUNT];
	struct view_ochunk	**ochunks;	/* orders by id (cafe_view_order); [0] unused */
	size_t			 nochunks, ochunkcap;
	int			 nids;		/* highest order id seen */
	int			 queue_head;	/* no order below it is still queued */
	struct view_seg		*awaits;	/* every await of every task */
	size_t			 nawaits, awaitcap;
	struct view_count	*counts;	/* awaiting tasks over time */
	size_t			 ncounts, countcap;
	int			 awaiting;
	int			 awaiting_phase[CAFE_PH_COUNT];	/* tasks awaiting each phase now */
	struct view_sums	 sums;
	struct cafe_event	 log[VIEW_LOG];	/* events the story tells, newest last */
	uint64_t		 nlog;
	char			 warn[VIEW_LINE];	/* what blocked the loop, last */
	struct cafe_failure	 fail;		/* a broken pool, lost orders, a failed run */
	uint64_t		 warn_seq;
	struct view_core	*cpus;		/* by core number, as sampled */
	int			 ncpus;
	size_t			 cpucap;
	int64_t			 core_t;	/* the newest sample's time */
	int			*bytid;		/* lane index + 1 by thread id (open addressing), for ON_CORE */
	size_t			 bytidcap;
	int64_t			*marks;		/* the marked moments, café µs */
	size_t			 nmarks, markcap;
	int			 gil_holder;	/* barista index holding the GIL, 0 none */
	int			 gil_lane;	/* the lane holding it (index + 1), 0 none */
	int			 gil_waiting;	/* baristas waiting for it */
	uint64_t		 gil_handoffs;
	int			 ended;
	int64_t			 end_us;	/* RUN_END's time */
	int64_t			 last_us;	/* the newest event's time */
	uint64_t		 events;
	uint64_t		 version;	/* bumps with every event: redraw when it changed */
	int			 nomem;		/* history was cut short: out of memory */
};

struct view_mark;

int	 cafe_view_init(struct cafe_view *, const struct cafe_settings *);
void	 cafe_view_free(struct cafe_view *);
/* A cafe_sink_fn: the view's only writer. */
void	 cafe_view_sink(void *, const struct cafe_event *);

/*
 * The view as it is now, to come back to with cafe_view_rewind after more
 * events: the history arrays only grow, so a mark holds their lengths and the
 * few entries that may still change, and the running state; NULL without memory.
 */
struct view_mark *cafe_view_mark(struct cafe_view *);
/*
 * Makes v (initialised, with anything in it) the view head was at m, a mark
 * of head's: the history up to there is copied from head, which has gone on
 * since; v may be head itself, or any view folded from the same events past
 * m (then nothing is copied); -1 without memory (v can still be freed).
 */
int	 cafe_view_rewind(struct cafe_view *v, const struct cafe_view *head, const struct view_mark *m);
void	 cafe_view_mark_free(struct view_mark *);

/* Order id (1..nids), read-only. */
const struct view_order *cafe_view_order(const struct cafe_view *, int id);
/* The lane shown at screen position i. */
const struct view_lane *cafe_view_lane(const struct cafe_view *, int i);
/* The first segment of l that ends after t (or is open); l->nseg when none. */
size_t	 cafe_view_seg_after(const struct view_lane *, int64_t t);
/* Tasks awaiting at café time t. */
int	 cafe_view_awaiting_at(const struct cafe_view *, int64_t t);
/* The most tasks awaiting at once in [from, to). */
int	 cafe_view_awaiting_max(const struct cafe_view *, int64_t from, int64_t to);
/* Core c's busy share (per mille) over [from, to): the samples' mean; -1 when none fell there; c -1: the busiest core's. */
int	 cafe_view_core_busy(const struct cafe_view *, int c, int64_t from, int64_t to);
/* Core c's newest sample (per mille), -1 before the first. */
int	 cafe_view_core_now(const struct cafe_view *, int c);
/* Orders that arrived and were not started yet, oldest first; fills ids, returns how many. */
int	 cafe_view_queue(const struct cafe_view *, int *ids, int max);
/* The newest log lines, at most max, skipping the newest back lines; oldest first. */
int	 cafe_view_log(const struct cafe_view *, int back, const struct cafe_event **out, int max);

#endif
