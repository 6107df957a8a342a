/* summary.c: the end card overlay: the seed's two closing tables, which tool for which work, and each concept's café picture. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "paint.h"
#include "text.h"
#include "theme.h"

#define SUMMARY_COLS 4

struct summary_table {
	const char	*title;
	const char	*head[SUMMARY_COLS];
	int		 drop[2];	/* the columns that go, in order, when narrow */
	const char	*row[6][SUMMARY_COLS];
	int		 nrows;
};

static const struct summary_table summary_tables[] = {
	{ N_("Which tool for which work"),
	  { N_("Kind of work"), N_("What it does"), N_("Typical calls"), N_("Use") }, { 2, 1 }, {
		{ N_("I/O, async library"), N_("supports async itself"), "httpx.AsyncClient, asyncpg",
		    N_("await it") },
		{ N_("I/O, sync library"), N_("blocks its thread"), N_("requests, file I/O"),
		    "await asyncio.to_thread()" },
		{ N_("CPU-heavy work"), N_("holds the GIL"), N_("vectors, decoding, generating"),
		    "run_in_executor(ProcessPoolExecutor)" },
	  }, 3 },
	{ N_("Each concept in the café"),
	  { N_("Concept"), N_("In the café"), N_("What it gives"), N_("Suits") }, { 2, 3 }, {
		{ N_("process"), N_("separate kitchens"), N_("true parallelism, apart"), N_("CPU-bound") },
		{ N_("thread"), N_("baristas in one kitchen"), N_("concurrent I/O, switching"),
		    N_("I/O-bound") },
		{ N_("coroutine"), N_("one super barista"), N_("the loop switches I/O tasks"),
		    N_("much async I/O") },
		{ "async/await", N_("\"do other things while the water boils\""), N_("non-blocking code"),
		    N_("concurrent async I/O") },
		{ "asyncio.to_thread", N_("\"call in a helper for the sync job\""),
		    N_("blocking code in a thread"), N_("blocking I/O") },
		{ "ProcessPoolExecutor", N_("\"grind in many kitchens\""), N_("every core for CPU"),
		    N_("compute-bound") },
	  }, 6 },
};
#define SUMMARY_TABLES ((int)(sizeof summary_tables / sizeof summary_tables[0]))

static void
summary_size(struct panel *p, const struct panel_ctx *ctx, int w, int *min, int *pref)
{
	int rows = 2;

	for (int t = 0; t < SUMMARY_TABLES; t++)
		rows += summary_tables[t].nrows + 3;
	*min = rows - 2;
	*pref = rows;
}

/* Columns wide enough for every cell, measured on the screen; the droppable one goes when w is short. */
static void
summary_widths(const struct summary_table *t, int w, int *cw)
{
	int total = 0;

	for (int c = 0; c < SUMMARY_COLS; c++) {
		cw[c] = cafe_text_width(_(t->head[c]));
		for (int r = 0; r < t->nrows; r++) {
			int n = cafe_text_width(_(t->row[r][c]));
			cw[c] = n > cw[c] ? n : cw[c];
		}
		total += cw[c] + 2;
	}
	for (int d = 0; d < 2 && total > w; d++) {
		total -= cw[t->drop[d]] + 2;
		cw[t->drop[d]] = 0;
	}
}

static void
summary_row(int y, int x, int w, const int *cw, const char *const *cell, attr_t a)
{
	char buf[256];
	int col = 0;

	for (int c = 0; c < SUMMARY_COLS && col < w; c++) {
		if (cw[c] == 0)
			continue;
		int n = cw[c] + 2 < w - col ? cw[c] + 2 : w - col;
		cafe_text_pad(buf, sizeof buf, _(cell[c]), n);
		paint_text(y, x + col, n, a, buf);
		col += n;
	}
}

static void
summary_draw(struct panel *p, const struct panel_ctx *ctx, struct ui_rect r)
{
	int y = r.y, cw[SUMMARY_COLS];

	paint_box(r);
	paint_text(y++, r.x, r.w, theme_attr(THEME_TITLE),
	    _(" Summary: which tool for which work, and each idea in the café (c to close)"));
	for (int t = 0; t < SUMMARY_TABLES && y < r.y + r.h - 2; t++) {
		const struct summary_table *st = &summary_tables[t];
		summary_widths(st, r.w - 4, cw);
		y++;
		paint_text(y++, r.x + 2, r.w - 4, theme_attr(THEME_OK) | A_BOLD, _(st->title));
		summary_row(y++, r.x + 2, r.w - 4, cw, st->head, A_BOLD);
		for (int i = 0; i < st->nrows && y < r.y + r.h - 1; i++)
			summary_row(y++, r.x + 2, r.w - 4, cw, st->row[i], A_NORMAL);
	}
}

const struct panel_class summary_panel = {
	"summary", 0, 0, 0, 0, summary_size, NULL, summary_draw, NULL
};
