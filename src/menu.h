/* menu.h: the café's drinks and the phases an order passes through. */
#ifndef CAFE_MENU_H
#define CAFE_MENU_H

#include <stdint.h>

enum cafe_phase {
	CAFE_PH_TAKE,		/* take the order (CPU) */
	CAFE_PH_GRIND,		/* grind beans (CPU, or a blocking grinder in act 5) */
	CAFE_PH_BREW,		/* brew (I/O wait) */
	CAFE_PH_SERVE,		/* serve (CPU) */
	CAFE_PH_DB_QUERY,	/* act 6: awaited database query */
	CAFE_PH_API_CALL,	/* act 6: awaited API call */
	CAFE_PH_EMBED,		/* act 6: CPU work in the process pool */
	CAFE_PH_SYNC_LIB,	/* act 6: blocking call in a helper thread */
	CAFE_PH_RESPOND,	/* act 6: CPU on the loop */
	CAFE_PH_GIL_WAIT,	/* overhead: waiting for the GIL */
	CAFE_PH_SPAWN,		/* overhead: starting a worker process */
	CAFE_PH_IPC,		/* overhead: a message between processes */
	CAFE_PH_COUNT
};

/* What a phase costs the thread that does it. */
enum cafe_phase_kind {
	CAFE_KIND_CPU,		/* burns the thread's CPU clock */
	CAFE_KIND_WAIT,		/* waits without CPU (I/O) */
	CAFE_KIND_BLOCK		/* a blocking call: holds a thread, no CPU */
};

#define CAFE_DRINK_COUNT 5
#define CAFE_RECIPE_MAX 6

struct cafe_recipe {
	int		 n;
	enum cafe_phase	 phase[CAFE_RECIPE_MAX];
};

const char	*cafe_phase_name(enum cafe_phase);	/* trace name, e.g. "gil-wait" */
const char	*cafe_phase_label(enum cafe_phase);	/* translated, for people */
enum cafe_phase_kind cafe_phase_kind(enum cafe_phase);
int		 cafe_phase_from_name(const char *);	/* -1 when unknown */
int		 cafe_phase_is_overhead(enum cafe_phase);

const char	*cafe_drink_name(int drink);		/* command-line name, "flat-white" */
const char	*cafe_drink_label(int drink);		/* translated, for people */
int		 cafe_drink_from_name(const char *);	/* -1 when unknown */

extern const struct cafe_recipe cafe_recipe_coffee;	/* take, grind, brew, serve */
extern const struct cafe_recipe cafe_recipe_request;	/* db, api, embed, sync-lib, respond */

#endif
