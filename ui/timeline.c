/* timeline.c: café time across the screen: each cell shows the phase that covers most of it, from the lane's whole history. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "menu.h"
#include "paint.h"
#include "text.h"
#include "theme.h"
#include "timeline.h"

#define TL_MAX_COLS 400
/* Past this many segments per cell a window is sampled, one look-up per cell. */
#define TL_DENSE 256

struct tl_cells {
	int	phase[TL_MAX_COLS];
	int64_t	cover[TL_MAX_COLS];
	int	cpu[TL_MAX_COLS];	/* the CPU phase seen in the cell, -1 none */
	int64_t	cpu_cover[TL_MAX_COLS];
	int64_t	wait_cover[TL_MAX_COLS];	/* gil-wait */
};

#define TL_SPAN0_US 4000000LL
#define TL_SPAN_MAX_US 64000000LL

int64_t
timeline_span(const struct cafe_view *v, int64_t now)
{
	int64_t span = TL_SPAN0_US;

	if (v->ended && v->end_us > 0)
		return v->end_us * 21 / 20;
	while (now > span * 95 / 100 && span < TL_SPAN_MAX_US)
		span *= 2;
	return span;
}

void
timeline_window(struct tl_window *tw, int64_t now, int64_t span, int w)
{
	tw->cols = w < TL_MAX_COLS ? w : TL_MAX_COLS;
	if (tw->cols < 1)
		tw->cols = 1;
	tw->now = now;
	tw->t0 = now > span ? now - span : 0;
	tw->dt = span / tw->cols > 0 ? span / tw->cols : 1;
}

static void
timeline_reset(struct tl_cells *c, int cols)
{
	for (int k = 0; k < cols; k++) {
		c->phase[k] = c->cpu[k] = -1;
		c->cover[k] = c->cpu_cover[k] = c->wait_cover[k] = 0;
	}
}

/* Adds ov µs of phase to cell k. */
static void
timeline_cover(const struct cafe_act *a, struct tl_cells *c, int k, int phase, int64_t ov)
{
	if (phase == CAFE_PH_GIL_WAIT) {
		c->wait_cover[k] += ov;
	} else if (a->kind[phase] == CAFE_KIND_CPU) {
		c->cpu_cover[k] += ov;
		c->cpu[k] = phase;
	}
	if (ov > c->cover[k]) {
		c->cover[k] = ov;
		c->phase[k] = phase;
	}
}

/* For each cell, the phase that covers most of it; sampled where segments are denser than cells. */
static void
timeline_fill(const struct panel_ctx *ctx, const struct view_lane *l, const struct tl_window *tw,
    struct tl_cells *c, int cpu_only)
{
	int64_t t1 = tw->t0 + tw->dt * tw->cols;
	size_t first = cafe_view_seg_after(l, tw->t0), last = cafe_view_seg_after(l, t1);

	if (last - first > (size_t)tw->cols * TL_DENSE) {
		for (int k = 0; k < tw->cols; k++) {
			int64_t mid = tw->t0 + k * tw->dt + tw->dt / 2;
			if (mid > tw->now)
				break;		/* the future has nothing yet */
			size_t i = cafe_view_seg_after(l, mid);
			if (i < l->nseg && l->seg[i].from <= mid && (!cpu_only ||
			    ctx->act->kind[l->seg[i].phase] == CAFE_KIND_CPU))
				timeline_cover(ctx->act, c, k, l->seg[i].phase, tw->dt);
		}
		return;
	}
	for (size_t i = first; i < l->nseg; i++) {
		const struct view_seg *s = &l->seg[i];
		int64_t to = s->to < 0 ? tw->now : s->to;
		if (s->from >= t1)
			break;
		if (to <= s->from || to <= tw->t0)
			continue;
		if (cpu_only && (s->phase == CAFE_PH_GIL_WAIT || ctx->act->kind[s->phase] != CAFE_KIND_CPU))
			continue;
		int c0 = (int)((s->from > tw->t0 ? s->from - tw->t0 : 0) / tw->dt);
		int c1 = (int)((to - tw->t0 + tw->dt - 1) / tw->dt);
		if (c1 > tw->cols)
			c1 = tw->cols;
		for (int k = c0; k < c1; k++) {
			int64_t a = tw->t0 + k * tw->dt, b = a + tw->dt;
			timeline_cover(ctx->act, c, k, s->phase, (to < b ? to : b) - (s->from > a ? s->from : a));
		}
	}
}

