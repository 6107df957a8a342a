/* act.c: derives an act's lanes, recipe and phase kinds from its model's plan, so nothing else asks which act it is. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "act.h"
#include "i18n.h"

int
cafe_act_init(struct cafe_act *a, const struct cafe_settings *s)
{
	const struct cafe_aloop_spec *sp = &a->plan.spec;

	memset(a, 0, sizeof *a);
	if ((a->ops = cafe_model_get(s->act)) == NULL)
		return -1;
	a->number = s->act;
	a->ops->plan(s, &a->plan);
	/* Whether w and W change anything: the plan with one worker more tells. */
	struct cafe_settings more = *s;
	struct cafe_plan other;
	more.workers = s->workers + 1;
	a->ops->plan(&more, &other);
	a->pool = other.baristas != a->plan.baristas || other.spec.helpers != a->plan.spec.helpers ||
	    other.spec.processes != a->plan.spec.processes;
	for (int p = 0; p < CAFE_PH_COUNT; p++)
		a->kind[p] = (uint8_t)cafe_phase_kind(p);
	if ((a->ops->flags & CAFE_MODEL_GIL) && !a->plan.gil)
		a->when |= CAFE_WHEN_GIL_OFF;
	if (s->workers == 1)
		a->when |= CAFE_WHEN_ONE;
	if (a->plan.baristas > 0) {
		a->recipe = cafe_recipe_coffee;
		a->gil = a->plan.gil && a->plan.baristas > 0;
		return 0;
	}
	a->loop = sp->lane == CAFE_WK_LOOP;
	a->helpers = sp->helpers;
	a->processes = sp->processes;
	for (int i = 0; i < sp->nsteps; i++) {
		const struct cafe_step *st = &sp->step[i];
		for (int k = 0; k < st->nphases && a->recipe.n < CAFE_RECIPE_MAX; k++)
			a->recipe.phase[a->recipe.n++] = st->phase[k];
		/* What a helper thread is handed is a blocking call, unless the act says it burns CPU. */
		if (st->mode == CAFE_STEP_HELPER) {
			a->kind[st->phase[0]] = st->cpu ? CAFE_KIND_CPU : CAFE_KIND_BLOCK;
			a->can_block = a->loop;
			if (st->cpu)
				a->when |= CAFE_WHEN_CPU_GRINDER;
		}
	}
	a->gil = sp->gil;
	a->block_loop = a->can_block && s->block_loop;
	if (a->block_loop)
		a->when |= CAFE_WHEN_BLOCKED;
	return 0;
}

const struct cafe_lesson *
cafe_act_lesson(const struct cafe_act *a)
{
	const struct cafe_lesson *l = a->ops->lessons;

	while (l->when != 0 && (l->when & a->when) != l->when)
		l++;
	return l;
}

int
cafe_act_blocks_loop(const struct cafe_act *a, int wkind, int phase)
{
	return wkind == CAFE_WK_LOOP && (unsigned)phase < CAFE_PH_COUNT &&
	    a->kind[phase] == CAFE_KIND_BLOCK;
}

int
cafe_act_step_of(const struct cafe_act *a, int phase)
{
	for (int i = 0; i < a->recipe.n; i++)
		if ((int)a->recipe.phase[i] == phase)
			return i;
	return -1;
}

/* Appends to buf at *used, as far as it fits. */
static void
act_append(char *buf, size_t len, int *used, const char *sep, const char *fmt, int n)
{
	if (*used < 0 || (size_t)*used >= len)
		return;
	*used += snprintf(buf + *used, len - (size_t)*used, "%s", sep);
	if ((size_t)*used < len)
		*used += snprintf(buf + *used, len - (size_t)*used, fmt, n);
}

int
cafe_act_workers_label(const struct cafe_act *a, char *buf, size_t len)
{
	int n = a->plan.baristas, used;

	if (n > 0)
		return snprintf(buf, len, ngettext("%d barista", "%d baristas", n), n);
	if (!a->loop)
		return snprintf(buf, len, ngettext("%d worker process", "%d worker processes",
		    a->processes), a->processes);
	used = snprintf(buf, len, "%s", a->helpers + a->processes > 0 ? _("loop") : _("1 event loop"));
	/* Each count is its own phrase, so that each gets its own plural form. */
	/* TRANSLATORS: between the parts of "loop, 3 helpers, 3 processes". */
	const char *comma = _(", ");
	if (a->helpers > 0)
		act_append(buf, len, &used, a->processes > 0 ? comma : " + ",
		    ngettext("%d helper", "%d helpers", a->helpers), a->helpers);
	if (a->processes > 0)
		act_append(buf, len, &used, comma,
		    ngettext("%d process", "%d processes", a->processes), a->processes);
	return used;
}
