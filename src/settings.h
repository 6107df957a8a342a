/* settings.h: everything a run is configured with, and the defaults. */
#ifndef CAFE_SETTINGS_H
#define CAFE_SETTINGS_H

#include <stdint.h>

#include "menu.h"

#define CAFE_ORDERS_MAX 1000000
#define CAFE_WORKERS_MAX 1024	/* threads: baristas, helpers */
#define CAFE_PROCS_MAX 64	/* acts 3 and 6 fork one process per worker */
#define CAFE_SPEED_MIN 0.05
#define CAFE_SPEED_MAX 100.0
#define CAFE_MS_MAX 600000
#define CAFE_SWITCH_MS_MIN 0.1
#define CAFE_SWITCH_MS_MAX 1000.0

struct cafe_settings {
	int	 act;			/* 1..6 */
	int	 norders;
	int8_t	*drinks;		/* norders drinks; owned */
	int	 workers;		/* pool size: baristas, processes, helpers */
	double	 speed;
	int	 gil;			/* act 2: emulate CPython's GIL */
	double	 switch_ms;		/* GIL switch interval, café ms */
	int	 dur_ms[CAFE_PH_COUNT];	/* per phase, café ms */
	int	 arrival_ms;		/* between arrivals; -1: the act's default */
	int	 spawn_ms;		/* emulated interpreter start-up of a worker process */
	int	 block_loop;		/* acts 5, 6: make the blocking call on the loop (the wrong way) */
	int	 grinder_cpu;		/* act 5: the grinder handed to a helper burns CPU, under the GIL */
	int	 cores;			/* online CPUs, for utilisation */
};

/* Defaults: act 1, the five drinks of the menu, 3 workers, speed 1, GIL on. */
void	 cafe_settings_init(struct cafe_settings *);
void	 cafe_settings_free(struct cafe_settings *);
int	 cafe_settings_copy(struct cafe_settings *, const struct cafe_settings *);
/* Orders: a count N (cycling the menu) or a comma list of drinks; -1 on error. */
int	 cafe_settings_set_orders(struct cafe_settings *, const char *);
/* The most workers an act takes: fewer where each one is a process. */
int	 cafe_settings_workers_max(int act);
/* The arrival interval in force for an act. */
int	 cafe_settings_arrival(const struct cafe_settings *, int act);

#endif
