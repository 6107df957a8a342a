/* ui.c: placeholder for the ncurses renderer; the engine runs headless until it lands. */
#include "config.h"

#include "ui.h"

int
cafe_ui_available(void)
{
	return 0;
}
