/* story.h: the seed's log lines ("start making latte", "latte beans ground", "latte done") for events. */
#ifndef CAFE_STORY_H
#define CAFE_STORY_H

#include <stddef.h>

#include "event.h"

/* POOL_BROKEN: how the worker died, "was killed by signal 9 (SIGKILL)" or "exited with status 3". */
int	 cafe_story_death(const struct cafe_event *, char *, size_t);
/* Whether the story has a line for ev in act; cheap, for filtering a stream. */
int	 cafe_story_tells(const struct cafe_event *, int act);
/* The line a person would care about for ev in act, without time or lane; 0 when none. */
int	 cafe_story_line(const struct cafe_event *, int act, char *, size_t);
/* "[  2.104s] barista 1        latte #1 done": the headless log's whole line; 0 when none. */
int	 cafe_story_format(const struct cafe_event *, int act, char *, size_t);

#endif
