/* headless.h: running acts without a screen: the seed's log, a summary, the comparison table. */
#ifndef CAFE_HEADLESS_H
#define CAFE_HEADLESS_H

#include <stdio.h>

#include "record.h"
#include "settings.h"
#include "stats.h"

/* One row of the comparison table: an act's run and its summary. */
struct cafe_headless_row {
	const struct cafe_settings	*s;	/* the run's settings but for the act */
	int				 act;
	struct cafe_summary		 sum;
};

/*
 * Runs s->act to the last order; logs to out unless quiet, writes a trace
 * if trace is set, records the run as a new one if rec is set. 0 when every
 * order was served, 1 on a failure, 130 (or 128+signal) when interrupted.
 * sum may be NULL.
 */
int	 cafe_headless_run(const struct cafe_settings *, FILE *out, int quiet,
	    FILE *trace, struct cafe_record *rec, struct cafe_summary *sum);
/* The summary; with ideal set, the ideal schedule's figures beside the measured ones. */
void	 cafe_headless_print_summary(FILE *, const struct cafe_settings *, const struct cafe_summary *,
	    int ideal);
/* Runs all six acts on the same orders, each one run of rec if set, and prints one table. */
int	 cafe_headless_compare(const struct cafe_settings *, FILE *out, int ideal, struct cafe_record *rec);
/* The table of n (at most CAFE_ACTS) runs, speedup over the sync row; with ideal, each act's ideal. 0 or -1. */
int	 cafe_headless_print_table(FILE *, const struct cafe_headless_row *, int n, int ideal);

#endif
