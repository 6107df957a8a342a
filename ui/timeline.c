/* timeline.c: one lane per worker coloured by phase over café time, the awaiting tasks, the GIL holder, an axis and a legend. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "menu.h"
#include "paint.h"
#include "theme.h"

#define TL_MAX_COLS 400
/* Extra lanes (tasks, awaiting, GIL) put their labels over the barista column, left of the timeline. */
#define TL_LABEL_X(x) ((x) - PAINT_STATUS - PAINT_LANE_LABEL - 1)

struct tl_cells {
	int	phase[TL_MAX_COLS];
	int64_t	cover[TL_MAX_COLS];
	int	lane[TL_MAX_COLS];
	int	cpu[TL_MAX_COLS];	/* the CPU phase seen in the cell, -1 none */
	int64_t	cpu_cover[TL_MAX_COLS];
	int64_t	wait_cover[TL_MAX_COLS];	/* gil-wait */
};

/* For each cell, the phase that covers most of it. */
static void
timeline_fill(const struct cafe_view *v, const struct view_lane *l, int lane, int64_t t0,
    int64_t dt, int cols, struct tl_cells *c, int cpu_only)
{
	uint64_t first = l->nseg > VIEW_SEGS ? l->nseg - VIEW_SEGS : 0;
	int64_t t1 = t0 + dt * cols;

	for (uint64_t i = l->nseg; i > first; i--) {
		const struct view_seg *s = cafe_view_seg(v, l, i - 1);
		int64_t to = s->to < 0 ? v->now : s->to;
		if (to <= t0)
			break;		/* segments are in time order: the rest are older */
		if (s->from >= t1 || to <= s->from)
			continue;
		if (cpu_only && (s->phase == CAFE_PH_GIL_WAIT || cafe_phase_kind(s->phase) != CAFE_KIND_CPU))
			continue;
		int c0 = (int)((s->from > t0 ? s->from - t0 : 0) / dt);
		int c1 = (int)((to - t0 + dt - 1) / dt);
		if (c1 > cols)
			c1 = cols;
		for (int k = c0; k < c1; k++) {
			int64_t a = t0 + k * dt, b = a + dt;
			int64_t ov = (to < b ? to : b) - (s->from > a ? s->from : a);
			if (s->phase == CAFE_PH_GIL_WAIT) {
				c->wait_cover[k] += ov;
			} else if (cafe_phase_kind(s->phase) == CAFE_KIND_CPU) {
				c->cpu_cover[k] += ov;
				c->cpu[k] = s->phase;
			}
			if (ov > c->cover[k]) {
				c->cover[k] = ov;
				c->phase[k] = s->phase;
				c->lane[k] = lane;
			}
		}
	}
}

static void
timeline_cells_reset(struct tl_cells *c, int cols)
{
	for (int k = 0; k < cols; k++) {
		c->phase[k] = -1;
		c->cover[k] = 0;
		c->lane[k] = -1;
		c->cpu[k] = -1;
		c->cpu_cover[k] = c->wait_cover[k] = 0;
	}
}

static int
timeline_blocks_loop(const struct cafe_view *v, const struct view_lane *l, int phase)
{
	return l->kind == CAFE_WK_LOOP && (phase == CAFE_PH_SYNC_LIB ||
	    (v->act == 5 && phase == CAFE_PH_GRIND));
}

static void
timeline_row(const struct cafe_view *v, const struct view_lane *l, int y, int x, int cols,
    const struct tl_cells *c, int64_t t0, int64_t dt)
{
	const struct theme_glyphs *g = theme_glyphs();

	for (int k = 0; k < cols; k++) {
		int ph = c->phase[k];
		if (ph < 0) {
			attrset(theme_attr(THEME_DIM));
			mvaddstr(y, x + k, t0 + k * dt > v->now ? " " : g->sep);
			continue;
		}
		char ch[2] = { theme_phase_char(ph), '\0' };
		attr_t a = theme_phase_attr(ph);
		/*
		 * Under the GIL a cell mixes short slices of work and of waiting:
		 * mostly working shows the phase, sharing shows it in lower case.
		 */
		int64_t cw = c->cpu_cover[k], ww = c->wait_cover[k];
		if (c->cpu[k] >= 0 && ww > 0 && cw * 10 >= (cw + ww)) {
			ph = c->cpu[k];
			ch[0] = theme_phase_char(ph);
			a = theme_phase_attr(ph);
			if (cw * 2 < cw + ww) {
				ch[0] = (char)(ch[0] | 0x20);
				a |= A_DIM;
			}
		}
		if (l != NULL && timeline_blocks_loop(v, l, ph))
			a = theme_attr(THEME_WARN);
		attrset(a);
		mvaddstr(y, x + k, ch);
	}
	attrset(A_NORMAL);
}

