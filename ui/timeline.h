/* timeline.h: café time across the screen: the cells of a lane's segments, task and awaiting rows, the GIL row, axis and legend. */
#ifndef CAFE_TIMELINE_H
#define CAFE_TIMELINE_H

#include <stdint.h>

#include "panel.h"

/* The stretch of café time shown and the width of one cell. */
struct tl_window {
	int64_t	 t0, dt;
	int	 cols;
	int64_t	 now;
};

/* The café time a timeline of v spans at now: a window that doubles as the run grows; the whole run once it ended. */
int64_t	 timeline_span(const struct cafe_view *, int64_t now);
/* A window ending at now (or at span, whichever is later) of w columns. */
void	 timeline_window(struct tl_window *, int64_t now, int64_t span, int w);
/* One worker lane's row at (y, x). */
void	 timeline_lane(const struct panel_ctx *, const struct view_lane *, const struct tl_window *,
	    int y, int x);
/* One task's row (its awaits), order id. */
void	 timeline_task(const struct panel_ctx *, int id, const struct tl_window *, int y, int x);
/* How many tasks await, per cell. */
void	 timeline_awaiting(const struct panel_ctx *, const struct tl_window *, int y, int x);
/* Which barista holds the GIL, per cell. */
void	 timeline_gil(const struct panel_ctx *, const struct tl_window *, int y, int x);
/* How busy core c was, per cell (the whole machine's share). */
void	 timeline_core(const struct panel_ctx *, int c, const struct tl_window *, int y, int x);
/* The axis: café seconds, and the marks. */
void	 timeline_axis(const struct panel_ctx *, const struct tl_window *, int y, int x);
void	 timeline_legend(const struct panel_ctx *, int y, int x, int w);

#endif
