/* helpers.h: helper threads that make blocking calls for an event loop, like asyncio.to_thread's executor. */
#ifndef CAFE_HELPERS_H
#define CAFE_HELPERS_H

#include <ev.h>

#include "model.h"

struct cafe_helpers;

/* Called on the loop's thread when a job submitted with token is done. */
typedef void (*cafe_helpers_done_fn)(void *arg, void *token);

struct cafe_gil;

/*
 * n threads; completions wake loop through an ev_async (the only libev call
 * helpers make). gil (may be NULL) is the one their CPU jobs run under.
 */
struct cafe_helpers *cafe_helpers_new(const struct cafe_env *, int n, struct ev_loop *,
		    struct cafe_gil *, cafe_helpers_done_fn, void *arg);
int		 cafe_helpers_start(struct cafe_helpers *);
/* Queues phase of o, a blocking call or (cpu) CPU work under the GIL; loop thread. */
int		 cafe_helpers_submit(struct cafe_helpers *, const struct cafe_order *,
		    enum cafe_phase, int cpu, void *token);
/* Joins every helper (the clock is stopped, so their calls return) and frees; loop thread. */
void		 cafe_helpers_stop(struct cafe_helpers *);

#endif
