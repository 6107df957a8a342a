/* stats.h: a sink that sums a run up: makespan, throughput, latency, CPU utilisation. */
#ifndef CAFE_STATS_H
#define CAFE_STATS_H

#include <stdint.h>

#include "event.h"

struct cafe_summary {
	int	 orders;		/* served */
	int64_t	 makespan_us;		/* run start to the last order served */
	double	 throughput;		/* orders per café second */
	double	 mean_latency_us;	/* arrival to served */
	double	 p95_latency_us;
	int64_t	 cpu_us;		/* measured CPU of every phase, café µs */
	int64_t	 gil_wait_us;		/* time threads spent waiting for the GIL */
	double	 cpu_util;		/* cpu_us / (makespan × cores) */
	uint64_t events;		/* events seen */
};

struct cafe_stats;

struct cafe_stats *cafe_stats_new(int cores);
void		 cafe_stats_free(struct cafe_stats *);
/* A cafe_sink_fn. */
void		 cafe_stats_sink(void *, const struct cafe_event *);
void		 cafe_stats_summary(const struct cafe_stats *, struct cafe_summary *);

#endif
