/* model_processes.c: act 3, a pool of forked worker processes: real multi-core grinding, at the price of start-up and IPC. */
#include "config.h"

#include "aloop.h"
#include "i18n.h"

static void *
processes_create(const struct cafe_env *env)
{
	/* The main process only hands whole orders out and collects results, like ProcessPoolExecutor.map. */
	const struct cafe_aloop_spec spec = {
		CAFE_WK_MAIN, 1, {
			{ CAFE_STEP_PROCESS, 4,
			    { CAFE_PH_TAKE, CAFE_PH_GRIND, CAFE_PH_BREW, CAFE_PH_SERVE } },
		}, 0, env->s->workers
	};
	return cafe_aloop_new(env, &spec);
}

const struct cafe_model_ops cafe_model_processes = {
	"processes", N_("Process pool"),
	N_("Own kitchens: truly parallel grinding, but slow to open and costly to talk to."),
	processes_create, cafe_aloop_start, cafe_aloop_submit, cafe_aloop_stop
};
