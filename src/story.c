/* story.c: what the café says about each event, in the seed's words. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "menu.h"
#include "model.h"
#include "story.h"
#include "text.h"

#define STORY_LANE_COLS 18

/* What a line names besides its format. */
enum story_args { STORY_DRINK_ID, STORY_ID, STORY_PID, STORY_DEATH, STORY_AUX };

/* The line's format for ev (untranslated), or NULL when the story leaves ev out; cheap. */
static const char *
story_pick(const struct cafe_event *ev, int act, enum story_args *args)
{
	const struct cafe_model_ops *m = cafe_model_get(act);
	int request = m != NULL && m->unit == CAFE_UNIT_REQUEST;
	int await = (ev->flags & CAFE_EVF_AWAIT) != 0;

	*args = STORY_DRINK_ID;
	switch (ev->type) {
	case CAFE_EV_ORDER_ARRIVE:
		*args = request ? STORY_ID : STORY_DRINK_ID;
		if (request)
			return N_("request #%d arrives");
		/* Customers there at opening time are the run itself, not news. */
		return ev->flags & CAFE_EVF_WALKIN ? N_("a customer orders %s #%d") : NULL;
	case CAFE_EV_ORDER_DONE:
		*args = request ? STORY_ID : STORY_DRINK_ID;
		return request ? N_("request #%d answered") : N_("%s #%d done");
	case CAFE_EV_POOL_BROKEN:
		*args = STORY_DEATH;
		return N_("%s: the process pool is broken");
	case CAFE_EV_ORDER_LOST:
		*args = request ? STORY_ID : STORY_DRINK_ID;
		return request ? N_("request #%d failed: BrokenProcessPool") :
		    N_("%s #%d lost: BrokenProcessPool");
	case CAFE_EV_PHASE_BEGIN:
		*args = STORY_ID;
		switch (ev->phase) {
		case CAFE_PH_TAKE:
			*args = STORY_DRINK_ID;
			return m != NULL ? m->take_line : NULL;
		case CAFE_PH_GRIND:
			*args = STORY_DRINK_ID;
			return await ? N_("hands %s #%d to the grinder thread") : N_("grinding %s #%d");
		case CAFE_PH_BREW:
			*args = STORY_DRINK_ID;
			return N_("brewing %s #%d");
		case CAFE_PH_DB_QUERY:
			return N_("request #%d: await the database");
		case CAFE_PH_API_CALL:
			return N_("request #%d: await the API");
		case CAFE_PH_EMBED:
			return await ? N_("request #%d: embedding sent to the process pool") :
			    N_("request #%d: computing the embedding");
		case CAFE_PH_SYNC_LIB:
			return await ? NULL : N_("request #%d: calling the sync library");
		default:
			return NULL;
		}
	case CAFE_EV_MARK:
		*args = STORY_AUX;
		return N_("── mark %d ──");
	case CAFE_EV_PHASE_END:
		if (ev->phase == CAFE_PH_GRIND && !await)
			return N_("%s #%d beans ground");
		*args = STORY_PID;
		return ev->phase == CAFE_PH_SPAWN ? N_("worker process ready (pid %d)") : NULL;
	default:
		return NULL;
	}
}

int
cafe_story_death(const struct cafe_event *ev, char *buf, size_t len)
{
	const char *name = NULL;

	if (ev->aux == 0)
		return snprintf(buf, len, _("exited with status %lld"), (long long)ev->cpu_us);
#ifdef HAVE_SIGABBREV_NP
	name = sigabbrev_np(ev->aux);
#endif
	if (name == NULL)
		return snprintf(buf, len, _("was killed by signal %d"), ev->aux);
	return snprintf(buf, len, _("was killed by signal %d (SIG%s)"), ev->aux, name);
}

int
cafe_story_tells(const struct cafe_event *ev, int act)
{
	enum story_args args;

	return story_pick(ev, act, &args) != NULL;
}

int
cafe_story_line(const struct cafe_event *ev, int act, char *buf, size_t len)
{
	enum story_args args;
	const char *fmt = story_pick(ev, act, &args);
	char how[96];

	if (fmt == NULL)
		return 0;
	switch (args) {
	case STORY_DEATH:
		cafe_story_death(ev, how, sizeof how);
		return snprintf(buf, len, _(fmt), how);
	case STORY_DRINK_ID:
		return snprintf(buf, len, _(fmt), cafe_drink_label(ev->drink), (int)ev->order);
	case STORY_ID:
		return snprintf(buf, len, _(fmt), (int)ev->order);
	case STORY_AUX:
		return snprintf(buf, len, _(fmt), (int)ev->aux);
	default:
		return snprintf(buf, len, _(fmt), (int)ev->pid);
	}
}

int
cafe_story_format(const struct cafe_event *ev, int act, char *buf, size_t len)
{
	char what[160], who[64], lane[96];

	if (cafe_story_line(ev, act, what, sizeof what) <= 0)
		return 0;
	cafe_who_label(who, sizeof who, ev->wkind, ev->worker);
	cafe_text_pad(lane, sizeof lane, who, STORY_LANE_COLS);
	return snprintf(buf, len, "[%8.3fs] %s %s", ev->t_us / 1e6, lane, what);
}
