/* tevents.h: test helpers: run an act headless and keep its events for assertions. */
#ifndef TEVENTS_H
#define TEVENTS_H

#include <stddef.h>

#include "event.h"
#include "menu.h"
#include "settings.h"

struct tev_log {
	struct cafe_event	*ev;
	size_t			 n, cap;
};

struct tev_span {
	int64_t	 from, to;
	int32_t	 pid, tid;
	int	 order;
};

/* Test settings: act, orders, fast clock. */
void	 tev_settings(struct cafe_settings *, int act, const char *orders, double speed);
/* Runs to RUN_END (or a safety limit) and records; 0 when every order was served. */
int	 tev_run(const struct cafe_settings *, struct tev_log *);
void	 tev_free(struct tev_log *);
void	 tev_push(struct tev_log *, const struct cafe_event *);

/* Spans of a phase from its begin/end pairs (await: the async ones); caller frees. */
size_t	 tev_spans(const struct tev_log *, int phase, int await, struct tev_span **);
/* Spans of holding the GIL (acquire to release). */
size_t	 tev_gil_spans(const struct tev_log *, struct tev_span **);
/* Whether two spans from different lanes (different tid) overlap in time. */
int	 tev_any_overlap(const struct tev_span *, size_t, int other_lane_only);
/* NULL, or what is wrong with the orders' passage through the recipe. */
const char *tev_check_recipe(const struct tev_log *, const struct cafe_recipe *, int norders);
size_t	 tev_count(const struct tev_log *, int type);

/* Runs a suite, prints Check's summary; the exit status for the test driver. */
int	 tev_main(void *suite);

/* The café's threads in this process, and whether any child is left. */
int	 tev_threads(void);
/*
 * The café's threads once they are down to want, waiting up to 2 s: a
 * joined thread's task can outlive pthread_join by a moment under load.
 */
int	 tev_threads_settled(int want);
int	 tev_children_left(void);
/* The thread of ours named name (its comm), -1 none; a child process of ours, -1 none. */
int	 tev_thread_named(const char *name);
int	 tev_child(void);
/* The slice the kernel keeps for thread tid (sched_attr's runtime, ns): 0 on kernels before 6.12, -1 unknown. */
int64_t	 tev_slice(int tid);

#endif