void
timeline_lane(const struct panel_ctx *ctx, const struct view_lane *l, const struct tl_window *tw,
    int y, int x)
{
	static struct tl_cells c;
	const struct theme_glyphs *g = theme_glyphs();

	timeline_reset(&c, tw->cols);
	timeline_fill(ctx, l, tw, &c, 0);
	for (int k = 0; k < tw->cols; k++) {
		int ph = c.phase[k];
		if (ph < 0) {
			attrset(theme_attr(THEME_DIM));
			mvaddstr(y, x + k, tw->t0 + k * tw->dt > tw->now ? " " : g->sep);
			continue;
		}
		const uint8_t *kind = ctx->act->kind;
		char ch = theme_kind_char(ph, kind[ph]);
		attr_t a = theme_kind_attr(ph, kind[ph]);
		/*
		 * Under the GIL a cell mixes short slices of work and of waiting:
		 * mostly working shows the phase, sharing shows it in lower case.
		 */
		int64_t cw = c.cpu_cover[k], ww = c.wait_cover[k];
		if (c.cpu[k] >= 0 && ww > 0 && cw * 10 >= cw + ww) {
			ph = c.cpu[k];
			ch = theme_kind_char(ph, kind[ph]);
			a = theme_kind_attr(ph, kind[ph]);
			if (cw * 2 < cw + ww) {
				ch = (char)(ch | 0x20);
				a |= A_DIM;
			}
		}
		if (cafe_act_blocks_loop(ctx->act, l->kind, ph))
			a = theme_attr(THEME_WARN);
		paint_cell(y, x + k, a, ch);
	}
	attrset(A_NORMAL);
}

void
timeline_task(const struct panel_ctx *ctx, int id, const struct tl_window *tw, int y, int x)
{
	static struct tl_cells c;
	const struct cafe_view *v = ctx->v;
	const struct view_order *o = cafe_view_order(v, id);

	timeline_reset(&c, tw->cols);
	/* Few tasks have lanes of their own, so their awaits are few: look at all of them. */
	for (size_t i = 0; i < v->nawaits; i++) {
		const struct view_seg *s = &v->awaits[i];
		int64_t to = s->to < 0 ? tw->now : s->to;
		if (s->order != id || to <= tw->t0)
			continue;
		for (int k = 0; k < tw->cols; k++) {
			int64_t a = tw->t0 + k * tw->dt, b = a + tw->dt;
			int64_t ov = (to < b ? to : b) - (s->from > a ? s->from : a);
			if (ov > c.cover[k]) {
				c.cover[k] = ov;
				c.phase[k] = s->phase;
			}
		}
	}
	for (int k = 0; k < tw->cols; k++) {
		int64_t a = tw->t0 + k * tw->dt;
		int ph = c.phase[k];
		/* Blank before the task exists and after it is served; '-' while it runs or waits its turn. */
		int gone = a > tw->now || a + tw->dt <= o->arrive || o->arrive < 0 ||
		    (o->done >= 0 && a >= o->done);
		if (ph >= 0)
			paint_cell(y, x + k, theme_kind_attr(ph, ctx->act->kind[ph]),
			    theme_kind_char(ph, ctx->act->kind[ph]));
		else
			paint_cell(y, x + k, theme_attr(THEME_DIM), gone ? ' ' : '-');
	}
	attrset(A_NORMAL);
}

void
timeline_awaiting(const struct panel_ctx *ctx, const struct tl_window *tw, int y, int x)
{
	for (int k = 0; k < tw->cols; k++) {
		int64_t a = tw->t0 + k * tw->dt;
		int n = a > tw->now ? 0 : cafe_view_awaiting_max(ctx->v, a, a + tw->dt);
		paint_cell(y, x + k, n ? theme_phase_attr(CAFE_PH_BREW) : A_NORMAL,
		    n == 0 ? ' ' : n > 9 ? '+' : (char)('0' + n));
	}
	attrset(A_NORMAL);
}

void
timeline_gil(const struct panel_ctx *ctx, const struct tl_window *tw, int y, int x)
{
	static struct tl_cells c;
	static int holder[TL_MAX_COLS];
	static int64_t best[TL_MAX_COLS];
	const struct cafe_view *v = ctx->v;

	for (int k = 0; k < tw->cols; k++) {
		holder[k] = -1;
		best[k] = 0;
	}
	/* The thread whose CPU covers most of each cell held the GIL then (processes have none of it). */
	for (size_t i = 0; i < v->nlanes; i++) {
		const struct view_lane *l = &v->lanes[i];
		if (l->kind == CAFE_WK_PROCESS || l->kind == CAFE_WK_MAIN)
			continue;
		timeline_reset(&c, tw->cols);
		timeline_fill(ctx, l, tw, &c, 1);
		for (int k = 0; k < tw->cols; k++)
			if (c.cpu_cover[k] > best[k]) {
				best[k] = c.cpu_cover[k];
				holder[k] = l->kind == CAFE_WK_LOOP ? -2 : l->index;
			}
	}
	for (int k = 0; k < tw->cols; k++)
		paint_cell(y, x + k, holder[k] == -1 ? A_NORMAL : theme_phase_attr(CAFE_PH_GRIND),
		    holder[k] == -1 ? ' ' : holder[k] == -2 ? 'L' :
		    "0123456789abcdefghijklmnopqrstuvwxyz"[holder[k] % 36]);
	attrset(A_NORMAL);
}

