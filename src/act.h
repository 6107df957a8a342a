/* act.h: what the screen, the story and the ideal know of an act with its settings, derived from the act's own data. */
#ifndef CAFE_ACT_H
#define CAFE_ACT_H

#include <stddef.h>
#include <stdint.h>

#include "model.h"

struct cafe_act {
	int				 number;	/* 1..CAFE_ACTS */
	const struct cafe_model_ops	*ops;
	struct cafe_plan		 plan;
	struct cafe_recipe		 recipe;	/* the phases of one order, in order */
	uint8_t				 kind[CAFE_PH_COUNT];	/* enum cafe_phase_kind in this act */
	int				 loop;		/* an event loop runs the tasks */
	int				 helpers, processes;
	int				 gil;		/* the emulated GIL is on and matters */
	int				 can_block;	/* a blocking call could be made on the loop (b) */
	int				 block_loop;	/* and is: the wrong way */
	int				 pool;		/* its plan follows the number of workers */
	unsigned			 when;		/* CAFE_WHEN_* that hold */
};

/* Describes act s->act under s; -1 when there is no such act. */
int	 cafe_act_init(struct cafe_act *, const struct cafe_settings *);
/* Whether a lane of kind wkind doing phase holds the event loop up with a blocking call. */
int	 cafe_act_blocks_loop(const struct cafe_act *, int wkind, int phase);
/* Where phase stands in the recipe, -1 when it is not a step of an order (overhead). */
int	 cafe_act_step_of(const struct cafe_act *, int phase);
/* The lesson for the act as it is set up now. */
const struct cafe_lesson *cafe_act_lesson(const struct cafe_act *);
/* Who works, as people count them: "1 barista", "1 event loop", "loop + 3 helpers". */
int	 cafe_act_workers_label(const struct cafe_act *, char *, size_t);

#endif
