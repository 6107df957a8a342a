/* baristas.c: one row per worker: who it is and what it does now, for whom, with a progress bar. */
#include "config.h"

#include <stdio.h>

#include "i18n.h"
#include "menu.h"
#include "model.h"
#include "paint.h"
#include "theme.h"

static const char *
baristas_verb(int phase)
{
	switch (phase) {
	case CAFE_PH_TAKE: return _("taking");
	case CAFE_PH_GRIND: return _("grinding");
	case CAFE_PH_BREW: return _("brewing");
	case CAFE_PH_SERVE: return _("serving");
	case CAFE_PH_EMBED: return _("embedding");
	case CAFE_PH_SYNC_LIB: return _("sync call");
	case CAFE_PH_RESPOND: return _("answering");
	case CAFE_PH_SPAWN: return _("starting up");
	default: return cafe_phase_name(phase);
	}
}

/* The engine's name for the lane; a worker process by its pid, which people look up. */
static void
baristas_label(const struct view_lane *l, char *buf, size_t len)
{
	if (l->kind == CAFE_WK_PROCESS)
		snprintf(buf, len, _("proc %d"), (int)l->pid);
	else
		cafe_who_label(buf, len, l->kind, l->index);
}

void
baristas_draw(const struct cafe_view *v, struct ui_rect r, int nlanes)
{
	char label[32], what[96];

	for (int i = 0; i < nlanes && i < r.h; i++) {
		const struct view_lane *l = &v->lanes[i];
		int y = r.y + i;
		attr_t a = A_NORMAL;

		baristas_label(l, label, sizeof label);
		paint_text(y, r.x, PAINT_LANE_LABEL, A_BOLD, label);
		int sx = r.x + PAINT_LANE_LABEL, sw = r.w - PAINT_LANE_LABEL;
		if (!l->alive && l->phase < 0) {
			paint_text(y, sx, sw, theme_attr(THEME_DIM), _("gone"));
			continue;
		}
		if (l->phase < 0) {
			if (l->kind == CAFE_WK_LOOP && v->awaiting > 0)
				snprintf(what, sizeof what, _("free, %d awaiting"), v->awaiting);
			else
				snprintf(what, sizeof what, "%s", _("idle"));
			paint_text(y, sx, sw, theme_attr(THEME_DIM), what);
			continue;
		}
		if (l->gil == VIEW_GIL_WAITING) {
			snprintf(what, sizeof what, _("waits for GIL #%d"), l->order);
			paint_text(y, sx, sw, theme_attr(THEME_WARN), what);
			continue;
		}
		if (l->order > 0)
			snprintf(what, sizeof what, "%s %s #%d", baristas_verb(l->phase),
			    v->act == 6 ? _("request") : cafe_drink_label(l->drink), l->order);
		else
			snprintf(what, sizeof what, "%s", baristas_verb(l->phase));
		if (l->kind == CAFE_WK_LOOP && (l->phase == CAFE_PH_SYNC_LIB ||
		    (v->act == 5 && l->phase == CAFE_PH_GRIND)))
			a = theme_attr(THEME_WARN);	/* the loop itself is blocked */
		paint_text(y, sx, sw - 7, a, what);
		/* Progress against the phase's budget in café time; contention makes it run over. */
		int64_t dur = (int64_t)v->dur_ms[l->phase] * 1000;
		double frac = dur > 0 ? (double)(v->now - l->since) / (double)dur : 1.0;
		paint_bar(y, sx + sw - 6, 5, frac, theme_phase_attr(l->phase));
	}
}
