/* lanes.c: the lanes panel: one row per worker (who, what it does now, a progress bar) beside its timeline; tasks, the GIL, axis and legend below. */
#include "config.h"

#include <stdio.h>

#include "i18n.h"
#include "menu.h"
#include "paint.h"
#include "theme.h"
#include "timeline.h"

#define LANES_LEFT (PAINT_LANE_LABEL + PAINT_STATUS)
#define LANES_TASKS_MAX 32	/* a lane per task up to this many tasks */
#define LANES_ZOOM_MIN_US 250000LL

struct lanes_state {
	int64_t	 zoom_us;	/* the window chosen with > and <; 0: the whole run, growing */
};

#define LANES_CORE_ROWS_MAX 8
#define LANES_ON_CORE_US 10000	/* a tenth of a sample, in wall µs */	/* a row per core up to this many; one row for all past it */

/* Rows for the cores: one each, or one for all of them on a big machine. */
static int
lanes_core_rows(const struct panel_ctx *ctx)
{
	int n = ctx->v->ncpus > 0 ? ctx->v->ncpus : ctx->v->cores;

	return n <= LANES_CORE_ROWS_MAX ? n : 1;
}

/* Rows besides the worker lanes: the heading, the awaiting or GIL rows, the cores, the axis and the legend. */
static int
lanes_fixed(const struct panel_ctx *ctx)
{
	return 1 + ctx->act->loop + ctx->act->gil + lanes_core_rows(ctx) + 2;
}

/* A lane per task when every task fits in room; 0: one row counts the awaiting tasks instead. */
static int
lanes_tasks(const struct panel_ctx *ctx, int room)
{
	int n = ctx->v->nids;

	return ctx->act->loop && n > 0 && n <= LANES_TASKS_MAX && n <= room ? n : 0;
}

static void
lanes_size(struct panel *p, const struct panel_ctx *ctx, int w, int *min, int *pref)
{
	int n = (int)ctx->v->nlanes;
	int tasks = lanes_tasks(ctx, LANES_TASKS_MAX);

	*min = lanes_fixed(ctx) + 1;
	*pref = lanes_fixed(ctx) + (n > 0 ? n : 1) + (tasks > 1 ? tasks - 1 : 0);
}

/* A lane per task only when they all fit; else one row counts them, and the rows left over are not needed. */
static int
lanes_used(struct panel *p, const struct panel_ctx *ctx, int w, int h)
{
	int nl = (int)ctx->v->nlanes, room = h - lanes_fixed(ctx) + ctx->act->loop;

	if (!ctx->act->loop || lanes_tasks(ctx, room - nl) > 0 || nl + 1 > room)
		return h;
	return lanes_fixed(ctx) + (nl > 0 ? nl : 1);
}

static const char *
lanes_verb(const struct cafe_act *a, int phase)
{
	/* The old grinder is a blocking call, not CPU work (the seed's 同步老机器). */
	if (phase == CAFE_PH_GRIND && a->kind[phase] == CAFE_KIND_BLOCK)
		return _("old grinder");
	switch (phase) {
	case CAFE_PH_TAKE: return _("taking");
	case CAFE_PH_GRIND: return _("grinding");
	case CAFE_PH_BREW: return _("brewing");
	case CAFE_PH_SERVE: return _("serving");
	case CAFE_PH_EMBED: return _("embedding");
	case CAFE_PH_SYNC_LIB: return _("sync call");
	case CAFE_PH_RESPOND: return _("answering");
	case CAFE_PH_SPAWN: return _("starting up");
	default: return cafe_phase_label(phase);
	}
}

/* A lane's name in a few columns, as the GIL row and its cells show it: "loop", "b2", "h1". */
static void
lanes_short(const struct view_lane *l, char *buf, size_t len)
{
	if (l->kind == CAFE_WK_LOOP)
		snprintf(buf, len, "%s", _("loop"));
	else
		snprintf(buf, len, "%c%d", l->kind == CAFE_WK_HELPER ? 'h' : 'b', l->index);
}

/* The engine's name for the lane; a worker process by its pid, which people look up. */
static void
lanes_label(const struct view_lane *l, char *buf, size_t len)
{
	if (l->kind == CAFE_WK_PROCESS)
		snprintf(buf, len, _("p%d · %d"), l->index, (int)l->pid);
	else
		cafe_who_label(buf, len, l->kind, l->index);
}

