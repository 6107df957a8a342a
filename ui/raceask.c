/* raceask.c: the race's overlay: which two acts (R, then two digits), then each act recorded alone, with its progress. */
#include "config.h"

#include <stdio.h>

#include "i18n.h"
#include "model.h"
#include "paint.h"
#include "raceask.h"
#include "text.h"
#include "theme.h"

/* Wide enough for its longest line, narrow enough to leave the café in sight around it. */
#define RACEASK_COLS 72

static void
raceask_size(struct panel *p, const struct panel_ctx *ctx, int w, int *min, int *pref)
{
	*min = 8;
	*pref = 9;
}

/* "act 2 · Thread pool": an act as the question names it. */
static void
raceask_act(char *buf, size_t len, int act)
{
	snprintf(buf, len, _("act %d · %s"), act, _(cafe_model_get(act)->title));
}

static void
raceask_draw(struct panel *p, const struct panel_ctx *ctx, struct ui_rect r)
{
	const struct raceask *q = p->state;
	char line[320], act[160];
	int w = r.w < RACEASK_COLS ? r.w : RACEASK_COLS;

	/* A small box in the middle of what the overlay was given. */
	r.x += (r.w - w) / 2;
	r.w = w;
	paint_box(r);
	int y = r.y, x = r.x + 2;
	w = r.w - 4;
	if (q->stage == RACEASK_PICK) {
		paint_text(y++, r.x, r.w, theme_attr(THEME_TITLE),
		    _(" Race: which two acts? (1-6, then 1-6; Esc cancels)"));
		y++;
		if (q->acts[0] > 0)
			raceask_act(act, sizeof act, q->acts[0]);
		snprintf(line, sizeof line, _("First:  %s"), q->acts[0] > 0 ? act : "_");
		paint_text(y++, x, w, A_BOLD, line);
		snprintf(line, sizeof line, _("Second: %s"), "_");
		paint_text(y++, x, w, q->acts[0] > 0 ? A_BOLD : theme_attr(THEME_DIM), line);
	} else {
		snprintf(line, sizeof line, _(" Race: act %d against act %d (Esc stops it)"),
		    q->acts[0], q->acts[1]);
		paint_text(y++, r.x, r.w, theme_attr(THEME_TITLE), line);
		y++;
		int pct = q->prog.orders > 0 ? 100 * q->prog.done / q->prog.orders : 0;
		snprintf(line, sizeof line, _("Recording act %d alone (%d of 2) … %d%%"),
		    q->acts[q->prog.at], q->prog.at + 1, pct);
		paint_text(y++, x, w, A_BOLD, line);
		paint_bar(y++, x, w, pct / 100.0, theme_attr(THEME_OK));
		snprintf(line, sizeof line, ngettext("%d of %d order done", "%d of %d orders done",
		    q->prog.orders), q->prog.done, q->prog.orders);
		paint_text(y++, x, w, A_NORMAL, line);
	}
	if (q->note[0] != '\0')
		paint_text(y, x, w, theme_attr(THEME_WARN), q->note);
	y++;
	paint_wrap(y, x, w, r.y + r.h - 1 - y, theme_attr(THEME_DIM),
	    _("Each act runs alone on the café's orders, so the two never share the cores; "
	    "then both play side by side, in step."));
}

const struct panel_class raceask_panel = {
	"raceask", 0, 0, 0, 0, raceask_size, NULL, raceask_draw, NULL
};
