/* headless.h: running acts without a screen: the seed's log, a summary, the comparison table. */
#ifndef CAFE_HEADLESS_H
#define CAFE_HEADLESS_H

#include <stdio.h>

#include "settings.h"
#include "stats.h"

/*
 * Runs s->act to the last order; logs to out unless quiet, writes a trace
 * if trace is set. 0 when every order was served, 1 on a failure, 130 (or
 * 128+signal) when interrupted. sum may be NULL.
 */
int	 cafe_headless_run(const struct cafe_settings *, FILE *out, int quiet,
	    FILE *trace, struct cafe_summary *sum);
void	 cafe_headless_print_summary(FILE *, const struct cafe_settings *, const struct cafe_summary *);
/* Runs all six acts on the same orders and prints one table. */
int	 cafe_headless_compare(const struct cafe_settings *, FILE *out);

#endif
