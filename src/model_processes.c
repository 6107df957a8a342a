/* model_processes.c: act 3, a pool of forked worker processes: real multi-core grinding, at the price of start-up and IPC. */
#include "config.h"

#include "aloop.h"
#include "i18n.h"

/* The main process only hands whole orders out and collects results, like ProcessPoolExecutor.map. */
static void
processes_plan(const struct cafe_settings *s, struct cafe_plan *p)
{
	*p = (struct cafe_plan){ .spec = {
		CAFE_WK_MAIN, 1, {
			{ CAFE_STEP_PROCESS, 4,
			    { CAFE_PH_TAKE, CAFE_PH_GRIND, CAFE_PH_BREW, CAFE_PH_SERVE } },
		}, 0, s->workers } };
}

static const struct cafe_lesson processes_lessons[] = {
	{ CAFE_WHEN_ONE, N_("One kitchen of its own: a process, free of the GIL."),
	    N_("But one process grinds on one core, and pays the start-up and the talking.") },
	{ 0, N_("Own kitchens: processes break the GIL, grinding on every core for real."),
	    N_("But each kitchen is slow to open and costly to talk to (start-up, IPC).") },
};

static const struct cafe_tour_stop processes_tour = {
	N_("Each barista gets a kitchen of their own (a process), with their own tools: grinding runs on every core at once. But a kitchen is slow to open and costly to talk to."),
	N_("Processes against threads: which grinds faster, and what does opening a kitchen cost?")
};

const struct cafe_model_ops cafe_model_processes = {
	"processes", N_("Process pool"), N_("Processes"),
	processes_lessons, &processes_tour,
	CAFE_UNIT_DRINK, N_("start making %s #%d"), 0, CAFE_PROCS_MAX, 0, processes_plan,
	cafe_aloop_create, cafe_aloop_start, cafe_aloop_submit, cafe_aloop_stop
};
