/* aloop.h: an asyncio-style event loop on its own thread; each order is a task stepping through awaits. */
#ifndef CAFE_ALOOP_H
#define CAFE_ALOOP_H

#include "model.h"

/* How a step of a task runs. */
enum cafe_step_mode {
	CAFE_STEP_CPU,		/* on the loop thread: blocks every other task */
	CAFE_STEP_TIMER,	/* await a libev timer: overlaps */
	CAFE_STEP_HELPER,	/* await a blocking call on a helper thread (asyncio.to_thread) */
	CAFE_STEP_PROCESS	/* await the process pool (run_in_executor) */
};

struct cafe_step {
	enum cafe_step_mode	mode;
	int			nphases;		/* > 1 only for PROCESS */
	enum cafe_phase		phase[CAFE_RECIPE_MAX];
};

struct cafe_aloop_spec {
	enum cafe_worker_kind	 lane;		/* LOOP, or MAIN for the pool's manager */
	int			 nsteps;
	struct cafe_step	 step[CAFE_RECIPE_MAX];
	int			 helpers;	/* helper threads, 0 for none */
	int			 processes;	/* worker processes, 0 for none */
};

struct cafe_aloop;

struct cafe_aloop *cafe_aloop_new(const struct cafe_env *, const struct cafe_aloop_spec *);
/* These take a struct cafe_aloop * as void *, to serve as model ops. */
int		 cafe_aloop_start(void *);
void		 cafe_aloop_submit(void *, const struct cafe_order *);
void		 cafe_aloop_stop(void *);

#endif
