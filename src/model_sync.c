/* model_sync.c: act 1, one barista who makes one order after another and idles through every brew. */
#include "config.h"

#include "barista.h"
#include "i18n.h"
#include "model.h"

static void
sync_plan(const struct cafe_settings *s, struct cafe_plan *p)
{
	*p = (struct cafe_plan){ .baristas = 1, .gil = 0 };
}

static const struct cafe_lesson sync_lessons[] = {
	{ 0, N_("One barista makes one order at a time, start to finish: simple, nothing shared."),
	    N_("But at every blocking brew the CPU sits idle, and the customers wait in line.") },
};

static const struct cafe_tour_stop sync_tour = {
	N_("One barista makes one coffee after another: take the order, grind the beans, brew, serve. While the water boils (an I/O wait), the barista just stands there."),
	N_("With one barista, how long will five cups take?")
};

const struct cafe_model_ops cafe_model_sync = {
	"sync", N_("Synchronous café"), N_("Sync"),
	sync_lessons, &sync_tour,
	CAFE_UNIT_DRINK, N_("start making %s #%d"), 0, CAFE_WORKERS_MAX, 0, sync_plan,
	cafe_baristas_create, cafe_baristas_start, cafe_baristas_submit, cafe_baristas_stop
};