void
timeline_core(const struct panel_ctx *ctx, int c, const struct tl_window *tw, int y, int x)
{
	const struct theme_glyphs *g = theme_glyphs();

	for (int k = 0; k < tw->cols; k++) {
		int64_t a = tw->t0 + k * tw->dt;
		int busy = a > tw->now ? -1 : cafe_view_core_busy(ctx->v, c, a, a + tw->dt);
		int level = busy < 0 ? 0 : (busy * 8 + 999) / 1000;
		attrset(busy < 0 ? A_NORMAL : level >= 5 ? theme_attr(THEME_OK) | A_BOLD : theme_attr(THEME_OK));
		mvaddstr(y, x + k, g->ramp[level > 8 ? 8 : level]);
	}
	attrset(A_NORMAL);
}

void
timeline_axis(const struct panel_ctx *ctx, const struct tl_window *tw, int y, int x)
{
	int64_t step = 1000000;
	char lab[32];

	paint_text(y, x, tw->cols, theme_attr(THEME_DIM), "");
	while (step / tw->dt < 8)
		step *= 2;
	for (int64_t t = (tw->t0 + step - 1) / step * step; t < tw->t0 + tw->dt * tw->cols; t += step) {
		int k = (int)((t - tw->t0) / tw->dt);
		snprintf(lab, sizeof lab, "|%llds", (long long)(t / 1000000));
		if (k + cafe_text_width(lab) <= tw->cols)
			paint_text(y, x + k, cafe_text_width(lab), theme_attr(THEME_DIM), lab);
	}
	/* The teacher's marks, on the axis where they fall. */
	for (size_t i = 0; i < ctx->v->nmarks; i++) {
		int64_t t = ctx->v->marks[i];
		if (t < tw->t0 || t >= tw->t0 + tw->dt * tw->cols)
			continue;
		paint_text(y, x + (int)((t - tw->t0) / tw->dt), 1, theme_attr(THEME_WARN_TEXT) | A_BOLD,
		    theme_glyphs()->mark);
	}
}

/* One legend item at col, if it fits: the cell's glyph, then its name. */
static int
timeline_legend_item(int y, int x, int w, int col, attr_t a, char ch, const char *name)
{
	char item[128];
	int need = 3 + cafe_text_width(name);

	if (col + need > w)
		return col;
	snprintf(item, sizeof item, " %s", name);
	paint_cell(y, x + col, a, ch);
	paint_text(y, x + col + 1, need - 1, A_NORMAL, item);
	return col + need;
}

/* Text at col, if it fits. */
static int
timeline_legend_text(int y, int x, int w, int col, attr_t a, const char *s)
{
	int need = cafe_text_width(s) + 1;

	if (col + need > w)
		return col;
	paint_text(y, x + col, need, a, s);
	return col + need;
}

void
timeline_legend(const struct panel_ctx *ctx, int y, int x, int w)
{
	const struct cafe_act *a = ctx->act;
	char head[64], ramp[64];
	int col = 0;

	paint_text(y, x, w, A_NORMAL, "");
	/* By kind, so that CPU and waiting read apart in glyphs as well as colours. */
	for (int kind = CAFE_KIND_CPU; kind <= CAFE_KIND_BLOCK; kind++) {
		int any = 0;
		for (int i = 0; i < a->recipe.n; i++) {
			int ph = a->recipe.phase[i];
			if (a->kind[ph] != kind)
				continue;
			if (!any++) {
				/* A kind's name only with room for its first phase too. */
				snprintf(head, sizeof head, "%s:", cafe_phase_kind_label(kind));
				if (col + cafe_text_width(head) + 4 + cafe_text_width(cafe_phase_label(ph)) > w)
					break;
				col = timeline_legend_text(y, x, w, col, A_BOLD, head);
			}
			col = timeline_legend_item(y, x, w, col, theme_kind_attr(ph, kind),
			    theme_kind_char(ph, kind), cafe_phase_label(ph));
		}
	}
	if (a->gil) {
		char gil[96];
		snprintf(gil, sizeof gil, _("GIL wait, g: in turns (%g ms)"), ctx->v->switch_ms);
		col = timeline_legend_item(y, x, w, col, theme_phase_attr(CAFE_PH_GIL_WAIT),
		    theme_phase_char(CAFE_PH_GIL_WAIT), gil);
	}
	if (a->processes > 0)
		col = timeline_legend_item(y, x, w, col, theme_phase_attr(CAFE_PH_SPAWN),
		    theme_phase_char(CAFE_PH_SPAWN), _("start-up (emulated spawn)"));
	if (a->processes > 0 && ctx->v->dur_ms[CAFE_PH_IPC] > 0)
		col = timeline_legend_item(y, x, w, col, theme_phase_attr(CAFE_PH_IPC),
		    theme_phase_char(CAFE_PH_IPC), _("pickling (emulated IPC)"));
	if (a->loop)
		col = timeline_legend_item(y, x, w, col, theme_attr(THEME_DIM), '-', _("task waits its turn"));
	snprintf(ramp, sizeof ramp, "%s%s%s %s", theme_glyphs()->ramp[1], theme_glyphs()->ramp[4],
	    theme_glyphs()->ramp[8], _("core busy (whole machine)"));
	timeline_legend_text(y, x, w, col, theme_attr(THEME_DIM), ramp);
}
