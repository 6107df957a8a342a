/* model_threads.c: act 2, a pool of barista threads; an emulated GIL keeps their grinding from running in parallel. */
#include "config.h"

#include "barista.h"
#include "i18n.h"
#include "model.h"

static void
threads_plan(const struct cafe_settings *s, struct cafe_plan *p)
{
	*p = (struct cafe_plan){ .baristas = s->workers, .gil = s->gil };
}

static const struct cafe_lesson threads_lessons[] = {
	{ CAFE_WHEN_ONE, N_("One barista thread: the synchronous café again, in a thread."),
	    N_("But alone, the thread waits through every brew: add baristas with W.") },
	{ CAFE_WHEN_GIL_OFF, N_("GIL off, like free-threaded Python 3.13t: the baristas grind in parallel too."),
	    N_("But threads share everything: switching costs, and shared state needs locks.") },
	{ 0, N_("Baristas brew side by side: threads suit waiting work, like brewing (I/O)."),
	    N_("But the GIL lets one barista grind at a time, and switching threads costs.") },
};

static const struct cafe_tour_stop threads_tour = {
	N_("Several baristas (threads) now brew side by side: good for waiting work like brewing. But Python's GIL lets only one of them grind at a time."),
	N_("Three baristas: will the five cups be ready three times sooner?")
};

const struct cafe_model_ops cafe_model_threads = {
	"threads", N_("Thread pool"), N_("Threads"),
	threads_lessons, &threads_tour,
	CAFE_UNIT_DRINK, N_("start making %s #%d"), 0, CAFE_WORKERS_MAX, CAFE_MODEL_GIL,
	threads_plan, cafe_baristas_create, cafe_baristas_start, cafe_baristas_submit, cafe_baristas_stop
};
