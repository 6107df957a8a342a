/* ui.h: the live café on screen: one libev loop drives keys, frames, signals and the events of a run or a recording. */
#ifndef CAFE_UI_H
#define CAFE_UI_H

#include <stdint.h>
#include <stdio.h>

#include "settings.h"

struct cafe_ui_opts {
	const char	*record;	/* --record FILE: every run of the session, or NULL */
	const char	*replay;	/* --replay FILE: play a recording instead of the café, or NULL */
	int		 act_given;	/* with replay: start with the run of settings' act */
	int64_t		 pause_at_us;	/* with replay: open paused at this café time; -1: play */
	int		 tour;		/* the guided tour: the six acts in order, a question before each */
	int		 race[2];	/* --race A,B: the two acts, 0 0 for none */
	FILE		*stats;		/* the screen's own costs at exit, or NULL */
	int64_t		 started_ns;	/* when the program started, for the first frame */
};

/*
 * Runs the café on the terminal until the user quits; the terminal is
 * restored, every thread joined and every child reaped on every exit path.
 * Returns the exit status: 0 on q, 128+N on signal N, 1 on a failure (a
 * recording that could not be written), 2 on a recording that cannot be read
 * (said on stderr before the screen opens).
 */
int	 cafe_ui_run(const struct cafe_settings *, const struct cafe_ui_opts *);

#endif
