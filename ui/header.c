/* header.c: the header panel: the act, who works, the café clock, speed, pause and replay; the act's lesson below. */
#include "config.h"

#include <stdio.h>

#include "i18n.h"
#include "paint.h"
#include "text.h"
#include "theme.h"

static void
header_size(struct panel *p, const struct panel_ctx *ctx, int w, int *min, int *pref)
{
	*min = 2;
	*pref = 2;
}

static void
header_draw(struct panel *p, const struct panel_ctx *ctx, struct ui_rect r)
{
	const struct cafe_act *a = ctx->act;
	char left[192], right[192], who[96];

	cafe_act_workers_label(a, who, sizeof who);
	snprintf(left, sizeof left, _(" Coroutine Café · Act %d · %s"), a->number, _(a->ops->title));
	/* The GIL only where it changes something. */
	if (a->ops->flags & CAFE_MODEL_GIL)
		snprintf(right, sizeof right, _("%.2fs  %gx  GIL %s  %s "), ctx->now / 1e6, ctx->speed,
		    a->gil ? _("on") : _("off"), who);
	else
		snprintf(right, sizeof right, _("%.2fs  %gx  %s "), ctx->now / 1e6, ctx->speed, who);
	int rw = cafe_text_width(right);
	/* Narrow: the café's name goes before anything about the act does. */
	if (cafe_text_width(left) + rw + 2 > r.w)
		snprintf(left, sizeof left, _(" Act %d · %s"), a->number, _(a->ops->title));
	if (cafe_text_width(left) + rw + 2 > r.w)
		rw = 0;
	paint_text(r.y, r.x, r.w - rw, theme_attr(THEME_TITLE), left);
	if (rw > 0)
		paint_text(r.y, r.x + r.w - rw, rw, theme_attr(THEME_TITLE), right);
	/* Tags right of the title: what plays, and whether the clock stands. */
	int tx = r.x + r.w - rw;
	if (ctx->paused) {
		const char *t = _(" PAUSED ");
		tx -= cafe_text_width(t) + 1;
		paint_text(r.y, tx, cafe_text_width(t), theme_attr(THEME_PAUSED), t);
	}
	if (!ctx->live) {
		const char *t = _(" REPLAY ");
		tx -= cafe_text_width(t) + 1;
		paint_text(r.y, tx, cafe_text_width(t), theme_attr(THEME_PAUSED), t);
	}
	if (r.h > 1)
		paint_text(r.y + 1, r.x, r.w, A_BOLD, _(a->ops->lesson));
}

const struct panel_class header_panel = {
	"header", 90, 0, 0, header_size, header_draw, NULL
};
