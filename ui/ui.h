/* ui.h: the ncurses renderer of the live café (issue: the live café on screen). */
#ifndef CAFE_UI_H
#define CAFE_UI_H

/* Whether this build can draw the café: 1 once the renderer lands. */
int	 cafe_ui_available(void);

#endif
