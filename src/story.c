/* story.c: what the café says about each event, in the seed's words. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "menu.h"
#include "story.h"
#include "text.h"

#define STORY_LANE_COLS 18

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
cafe_story_line(const struct cafe_event *ev, int act, char *buf, size_t len)
{
	const char *drink = cafe_drink_label(ev->drink);
	char who[64];
	int await = (ev->flags & CAFE_EVF_AWAIT) != 0;
	int id = ev->order;

	switch (ev->type) {
	case CAFE_EV_ORDER_ARRIVE:
		if (act == 6)
			return snprintf(buf, len, _("request #%d arrives"), id);
		/* Customers there at opening time are the run itself, not news. */
		if (!(ev->flags & CAFE_EVF_WALKIN))
			return 0;
		return snprintf(buf, len, _("a customer orders %s #%d"), drink, id);
	case CAFE_EV_ORDER_DONE:
		if (act == 6)
			return snprintf(buf, len, _("request #%d answered"), id);
		return snprintf(buf, len, _("%s #%d done"), drink, id);
	case CAFE_EV_POOL_BROKEN:
		cafe_story_death(ev, who, sizeof who);
		return snprintf(buf, len, _("%s: the process pool is broken"), who);
	case CAFE_EV_ORDER_LOST:
		if (act == 6)
			return snprintf(buf, len, _("request #%d failed: BrokenProcessPool"), id);
		return snprintf(buf, len, _("%s #%d lost: BrokenProcessPool"), drink, id);
	case CAFE_EV_PHASE_BEGIN:
		switch (ev->phase) {
		case CAFE_PH_TAKE:
			if (act == 5)
				return snprintf(buf, len, _("preparing %s #%d"), drink, id);
			return snprintf(buf, len, _("start making %s #%d"), drink, id);
		case CAFE_PH_GRIND:
			if (await)
				return snprintf(buf, len, _("hands %s #%d to the grinder thread"), drink, id);
			return snprintf(buf, len, _("grinding %s #%d"), drink, id);
		case CAFE_PH_BREW:
			return snprintf(buf, len, _("brewing %s #%d"), drink, id);
		case CAFE_PH_DB_QUERY:
			return snprintf(buf, len, _("request #%d: await the database"), id);
		case CAFE_PH_API_CALL:
			return snprintf(buf, len, _("request #%d: await the API"), id);
		case CAFE_PH_EMBED:
			if (await)
				return snprintf(buf, len, _("request #%d: embedding sent to the process pool"), id);
			return snprintf(buf, len, _("request #%d: computing the embedding"), id);
		case CAFE_PH_SYNC_LIB:
			if (await)
				return 0;
			return snprintf(buf, len, _("request #%d: calling the sync library"), id);
		default:
			return 0;
		}
	case CAFE_EV_PHASE_END:
		if (ev->phase == CAFE_PH_GRIND && !await)
			return snprintf(buf, len, _("%s #%d beans ground"), drink, id);
		if (ev->phase == CAFE_PH_SPAWN)
			return snprintf(buf, len, _("worker process ready (pid %d)"), (int)ev->pid);
		return 0;
	default:
		return 0;
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
