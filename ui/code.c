/* code.c: the code panel: the act's Python, with a marker on the line each worker runs and each task awaits now. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "code.h"
#include "i18n.h"
#include "paint.h"
#include "text.h"
#include "theme.h"

#define CODE_GUTTER 10		/* who is on the line */
#define CODE_WIDTH 58

static int
code_lines(const struct panel_ctx *ctx)
{
	const struct code_line *l = code_acts[ctx->act->number - 1];
	int n = 0;

	while (l[n].text != NULL)
		n++;
	return n;
}

static void
code_size(struct panel *p, const struct panel_ctx *ctx, int w, int *min, int *pref)
{
	*min = 0;
	*pref = code_lines(ctx) + 1;
}

/* A worker's short name for the gutter: "loop", "b2", "h1", "p3". */
static int
code_who(const struct view_lane *l, char *buf, size_t len)
{
	static const char *const tag[CAFE_WK_COUNT] = {
		[CAFE_WK_MAIN] = "m", [CAFE_WK_BARISTA] = "b", [CAFE_WK_PROCESS] = "p",
		[CAFE_WK_LOOP] = "loop", [CAFE_WK_HELPER] = "h"
	};

	if (l->kind == CAFE_WK_LOOP)
		return snprintf(buf, len, "%s", _("loop"));
	return snprintf(buf, len, "%s%d", l->kind < CAFE_WK_COUNT ? tag[l->kind] : "?", l->index);
}

/* Who is on a line: the workers doing its phase, or the count of tasks awaiting it. */
static int
code_gutter(const struct panel_ctx *ctx, const struct code_line *cl, char *buf, size_t len)
{
	const struct cafe_view *v = ctx->v;
	int ph = cl->phase != NULL ? cafe_phase_from_name(cl->phase) : -1, n = 0, used = 0;
	char who[16];

	buf[0] = '\0';
	if (ph < 0)
		return 0;
	if (cl->await) {
		n = v->awaiting_phase[ph];
		if (n > 0)
			snprintf(buf, len, ngettext("%d task", "%d tasks", n), n);
		return n;
	}
	for (size_t i = 0; i < v->nlanes; i++) {
		const struct view_lane *l = cafe_view_lane(v, (int)i);
		if (l->phase != ph || !l->alive)
			continue;
		if (n++ > 0 && used < (int)len)
			used += snprintf(buf + used, len - (size_t)used, " ");
		code_who(l, who, sizeof who);
		if (cafe_text_width(buf) + cafe_text_width(who) + 1 < CODE_GUTTER && used < (int)len)
			used += snprintf(buf + used, len - (size_t)used, "%s", who);
		else if (used < (int)len)
			used += snprintf(buf + used, len - (size_t)used, "+");
	}
	return n;
}

static void
code_draw(struct panel *p, const struct panel_ctx *ctx, struct ui_rect r)
{
	const struct code_line *cl = code_acts[ctx->act->number - 1];
	char gutter[64], head[128];
	int y = r.y;

	snprintf(head, sizeof head, "%s", _("the Python it stands for (v hides)"));
	paint_rule(y++, r.x, r.w, theme_attr(THEME_DIM), head);
	for (int i = 0; cl[i].text != NULL && y < r.y + r.h; i++, y++) {
		int ph = cl[i].phase != NULL ? cafe_phase_from_name(cl[i].phase) : -1;
		int on = code_gutter(ctx, &cl[i], gutter, sizeof gutter);
		paint_text(y, r.x, CODE_GUTTER, on ? A_BOLD : A_NORMAL, gutter);
		if (on && ph >= 0) {
			int kind = ctx->act->kind[ph];
			paint_cell(y, r.x + CODE_GUTTER, theme_kind_attr(ph, kind), theme_kind_char(ph, kind));
		} else {
			paint_text(y, r.x + CODE_GUTTER, 1, A_NORMAL, "");
		}
		paint_text(y, r.x + CODE_GUTTER + 1, r.w - CODE_GUTTER - 1, on ? A_BOLD : A_NORMAL,
		    cl[i].text);
	}
	for (; y < r.y + r.h; y++)
		paint_text(y, r.x, r.w, A_NORMAL, "");
}

/* v shows or hides the code. */
static int
code_key(struct panel *p, const struct panel_ctx *ctx, enum keys_action k)
{
	if (k != KEYS_CODE)
		return 0;
	p->hidden = !p->hidden;
	return 1;
}

const struct panel_class code_panel = {
	"code", CODE_WIDTH, 0, 0, 0, code_size, NULL, code_draw, code_key
};
