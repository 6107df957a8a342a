/* header.c: the act, the café clock, speed, GIL and pause; the act's lesson below. */
#include "config.h"

#include <stdio.h>

#include "i18n.h"
#include "model.h"
#include "paint.h"
#include "text.h"
#include "theme.h"

void
header_draw(const struct cafe_view *v, struct ui_rect r)
{
	const struct cafe_model_ops *m = cafe_model_get(v->act);
	char left[160], right[160];

	snprintf(left, sizeof left, _(" Coroutine Café · Act %d · %s"), v->act, _(m->title));
	snprintf(right, sizeof right, _("%.2fs  %gx  GIL %s  %d workers "),
	    v->now / 1e6, v->speed, v->gil ? _("on") : _("off"), v->workers);
	int rw = cafe_text_width(right);
	if (rw > r.w - 30)
		rw = 0;
	paint_text(r.y, r.x, r.w - rw, theme_attr(THEME_TITLE), left);
	if (rw > 0)
		paint_text(r.y, r.x + r.w - rw, rw, theme_attr(THEME_TITLE), right);
	if (v->paused)
		paint_text(r.y, r.x + r.w - rw - 10, 9, theme_attr(THEME_PAUSED), _(" PAUSED "));
	if (r.h > 1)
		paint_text(r.y + 1, r.x, r.w, A_BOLD, _(m->lesson));
}
