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
/* The summary; with ideal set, the ideal schedule's figures beside the measured ones. */
void	 cafe_headless_print_summary(FILE *, const struct cafe_settings *, const struct cafe_summary *,
	    int ideal);
/* Runs all six acts on the same orders and prints one table (with ideal: and each act's ideal). */
int	 cafe_headless_compare(const struct cafe_settings *, FILE *out, int ideal);

#endif