static void
lanes_status(const struct panel_ctx *ctx, const struct view_lane *l, int y, int x, int w)
{
	const struct cafe_view *v = ctx->v;
	char what[96];
	attr_t a = A_NORMAL;

	if (!l->alive && v->fail.broken && v->fail.pool.pid == l->pid) {
		if (v->fail.pool.aux > 0)
			snprintf(what, sizeof what, _("killed by signal %d"), v->fail.pool.aux);
		else
			snprintf(what, sizeof what, _("exited, status %d"), (int)v->fail.pool.cpu_us);
		paint_text(y, x, w, theme_attr(THEME_WARN), what);
		return;
	}
	if (!l->alive && l->phase < 0) {
		paint_text(y, x, w, theme_attr(THEME_DIM), _("gone"));
		return;
	}
	if (l->phase < 0) {
		if (l->kind == CAFE_WK_LOOP && v->awaiting > 0)
			snprintf(what, sizeof what, _("free, %d awaiting"), v->awaiting);
		else if (l->pipe_us >= 0)
			/* A worker process's last job spent this long in the pipe: the cost of talking. */
			snprintf(what, sizeof what, _("idle · pipe %.2f ms"), l->pipe_us / 1e3);
		else
			snprintf(what, sizeof what, "%s", _("idle"));
		paint_text(y, x, w, theme_attr(THEME_DIM), what);
		return;
	}
	if (l->gil == VIEW_GIL_WAITING) {
		snprintf(what, sizeof what, _("waits for GIL #%d"), l->order);
		paint_text(y, x, w, theme_attr(THEME_WARN), what);
		return;
	}
	/* The order's number first: when the column is short, the drink's name gives way. */
	if (l->order > 0 && ctx->act->ops->unit == CAFE_UNIT_REQUEST)
		snprintf(what, sizeof what, _("%s #%d"), lanes_verb(ctx->act, l->phase), l->order);
	else if (l->order > 0)
		snprintf(what, sizeof what, _("%s #%d %s"), lanes_verb(ctx->act, l->phase), l->order,
		    cafe_drink_label(l->drink));
	else
		snprintf(what, sizeof what, "%s", lanes_verb(ctx->act, l->phase));
	if (cafe_act_blocks_loop(ctx->act, l->kind, l->phase))
		a = theme_attr(THEME_WARN);	/* the loop itself is blocked */
	/* The phase's glyph first, as on the timeline: CPU or waiting reads without colour. */
	int kind = ctx->act->kind[l->phase];
	paint_cell(y, x, theme_kind_attr(l->phase, kind), theme_kind_char(l->phase, kind));
	paint_text(y, x + 1, 1, A_NORMAL, "");
	paint_text(y, x + 2, w - 9, a, what);
	/* Progress against the phase's budget in café time; contention makes it run over. */
	int64_t dur = (int64_t)v->dur_ms[l->phase] * 1000;
	double frac = dur > 0 ? (double)(ctx->now - l->since) / (double)dur : 1.0;
	paint_bar(y, x + w - 6, 5, frac, theme_phase_attr(l->phase));
}

/* The lanes that do not fit, summed up: never dropped, only folded. */
static void
lanes_folded(const struct panel_ctx *ctx, int from, int y, int x, int w)
{
	const struct cafe_view *v = ctx->v;
	int count[CAFE_PH_COUNT] = { 0 }, idle = 0, gil = 0, n = 0;
	char line[160];

	for (int i = from; (size_t)i < v->nlanes; i++) {
		const struct view_lane *l = cafe_view_lane(v, i);
		if (l->gil == VIEW_GIL_WAITING)
			gil++;
		else if (l->phase >= 0 && l->phase < CAFE_PH_COUNT)
			count[l->phase]++;
		else
			idle++;
	}
	int len = snprintf(line, sizeof line, _("+%d more:"), (int)v->nlanes - from);
	for (int p = 0; p < CAFE_PH_COUNT && len < (int)sizeof line - 32; p++)
		if (count[p] > 0)
			len += snprintf(line + len, sizeof line - (size_t)len, "%s %d %s", n++ ? "," : "",
			    count[p], lanes_verb(ctx->act, p));
	if (gil > 0 && len < (int)sizeof line - 32)
		len += snprintf(line + len, sizeof line - (size_t)len, "%s %d %s", n++ ? "," : "", gil,
		    _("waiting for the GIL"));
	if (idle > 0 && len < (int)sizeof line - 32)
		snprintf(line + len, sizeof line - (size_t)len, "%s %d %s", n ? "," : "", idle, _("idle"));
	paint_text(y, x, w, theme_attr(THEME_DIM), line);
}

