/* options.h: the command line: parsing into settings, --help and --version. */
#ifndef CAFE_OPTIONS_H
#define CAFE_OPTIONS_H

#include <stdint.h>
#include <stdio.h>

#include "settings.h"

struct cafe_options {
	struct cafe_settings	 s;
	int			 headless;
	int			 compare;
	int			 quiet;		/* headless: summary only, no log */
	int			 ideal;		/* print the ideal schedule beside the measured run */
	int			 stats;		/* print the program's own costs to stderr at exit */
	const char		*trace;		/* --trace FILE */
	const char		*record;	/* --record FILE: every run, to an SQLite recording */
	const char		*replay;	/* --replay FILE: play a recording instead of the café */
	int			 model_given;	/* -m was given: with --replay, which act's run */
	int64_t			 pause_at_us;	/* --pause-at: the screen's replay opens paused there; -1 */
	int			 tour;		/* --tour: the guided tour on the screen */
	int			 race[2];	/* --race A,B: two acts side by side; 0 0 none */
	int			 help, version;
};

/*
 * Parses argv; 0 on success, else 2 after writing "corocafe: <what is
 * wrong>" and a hint to err. The caller frees o->s.
 */
int	 cafe_options_parse(struct cafe_options *, int argc, char **argv, FILE *err);
void	 cafe_options_help(FILE *);
void	 cafe_options_version(FILE *);

#endif
