/* menu.c: names and kinds of drinks and phases. */
#include "config.h"

#include <string.h>

#include "i18n.h"
#include "menu.h"

static const struct {
	const char		*name;
	enum cafe_phase_kind	 kind;
	int			 overhead;
} menu_phases[CAFE_PH_COUNT] = {
	[CAFE_PH_TAKE]     = { "take-order", CAFE_KIND_CPU, 0 },
	[CAFE_PH_GRIND]    = { "grind", CAFE_KIND_CPU, 0 },
	[CAFE_PH_BREW]     = { "brew", CAFE_KIND_WAIT, 0 },
	[CAFE_PH_SERVE]    = { "serve", CAFE_KIND_CPU, 0 },
	[CAFE_PH_DB_QUERY] = { "db-query", CAFE_KIND_WAIT, 0 },
	[CAFE_PH_API_CALL] = { "api-call", CAFE_KIND_WAIT, 0 },
	[CAFE_PH_EMBED]    = { "embed", CAFE_KIND_CPU, 0 },
	[CAFE_PH_SYNC_LIB] = { "sync-lib", CAFE_KIND_BLOCK, 0 },
	[CAFE_PH_RESPOND]  = { "respond", CAFE_KIND_CPU, 0 },
	[CAFE_PH_GIL_WAIT] = { "gil-wait", CAFE_KIND_WAIT, 1 },
	[CAFE_PH_SPAWN]    = { "spawn", CAFE_KIND_CPU, 1 },
	[CAFE_PH_IPC]      = { "ipc", CAFE_KIND_WAIT, 1 },
};

/* TRANSLATORS: the phases in the timeline's legend (take-order, grind, brew, serve: 点单, 磨豆, 冲咖啡, 上咖啡). */
static const char *const menu_phase_labels[CAFE_PH_COUNT] = {
	[CAFE_PH_TAKE] = N_("take-order"), [CAFE_PH_GRIND] = N_("grind"), [CAFE_PH_BREW] = N_("brew"),
	[CAFE_PH_SERVE] = N_("serve"), [CAFE_PH_DB_QUERY] = N_("db-query"),
	[CAFE_PH_API_CALL] = N_("api-call"), [CAFE_PH_EMBED] = N_("embed"),
	[CAFE_PH_SYNC_LIB] = N_("sync-lib"), [CAFE_PH_RESPOND] = N_("respond"),
	[CAFE_PH_GIL_WAIT] = N_("gil-wait"), [CAFE_PH_SPAWN] = N_("spawn"), [CAFE_PH_IPC] = N_("ipc"),
};

static const char *const menu_drinks[CAFE_DRINK_COUNT] = {
	"latte", "americano", "cappuccino", "mocha", "flat-white"
};
static const char *const menu_drink_labels[CAFE_DRINK_COUNT] = {
	N_("latte"), N_("americano"), N_("cappuccino"), N_("mocha"), N_("flat white")
};

const struct cafe_recipe cafe_recipe_coffee = {
	4, { CAFE_PH_TAKE, CAFE_PH_GRIND, CAFE_PH_BREW, CAFE_PH_SERVE }
};
const struct cafe_recipe cafe_recipe_request = {
	5, { CAFE_PH_DB_QUERY, CAFE_PH_API_CALL, CAFE_PH_EMBED, CAFE_PH_SYNC_LIB, CAFE_PH_RESPOND }
};

const char *
cafe_phase_name(enum cafe_phase p)
{
	if ((unsigned)p >= CAFE_PH_COUNT)
		return "?";
	return menu_phases[p].name;
}

const char *
cafe_phase_label(enum cafe_phase p)
{
	return (unsigned)p < CAFE_PH_COUNT ? _(menu_phase_labels[p]) : "?";
}

enum cafe_phase_kind
cafe_phase_kind(enum cafe_phase p)
{
	return (unsigned)p < CAFE_PH_COUNT ? menu_phases[p].kind : CAFE_KIND_WAIT;
}

int
cafe_phase_is_overhead(enum cafe_phase p)
{
	return (unsigned)p < CAFE_PH_COUNT && menu_phases[p].overhead;
}

int
cafe_phase_from_name(const char *name)
{
	for (int i = 0; i < CAFE_PH_COUNT; i++)
		if (strcmp(menu_phases[i].name, name) == 0)
			return i;
	return -1;
}

const char *
cafe_drink_name(int d)
{
	return d >= 0 && d < CAFE_DRINK_COUNT ? menu_drinks[d] : "?";
}

const char *
cafe_drink_label(int d)
{
	return d >= 0 && d < CAFE_DRINK_COUNT ? _(menu_drink_labels[d]) : "?";
}

int
cafe_drink_from_name(const char *name)
{
	for (int i = 0; i < CAFE_DRINK_COUNT; i++)
		if (strcmp(menu_drinks[i], name) == 0)
			return i;
	return -1;
}