/* The task rows' left column: which task, and where it stands. */
static void
lanes_task_status(const struct panel_ctx *ctx, int id, int y, int x)
{
	const struct view_order *o = cafe_view_order(ctx->v, id);
	char label[64], what[64];

	snprintf(label, sizeof label, ctx->act->ops->unit == CAFE_UNIT_REQUEST ? _("request #%d") :
	    _("task #%d"), id);
	if (o->done >= 0)
		snprintf(what, sizeof what, _("served in %.2fs"), (o->done - o->arrive) / 1e6);
	else if (o->await >= 0)
		snprintf(what, sizeof what, _("awaits %s"), cafe_phase_label(o->await));
	else if (o->started)
		snprintf(what, sizeof what, "%s", _("running"));
	else
		snprintf(what, sizeof what, "%s", o->arrive >= 0 ? _("queued") : _("not here yet"));
	paint_text(y, x, PAINT_LANE_LABEL, A_BOLD, label);
	paint_text(y, x + PAINT_LANE_LABEL, PAINT_STATUS,
	    o->done >= 0 ? theme_attr(THEME_OK) : o->await >= 0 ? A_NORMAL : theme_attr(THEME_DIM), what);
}

/* A core's row: its busy share now and which café workers ran on it in the last sample. */
static void
lanes_core(const struct panel_ctx *ctx, int c, int y, int x)
{
	const struct cafe_view *v = ctx->v;
	char label[32], what[128], who[48];
	int busy = cafe_view_core_now(v, c), len, n = 0;

	snprintf(label, sizeof label, "cpu%d", c);
	paint_text(y, x, PAINT_LANE_LABEL, A_BOLD, label);
	len = busy < 0 ? snprintf(what, sizeof what, "%s", "-") :
	    snprintf(what, sizeof what, "%3d%%", (busy + 5) / 10);
	for (size_t i = 0; i < v->nlanes && len < (int)sizeof what - 24; i++) {
		const struct view_lane *l = cafe_view_lane(v, (int)i);
		/* Only who really ran there: a worker that woke for a moment is not named. */
		if (l->core != c || l->core_t < v->core_t || v->core_t == 0 || l->core_us < LANES_ON_CORE_US)
			continue;
		if (l->kind == CAFE_WK_PROCESS)
			snprintf(who, sizeof who, "p%d", l->index);
		else
			cafe_who_label(who, sizeof who, l->kind, l->index);
		len += snprintf(what + len, sizeof what - (size_t)len, "%s%s", n++ ? ", " : " ", who);
	}
	paint_text(y, x + PAINT_LANE_LABEL, PAINT_STATUS - 1, busy >= 500 ? A_BOLD : A_NORMAL, what);
}

/* Café time shown: the zoom chosen; the span the screen's cafés share (a race); the café's own. */
static int64_t
lanes_span(const struct lanes_state *st, const struct panel_ctx *ctx)
{
	if (st->zoom_us > 0)
		return st->zoom_us;
	if (ctx->span_us > 0)
		return ctx->span_us;
	return timeline_span(ctx->v, ctx->now);
}

