/* queue.c: the counter: customers waiting for a barista, each with a drink. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "menu.h"
#include "paint.h"
#include "theme.h"

void
queue_draw(const struct cafe_view *v, struct ui_rect r)
{
	int ids[64], n = cafe_view_queue(v, ids, 64);
	char line[1024];
	size_t len;

	len = (size_t)snprintf(line, sizeof line, _("Counter: %d waiting "), n);
	for (int i = 0; i < n && len < sizeof line - 48; i++)
		len += (size_t)snprintf(line + len, sizeof line - len, "  %s #%d",
		    cafe_drink_label(v->orders[ids[i]].drink), ids[i]);
	if (n == 0)
		snprintf(line + len, sizeof line - len, "%s", v->ended ? _(" all served") : "");
	paint_text(r.y, r.x, r.w, A_NORMAL, line);
}
