/* race.h: two acts raced on the same orders: each recorded alone first, then played side by side in step. */
#ifndef CAFE_RACE_H
#define CAFE_RACE_H

#include <stddef.h>
#include <stdint.h>

#include <ev.h>

#include "keys.h"
#include "panel.h"
#include "settings.h"

struct race;

/* Runs acts[0] and acts[1] alone, headless, into a new recording at path (made here); 0, or -1 with err. */
int		 race_record(const struct cafe_settings *, const int acts[2], char *path, size_t len,
		    char *err, size_t errlen);
/* Which two runs of a recording race, and how they open. */
struct race_spec {
	const char	*path;
	int		 runs[2];	/* run indices in path, 0-based */
	int		 temporary;	/* path was made for the race: race_free removes it */
	double		 speed;
	int64_t		 from_us;	/* both open at this café time (--pause-at), 0: the start */
	int		 paused;
};

/* The two runs played together, in step, on loop; NULL with err. */
struct race	*race_new(const struct race_spec *, struct ev_loop *, char *err, size_t errlen);
void		 race_free(struct race *);
void		 race_pause(struct race *, int);
void		 race_set_speed(struct race *, double);
/*
 * Steps both cafés in step by café time (the pair pauses first): each half
 * shows its café at the same moment, the nearest one either half changes
 * at; Left/Right an event, [ ] a phase, Home the opening. 0, or -1 when the
 * history cannot be read (both are back at now).
 */
int		 race_step(struct race *, enum keys_action);
/* Back to now: the past is let go. */
void		 race_follow(struct race *);
/* Bumps with every event of either café: a frame is due. */
uint64_t	 race_version(const struct race *);
/* Whether either café still plays. */
int		 race_running(const struct race *);
/* The banner (who finished first) and the two cafés, in area: side by side when wide, else one above the other. */
void		 race_paint(struct race *, const struct panel_ctx *, struct ui_rect area);

#endif