static void
lanes_draw(struct panel *p, const struct panel_ctx *ctx, struct ui_rect r)
{
	const struct cafe_view *v = ctx->v;
	struct lanes_state *st = p->state;
	struct tl_window tw;
	int tx = r.x + LANES_LEFT + 1, tcols = r.w - LANES_LEFT - 1, y = r.y;
	char label[64];

	if (tcols < 8 || r.h < lanes_fixed(ctx) + 1)
		return;
	timeline_window(&tw, ctx->now, lanes_span(st, ctx), tcols);
	paint_rule(y, r.x, LANES_LEFT, theme_attr(THEME_DIM), _("workers: doing now"));
	if (st->zoom_us > 0) {
		char head[160];
		snprintf(head, sizeof head, _("%.1fs to %.1fs · End: now"), tw.t0 / 1e6,
		    (tw.t0 + tw.dt * tw.cols) / 1e6);
		paint_rule(y++, tx, tcols, theme_attr(THEME_KEY), head);
	} else {
		paint_rule(y++, tx, tcols, theme_attr(THEME_DIM), _("timeline (café seconds)"));
	}
	int room = r.h - lanes_fixed(ctx) + ctx->act->loop;	/* worker rows and task rows */
	int nl = (int)v->nlanes;
	int tasks = lanes_tasks(ctx, room - nl);
	int rows = room - (tasks > 0 ? tasks : ctx->act->loop);	/* for workers */
	int shown = nl <= rows ? nl : rows - 1;

	for (int i = 0; i < shown; i++, y++) {
		const struct view_lane *l = cafe_view_lane(v, i);
		lanes_label(l, label, sizeof label);
		paint_text(y, r.x, PAINT_LANE_LABEL, A_BOLD, label);
		/* The baton beside the barista who holds the GIL. */
		if (ctx->act->gil && v->gil_lane > 0 && l == &v->lanes[v->gil_lane - 1])
			paint_text(y, r.x + PAINT_LANE_LABEL - 1, 1, theme_phase_attr(CAFE_PH_GRIND) | A_BOLD,
			    theme_glyphs()->baton);
		lanes_status(ctx, l, y, r.x + PAINT_LANE_LABEL, PAINT_STATUS - 1);
		timeline_lane(ctx, l, &tw, y, tx);
	}
	if (shown < nl)
		lanes_folded(ctx, shown, y++, r.x, r.w);
	/* Rows nobody uses yet (workers still starting) stay blank. */
	for (int i = shown + (shown < nl); i < rows; i++)
		paint_text(y++, r.x, r.w, A_NORMAL, "");
	if (tasks > 0) {
		for (int id = 1; id <= tasks; id++, y++) {
			lanes_task_status(ctx, id, y, r.x);
			timeline_task(ctx, id, &tw, y, tx);
		}
	} else if (ctx->act->loop) {
		paint_text(y, r.x, LANES_LEFT, A_BOLD, _("awaiting    tasks on I/O or a pool"));
		timeline_awaiting(ctx, &tw, y++, tx);
	}
	if (ctx->act->gil) {
		/* The GIL as a baton: who holds it now, and how often it changed hands. */
		char who[96];
		const char *baton = theme_glyphs()->baton;
		paint_text(y, r.x, PAINT_LANE_LABEL, A_BOLD, _("GIL (emul.)"));
		if (v->gil_lane > 0) {
			char name[32];
			lanes_short(&v->lanes[v->gil_lane - 1], name, sizeof name);
			snprintf(who, sizeof who, _("%s %s · %llu hand-offs"), baton, name,
			    (unsigned long long)v->gil_handoffs);
		}
		else
			snprintf(who, sizeof who, _("free · %llu hand-offs"), (unsigned long long)v->gil_handoffs);
		paint_text(y, r.x + PAINT_LANE_LABEL, PAINT_STATUS - 1, A_BOLD, who);
		timeline_gil(ctx, &tw, y++, tx);
	}
	if (lanes_core_rows(ctx) == 1 && (v->ncpus > 1 || v->cores > 1)) {
		/* A big machine: one row, the busiest core's share per cell. */
		paint_text(y, r.x, LANES_LEFT, A_BOLD, _("cores       the busiest, per cell"));
		timeline_core(ctx, -1, &tw, y++, tx);
	} else {
		for (int c = 0; c < lanes_core_rows(ctx); c++, y++) {
			lanes_core(ctx, c, y, r.x);
			timeline_core(ctx, c, &tw, y, tx);
		}
	}
	paint_text(y, r.x, LANES_LEFT, A_NORMAL, "");
	timeline_axis(ctx, &tw, y++, tx);
	/* The legend takes the whole width: the lanes' labels end above it. */
	timeline_legend(ctx, y, r.x, r.w);
}

static int
lanes_key(struct panel *p, const struct panel_ctx *ctx, enum keys_action k)
{
	struct lanes_state *st = p->state;
	int64_t span = lanes_span(st, ctx);

	if (k == KEYS_ZOOM_IN) {
		if (span / 2 >= LANES_ZOOM_MIN_US)
			st->zoom_us = span / 2;
		return 1;
	}
	if (k == KEYS_ZOOM_OUT) {
		st->zoom_us = span * 2;
		/* Out as far as the run itself goes: follow it again. */
		if (st->zoom_us >= lanes_span(&(struct lanes_state){ 0 }, ctx))
			st->zoom_us = 0;
		return 1;
	}
	/* Back to now: the whole run again; the app leaves stepping too. */
	if (k == KEYS_FOLLOW)
		st->zoom_us = 0;
	return 0;
}

const struct panel_class lanes_panel = {
	"lanes", 0, 70, 0, sizeof(struct lanes_state), lanes_size, lanes_used, lanes_draw, lanes_key
};
