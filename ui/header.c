/* header.c: the header panel: the act, who works, the café clock, speed, pause and replay; the act's lesson below: what it gives and, given a row, what it costs. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "paint.h"
#include "text.h"
#include "theme.h"

/* The title, what the act gives, and (given a row) what it costs. */
static void
header_size(struct panel *p, const struct panel_ctx *ctx, int w, int *min, int *pref)
{
	*min = 2;
	*pref = 3;
}

/* Appends a piece to the right part of the title row. */
static void
header_add(char *buf, size_t len, const char *piece)
{
	size_t n = strlen(buf);

	snprintf(buf + n, len - n, "%s  ", piece);
}

static void
header_draw(struct panel *p, const struct panel_ctx *ctx, struct ui_rect r)
{
	const struct cafe_act *a = ctx->act;
	char title[3][160], piece[4][96], right[512], tags[64] = "";

	snprintf(title[0], sizeof title[0], _(" Coroutine Café · Act %d · %s"), a->number, _(a->ops->title));
	snprintf(title[1], sizeof title[1], _(" Act %d · %s"), a->number, _(a->ops->title));
	snprintf(title[2], sizeof title[2], _(" Act %d · %s"), a->number, _(a->ops->short_title));
	snprintf(piece[0], sizeof piece[0], "%.2fs", ctx->now / 1e6);
	snprintf(piece[1], sizeof piece[1], "%gx", ctx->speed);
	/* The GIL only where it changes something. */
	piece[2][0] = '\0';
	if (a->ops->flags & CAFE_MODEL_GIL)
		snprintf(piece[2], sizeof piece[2], _("GIL %s"), a->gil ? _("on") : _("off"));
	cafe_act_workers_label(a, piece[3], sizeof piece[3]);
	if (!ctx->live)
		snprintf(tags + strlen(tags), sizeof tags - strlen(tags), "%s ", _(" REPLAY "));
	if (ctx->step > 0) {
		char step[48];
		snprintf(step, sizeof step, _(" STEP %zu/%zu "), ctx->step, ctx->steps);
		snprintf(tags + strlen(tags), sizeof tags - strlen(tags), "%s ", step);
	} else if (ctx->paused) {
		snprintf(tags + strlen(tags), sizeof tags - strlen(tags), "%s ", _(" PAUSED "));
	}
	/* Narrow: the café's name goes first, then the act's long title, then who works (the lanes show it), the GIL, the speed. */
	int t = 0, keep = 4;
	for (;;) {
		right[0] = '\0';
		for (int i = 0; i < keep; i++)
			if (piece[i][0] != '\0')
				header_add(right, sizeof right, piece[i]);
		if (cafe_text_width(title[t]) + cafe_text_width(tags) + cafe_text_width(right) + 1 <= r.w)
			break;
		if (t < 2)
			t++;
		else if (keep > 1)
			keep--;
		else
			break;
	}
	int rw = cafe_text_width(right), tw = cafe_text_width(tags);
	paint_text(r.y, r.x, r.w, theme_attr(THEME_TITLE), title[t]);
	paint_text(r.y, r.x + r.w - rw, rw, theme_attr(THEME_TITLE), right);
	if (tw > 0)
		paint_text(r.y, r.x + r.w - rw - tw, tw, theme_attr(THEME_PAUSED), tags);
	const struct cafe_lesson *l = cafe_act_lesson(a);
	if (r.h > 2) {
		paint_text(r.y + 1, r.x, r.w, A_BOLD, _(l->gives));
		paint_text(r.y + 2, r.x, r.w, theme_attr(THEME_WARN_TEXT), _(l->cost));
	} else if (r.h > 1) {
		paint_text(r.y + 1, r.x, r.w, A_BOLD, _(l->gives));
	}
}

const struct panel_class header_panel = {
	"header", 0, 90, 0, 0, header_size, NULL, header_draw, NULL
};
