/* racerec.h: a race's two acts recorded one after the other on a thread of their own, while the screen goes on. */
#ifndef CAFE_RACEREC_H
#define CAFE_RACEREC_H

#include <stddef.h>

#include "settings.h"

struct racerec;

/* How far the recording is: which act (0 or 1) runs now, and its orders done (served or lost) of all. */
struct racerec_progress {
	int	 at;
	int	 done, orders;
};

/* s as one act of a race runs alone: that act, a pool it may have, at least the race's recording speed. */
void		 racerec_settings(struct cafe_settings *, int act);
/* A new empty file for a race's recording, in $TMPDIR or /tmp; 0, or -1 with err. */
int		 racerec_mktemp(char *path, size_t len, char *err, size_t errlen);
/*
 * Starts recording acts[0], then acts[1], each alone on s's orders, into a
 * new temporary file, on a thread of its own (signals blocked; it forks the
 * worker processes of acts 3 and 6 and outlives them). NULL with err.
 */
struct racerec	*racerec_start(const struct cafe_settings *, const int acts[2], char *err, size_t errlen);
void		 racerec_progress(struct racerec *, struct racerec_progress *);
/*
 * 0 while it records; 1 when both runs are in the file, whose path is
 * copied out: the caller now owns (and removes) it; -1 with err when a run
 * failed. Never blocks.
 */
int		 racerec_poll(struct racerec *, char *path, size_t len, char *err, size_t errlen);
/*
 * Asks a recording to stop, without waiting: its thread tears the run down
 * (joins, reaps) by itself; racerec_poll then says -1, and racerec_free
 * no longer blocks.
 */
void		 racerec_cancel(struct racerec *);
/* Whether its thread is done (recorded, failed or stopped): racerec_free will not wait. */
int		 racerec_finished(struct racerec *);
/*
 * Stops a recording that still runs (every thread joined, every child
 * reaped), removes its file unless racerec_poll handed it over, frees.
 * NULL is fine.
 */
void		 racerec_free(struct racerec *);

#endif
