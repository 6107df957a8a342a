/* procpool.h: a pool of forked worker processes that run phases of orders, like ProcessPoolExecutor. */
#ifndef CAFE_PROCPOOL_H
#define CAFE_PROCPOOL_H

#include <ev.h>

#include "model.h"

struct cafe_procpool;

/*
 * Called on the loop's thread when a job is done (lost 0), or failed and
 * will never be done (lost: an enum cafe_lost_reason) because the pool broke.
 */
typedef void (*cafe_procpool_done_fn)(void *arg, void *token, int lost);

/*
 * n workers, driven from loop (whose thread must make every call below).
 * who is the lane of the loop's thread, for the return trip of each result.
 */
struct cafe_procpool *cafe_procpool_new(const struct cafe_env *, int n, struct ev_loop *,
		    const struct cafe_who *, cafe_procpool_done_fn, void *arg);
/*
 * Forks the workers. A child runs only async-signal-safe code (the parent
 * has threads), dies with the forking thread (PR_SET_PDEATHSIG) and sits in
 * its own process group, so a terminal's Ctrl-C reaches only the program.
 */
int		 cafe_procpool_start(struct cafe_procpool *);
/*
 * Queues the phases of o to run, in order, in the next free worker; 0, or -1
 * when the job cannot be taken (the pool is broken, or out of memory), in
 * which case the callback is not called for it. If a worker dies (killed,
 * crashed, exited), the pool breaks as ProcessPoolExecutor's does: it emits
 * POOL_BROKEN, terminates its other workers and fails every job it holds.
 */
int		 cafe_procpool_submit(struct cafe_procpool *, const struct cafe_order *,
		    const enum cafe_phase *, int nphases, void *token);
/* Whether a worker died and the pool is broken. */
int		 cafe_procpool_broken(const struct cafe_procpool *);
/* TERM, a grace period, KILL, reap every child; frees. */
void		 cafe_procpool_stop(struct cafe_procpool *);

#endif
