/* paint.h: the panels of the screen, each one a draw function over a rectangle, and their helpers. */
#ifndef CAFE_PAINT_H
#define CAFE_PAINT_H

#include <curses.h>

#include "stats.h"
#include "view.h"

struct ui_rect {
	int	y, x, h, w;
};

/* Writes s at (y, x), cut or padded to w columns (measured with wcwidth). */
void	 paint_text(int y, int x, int w, attr_t, const char *s);
/* Clears r and draws a frame around it, for overlays. */
void	 paint_box(struct ui_rect);
/* A bar of w columns, filled to frac (0..1). */
void	 paint_bar(int y, int x, int w, double frac, attr_t);

/* Label column width the barista panel and the timeline share. */
#define PAINT_LANE_LABEL 12
#define PAINT_STATUS 26

/* The lanes shown, at most max: worker lanes of the view; returns how many. */
int	 paint_lanes(const struct cafe_view *, int max);

void	 header_draw(const struct cafe_view *, struct ui_rect);
void	 queue_draw(const struct cafe_view *, struct ui_rect);
void	 baristas_draw(const struct cafe_view *, struct ui_rect, int nlanes);
/*
 * Worker lanes, then (acts 4-6) one lane per task when tasks > 0 or else one
 * lane counting the awaiting tasks, then (act 2) the GIL holder, the axis and
 * the legend. The labels of the extra lanes go left of r, over the barista column.
 */
void	 timeline_draw(const struct cafe_view *, struct ui_rect, int nlanes, int tasks,
	    int64_t window_us);
void	 cups_draw(const struct cafe_view *, struct ui_rect);
void	 scoreboard_draw(const struct cafe_view *, struct ui_rect);
void	 logpane_draw(const struct cafe_view *, struct ui_rect);
/* The key bar; acts 5 and 6 need b, the others leave it for the help. */
void	 keybar_draw(struct ui_rect, int act);
void	 help_draw(struct ui_rect);
/* Summaries of acts 1..6; have[i] says whether act i+1 ran to the end. */
void	 compare_draw(struct ui_rect, const struct cafe_summary *, const int *have);
void	 toosmall_draw(int rows, int cols, int need_rows, int need_cols);

#endif
