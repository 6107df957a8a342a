/* logpane.c: the seed-style log lines as they happen, newest at the bottom; a warning on top when the loop was blocked. */
#include "config.h"

#include "paint.h"
#include "theme.h"

void
logpane_draw(const struct cafe_view *v, struct ui_rect r)
{
	int rows = r.h;
	int y = r.y;

	if (v->warn[0] != '\0' && rows > 1) {
		paint_text(y++, r.x, r.w, theme_attr(THEME_WARN), v->warn);
		rows--;
	}
	uint64_t n = v->nlog < VIEW_LOG ? v->nlog : VIEW_LOG;
	uint64_t show = n < (uint64_t)rows ? n : (uint64_t)rows;
	for (uint64_t i = 0; i < (uint64_t)rows; i++) {
		if (i < show)
			paint_text(y + (int)i, r.x, r.w, A_NORMAL,
			    v->log[(v->nlog - show + i) % VIEW_LOG]);
		else
			paint_text(y + (int)i, r.x, r.w, A_NORMAL, "");
	}
}
