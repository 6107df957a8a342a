/* model.c: the table of acts and the helpers every model shares. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "model.h"

static const struct cafe_model_ops *const model_acts[CAFE_ACTS] = {
	&cafe_model_sync, &cafe_model_threads, &cafe_model_processes,
	&cafe_model_async, &cafe_model_tothread, &cafe_model_mixed
};

const struct cafe_model_ops *
cafe_model_get(int act)
{
	return act >= 1 && act <= CAFE_ACTS ? model_acts[act - 1] : NULL;
}

int
cafe_model_find(const char *s)
{
	if (s[0] >= '1' && s[0] <= '0' + CAFE_ACTS && s[1] == '\0')
		return s[0] - '0';
	for (int i = 0; i < CAFE_ACTS; i++)
		if (strcmp(model_acts[i]->name, s) == 0)
			return i + 1;
	return -1;
}

void
cafe_env_emit(const struct cafe_env *env, const struct cafe_who *who,
    enum cafe_event_type type, enum cafe_phase phase, const struct cafe_order *o,
    int flags, int64_t cpu_us)
{
	struct cafe_event ev;

	cafe_event_fill(&ev, who, type, phase, o != NULL ? o->id : 0, o != NULL ? o->drink : -1,
	    flags, cafe_clock_now_us(env->clock));
	ev.cpu_us = cpu_us;
	cafe_bus_emit(env->bus, &ev);
}

void
cafe_env_fail(const struct cafe_env *env)
{
	cafe_bus_fail(env->bus, CAFE_FAIL_ORDER_DROPPED);
}

int64_t
cafe_env_dur_us(const struct cafe_env *env, enum cafe_phase p)
{
	return (int64_t)env->s->dur_ms[p] * 1000;
}
