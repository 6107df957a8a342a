/* scoreboard.c: the run so far in one line, and every act side by side on 'c'. */
#include "config.h"

#include <stdio.h>

#include "i18n.h"
#include "model.h"
#include "paint.h"
#include "theme.h"

void
scoreboard_draw(const struct cafe_view *v, struct ui_rect r)
{
	struct cafe_summary s;
	char line[256];
	int total = v->nids;

	cafe_stats_summary(v->stats, &s);
	int64_t span = v->ended ? s.makespan_us : v->now;
	double util = span > 0 ? (double)s.cpu_us / ((double)span * v->cores) : 0;
	int n = snprintf(line, sizeof line, _("Served %d/%d  %s %.2fs"), v->served, total,
	    v->ended ? _("measured") : _("makespan"), span / 1e6);
	/* The ideal holds only for the orders it was computed for, not for added customers. */
	if (v->ideal_us > 0 && total == v->norders0)
		n += snprintf(line + n, sizeof line - (size_t)n, _(", ideal %.2fs"), v->ideal_us / 1e6);
	snprintf(line + n, sizeof line - (size_t)n, _("  %.2f/s  mean latency %.2fs  CPU %.0f%%"),
	    span > 0 ? v->served / (span / 1e6) : 0, s.mean_latency_us / 1e6, util * 100);
	paint_text(r.y, r.x, r.w, v->ended ? theme_attr(THEME_OK) | A_BOLD : A_BOLD, line);
}

void
compare_draw(struct ui_rect r, const struct cafe_summary *sum, const int *have)
{
	char line[160];
	int y = r.y;

	paint_box(r);
	paint_text(y++, r.x, r.w, theme_attr(THEME_TITLE), _(" Every act run so far (c to close)"));
	snprintf(line, sizeof line, "%-3s %-10s %9s %11s %10s %6s %8s", _("Act"), _("Model"),
	    _("Makespan"), _("Throughput"), _("Latency"), _("CPU"), _("Speedup"));
	paint_text(y++, r.x + 1, r.w - 2, A_BOLD, line);
	for (int i = 0; i < CAFE_ACTS && y < r.y + r.h; i++) {
		const struct cafe_summary *s = &sum[i];
		if (!have[i]) {
			snprintf(line, sizeof line, _("%-3d %-10s  not run yet: press %d"), i + 1,
			    cafe_model_get(i + 1)->name, i + 1);
			paint_text(y++, r.x + 1, r.w - 2, theme_attr(THEME_DIM), line);
			continue;
		}
		char sp[16] = "-";
		if (have[0] && s->makespan_us > 0)
			snprintf(sp, sizeof sp, "%.2fx", (double)sum[0].makespan_us / (double)s->makespan_us);
		snprintf(line, sizeof line, "%-3d %-10s %8.2fs %9.2f/s %9.2fs %5.0f%% %8s", i + 1,
		    cafe_model_get(i + 1)->name, s->makespan_us / 1e6, s->throughput,
		    s->mean_latency_us / 1e6, s->cpu_util * 100, sp);
		paint_text(y++, r.x + 1, r.w - 2, A_NORMAL, line);
	}
	if (y < r.y + r.h && !have[0])
		paint_text(y, r.x + 1, r.w - 2, theme_attr(THEME_DIM), _("Speedup is over act 1 (sync): run it once."));
}
