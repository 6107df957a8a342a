/* logpane.c: the log panel: the seed-style lines as they happen, newest at the bottom, scrollable; warnings on top: a broken pool, a blocked loop. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "paint.h"
#include "story.h"
#include "text.h"
#include "theme.h"

#define LOG_ROWS_MAX 64

struct log_state {
	int	back;		/* lines scrolled back from the newest */
};

static void
log_size(struct panel *p, const struct panel_ctx *ctx, int w, int *min, int *pref)
{
	*min = ctx->roomy ? 4 : 2;
	*pref = *min;
}

static void
log_draw(struct panel *p, const struct panel_ctx *ctx, struct ui_rect r)
{
	const struct cafe_view *v = ctx->v;
	struct log_state *st = p->state;
	const struct cafe_event *ev[LOG_ROWS_MAX];
	char line[VIEW_LINE];
	int rows = r.h < LOG_ROWS_MAX ? r.h : LOG_ROWS_MAX, y = r.y;

	char fail[VIEW_LINE * 2];
	if (cafe_failure_format(&v->fail, v->act.number, fail, sizeof fail) && rows > 1) {
		size_t n = strlen(fail);
		snprintf(fail + n, sizeof fail - n, "%s", _(" · r starts over"));
		int k = paint_wrap(y, r.x, r.w, rows > 3 ? 2 : 1, theme_attr(THEME_WARN), fail);
		y += k;
		rows -= k;
	}
	if (v->warn[0] != '\0' && rows > 1) {
		int k = paint_wrap(y, r.x, r.w, rows > 3 ? 2 : 1, theme_attr(THEME_WARN), v->warn);
		y += k;
		rows -= k;
	}
	int n = cafe_view_log(v, st->back, ev, rows);
	for (int i = 0; i < rows; i++) {
		line[0] = '\0';
		if (i < n)
			cafe_story_format(ev[i], v->act.number, line, sizeof line);
		paint_text(y + i, r.x, r.w, A_NORMAL, line);
	}
	if (st->back > 0 && rows > 0) {
		const char *more = _(" PgDn: newer ");
		int mw = cafe_text_width(more);
		paint_text(y + rows - 1, r.x + r.w - mw, mw, theme_attr(THEME_KEY), more);
	}
}

static int
log_key(struct panel *p, const struct panel_ctx *ctx, enum keys_action k)
{
	struct log_state *st = p->state;
	int page = p->r.h > 2 ? p->r.h - 1 : 1;

	if (k == KEYS_LOG_BACK) {
		st->back += page;
		if ((uint64_t)st->back >= ctx->v->nlog || st->back >= VIEW_LOG)
			st->back = (int)(ctx->v->nlog < VIEW_LOG ? ctx->v->nlog : VIEW_LOG) - 1;
		if (st->back < 0)
			st->back = 0;
		return 1;
	}
	if (k == KEYS_LOG_ON) {
		st->back = st->back > page ? st->back - page : 0;
		return 1;
	}
	return 0;
}

const struct panel_class log_panel = {
	"log", 10, 1, sizeof(struct log_state), log_size, NULL, log_draw, log_key
};
