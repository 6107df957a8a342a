/* ui.h: the live café on screen: one libev loop drives keys, frames, signals and the engine's events. */
#ifndef CAFE_UI_H
#define CAFE_UI_H

#include <stdint.h>
#include <stdio.h>

#include "settings.h"

/*
 * Runs the café on the terminal until the user quits; the terminal is
 * restored, every thread joined and every child reaped on every exit path.
 * Returns the exit status: 0 on q, 128+N on signal N, 1 on a failure.
 * With stats set, the screen's own costs go there at exit: frames drawn,
 * the median and p99 time to draw one, the first frame since started_ns.
 */
int	 cafe_ui_run(const struct cafe_settings *, FILE *stats, int64_t started_ns);

#endif
