/* playback.h: reads a recording back, run by run and event by event, trusting nothing in the file. */
#ifndef CAFE_PLAYBACK_H
#define CAFE_PLAYBACK_H

#include <stddef.h>
#include <stdint.h>

#include "event.h"
#include "settings.h"

struct cafe_playback;

struct cafe_playback_run {
	int			 id;		/* runs.id */
	struct cafe_settings	 s;		/* as recorded; owned by the playback */
	int64_t			 nevents;
	int			 ended;		/* it holds its run-end event */
	char			 version[32];	/* the program that recorded it */
};

/*
 * Opens and checks a recording; NULL with one line in err: "not an SQLite
 * database", "not a corocafe recording", "made by a newer corocafe (format
 * 7)", "runs: bad value in column speed (run 2)", ... A file left with a hot
 * journal by a killed recorder is rolled back first, which needs write access.
 */
struct cafe_playback *cafe_playback_open(const char *path, char *err, size_t errlen);
int	 cafe_playback_nruns(const struct cafe_playback *);
/* Run i, 0-based; NULL when out of range. */
const struct cafe_playback_run *cafe_playback_run(const struct cafe_playback *, int i);
/* The index of the last run of act, -1 when none. */
int	 cafe_playback_find(const struct cafe_playback *, int act);
/* Positions at the first event of run i; 0 or -1. */
int	 cafe_playback_seek(struct cafe_playback *, int i, char *err, size_t errlen);
/*
 * The next event of that run: 1, 0 at its end, -1 with "event 812 of run 2:
 * worker 70000 out of range" in err. Streams: the run is never all in memory.
 */
int	 cafe_playback_next(struct cafe_playback *, struct cafe_event *, char *err, size_t errlen);
void	 cafe_playback_close(struct cafe_playback *);

#endif
