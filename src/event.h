/* event.h: the engine's state events, plain data that every consumer reads and that can be written and read back. */
#ifndef CAFE_EVENT_H
#define CAFE_EVENT_H

#include <stddef.h>
#include <stdint.h>

enum cafe_event_type {
	CAFE_EV_RUN_START,	/* aux: act number */
	CAFE_EV_RUN_END,
	CAFE_EV_WORKER_START,	/* a thread or process comes to life */
	CAFE_EV_WORKER_STOP,
	CAFE_EV_ORDER_ARRIVE,	/* a customer walks in */
	CAFE_EV_ORDER_DONE,	/* the order is served */
	CAFE_EV_PHASE_BEGIN,
	CAFE_EV_PHASE_END,	/* cpu_us: the thread's measured CPU time, café µs */
	CAFE_EV_GIL_WAIT,	/* the thread starts waiting for the GIL */
	CAFE_EV_GIL_ACQUIRE,
	CAFE_EV_GIL_RELEASE,
	/*
	 * A worker process of the pool (acts 3, 6) died, so the pool is broken,
	 * as ProcessPoolExecutor's is: on the dead worker's lane (wkind PROCESS,
	 * worker its index, pid and tid its pid); aux: the signal that killed it,
	 * 0 when it exited; cpu_us: its exit status (0-255) when it exited, else 0;
	 * t_us: when the pool saw it (end of file on its pipe, or a failed write).
	 * Every order the pool held, and every one submitted to it later, gets an
	 * ORDER_LOST; the pool's other workers are terminated without events, and
	 * the phases its workers had open are never ended. Once per run.
	 */
	CAFE_EV_POOL_BROKEN,
	/*
	 * An order fails (BrokenProcessPool) and will never be served: on the
	 * lane of the loop that owned it (worker 1, wkind LOOP in act 6, MAIN,
	 * the pool manager, in act 3); order and drink; phase: the first phase
	 * of the step it waited for (act 3 take, act 6 embed); aux: enum
	 * cafe_lost_reason. Counts as finished: RUN_END follows once every order
	 * is served or lost. An await it was in is ended just before.
	 */
	CAFE_EV_ORDER_LOST,
	/*
	 * The run cannot go on: an order or an event was dropped (out of
	 * memory), so it would never end. On the main lane (pid: the program);
	 * aux: enum cafe_fail_reason; t_us: the last event's time before it.
	 * The last event of the run: no RUN_END follows, nothing else is
	 * delivered after it.
	 */
	CAFE_EV_RUN_FAILED,
	/*
	 * How busy core aux was over the last sample (about 100 ms of wall time),
	 * the whole machine's, from /proc/stat: cpu_us holds it in per mille
	 * (0-1000). On the main lane. Sampled only while the café clock runs.
	 */
	CAFE_EV_CORE_LOAD,
	/*
	 * A café thread or worker process ran on core aux during the last sample:
	 * pid and tid are its own (the lane's), wkind MAIN and worker 0 (the
	 * sampler does not know its lane: readers match tid); cpu_us: µs of wall
	 * time it ran in the sample.
	 */
	CAFE_EV_ON_CORE,
	/*
	 * The teacher marked this moment (m): on the main lane; aux: the mark's
	 * number in the run, from 1. Kept in recordings; [ and ] stop at it.
	 */
	CAFE_EV_MARK,
	CAFE_EV_TYPE_COUNT
};

/* Why a run failed (RUN_FAILED's aux). */
enum cafe_fail_reason {
	CAFE_FAIL_EVENT_DROPPED = 1,	/* out of memory: an event could not be queued */
	CAFE_FAIL_ORDER_DROPPED = 2	/* out of memory: an order or its result could not be queued */
};

/* Why an order was lost (ORDER_LOST's aux). */
enum cafe_lost_reason {
	CAFE_LOST_POOL_BROKEN = 1	/* its process pool broke (BrokenProcessPool) */
};

/* Who does the work: the lane the event belongs to. */
enum cafe_worker_kind {
	CAFE_WK_MAIN,		/* the program's own thread (arrivals, dispatch) */
	CAFE_WK_BARISTA,	/* a barista thread (acts 1, 2) */
	CAFE_WK_PROCESS,	/* a worker process (acts 3, 6) */
	CAFE_WK_LOOP,		/* the event loop thread (acts 4-6) */
	CAFE_WK_HELPER,		/* a helper thread of to_thread (acts 5, 6) */
	CAFE_WK_COUNT
};

#define CAFE_EVF_AWAIT	0x01	/* a wait no thread is busy with (async b/e in the trace) */
#define CAFE_EVF_WALKIN	0x02	/* ORDER_ARRIVE: after opening time, not one of the opening orders */

struct cafe_event {
	int64_t		t_us;	/* café µs since the run started */
	int64_t		cpu_us;	/* PHASE_END: measured CPU, café µs */
	int32_t		pid;
	int32_t		tid;
	int32_t		order;	/* order id, 1-based; 0 when none */
	int16_t		worker;	/* index within its kind, 1-based */
	int8_t		drink;	/* -1 when none */
	uint8_t		type;	/* enum cafe_event_type */
	uint8_t		phase;	/* enum cafe_phase */
	uint8_t		wkind;	/* enum cafe_worker_kind */
	uint8_t		flags;	/* CAFE_EVF_* */
	uint8_t		aux;
};

/* Who an event is about; each thread keeps one. */
struct cafe_who {
	uint8_t		kind;
	int16_t		index;
	int32_t		pid;
	int32_t		tid;
};

const char	*cafe_event_type_name(enum cafe_event_type);
const char	*cafe_worker_kind_name(enum cafe_worker_kind);
/* "barista 2", "event loop", "helper 1", "worker process 3" (translated). */
int		 cafe_who_label(char *, size_t, enum cafe_worker_kind, int index);

/*
 * Fills ev: an event of type about who at café time t_us, for order (0 and
 * drink -1 when about none); cpu_us and aux start at 0. Only stores, so a
 * forked child may call it.
 */
void		 cafe_event_fill(struct cafe_event *, const struct cafe_who *,
		    enum cafe_event_type, int phase, int order, int drink, int flags, int64_t t_us);

/* Fill who with this thread's real pid and tid, and name the thread "cafe <kind> <index>". */
void		 cafe_who_init(struct cafe_who *, enum cafe_worker_kind, int index);

/*
 * One event as one text line (no newline) and back; -1 on a malformed line
 * or a field out of its member's range (read back from files: never wrap).
 */
int		 cafe_event_format(const struct cafe_event *, char *, size_t);
int		 cafe_event_parse(const char *, struct cafe_event *);

#endif
