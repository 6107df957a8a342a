/* help.c: the help overlay, from the key table (the keys that do something here), and what is emulated rather than measured. */
#include "config.h"

#include <stdio.h>

#include "i18n.h"
#include "paint.h"
#include "text.h"
#include "theme.h"

#define HELP_KEYS_COLS 10

/* The keys that do something here: the help, like the key bar, leaves out the rest. */
static int
help_keys(const struct panel_ctx *ctx)
{
	int n = 0;

	for (int i = 0; i < keys_count; i++)
		n += keybar_applies(&keys_table[i], ctx);
	return n;
}

static void
help_size(struct panel *p, const struct panel_ctx *ctx, int w, int *min, int *pref)
{
	*min = help_keys(ctx) + 2;
	*pref = help_keys(ctx) + 4;
}

static void
help_draw(struct panel *p, const struct panel_ctx *ctx, struct ui_rect r)
{
	char keys[64];
	int y = r.y;

	paint_box(r);
	paint_text(y++, r.x, r.w, theme_attr(THEME_TITLE), _(" Keys (? to close)"));
	for (int i = 0; i < keys_count && y < r.y + r.h - 1; i++) {
		if (!keybar_applies(&keys_table[i], ctx))
			continue;
		cafe_text_pad(keys, sizeof keys, _(keys_table[i].keys), HELP_KEYS_COLS);
		paint_text(y, r.x + 2, HELP_KEYS_COLS, A_BOLD, keys);
		paint_text(y++, r.x + 2 + HELP_KEYS_COLS, r.w - 3 - HELP_KEYS_COLS, A_NORMAL,
		    _(keys_table[i].help));
	}
	if (y + 2 < r.y + r.h) {
		paint_text(y++, r.x + 2, r.w - 3, theme_attr(THEME_DIM),
		    _("Emulated, not measured: the GIL, a worker's start-up and pickling."));
		paint_text(y++, r.x + 2, r.w - 3, theme_attr(THEME_DIM),
		    _("All else really runs: threads, processes, a libev loop, CPU burn."));
	}
}

const struct panel_class help_panel = {
	"help", 0, 0, 0, 0, help_size, NULL, help_draw, NULL
};
