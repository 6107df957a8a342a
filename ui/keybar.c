/* keybar.c: the key bar at the bottom and the help overlay, both from the key table. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "keys.h"
#include "paint.h"
#include "text.h"
#include "theme.h"

static int
keybar_shown(const struct keys_binding *b, int act, int roomy)
{
	if (b->action == KEYS_BLOCK)
		return roomy || act == 5 || act == 6;
	return roomy || !b->optional;
}

void
keybar_draw(struct ui_rect r, int act)
{
	int x = r.x, total = 0;

	for (int i = 0; i < keys_count; i++)
		total += cafe_text_width(_(keys_table[i].keys)) + cafe_text_width(_(keys_table[i].bar)) + 1;
	int roomy = total <= r.w + 1;
	paint_text(r.y, r.x, r.w, A_NORMAL, "");
	for (int i = 0; i < keys_count; i++) {
		const char *k = _(keys_table[i].keys), *l = _(keys_table[i].bar);
		/* htop's way: the key in reverse, its label right after. */
		int need = cafe_text_width(k) + cafe_text_width(l) + 1;
		if (!keybar_shown(&keys_table[i], act, roomy))
			continue;
		if (x + need > r.x + r.w + 1)
			break;
		paint_text(r.y, x, cafe_text_width(k), theme_attr(THEME_KEY), k);
		paint_text(r.y, x + cafe_text_width(k), cafe_text_width(l) + 1, A_NORMAL, l);
		x += need;
	}
}

void
help_draw(struct ui_rect r)
{
	char line[256];
	int y = r.y;

	paint_box(r);
	paint_text(y++, r.x, r.w, theme_attr(THEME_TITLE), _(" Keys (? to close)"));
	for (int i = 0; i < keys_count && y < r.y + r.h; i++) {
		snprintf(line, sizeof line, "%-6s %s", _(keys_table[i].keys), _(keys_table[i].help));
		paint_text(y++, r.x + 1, r.w - 2, A_NORMAL, line);
	}
	if (y + 2 < r.y + r.h) {
		paint_text(++y, r.x + 1, r.w - 2, theme_attr(THEME_DIM),
		    _("Emulated, not measured: the GIL and a worker process's start-up."));
		paint_text(++y, r.x + 1, r.w - 2, theme_attr(THEME_DIM),
		    _("All else really runs: threads, processes, a libev loop, CPU burn."));
	}
}

void
toosmall_draw(int rows, int cols, int need_rows, int need_cols)
{
	char line[128];

	erase();
	snprintf(line, sizeof line, _("Terminal too small: %dx%d, the café needs %dx%d."),
	    cols, rows, need_cols, need_rows);
	paint_text(rows / 2, 0, cols, A_BOLD, line);
	if (rows / 2 + 1 < rows)
		paint_text(rows / 2 + 1, 0, cols, A_NORMAL, _("Make it bigger, or press q to quit."));
}
