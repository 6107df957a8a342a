/* recfmt.h: the format of a recording, shared by its writer (record.c) and its reader (playback.c). */
#ifndef CAFE_RECFMT_H
#define CAFE_RECFMT_H

#include <stddef.h>

/* PRAGMA application_id: "Cafe" in ASCII, so file(1) and readers tell a recording from other databases. */
#define CAFE_RECFMT_APP_ID	0x43616665
/* PRAGMA user_version: bumped whenever a reader of the old format could misread the new one. */
#define CAFE_RECFMT_VERSION	1
/* Café µs bounds of t_us and cpu_us: about 31 years, past any run the engine can make. */
#define CAFE_RECFMT_T_MAX	1000000000000000LL
#define CAFE_RECFMT_CORES_MAX	65536

/* A setting stored in a column of runs: an int or a double of struct cafe_settings, with its limits. */
struct cafe_recfmt_col {
	const char	*name;
	int		 real;		/* a double; else an int */
	size_t		 off;		/* in struct cafe_settings */
	double		 lo, hi;
	const char	*missing;	/* a column newer than format 1's first files: its value where absent, or NULL */
};

/* CREATE TABLE runs and events, and the partial index that finds a run's end. */
extern const char	cafe_recfmt_schema[];
/* The settings columns of runs, in the order the writer binds and the reader reads them. */
extern const struct cafe_recfmt_col cafe_recfmt_cols[];
extern const int	cafe_recfmt_ncols;

#endif
