/* keybar.c: the key bar panel at the bottom, from the key table: only the keys that do something here. */
#include "config.h"

#include "i18n.h"
#include "paint.h"
#include "text.h"
#include "theme.h"

int
keybar_applies(const struct keys_binding *b, const struct panel_ctx *ctx)
{
	if ((b->when & KEYS_WHEN_LIVE) && !ctx->live)
		return 0;
	if ((b->when & KEYS_WHEN_GIL) && !(ctx->act->ops->flags & CAFE_MODEL_GIL))
		return 0;
	if ((b->when & KEYS_WHEN_BLOCK) && !ctx->act->can_block)
		return 0;
	if ((b->when & KEYS_WHEN_POOL) && !ctx->act->pool)
		return 0;
	if ((b->when & KEYS_WHEN_TOUR) && !ctx->tour)
		return 0;
	return 1;
}

static void
keybar_size(struct panel *p, const struct panel_ctx *ctx, int w, int *min, int *pref)
{
	*min = 1;
	*pref = 1;
}

static void
keybar_draw(struct panel *p, const struct panel_ctx *ctx, struct ui_rect r)
{
	int x = r.x, total = 0;

	for (int i = 0; i < keys_count; i++)
		if (keybar_applies(&keys_table[i], ctx))
			total += cafe_text_width(_(keys_table[i].keys)) +
			    cafe_text_width(_(keys_table[i].bar)) + 1;
	int roomy = total <= r.w + 1;
	paint_text(r.y, r.x, r.w, A_NORMAL, "");
	for (int i = 0; i < keys_count; i++) {
		const char *k = _(keys_table[i].keys), *l = _(keys_table[i].bar);
		/* htop's way: the key in reverse, its label right after. */
		int need = cafe_text_width(k) + cafe_text_width(l) + 1;
		if (!keybar_applies(&keys_table[i], ctx) || (!roomy && keys_table[i].optional))
			continue;
		if (x + need > r.x + r.w + 1)
			break;
		paint_text(r.y, x, cafe_text_width(k), theme_attr(THEME_KEY), k);
		paint_text(r.y, x + cafe_text_width(k), cafe_text_width(l) + 1, A_NORMAL, l);
		x += need;
	}
}

const struct panel_class keybar_panel = {
	"keybar", 0, 100, 0, 0, keybar_size, NULL, keybar_draw, NULL
};
