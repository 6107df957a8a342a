/* clock.h: the café clock: café time from wall time at a speed, pausable, with CPU burns and sleeps measured against it. */
#ifndef CAFE_CLOCK_H
#define CAFE_CLOCK_H

#include <stdint.h>

struct cafe_clock;

/* Called (from the thread that changed the clock) after pause, resume, speed or stop. */
typedef void (*cafe_clock_fn)(void *arg);

/* A clock at café time 0, running at speed (0.05..100), or standing there until resumed. */
struct cafe_clock *cafe_clock_new(double speed, int paused);
void		 cafe_clock_free(struct cafe_clock *);

int64_t		 cafe_clock_now_us(const struct cafe_clock *);
int		 cafe_clock_stopped(const struct cafe_clock *);
int		 cafe_clock_paused(const struct cafe_clock *);
/* Wall nanoseconds until café time t_us at the current speed: 0 once reached; -1 when paused before it. */
int64_t		 cafe_clock_wall_ns_until(const struct cafe_clock *, int64_t t_us);
/* Wall ns that cafe_us of café time take at the clock's speed now. */
int64_t		 cafe_clock_wall_ns_for(const struct cafe_clock *, int64_t cafe_us);

void		 cafe_clock_set_speed(struct cafe_clock *, double);
void		 cafe_clock_pause(struct cafe_clock *, int paused);
/* Wakes every sleeper and burner with an error: the run is being stopped. */
void		 cafe_clock_stop(struct cafe_clock *);
int		 cafe_clock_watch(struct cafe_clock *, cafe_clock_fn, void *);
void		 cafe_clock_unwatch(struct cafe_clock *, cafe_clock_fn, void *);

/* How a burn is cut: every every_us of café CPU it calls at(arg), which may return -1 to abort. */
struct cafe_burn_slices {
	int64_t		 every_us;
	int		(*at)(void *);
	void		*arg;
};

/*
 * Blocking calls for threads of this process. Both return 0, or -1 when the
 * clock was stopped. burn spins until the thread's own CPU clock has advanced
 * by cafe_us café microseconds (contention stretches it in wall time), cut in
 * slices when sl is set. *cpu_us receives the CPU time spent, in café µs.
 */
int		 cafe_clock_sleep_until(struct cafe_clock *, int64_t t_us);
int		 cafe_clock_burn(struct cafe_clock *, int64_t cafe_us, const struct cafe_burn_slices *sl,
		    int64_t *cpu_us);

/*
 * The same for a forked child, using only async-signal-safe calls: they
 * read the shared page and wait on its generation (a futex) instead of on
 * the parent's condition variable.
 */
int		 cafe_clock_sleep_until_forked(const struct cafe_clock *, int64_t t_us);
int		 cafe_clock_burn_forked(const struct cafe_clock *, int64_t cafe_us, int64_t *cpu_us);

/* Nanoseconds of CLOCK_MONOTONIC and of this thread's CPU clock. */
int64_t		 cafe_mono_ns(void);
int64_t		 cafe_thread_cpu_ns(void);

#endif
