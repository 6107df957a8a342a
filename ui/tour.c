/* tour.c: the guided tour's card: the act as the seed tells it and a question for the class; after the act, what happened. */
#include "config.h"

#include <stdio.h>

#include "i18n.h"
#include "paint.h"
#include "text.h"
#include "theme.h"

static void
tour_size(struct panel *p, const struct panel_ctx *ctx, int w, int *min, int *pref)
{
	*min = 8;
	*pref = 14;
}

static void
tour_draw(struct panel *p, const struct panel_ctx *ctx, struct ui_rect r)
{
	const struct cafe_act *a = ctx->act;
	const struct cafe_view *v = ctx->v;
	char line[320];
	int y = r.y, w = r.w - 4, x = r.x + 2, bottom = r.y + r.h - 2;

	paint_box(r);
	snprintf(line, sizeof line, _(" Tour · act %d of %d · %s"), a->number, CAFE_ACTS, _(a->ops->title));
	paint_text(y++, r.x, r.w, theme_attr(THEME_TITLE), line);
	y++;
	if (!ctx->tour_told) {
		/* Before the act: the story, then the question the class answers out loud first. */
		y += paint_wrap(y, x, w, bottom - y - 3, A_NORMAL, _(a->ops->tour->story));
		y++;
		if (y < bottom)
			y += paint_wrap(y, x, w, bottom - y, theme_attr(THEME_OK) | A_BOLD,
			    _(a->ops->tour->question));
		paint_text(bottom, x, w, theme_attr(THEME_DIM),
		    _("Guess first, then Enter: the act runs.   Backspace: the act before   q: quit"));
		return;
	}
	/* After the act: what was measured, and what the seed says it means. */
	const struct cafe_lesson *l = cafe_act_lesson(a);
	snprintf(line, sizeof line, _("Measured: %d orders in %.2f s (the ideal: %.2f s), CPU %.0f%% of %d cores."),
	    v->sums.served, v->sums.makespan_us / 1e6, ctx->ideal_us / 1e6,
	    v->sums.makespan_us > 0 ? 100.0 * (double)v->sums.cpu_us /
	    ((double)v->sums.makespan_us * v->cores) : 0, v->cores);
	y += paint_wrap(y, x, w, 2, A_BOLD, line);
	y++;
	if (y < bottom)
		y += paint_wrap(y, x, w, bottom - y, A_NORMAL, _(l->gives));
	if (y < bottom)
		y += paint_wrap(y, x, w, bottom - y, theme_attr(THEME_WARN_TEXT), _(l->cost));
	paint_text(bottom, x, w, theme_attr(THEME_DIM),
	    _("Enter: the next act   r: this act again   Backspace: the act before   q: quit"));
}

const struct panel_class tour_panel = {
	"tour", 0, 0, 0, 0, tour_size, NULL, tour_draw, NULL
};
