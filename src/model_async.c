/* model_async.c: act 4, one event loop; awaited brews overlap, CPU work on the loop blocks everyone. */
#include "config.h"

#include "aloop.h"
#include "i18n.h"

static void
async_plan(const struct cafe_settings *s, struct cafe_plan *p)
{
	*p = (struct cafe_plan){ .spec = {
		CAFE_WK_LOOP, 4, {
			{ CAFE_STEP_CPU, 1, { CAFE_PH_TAKE } },
			{ CAFE_STEP_CPU, 1, { CAFE_PH_GRIND } },
			{ CAFE_STEP_TIMER, 1, { CAFE_PH_BREW } },
			{ CAFE_STEP_CPU, 1, { CAFE_PH_SERVE } },
		}, 0, 0 } };
}

static const struct cafe_lesson async_lessons[] = {
	{ 0, N_("One super barista on an event loop: while a brew waits, he takes new orders."),
	    N_("But while he grinds (CPU on the loop), every other task waits.") },
};

static const struct cafe_tour_stop async_tour = {
	N_("One super barista (an event loop): while a brew waits, he takes the next order. Whenever something waits on I/O, he does something else: the power of coroutines."),
	N_("Threads or async: which finishes first?")
};

const struct cafe_model_ops cafe_model_async = {
	"async", N_("Async café"), N_("Async"),
	async_lessons, &async_tour,
	CAFE_UNIT_DRINK, N_("start making %s #%d"), 0, CAFE_WORKERS_MAX, 0, async_plan,
	cafe_aloop_create, cafe_aloop_start, cafe_aloop_submit, cafe_aloop_stop
};
