/* failure.c: keeps what a run lost, so that a run that failed ends with one line saying how, not in silence. */
#include "config.h"

#include <string.h>

#include "failure.h"
#include "i18n.h"
#include "story.h"

void
cafe_failure_sink(void *arg, const struct cafe_event *ev)
{
	struct cafe_failure *f = arg;
	int i;

	switch (ev->type) {
	case CAFE_EV_POOL_BROKEN:
		if (!f->broken)
			f->pool = *ev;
		f->broken = 1;
		break;
	case CAFE_EV_ORDER_LOST:
		f->lost++;
		/* Keep the lowest ids in order: the line names those. */
		for (i = f->nids; i > 0 && f->ids[i - 1] > ev->order; i--)
			if (i < CAFE_FAILURE_IDS)
				f->ids[i] = f->ids[i - 1];
		if (i < CAFE_FAILURE_IDS) {
			f->ids[i] = ev->order;
			if (f->nids < CAFE_FAILURE_IDS)
				f->nids++;
		}
		break;
	case CAFE_EV_RUN_FAILED:
		f->failed = ev->aux;
		break;
	default:
		break;
	}
}

int
cafe_failure_report(const struct cafe_failure *f, int act, FILE *err)
{
	char who[64], how[96];

	if (!f->broken && f->lost == 0 && !f->failed)
		return 0;
	fprintf(err, "corocafe: ");
	fprintf(err, _("act %d: "), act);
	if (f->failed) {
		fprintf(err, "%s\n", f->failed == CAFE_FAIL_EVENT_DROPPED ?
		    _("the run failed: out of memory: an event was dropped") :
		    _("the run failed: out of memory: an order was dropped"));
		return 1;
	}
	if (f->broken) {
		cafe_who_label(who, sizeof who, CAFE_WK_PROCESS, f->pool.worker);
		cafe_story_death(&f->pool, how, sizeof how);
		fprintf(err, _("the process pool broke: %s (pid %d) %s; "), who, (int)f->pool.pid, how);
	}
	fprintf(err, f->lost == 1 ? _("%d order lost") : _("%d orders lost"), f->lost);
	for (int i = 0; i < f->nids; i++)
		fprintf(err, "%s#%d", i == 0 ? " (" : ", ", (int)f->ids[i]);
	fprintf(err, "%s\n", f->lost > f->nids ? ", …)" : f->nids > 0 ? ")" : "");
	return 1;
}
