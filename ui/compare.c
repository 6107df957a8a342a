/* compare.c: the comparison overlay: every act run so far, its speedup over sync as a bar, measured beside its ideal. */
#include "config.h"

#include <stdio.h>

#include "i18n.h"
#include "act.h"
#include "model.h"
#include "paint.h"
#include "text.h"
#include "theme.h"

#define COMPARE_BAR 20

static void
compare_size(struct panel *p, const struct panel_ctx *ctx, int w, int *min, int *pref)
{
	*min = CAFE_ACTS + 3;
	*pref = CAFE_ACTS + 6;
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
	static const int cols[] = { 3, 10, 9, 9, 7 };
	const char *head[] = { _("Act"), _("Model"), _("Makespan"), _("Latency"), _("CPU") };
	char line[512], cell[5][48], sp[64];
	double best = 1;
	int y = r.y, n;

	paint_box(r);
	paint_text(y++, r.x, r.w, theme_attr(THEME_TITLE),
	    _(" Every act run so far (c: the summary)"));
	for (int i = 0; i < CAFE_ACTS; i++)
		if (sc->have[i] && sc->have[0] && sc->sums[i].makespan_us > 0) {
			double x = (double)sc->sums[0].makespan_us / (double)sc->sums[i].makespan_us;
			best = x > best ? x : best;
		}
	n = 0;
	for (int i = 0; i < 5; i++)
		n += compare_cell(line + n, sizeof line - (size_t)n, head[i], cols[i]);
	snprintf(line + n, sizeof line - (size_t)n, " %s", _("Speedup over sync (ideal)"));
	paint_text(y++, r.x + 1, r.w - 2, A_BOLD, line);
	for (int i = 0; i < CAFE_ACTS && y < r.y + r.h - 2; i++) {
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
		snprintf(cell[3], sizeof cell[3], "%.2fs", s->served > 0 ? s->latency_us / 1e6 / s->served : 0);
		snprintf(cell[4], sizeof cell[4], "%.0f%%", span > 0 ?
		    100.0 * (double)s->cpu_us / ((double)s->makespan_us * sc->cores[i]) : 0);
		n = 0;
		for (int k = 0; k < 5; k++)
			n += compare_cell(line + n, sizeof line - (size_t)n, cell[k], cols[k]);
		paint_text(y, r.x + 1, r.w - 2, A_NORMAL, line);
		int x = r.x + 1 + n + 1;
		if (!sc->have[0] || s->makespan_us <= 0) {
			paint_text(y++, x, r.x + r.w - 1 - x, theme_attr(THEME_DIM), "-");
			continue;
		}
		double speed = (double)sc->sums[0].makespan_us / (double)s->makespan_us;
		int len = snprintf(sp, sizeof sp, "%.2fx", speed);
		if (sc->ideal_us[i] > 0 && sc->ideal_us[0] > 0)
			snprintf(sp + len, sizeof sp - (size_t)len, _(" (ideal %.2fx)"),
			    (double)sc->ideal_us[0] / (double)sc->ideal_us[i]);
		/* Act 6 serves web requests arriving over time: another workload, not a faster café. */
		if (cafe_model_get(i + 1)->unit != cafe_model_get(1)->unit) {
			paint_text(y++, x, r.x + r.w - 1 - x, theme_attr(THEME_DIM),
			    _("other work: web requests arriving over time"));
			continue;
		}
		/* The bar gives way to the figures when narrow: they are what the class reads out. */
		int bar = r.x + r.w - 2 - x - cafe_text_width(sp) - 1;
		bar = bar > COMPARE_BAR ? COMPARE_BAR : bar < 4 ? 4 : bar;
		paint_bar(y, x, bar, speed / best, theme_attr(THEME_OK) | A_REVERSE);
		paint_text(y++, x + bar + 1, r.x + r.w - 2 - x - bar, A_BOLD, sp);
	}
	/* Where an act made a blocking call of what is CPU work elsewhere, its speedup says nothing about CPU. */
	for (int i = 0; i < CAFE_ACTS && y < r.y + r.h - 1; i++) {
		struct cafe_settings s;
		struct cafe_act a;
		cafe_settings_init(&s);
		s.act = i + 1;
		if (sc->have[i] && cafe_act_init(&a, &s) == 0)
			for (int ph = 0; ph < CAFE_PH_COUNT; ph++)
				if (a.kind[ph] == CAFE_KIND_BLOCK && cafe_phase_kind(ph) == CAFE_KIND_CPU) {
					char note[256];
					snprintf(note, sizeof note, _("Act %d: its %s is a blocking call, not CPU "
					    "work: for CPU work, use processes."), i + 1, cafe_phase_label(ph));
					y += paint_wrap(y, r.x + 1, r.w - 2, 2, theme_attr(THEME_WARN_TEXT), note);
					break;
				}
		cafe_settings_free(&s);
	}
	if (y < r.y + r.h - 1 && !sc->have[0])
		paint_text(y, r.x + 1, r.w - 2, theme_attr(THEME_DIM),
		    _("Speedup is over act 1 (sync): run it once."));
}

const struct panel_class compare_panel = {
	"compare", 0, 0, 0, 0, compare_size, NULL, compare_draw, NULL
};
