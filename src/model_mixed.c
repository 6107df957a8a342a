/* model_mixed.c: act 6, an async web service: awaited DB and API, CPU in the process pool, a sync library in a helper thread. */
#include "config.h"

#include "aloop.h"
#include "i18n.h"

static void
mixed_plan(const struct cafe_settings *s, struct cafe_plan *p)
{
	*p = (struct cafe_plan){ .spec = {
		CAFE_WK_LOOP, 5, {
			{ CAFE_STEP_TIMER, 1, { CAFE_PH_DB_QUERY } },
			{ CAFE_STEP_TIMER, 1, { CAFE_PH_API_CALL } },
			{ CAFE_STEP_PROCESS, 1, { CAFE_PH_EMBED } },
			{ CAFE_STEP_HELPER, 1, { CAFE_PH_SYNC_LIB } },
			{ CAFE_STEP_CPU, 1, { CAFE_PH_RESPOND } },
		}, s->workers, s->workers } };
}

/* Requests come in over time, as to a web service, a quarter second apart. */
static const struct cafe_lesson mixed_lessons[] = {
	{ CAFE_WHEN_BLOCKED, N_("The wrong way: the sync library runs on the loop itself."),
	    N_("So every request stalls while it runs: await it in a helper instead.") },
	{ 0, N_("A web request: await DB and API, CPU to processes, sync libraries to threads."),
	    N_("But each tool has its price: processes start slowly, threads meet the GIL.") },
};

static const struct cafe_tour_stop mixed_tour = {
	N_("A real web request: await the database and an API, send the CPU-heavy work to a process pool, hand a sync library to a thread, answer on the loop."),
	N_("Which tool for which kind of work?")
};

const struct cafe_model_ops cafe_model_mixed = {
	"mixed", N_("Mixed web service"), N_("Web request"),
	mixed_lessons, &mixed_tour,
	CAFE_UNIT_REQUEST, N_("start making %s #%d"), 250, CAFE_PROCS_MAX, 0, mixed_plan,
	cafe_aloop_create, cafe_aloop_start, cafe_aloop_submit, cafe_aloop_stop
};
