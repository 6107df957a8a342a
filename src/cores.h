/* cores.h: a sampler thread that tells, as events, how busy each core is and which café workers run on it. */
#ifndef CAFE_CORES_H
#define CAFE_CORES_H

#include "model.h"

struct cafe_cores;

/*
 * Every interval_ms of wall time, while the clock runs: a CORE_LOAD per
 * online core and an ON_CORE per café thread or worker process that ran.
 * Its thread is named "cafe cores" and joined by stop.
 */
struct cafe_cores *cafe_cores_start(const struct cafe_env *, int interval_ms);
void		 cafe_cores_stop(struct cafe_cores *);
/* Holds the samples back (held set: the run has ended, nothing to show) or lets them go; any thread. */
void		 cafe_cores_hold(struct cafe_cores *, int held);

#endif
