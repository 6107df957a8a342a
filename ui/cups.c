/* cups.c: the cups panel: every order as a cup that fills as its phases complete; served cups show their latency. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "menu.h"
#include "paint.h"
#include "text.h"
#include "theme.h"

#define CUPS_INDENT 5
#define CUPS_ROWS_MAX 3
#define CUPS_SUMMARY_COLS 28	/* "985✔ 3▄ 12◌ 2✘ · ", kept free when the cups do not all fit */

static int
cups_token(const struct cafe_view *v, int id, char *tok, size_t len, attr_t *a)
{
	const struct theme_glyphs *g = theme_glyphs();
	const struct view_order *o = cafe_view_order(v, id);

	/* The drink in the cup (a request has none): what was ordered, filling as its phases finish. */
	const char *drink = v->act.ops->unit == CAFE_UNIT_REQUEST ? "" : cafe_drink_label(o->drink);
	const char *sep = drink[0] != '\0' ? " " : "";

	*a = A_NORMAL;
	if (o->lost) {
		snprintf(tok, len, "#%d%s%s%s ", id, sep, drink, g->lost);
		*a = theme_attr(THEME_WARN);
	} else if (o->done >= 0) {
		snprintf(tok, len, "#%d%s%s%s%.1fs ", id, sep, drink, g->served, (o->done - o->arrive) / 1e6);
		*a = theme_attr(THEME_OK);
	} else {
		int n = v->act.recipe.n, fill = n > 0 ? o->steps * 4 / n : 0;
		snprintf(tok, len, "#%d%s%s%s ", id, sep, drink, g->cup[fill]);
		if (!o->started)
			*a = theme_attr(THEME_DIM);
	}
	return cafe_text_width(tok);
}

/* Rows to show every cup, the newest first when they do not all fit. */
static void
cups_size(struct panel *p, const struct panel_ctx *ctx, int w, int *min, int *pref)
{
	const struct cafe_view *v = ctx->v;
	int width = 0, room = w - CUPS_INDENT;
	char tok[64];
	attr_t a;

	*min = 1;
	for (int id = v->nids; id >= 1 && width <= room * CUPS_ROWS_MAX; id--)
		width += cups_token(v, id, tok, sizeof tok, &a);
	*pref = room > 0 ? (width + room - 1) / room : 1;
	if (*pref > CUPS_ROWS_MAX)
		*pref = CUPS_ROWS_MAX;
	if (*pref > 2 && !ctx->roomy)
		*pref = 2;
	if (*pref < 1)
		*pref = 1;
}

static void
cups_draw(struct panel *p, const struct panel_ctx *ctx, struct ui_rect r)
{
	const struct cafe_view *v = ctx->v;
	char tok[64];
	int y = r.y, x = r.x + CUPS_INDENT, first = 1;
	attr_t a;

	paint_text(r.y, r.x, r.w, A_BOLD, _("Cups"));
	for (int i = 1; i < r.h; i++)
		paint_text(r.y + i, r.x, r.w, A_NORMAL, "");
	/*
	 * The newest cups win when they do not all fit: lay them out from the
	 * newest back, row by row as the drawing wraps them, with room on the
	 * first row for the counts that stand for the rest.
	 */
	int rows = 1, room = r.w - CUPS_INDENT, used = CUPS_SUMMARY_COLS;
	for (int id = v->nids; id >= 1; id--) {
		int w = cups_token(v, id, tok, sizeof tok, &a);
		if (used + w > room) {
			if (++rows > r.h) {
				first = id + 1;
				break;
			}
			used = 0;
		}
		used += w;
	}
	if (first > 1) {
		/* Too many cups to show: how many are in each state, then the newest. */
		const struct view_sums *sm = &v->sums;
		const struct theme_glyphs *g = theme_glyphs();
		int making = sm->arrived - sm->served - sm->queued - sm->lost;
		int n = snprintf(tok, sizeof tok, "%d%s %d%s %d%s", sm->served, g->served,
		    making > 0 ? making : 0, g->cup[2], sm->queued, g->cup[0]);
		if (sm->lost > 0)
			snprintf(tok + n, sizeof tok - (size_t)n, " %d%s", sm->lost, g->lost);
		snprintf(tok + strlen(tok), sizeof tok - strlen(tok), " %s ", g->sep);
		paint_text(y, x, cafe_text_width(tok), A_BOLD, tok);
		x += cafe_text_width(tok);
	}
	for (int id = first; id <= v->nids; id++) {
		int w = cups_token(v, id, tok, sizeof tok, &a);
		if (x + w > r.x + r.w) {
			if (++y >= r.y + r.h)
				break;
			x = r.x + CUPS_INDENT;
		}
		paint_text(y, x, w, a, tok);
		x += w;
	}
}

const struct panel_class cups_panel = {
	"cups", 0, 30, 0, 0, cups_size, NULL, cups_draw, NULL
};
