/* layout.c: the layout pass: asks each panel its rows, hands out the screen by priority, places them. */
#include "config.h"

#include "panel.h"

#define LAYOUT_MAX 16
#define LAYOUT_MIN_LEFT 60	/* what a panel keeps when another stands beside it */

/* A panel beside another takes its columns from the right of it, when both keep enough room. */
static void
layout_beside(struct panel *p, const struct panel_ctx *ctx)
{
	struct panel *q = p->right;

	if (q == NULL)
		return;
	q->r = (struct ui_rect){ p->r.y, p->r.x, 0, 0 };
	/* Shown beside when wide unless switched off; when narrow, only switched on, and then in p's place. */
	if (p->r.h == 0 || (ctx->wide ? q->hidden : !q->hidden))
		return;
	if (!ctx->wide || p->r.w - q->cls->beside - 1 < LAYOUT_MIN_LEFT) {
		q->r = p->r;
		p->r.h = 0;
		return;
	}
	q->r = (struct ui_rect){ p->r.y, p->r.x + p->r.w - q->cls->beside, p->r.h, q->cls->beside };
	p->r.w -= q->cls->beside + 1;
}

int
layout_stack(struct panel *p, int n, const struct panel_ctx *ctx, struct ui_rect area)
{
	int min[LAYOUT_MAX], pref[LAYOUT_MAX], h[LAYOUT_MAX], used = 0;

	if (n > LAYOUT_MAX)
		return -1;
	for (int i = 0; i < n; i++) {
		p[i].cls->size(&p[i], ctx, area.w, &min[i], &pref[i]);
		if (pref[i] < min[i])
			pref[i] = min[i];
		h[i] = min[i];
		used += min[i];
	}
	if (used > area.h)
		return -1;
	/* What is left goes to the most important panels first, up to what each would like. */
	for (int left = area.h - used; left > 0;) {
		int best = -1;
		for (int i = 0; i < n; i++)
			if (h[i] < pref[i] && (best < 0 || p[i].cls->priority > p[best].cls->priority))
				best = i;
		if (best < 0) {
			for (int i = 0; i < n && left > 0; i++)
				if (p[i].cls->fill) {
					h[i] += left;
					left = 0;
				}
			break;
		}
		int give = pref[best] - h[best] < left ? pref[best] - h[best] : left;
		h[best] += give;
		left -= give;
	}
	/* Rows a panel was given and cannot use (tasks that did not all fit) go to the one that fills. */
	int spare = 0, fill = -1;
	for (int i = 0; i < n; i++) {
		if (p[i].cls->used != NULL) {
			int u = p[i].cls->used(&p[i], ctx, area.w, h[i]);
			if (u >= min[i] && u < h[i]) {
				spare += h[i] - u;
				h[i] = u;
			}
		}
		if (p[i].cls->fill && fill < 0)
			fill = i;
	}
	if (fill >= 0)
		h[fill] += spare;
	for (int i = 0, y = area.y; i < n; i++) {
		p[i].r = (struct ui_rect){ y, area.x, h[i], area.w };
		y += h[i];
		layout_beside(&p[i], ctx);
	}
	return 0;
}

void
layout_overlay(struct panel *p, const struct panel_ctx *ctx, struct ui_rect area)
{
	int min, pref, w = area.w - 8;

	p->cls->size(p, ctx, w, &min, &pref);
	if (pref > area.h - 2)
		pref = area.h - 2;
	p->r = (struct ui_rect){ area.y + (area.h - pref) / 2, area.x + 4, pref, w };
}
