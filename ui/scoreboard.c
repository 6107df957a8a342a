/* scoreboard.c: the score panel: the run so far in one line, from the view's running sums. */
#include "config.h"

#include <stdio.h>

#include "i18n.h"
#include "paint.h"
#include "theme.h"

static void
score_size(struct panel *p, const struct panel_ctx *ctx, int w, int *min, int *pref)
{
	*min = 1;
	*pref = 1;
}

static void
score_draw(struct panel *p, const struct panel_ctx *ctx, struct ui_rect r)
{
	const struct cafe_view *v = ctx->v;
	const struct view_sums *s = &v->sums;
	char line[320], part[96];
	int64_t span = v->ended ? s->makespan_us : ctx->now;
	double util = span > 0 ? (double)s->cpu_us / ((double)span * v->cores) : 0;
	int n;

	/* Until the last cup, the time so far; then the makespan, beside the ideal one. */
	if (v->ended)
		n = snprintf(line, sizeof line, _("Served %d/%d  makespan %.2fs"), s->served, v->nids, span / 1e6);
	else
		n = snprintf(line, sizeof line, _("Served %d/%d  so far %.2fs"), s->served, v->nids, span / 1e6);
	if (s->lost > 0)
		n += snprintf(line + n, sizeof line - (size_t)n, _(", %d lost"), s->lost);
	/* The ideal holds only for the orders it was computed for, not for added customers. */
	if (ctx->ideal_us > 0 && v->nids == v->norders0)
		n += snprintf(line + n, sizeof line - (size_t)n, _(" (ideal %.2fs)"), ctx->ideal_us / 1e6);
	/* Orders per second are the comparison's (c): here, how long a customer waited on average. */
	if (s->served > 0)
		snprintf(part, sizeof part, _("  latency %.2fs"), s->latency_us / 1e6 / s->served);
	else
		part[0] = '\0';
	n += snprintf(line + n, sizeof line - (size_t)n, "%s", part);
	snprintf(line + n, sizeof line - (size_t)n,
	    ngettext("  CPU %.0f%% of %d core", "  CPU %.0f%% of %d cores", v->cores), util * 100, v->cores);
	paint_text(r.y, r.x, r.w, v->ended ? theme_attr(THEME_OK) | A_BOLD : A_BOLD, line);
}

const struct panel_class score_panel = {
	"score", 0, 80, 0, 0, score_size, NULL, score_draw, NULL
};
