/* failure.c: keeps what a run lost, so that a run that failed ends with one line saying how, not in silence. */
#include "config.h"

#include <stdio.h>
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

/* Appends to buf at *n, as far as it fits. */
static void
failure_add(char *buf, size_t len, size_t *n, const char *s)
{
	if (*n < len)
		*n += (size_t)snprintf(buf + *n, len - *n, "%s", s);
}

int
cafe_failure_format(const struct cafe_failure *f, int act, char *buf, size_t len)
{
	char who[64], how[96], part[256];
	size_t n = 0;

	buf[0] = '\0';
	if (!f->broken && f->lost == 0 && !f->failed)
		return 0;
	snprintf(part, sizeof part, _("act %d: "), act);
	failure_add(buf, len, &n, part);
	if (f->failed) {
		failure_add(buf, len, &n, f->failed == CAFE_FAIL_EVENT_DROPPED ?
		    _("the run failed: out of memory: an event was dropped") :
		    _("the run failed: out of memory: an order was dropped"));
		return 1;
	}
	if (f->broken) {
		cafe_who_label(who, sizeof who, CAFE_WK_PROCESS, f->pool.worker);
		cafe_story_death(&f->pool, how, sizeof how);
		snprintf(part, sizeof part, _("the process pool broke: %s (pid %d) %s; "), who,
		    (int)f->pool.pid, how);
		failure_add(buf, len, &n, part);
	}
	snprintf(part, sizeof part, ngettext("%d order lost", "%d orders lost", f->lost), f->lost);
	failure_add(buf, len, &n, part);
	for (int i = 0; i < f->nids; i++) {
		snprintf(part, sizeof part, "%s#%d", i == 0 ? " (" : ", ", (int)f->ids[i]);
		failure_add(buf, len, &n, part);
	}
	failure_add(buf, len, &n, f->lost > f->nids ? ", …)" : f->nids > 0 ? ")" : "");
	return 1;
}

int
cafe_failure_report(const struct cafe_failure *f, int act, FILE *err)
{
	char line[512];

	if (!cafe_failure_format(f, act, line, sizeof line))
		return 0;
	fprintf(err, "corocafe: %s\n", line);
	return 1;
}
