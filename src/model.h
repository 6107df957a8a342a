/* model.h: the interface every concurrency model (one act each) implements, and what a model is given. */
#ifndef CAFE_MODEL_H
#define CAFE_MODEL_H

#include <stdint.h>

#include "bus.h"
#include "clock.h"
#include "event.h"
#include "menu.h"
#include "settings.h"

struct cafe_order {
	int32_t	 id;		/* 1-based */
	int8_t	 drink;
	int64_t	 arrive_us;	/* café time the customer walked in */
};

/* What a model runs against; owned by the run, outlives the model. */
struct cafe_env {
	const struct cafe_settings	*s;
	struct cafe_clock		*clock;
	struct cafe_bus			*bus;
};

/* Whose unit of work an act handles: a drink, or a web request (act 6). */
enum cafe_unit { CAFE_UNIT_DRINK, CAFE_UNIT_REQUEST };

/* How a step of an async task runs. */
enum cafe_step_mode {
	CAFE_STEP_CPU,		/* on the loop thread: blocks every other task */
	CAFE_STEP_TIMER,	/* await a libev timer: overlaps */
	CAFE_STEP_HELPER,	/* await a blocking call on a helper thread (asyncio.to_thread) */
	CAFE_STEP_PROCESS	/* await the process pool (run_in_executor) */
};

struct cafe_step {
	enum cafe_step_mode	mode;
	int			nphases;		/* > 1 only for PROCESS */
	enum cafe_phase		phase[CAFE_RECIPE_MAX];
	int			cpu;			/* HELPER: burns CPU (under the GIL) instead of blocking */
};

/* An order as a task stepping through awaits (acts 3-6). */
struct cafe_aloop_spec {
	enum cafe_worker_kind	 lane;		/* LOOP, or MAIN for the pool's manager */
	int			 nsteps;
	struct cafe_step	 step[CAFE_RECIPE_MAX];
	int			 helpers;	/* helper threads, 0 for none */
	int			 processes;	/* worker processes, 0 for none */
	int			 gil;		/* the loop and its helpers share an emulated GIL */
};

/*
 * How an act runs its orders, for the model itself, the ideal schedule and
 * the screen alike: blocking baristas making whole orders, or tasks.
 */
struct cafe_plan {
	int			 baristas;	/* > 0: barista threads (acts 1, 2) */
	int			 gil;		/* the baristas share the emulated GIL */
	struct cafe_aloop_spec	 spec;		/* when baristas == 0 */
};

/* The guided tour's stop at an act: the seed's telling, then a question for the class before the reveal. */
struct cafe_tour_stop {
	const char	*story;
	const char	*question;
};

#define CAFE_MODEL_GIL	0x01	/* the GIL setting (g, --no-gil) changes this act */

/* When a lesson applies: every bit set must hold. */
#define CAFE_WHEN_GIL_OFF	0x01	/* the emulated GIL is off */
#define CAFE_WHEN_BLOCKED	0x02	/* the blocking call is made on the loop (b) */
#define CAFE_WHEN_ONE		0x04	/* one worker */
#define CAFE_WHEN_CPU_GRINDER	0x08	/* the grinder handed to a helper is CPU work (--grinder=cpu) */

/* The seed's two-part lesson: what the model gives, and 但问题是, what it costs. */
struct cafe_lesson {
	unsigned	 when;		/* CAFE_WHEN_*; 0: always (the last, the default) */
	const char	*gives;
	const char	*cost;
};

/*
 * A model, in the order of calls: create (no threads yet), start (threads,
 * loops, processes come up), submit (any thread, any number of times, also
 * before start), stop (at any moment: stops and joins every thread, reaps
 * every child, frees everything; the clock is already stopped, so blocking
 * calls return at once). Pause and speed are the clock's, not the model's.
 */
struct cafe_model_ops {
	const char	*name;		/* command-line name: "threads" */
	const char	*title;		/* "Thread pool", translated on use */
	const char	*short_title;	/* "Threads": where the title does not fit */
	const struct cafe_lesson *lessons;	/* the first whose when holds; ends with when 0 */
	const struct cafe_tour_stop *tour;
	enum cafe_unit	 unit;
	const char	*take_line;	/* the log when an order is taken: "start making %s #%d" */
	int		 arrival_ms;	/* default gap between customers; 0: all at opening */
	int		 workers_max;	/* CAFE_WORKERS_MAX, or CAFE_PROCS_MAX where each is a process */
	unsigned	 flags;		/* CAFE_MODEL_* */
	void		 (*plan)(const struct cafe_settings *, struct cafe_plan *);
	void		*(*create)(const struct cafe_env *);
	int		 (*start)(void *);
	void		 (*submit)(void *, const struct cafe_order *);
	void		 (*stop)(void *);
};

#define CAFE_ACTS 6

/* Act 1..6; NULL otherwise. */
const struct cafe_model_ops *cafe_model_get(int act);
/* "threads" or "2" -> 2; -1 when unknown. */
int		 cafe_model_find(const char *);

/* Emits one event about who, stamped with the café clock. */
void		 cafe_env_emit(const struct cafe_env *, const struct cafe_who *,
		    enum cafe_event_type, enum cafe_phase, const struct cafe_order *,
		    int flags, int64_t cpu_us);
/* An order or its result was dropped (out of memory): the run fails (RUN_FAILED); any thread. */
void		 cafe_env_fail(const struct cafe_env *);
/* A phase's duration in café µs. */
int64_t		 cafe_env_dur_us(const struct cafe_env *, enum cafe_phase);

extern const struct cafe_model_ops cafe_model_sync, cafe_model_threads,
    cafe_model_processes, cafe_model_async, cafe_model_tothread, cafe_model_mixed;

#endif
