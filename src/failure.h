/* failure.h: what went wrong in a run (a broken pool, lost orders, a run that failed), gathered from its events, and the one line that says so. */
#ifndef CAFE_FAILURE_H
#define CAFE_FAILURE_H

#include <stdio.h>

#include "event.h"

#define CAFE_FAILURE_IDS 8	/* lost orders named in the line; the rest are counted */

struct cafe_failure {
	int			 broken;	/* a POOL_BROKEN was seen */
	struct cafe_event	 pool;		/* the first POOL_BROKEN */
	int			 lost;		/* ORDER_LOST events */
	int			 nids;
	int32_t			 ids[CAFE_FAILURE_IDS];	/* the lowest lost order ids, ascending */
	int			 failed;	/* RUN_FAILED's reason, 0 when none */
};

/* A cafe_sink_fn; the struct starts zeroed. */
void	 cafe_failure_sink(void *, const struct cafe_event *);
/* What went wrong, as the one line says it without "corocafe: " (on the screen too); 0 when nothing did. */
int	 cafe_failure_format(const struct cafe_failure *, int act, char *, size_t);
/*
 * When the run of act failed, writes one line to err, e.g. "corocafe: act 3:
 * the process pool broke: worker process 2 (pid 1234) was killed by signal 9
 * (SIGKILL); 18 orders lost (#3, #4, …)" or "corocafe: act 4: the run
 * failed: out of memory: an event was dropped", and returns 1; else 0.
 */
int	 cafe_failure_report(const struct cafe_failure *, int act, FILE *err);

#endif
