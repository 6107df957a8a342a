/* model_tothread.c: act 5, the loop hands the old blocking grinder to helper threads (asyncio.to_thread). */
#include "config.h"

#include "aloop.h"
#include "i18n.h"

static void
tothread_plan(const struct cafe_settings *s, struct cafe_plan *p)
{
	*p = (struct cafe_plan){ .spec = {
		CAFE_WK_LOOP, 4, {
			{ CAFE_STEP_CPU, 1, { CAFE_PH_TAKE } },
			{ CAFE_STEP_HELPER, 1, { CAFE_PH_GRIND }, s->grinder_cpu },
			{ CAFE_STEP_TIMER, 1, { CAFE_PH_BREW } },
			{ CAFE_STEP_CPU, 1, { CAFE_PH_SERVE } },
		}, s->workers, 0, s->grinder_cpu } };
}

/* The seed's act 5 log says 准备做 (preparing), not 开始做 (start making). */
static const struct cafe_lesson tothread_lessons[] = {
	{ CAFE_WHEN_CPU_GRINDER, N_("CPU work handed to a helper thread: to_thread, as for a blocking call."),
	    N_("But the GIL lets one thread burn CPU at a time: no faster than on the loop.") },
	{ CAFE_WHEN_BLOCKED, N_("The wrong way: the old blocking grinder runs on the loop itself."),
	    N_("So the whole loop stalls while it grinds: every other task waits.") },
	{ 0, N_("The old grinder blocks: to_thread hands it to a helper, and the loop goes on."),
	    N_("But helpers are threads: good for a blocking call, no gain for CPU (the GIL).") },
};

static const struct cafe_tour_stop tothread_tour = {
	N_("An old grinder only works the blocking way: on the loop it would stall every order. asyncio.to_thread hands it to a helper in the back, and the barista goes on."),
	N_("What happens if the old grinder runs on the loop itself? (press b to see)")
};

const struct cafe_model_ops cafe_model_tothread = {
	"to-thread", N_("Async + to_thread"), N_("Old grinder"),
	tothread_lessons, &tothread_tour,
	CAFE_UNIT_DRINK, N_("preparing %s #%d"), 0, CAFE_WORKERS_MAX, 0, tothread_plan,
	cafe_aloop_create, cafe_aloop_start, cafe_aloop_submit, cafe_aloop_stop
};
