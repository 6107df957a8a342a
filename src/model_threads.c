/* model_threads.c: act 2, a pool of barista threads; an emulated GIL keeps their grinding from running in parallel. */
#include "config.h"

#include "barista.h"
#include "i18n.h"
#include "model.h"

static void
threads_plan(const struct cafe_settings *s, struct cafe_plan *p)
{
	*p = (struct cafe_plan){ .baristas = s->workers, .gil = s->gil };
}

static void *
threads_create(const struct cafe_env *env)
{
	return cafe_baristas_new(env, env->s->workers, 1);
}

const struct cafe_model_ops cafe_model_threads = {
	"threads", N_("Thread pool"),
	N_("Baristas brew side by side, but the GIL lets only one of them grind at a time."),
	CAFE_UNIT_DRINK, N_("start making %s #%d"), 0, CAFE_WORKERS_MAX, CAFE_MODEL_GIL,
	threads_plan, threads_create, cafe_baristas_start, cafe_baristas_submit, cafe_baristas_stop
};
