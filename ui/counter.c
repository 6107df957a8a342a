/* counter.c: the counter panel: customers waiting for a barista, each with a drink. */
#include "config.h"

#include <stdio.h>

#include "i18n.h"
#include "menu.h"
#include "paint.h"
#include "theme.h"

static void
counter_size(struct panel *p, const struct panel_ctx *ctx, int w, int *min, int *pref)
{
	*min = 1;
	*pref = 1;
}

static void
counter_draw(struct panel *p, const struct panel_ctx *ctx, struct ui_rect r)
{
	const struct cafe_view *v = ctx->v;
	int ids[64], n = cafe_view_queue(v, ids, 64);
	char line[1024];
	size_t len;

	len = (size_t)snprintf(line, sizeof line, _("Counter: %d waiting "), v->sums.queued);
	for (int i = 0; i < n && len < sizeof line - 48; i++)
		len += (size_t)snprintf(line + len, sizeof line - len, "  %s #%d",
		    ctx->act->ops->unit == CAFE_UNIT_REQUEST ? _("request") :
		    cafe_drink_label(cafe_view_order(v, ids[i])->drink), ids[i]);
	if (v->sums.queued == 0 && v->ended && v->sums.lost == 0)
		snprintf(line + len, sizeof line - len, "%s", _(" all served"));
	paint_text(r.y, r.x, r.w, A_NORMAL, line);
}

const struct panel_class counter_panel = {
	"counter", 0, 40, 0, 0, counter_size, NULL, counter_draw, NULL
};
