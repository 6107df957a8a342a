/* stepper.h: one run's history, to put a view at any event of it: the events on a tape, the view marked along it. */
#ifndef CAFE_STEPPER_H
#define CAFE_STEPPER_H

#include <stddef.h>
#include <stdint.h>

#include "event.h"
#include "settings.h"
#include "view.h"

/*
 * The order of calls: stepper_new right after cafe_view_init of head, then
 * for every event head's own sink and stepper_sink after it. Positions count
 * events: at n, the first n events are folded; event n (1-based) is the last.
 * Seeking fills a view of the stepper's own (the past), never head.
 */
struct stepper;

/* Events between marks of the view: a seek folds at most this many. */
#define STEPPER_EVERY 524288

/* The history of the run head folds, marked every `every` events (0: STEPPER_EVERY); NULL with err. */
struct stepper	*stepper_new(struct cafe_view *head, const struct cafe_settings *, size_t every,
		    char *err, size_t errlen);
void		 stepper_free(struct stepper *);
/* A cafe_sink_fn: the event goes on the tape; head is marked every so often. */
void		 stepper_sink(void *, const struct cafe_event *);
/* Events on the tape. */
size_t		 stepper_len(const struct stepper *);
/* Why the tape stopped (it could not be written): no stepping; NULL while it works. */
const char	*stepper_error(const struct stepper *);

/* Puts the past at position n (at most stepper_len); 0, or -1 (out of memory, the tape unreadable). */
int		 stepper_seek(struct stepper *, size_t n);
/* The past view and its position, after a stepper_seek that worked; NULL before. */
const struct cafe_view *stepper_view(const struct stepper *);
size_t		 stepper_at(const struct stepper *);
/* Café time at the past: the latest of its events (it never goes back stepping on), 0 at position 0. */
int64_t		 stepper_now(const struct stepper *);
/* Lets the past go (its memory); the tape and the marks stay. */
void		 stepper_leave(struct stepper *);

/* An event [ and ] stop at: a phase begins or ends on a worker's lane, or a mark. */
int		 stepper_is_phase_change(const struct cafe_event *);
/*
 * The nearest event that pred accepts: with dir > 0 the first after
 * position n, else the last before event n; its position (the event
 * itself, 1-based), or 0 when there is none.
 */
size_t		 stepper_find(struct stepper *, size_t n, int dir, int (*pred)(const struct cafe_event *));
/* The latest café time of the first n events (events from a process come late), 0 for n 0. */
int64_t		 stepper_time_of(struct stepper *, size_t n);
/* The most events whose café times are all at most t: the position that shows the café at t. */
size_t		 stepper_at_time(struct stepper *, int64_t t);

#endif
