/* menu.c: names and kinds of drinks and phases. */
#include "config.h"

#include <string.h>

#include "i18n.h"
#include "menu.h"

/* TRANSLATORS: the phases' labels are the timeline's legend (take, grind, brew, serve: 点单, 磨豆, 冲咖啡, 上咖啡). */
static const struct {
	const char		*name;		/* for data: traces, recordings */
	const char		*label;		/* for people, translated on use */
	enum cafe_phase_kind	 kind;
	int			 overhead;
} menu_phases[CAFE_PH_COUNT] = {
	[CAFE_PH_TAKE]     = { "take-order", N_("take"), CAFE_KIND_CPU, 0 },
	[CAFE_PH_GRIND]    = { "grind", N_("grind"), CAFE_KIND_CPU, 0 },
	[CAFE_PH_BREW]     = { "brew", N_("brew"), CAFE_KIND_WAIT, 0 },
	[CAFE_PH_SERVE]    = { "serve", N_("serve"), CAFE_KIND_CPU, 0 },
	[CAFE_PH_DB_QUERY] = { "db-query", N_("DB query"), CAFE_KIND_WAIT, 0 },
	[CAFE_PH_API_CALL] = { "api-call", N_("API call"), CAFE_KIND_WAIT, 0 },
	[CAFE_PH_EMBED]    = { "embed", N_("embed"), CAFE_KIND_CPU, 0 },
	[CAFE_PH_SYNC_LIB] = { "sync-lib", N_("sync library"), CAFE_KIND_BLOCK, 0 },
	[CAFE_PH_RESPOND]  = { "respond", N_("respond"), CAFE_KIND_CPU, 0 },
	[CAFE_PH_GIL_WAIT] = { "gil-wait", N_("GIL wait"), CAFE_KIND_WAIT, 1 },
	[CAFE_PH_SPAWN]    = { "spawn", N_("start-up"), CAFE_KIND_CPU, 1 },
	[CAFE_PH_IPC]      = { "ipc", N_("pickling (IPC)"), CAFE_KIND_CPU, 1 },
};

static const char *const menu_kinds[] = {
	[CAFE_KIND_CPU] = N_("CPU"), [CAFE_KIND_WAIT] = N_("I/O wait"),
	[CAFE_KIND_BLOCK] = N_("blocking call")
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
	return (unsigned)p < CAFE_PH_COUNT ? _(menu_phases[p].label) : "?";
}

const char *
cafe_phase_kind_label(enum cafe_phase_kind k)
{
	return (unsigned)k <= CAFE_KIND_BLOCK ? _(menu_kinds[k]) : "?";
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
