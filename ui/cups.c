/* cups.c: every order as a cup that fills as its phases complete; served cups show their latency. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "paint.h"
#include "text.h"
#include "theme.h"

void
cups_draw(const struct cafe_view *v, struct ui_rect r)
{
	const struct theme_glyphs *g = theme_glyphs();
	char tok[64];
	int y = r.y, x = r.x, first = 1;

	paint_text(r.y, r.x, r.w, A_BOLD, _("Cups"));
	for (int i = 1; i < r.h; i++)
		paint_text(r.y + i, r.x, r.w, A_NORMAL, "");
	x += 5;
	/* The newest cups win when they do not all fit: count back how many fit. */
	int width = 0;
	for (int id = v->nids; id >= 1; id--) {
		const struct view_order *o = &v->orders[id];
		if (o->done >= 0)
			snprintf(tok, sizeof tok, "#%d%s%.1fs ", id, g->served, (o->done - o->arrive) / 1e6);
		else
			snprintf(tok, sizeof tok, "#%d%s ", id, g->cup[0]);
		width += cafe_text_width(tok);
		if (width > (r.w - 5) * r.h - 12) {
			first = id + 1;
			break;
		}
	}
	if (first > 1) {
		snprintf(tok, sizeof tok, _("+%d more "), first - 1);
		paint_text(y, x, (int)cafe_text_width(tok), theme_attr(THEME_DIM), tok);
		x += cafe_text_width(tok);
	}
	for (int id = first; id <= v->nids; id++) {
		const struct view_order *o = &v->orders[id];
		attr_t a = A_NORMAL;
		if (o->done >= 0) {
			snprintf(tok, sizeof tok, "#%d%s%.1fs ", id, g->served, (o->done - o->arrive) / 1e6);
			a = theme_attr(THEME_OK);
		} else {
			int fill = v->steps > 0 ? o->steps * 4 / v->steps : 0;
			snprintf(tok, sizeof tok, "#%d%s ", id, g->cup[fill]);
			if (!o->started)
				a = theme_attr(THEME_DIM);
		}
		int w = cafe_text_width(tok);
		if (x + w > r.x + r.w) {
			if (++y >= r.y + r.h)
				break;
			x = r.x + 5;
		}
		paint_text(y, x, w, a, tok);
		x += w;
	}
}
