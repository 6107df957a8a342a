/* closeout.h: standard streams that cannot fail in silence: reopened when closed at start, checked at exit like gnulib's close_stdout. */
#ifndef CAFE_CLOSEOUT_H
#define CAFE_CLOSEOUT_H

#include <stdio.h>

/*
 * Opens /dev/null on whichever of descriptors 0, 1 and 2 is closed, so no
 * file opened later (a trace) takes its place. Call first thing in main;
 * -1 when /dev/null cannot be opened.
 */
int	 cafe_closeout_std_fds(void);
/* 0 while fp has written everything so far; else -1, remembering the first error's errno. */
int	 cafe_closeout_check(FILE *fp);
/*
 * Closes stdout and stderr at exit. A write that failed on stdout gives
 * "corocafe: write error: <reason>" on stderr; either failing turns status
 * 0 into 1. Returns the exit status.
 */
int	 cafe_closeout(int status);

#endif
