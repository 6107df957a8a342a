/* replay.h: a recording played without a screen: the log, summary, trace or table its runs printed live. */
#ifndef CAFE_REPLAY_H
#define CAFE_REPLAY_H

#include <stdio.h>

#include "stats.h"

/*
 * Plays one run of the recording at path through the headless sinks: its
 * log to out unless quiet, then its summary (with ideal, the ideal's), its
 * trace to trace if set. act 0: the first run, else the last run of act.
 * 0; 1 after "corocafe: FILE: ..." when the run was cut short (it is played
 * as far as it goes); 2 after that line when the file is bad. sum may be NULL.
 */
int	 cafe_replay_headless(const char *path, int act, FILE *out, int quiet, int ideal,
	    FILE *trace, struct cafe_summary *sum);
/* The comparison table of the last run of each act the recording holds; statuses as above. */
int	 cafe_replay_compare(const char *path, FILE *out, int ideal);

#endif