static const int timeline_coffee[] = { CAFE_PH_TAKE, CAFE_PH_GRIND, CAFE_PH_BREW, CAFE_PH_SERVE, -1 };
static const int timeline_request[] = { CAFE_PH_DB_QUERY, CAFE_PH_API_CALL, CAFE_PH_EMBED,
	CAFE_PH_SYNC_LIB, CAFE_PH_RESPOND, -1 };

static void
timeline_legend(const struct cafe_view *v, int y, int x, int w)
{
	int extra[4], n = 0, col = 0;
	const int *ph = v->act == 6 ? timeline_request : timeline_coffee;

	if (v->act == 2 && v->gil)
		extra[n++] = CAFE_PH_GIL_WAIT;	/* g: grinding in turns with others */
	if (v->act == 3 || v->act == 6)
		extra[n++] = CAFE_PH_SPAWN;
	extra[n] = -1;
	move(y, x);
	for (int pass = 0; pass < 2; pass++) {
		for (const int *p = pass ? extra : ph; *p >= 0; p++) {
			const char *name = *p == CAFE_PH_SPAWN ? _("spawn (emulated start-up)") :
			    *p == CAFE_PH_GIL_WAIT ? _("gil-wait  g = taking turns (emulated GIL)") : cafe_phase_name(*p);
			int need = 3 + (int)strlen(name);
			if (col + need > w)
				return;
			char ch[2] = { theme_phase_char(*p), '\0' };
			attrset(theme_phase_attr(*p));
			mvaddstr(y, x + col, ch);
			attrset(A_NORMAL);
			mvaddstr(y, x + col + 1, " ");
			addstr(name);
			col += need;
		}
	}
	if (v->act >= 4 && col + 28 < w) {
		attrset(theme_attr(THEME_DIM));
		mvaddstr(y, x + col, _("- task runs or waits its turn"));
		attrset(A_NORMAL);
	}
}

/* One lane per task: its awaits over time, and where it stands now. */
static void
timeline_tasks(const struct cafe_view *v, int y, int x, int cols, int tasks, int64_t t0, int64_t dt)
{
	static struct tl_cells c[32];
	uint64_t first = v->nawaits > VIEW_AWAITS ? v->nawaits - VIEW_AWAITS : 0;
	int lx = TL_LABEL_X(x);
	char label[64], what[64];

	for (int i = 0; i < tasks; i++)
		timeline_cells_reset(&c[i], cols);
	for (uint64_t i = first; i < v->nawaits; i++) {
		const struct view_seg *s = &v->awaits[i % VIEW_AWAITS];
		if (s->order < 1 || s->order > tasks)
			continue;
		struct tl_cells *tc = &c[s->order - 1];
		int64_t to = s->to < 0 ? v->now : s->to;
		for (int k = 0; k < cols; k++) {
			int64_t a = t0 + k * dt, b = a + dt;
			int64_t ov = (to < b ? to : b) - (s->from > a ? s->from : a);
			if (ov > tc->cover[k]) {
				tc->cover[k] = ov;
				tc->phase[k] = s->phase;
			}
		}
	}
	for (int i = 0; i < tasks; i++) {
		const struct view_order *o = &v->orders[i + 1];
		int id = i + 1, aw = cafe_view_order_await(v, id);

		snprintf(label, sizeof label, v->act == 6 ? _("request #%d") : _("task #%d"), id);
		if (o->done >= 0)
			snprintf(what, sizeof what, _("served in %.2fs"), (o->done - o->arrive) / 1e6);
		else if (aw >= 0)
			snprintf(what, sizeof what, _("awaits %s"), cafe_phase_name(aw));
		else if (o->started)
			snprintf(what, sizeof what, "%s", _("running"));
		else
			snprintf(what, sizeof what, "%s", o->arrive >= 0 ? _("queued") : _("not here yet"));
		paint_text(y + i, lx, PAINT_LANE_LABEL, A_BOLD, label);
		paint_text(y + i, lx + PAINT_LANE_LABEL, PAINT_STATUS,
		    o->done >= 0 ? theme_attr(THEME_OK) : aw >= 0 ? A_NORMAL : theme_attr(THEME_DIM), what);
		for (int k = 0; k < cols; k++) {
			int64_t a = t0 + k * dt;
			int ph = c[i].phase[k];
			/* Blank before the task exists and after it is served. */
			int gone = a > v->now || a + dt <= o->arrive || o->arrive < 0 ||
			    (o->done >= 0 && a >= o->done);
			char ch[2] = { ph >= 0 ? theme_phase_char(ph) : ' ', '\0' };
			if (ph < 0 && !gone)
				ch[0] = '-';
			attrset(ph >= 0 ? theme_phase_attr(ph) : theme_attr(THEME_DIM));
			mvaddstr(y + i, x + k, gone && ph < 0 ? " " : ch);
		}
		attrset(A_NORMAL);
	}
}

