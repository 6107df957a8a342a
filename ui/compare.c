/* compare.c: the comparison overlay: every act run so far side by side, with speedup over sync. */
#include "config.h"

#include <stdio.h>

#include "i18n.h"
#include "model.h"
#include "paint.h"
#include "text.h"
#include "theme.h"

static void
compare_size(struct panel *p, const struct panel_ctx *ctx, int w, int *min, int *pref)
{
	*min = CAFE_ACTS + 3;
	*pref = CAFE_ACTS + 5;
}

/* One cell, right-aligned to cols display columns (translations may be wider than English). */
static int
compare_cell(char *buf, size_t len, const char *s, int cols)
{
	int pad = cols - cafe_text_width(s);

	return snprintf(buf, len, "%*s%s ", pad > 0 ? pad : 0, "", s);
}

static void
compare_draw(struct panel *p, const struct panel_ctx *ctx, struct ui_rect r)
{
	const struct panel_scores *sc = ctx->scores;
	static const int cols[] = { 3, 10, 9, 11, 10, 6, 8 };
	const char *head[] = { _("Act"), _("Model"), _("Makespan"), _("Throughput"), _("Latency"),
	    _("CPU"), _("Speedup") };
	char line[256], cell[7][48];
	int y = r.y, n;

	paint_box(r);
	paint_text(y++, r.x, r.w, theme_attr(THEME_TITLE), _(" Every act run so far (c to close)"));
	n = 0;
	for (int i = 0; i < 7; i++)
		n += compare_cell(line + n, sizeof line - (size_t)n, head[i], cols[i]);
	paint_text(y++, r.x + 1, r.w - 2, A_BOLD, line);
	for (int i = 0; i < CAFE_ACTS && y < r.y + r.h - 1; i++) {
		const struct view_sums *s = &sc->sums[i];
		const char *name = cafe_model_get(i + 1)->name;
		if (!sc->have[i]) {
			snprintf(line, sizeof line, _("%3d %10s  not run yet: press %d"), i + 1, name, i + 1);
			paint_text(y++, r.x + 1, r.w - 2, theme_attr(THEME_DIM), line);
			continue;
		}
		double span = s->makespan_us / 1e6;
		snprintf(cell[0], sizeof cell[0], "%d", i + 1);
		snprintf(cell[1], sizeof cell[1], "%s", name);
		snprintf(cell[2], sizeof cell[2], "%.2fs", span);
		snprintf(cell[3], sizeof cell[3], "%.2f/s", span > 0 ? s->served / span : 0);
		snprintf(cell[4], sizeof cell[4], "%.2fs", s->served > 0 ? s->latency_us / 1e6 / s->served : 0);
		snprintf(cell[5], sizeof cell[5], "%.0f%%", span > 0 ?
		    100.0 * (double)s->cpu_us / ((double)s->makespan_us * sc->cores[i]) : 0);
		snprintf(cell[6], sizeof cell[6], "-");
		if (sc->have[0] && s->makespan_us > 0)
			snprintf(cell[6], sizeof cell[6], "%.2fx",
			    (double)sc->sums[0].makespan_us / (double)s->makespan_us);
		n = 0;
		for (int k = 0; k < 7; k++)
			n += compare_cell(line + n, sizeof line - (size_t)n, cell[k], cols[k]);
		paint_text(y++, r.x + 1, r.w - 2, A_NORMAL, line);
	}
	if (y < r.y + r.h - 1 && !sc->have[0])
		paint_text(y, r.x + 1, r.w - 2, theme_attr(THEME_DIM),
		    _("Speedup is over act 1 (sync): run it once."));
}

const struct panel_class compare_panel = {
	"compare", 0, 0, 0, 0, compare_size, NULL, compare_draw, NULL
};
