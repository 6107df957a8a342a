/* model_async.c: act 4, one event loop; awaited brews overlap, CPU work on the loop blocks everyone. */
#include "config.h"

#include "aloop.h"
#include "i18n.h"

static void *
async_create(const struct cafe_env *env)
{
	const struct cafe_aloop_spec spec = {
		CAFE_WK_LOOP, 4, {
			{ CAFE_STEP_CPU, 1, { CAFE_PH_TAKE } },
			{ CAFE_STEP_CPU, 1, { CAFE_PH_GRIND } },
			{ CAFE_STEP_TIMER, 1, { CAFE_PH_BREW } },
			{ CAFE_STEP_CPU, 1, { CAFE_PH_SERVE } },
		}, 0, 0
	};
	return cafe_aloop_new(env, &spec);
}

const struct cafe_model_ops cafe_model_async = {
	"async", N_("Async café"),
	N_("One barista on an event loop: brews overlap, but while he grinds, all wait."),
	async_create, cafe_aloop_start, cafe_aloop_submit, cafe_aloop_stop
};