void
timeline_draw(const struct cafe_view *v, struct ui_rect r, int nlanes, int tasks, int64_t window_us)
{
	static struct tl_cells c;
	int cols = r.w < TL_MAX_COLS ? r.w : TL_MAX_COLS;
	int64_t t0 = v->now > window_us ? v->now - window_us : 0;
	int64_t dt = window_us / cols > 0 ? window_us / cols : 1;
	int row = 0;

	if (cols <= 4)
		return;
	for (int i = 0; i < nlanes && row < r.h - 2; i++, row++) {
		timeline_cells_reset(&c, cols);
		timeline_fill(v, &v->lanes[i], i, t0, dt, cols, &c, 0);
		timeline_row(v, &v->lanes[i], r.y + row, r.x, cols, &c, t0, dt);
	}
	if (tasks > 32)
		tasks = 32;
	if (v->act >= 4 && tasks > 0 && row + tasks <= r.h - 2) {
		timeline_tasks(v, r.y + row, r.x, cols, tasks, t0, dt);
		row += tasks;
	} else if (v->act >= 4 && row < r.h - 2) {
		/* Too many tasks for a lane each: count the awaiting ones per cell. */
		paint_text(r.y + row, TL_LABEL_X(r.x), PAINT_LANE_LABEL + PAINT_STATUS,
		    A_BOLD, _("awaiting    tasks on I/O or a pool"));
		for (int k = 0; k < cols; k++) {
			int n = cafe_view_awaits_in(v, t0 + k * dt, t0 + (k + 1) * dt);
			char ch[2] = { n == 0 ? ' ' : n > 9 ? '+' : (char)('0' + n), '\0' };
			attrset(n ? theme_phase_attr(CAFE_PH_BREW) : A_NORMAL);
			mvaddstr(r.y + row, r.x + k, t0 + k * dt > v->now ? " " : ch);
		}
		attrset(A_NORMAL);
		row++;
	}
	/* Who holds the GIL, cell by cell: one barista at a time. */
	if (v->act == 2 && v->gil && row < r.h - 2) {
		paint_text(r.y + row, TL_LABEL_X(r.x), PAINT_LANE_LABEL + PAINT_STATUS,
		    A_BOLD, _("GIL (emul.) held by"));
		char who[32];
		if (v->gil_holder)
			snprintf(who, sizeof who, _("barista %d"), v->gil_holder);
		else
			snprintf(who, sizeof who, "%s", _("nobody"));
		paint_text(r.y + row, r.x - 1 - 17, 17, A_BOLD, who);
		timeline_cells_reset(&c, cols);
		for (int i = 0; i < nlanes; i++)
			timeline_fill(v, &v->lanes[i], i, t0, dt, cols, &c, 1);
		for (int k = 0; k < cols; k++) {
			char ch[2] = { c.lane[k] < 0 ? ' ' : (char)('0' + v->lanes[c.lane[k]].index % 10), '\0' };
			attrset(c.lane[k] < 0 ? A_NORMAL : theme_phase_attr(CAFE_PH_GRIND));
			mvaddstr(r.y + row, r.x + k, ch);
		}
		attrset(A_NORMAL);
		row++;
	}
	/* The axis: a tick and its café second every so often. */
	int y = r.y + row;
	paint_text(y, r.x, cols, theme_attr(THEME_DIM), "");
	int64_t step = 1000000;
	while (step / dt < 8)
		step *= 2;
	for (int64_t t = (t0 + step - 1) / step * step; t < t0 + dt * cols; t += step) {
		int k = (int)((t - t0) / dt);
		char lab[32];
		snprintf(lab, sizeof lab, "|%llds", (long long)(t / 1000000));
		if (k + (int)strlen(lab) <= cols)
			paint_text(y, r.x + k, (int)strlen(lab), theme_attr(THEME_DIM), lab);
	}
	/* The legend takes the whole width: the lanes' labels end above it. */
	int lx = TL_LABEL_X(r.x);
	timeline_legend(v, y + 1, lx, cols + r.x - lx);
}
