/* paint.h: drawing helpers every panel shares: text and bars clipped by columns, frames. */
#ifndef CAFE_PAINT_H
#define CAFE_PAINT_H

#include <curses.h>

#include "panel.h"

/* Writes s at (y, x), cut or padded to w columns (measured with wcwidth). */
void	 paint_text(int y, int x, int w, attr_t, const char *s);
/* A heading: a rule across w columns with title in it. */
void	 paint_rule(int y, int x, int w, attr_t, const char *title);
/* One column: a timeline cell or a glyph, in a. */
void	 paint_cell(int y, int x, attr_t, char ch);
/* s over at most rows rows of w columns, broken between words; the rows used. */
int	 paint_wrap(int y, int x, int w, int rows, attr_t, const char *s);
/* Clears r and draws a frame around it, for overlays. */
void	 paint_box(struct ui_rect);
/* A bar of w columns, filled to frac (0..1). */
void	 paint_bar(int y, int x, int w, double frac, attr_t);
/* The screen when it is smaller than the café needs. */
void	 paint_toosmall(int rows, int cols, int need_rows, int need_cols);

/* Label and status columns the lane rows share with the timeline. */
#define PAINT_LANE_LABEL 12
#define PAINT_STATUS 26

#endif
