/* clock.c: the café clock, kept in a shared page so forked workers read it without locks. */
#include "config.h"

#include <limits.h>
#include <linux/futex.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "thread.h"

#define CLOCK_WATCHERS 8
#define CLOCK_PPM 1000000LL
/* Longest stretch of real CPU burnt between looks at pause and speed. */
#define CLOCK_BURN_SLICE_NS 500000LL
/*
 * A forked child waits on the clock page's generation (a futex on shared
 * memory: a raw system call, safe after fork) and is woken by every change;
 * it looks again after this long at most, should a wake-up ever be missed.
 */
#define CLOCK_POLL_NS 100000000LL

/*
 * Shared with forked children (MAP_SHARED), so only atomics live here. A
 * seqlock keeps the three base values consistent: writers make seq odd,
 * store, make it even; readers retry while it is odd or changed.
 */
struct clock_shared {
	_Atomic uint64_t seq;
	_Atomic int64_t	 base_wall_ns;	/* CLOCK_MONOTONIC at the last change */
	_Atomic int64_t	 base_cafe_ns;	/* café time at the last change */
	_Atomic int64_t	 speed_ppm;	/* café ns per wall ns, in millionths */
	_Atomic int	 paused;
	_Atomic int	 stopped;
	_Atomic uint32_t gen;		/* bumped, and its waiters woken, on every change */
};

struct cafe_clock {
	struct clock_shared	*sh;
	pthread_mutex_t		 mu;	/* serialises writers, guards cv waits */
	pthread_cond_t		 cv;	/* broadcast on every change */
	struct {
		cafe_clock_fn	 fn;
		void		*arg;
	} watch[CLOCK_WATCHERS];
};

struct clock_snap {
	int64_t wall, cafe, ppm;
	int64_t now;		/* CLOCK_MONOTONIC, read within the snapshot */
	int paused, stopped;
};

int64_t
cafe_mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int64_t
cafe_thread_cpu_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void
clock_read(const struct clock_shared *sh, struct clock_snap *s)
{
	uint64_t a, b;

	do {
		a = atomic_load_explicit(&sh->seq, memory_order_acquire);
		s->wall = atomic_load_explicit(&sh->base_wall_ns, memory_order_relaxed);
		s->cafe = atomic_load_explicit(&sh->base_cafe_ns, memory_order_relaxed);
		s->ppm = atomic_load_explicit(&sh->speed_ppm, memory_order_relaxed);
		s->paused = atomic_load_explicit(&sh->paused, memory_order_relaxed);
		/*
		 * Now, inside the snapshot: read after it, a rebase (slower, or a
		 * pause) could slip in between and the café time computed at the
		 * old speed would run ahead of the next reading, time going back.
		 */
		s->now = cafe_mono_ns();
		atomic_thread_fence(memory_order_acquire);
		b = atomic_load_explicit(&sh->seq, memory_order_relaxed);
	} while ((a & 1) || a != b);
	s->stopped = atomic_load_explicit(&sh->stopped, memory_order_acquire);
}

/*
 * d * ppm / 1e6 without a 128-bit division (a library call, a tenth of the
 * cost of stamping an event): the whole millions and the rest apart. Exact
 * for d up to 2^63 / ppm millions of ns, some three years at speed 100.
 */
static inline int64_t
clock_scale_ppm(int64_t d, int64_t ppm)
{
	return d / CLOCK_PPM * ppm + d % CLOCK_PPM * ppm / CLOCK_PPM;
}

/* The other way, d * 1e6 / ppm, the same way: exact for d up to 2^63 / 1e6 times ppm. */
static inline int64_t
clock_unscale_ppm(int64_t d, int64_t ppm)
{
	return d / ppm * CLOCK_PPM + d % ppm * CLOCK_PPM / ppm;
}

static int64_t
clock_cafe_ns_at(const struct clock_snap *s, int64_t wall)
{
	if (s->paused)
		return s->cafe;
	return s->cafe + clock_scale_ppm(wall - s->wall, s->ppm);
}

/*
 * Writers hold mu. Rebase to now, then apply the change. The wall time is
 * read with the sequence odd, so a reader that read a later time retries.
 */
static void
clock_write(struct cafe_clock *c, int64_t ppm, int paused)
{
	struct clock_shared *sh = c->sh;
	struct clock_snap s;
	uint64_t seq;

	clock_read(sh, &s);
	seq = atomic_load_explicit(&sh->seq, memory_order_relaxed);
	atomic_store_explicit(&sh->seq, seq + 1, memory_order_relaxed);
	atomic_thread_fence(memory_order_seq_cst);
	int64_t wall = cafe_mono_ns();
	int64_t cafe = clock_cafe_ns_at(&s, wall);
	atomic_store_explicit(&sh->base_wall_ns, wall, memory_order_relaxed);
	atomic_store_explicit(&sh->base_cafe_ns, cafe, memory_order_relaxed);
	atomic_store_explicit(&sh->speed_ppm, ppm, memory_order_relaxed);
	atomic_store_explicit(&sh->paused, paused, memory_order_relaxed);
	atomic_store_explicit(&sh->seq, seq + 2, memory_order_release);
}

struct cafe_clock *
cafe_clock_new(double speed, int paused)
{
	struct cafe_clock *c = calloc(1, sizeof *c);

	if (c == NULL)
		return NULL;
	c->sh = mmap(NULL, sizeof *c->sh, PROT_READ | PROT_WRITE,
	    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (c->sh == MAP_FAILED) {
		free(c);
		return NULL;
	}
	memset(c->sh, 0, sizeof *c->sh);
	pthread_mutex_init(&c->mu, NULL);
	cafe_cond_init_mono(&c->cv);
	atomic_store(&c->sh->speed_ppm, (int64_t)(speed * CLOCK_PPM));
	atomic_store(&c->sh->base_wall_ns, cafe_mono_ns());
	atomic_store(&c->sh->paused, paused != 0);
	return c;
}

void
cafe_clock_free(struct cafe_clock *c)
{
	if (c == NULL)
		return;
	pthread_cond_destroy(&c->cv);
	pthread_mutex_destroy(&c->mu);
	munmap(c->sh, sizeof *c->sh);
	free(c);
}

int64_t
cafe_clock_now_us(const struct cafe_clock *c)
{
	struct clock_snap s;

	clock_read(c->sh, &s);
	return clock_cafe_ns_at(&s, s.now) / 1000;
}

int
cafe_clock_stopped(const struct cafe_clock *c)
{
	return atomic_load(&c->sh->stopped);
}

int
cafe_clock_paused(const struct cafe_clock *c)
{
	return atomic_load(&c->sh->paused);
}

static int64_t
clock_wall_until(const struct clock_snap *s, int64_t t_us)
{
	/* A moment already reached is reached, paused or not (the first customer, at opening). */
	if (s->paused)
		return s->cafe >= t_us * 1000 ? 0 : -1;
	int64_t left = t_us * 1000 - clock_cafe_ns_at(s, s->now);
	if (left <= 0)
		return 0;
	return clock_unscale_ppm(left, s->ppm);
}

int64_t
cafe_clock_wall_ns_until(const struct cafe_clock *c, int64_t t_us)
{
	struct clock_snap s;

	clock_read(c->sh, &s);
	return clock_wall_until(&s, t_us);
}

static void
clock_changed(struct cafe_clock *c)
{
	cafe_clock_fn fns[CLOCK_WATCHERS];
	void *args[CLOCK_WATCHERS];
	int n = 0;

	/* Forked children wait on the generation (no FUTEX_PRIVATE_FLAG: the page is shared). */
	atomic_fetch_add(&c->sh->gen, 1);
	syscall(SYS_futex, &c->sh->gen, FUTEX_WAKE, INT_MAX, NULL, NULL, 0);
	/* Call watchers outside the lock: they may send to other threads. */
	pthread_cond_broadcast(&c->cv);
	for (int i = 0; i < CLOCK_WATCHERS; i++) {
		if (c->watch[i].fn != NULL) {
			fns[n] = c->watch[i].fn;
			args[n++] = c->watch[i].arg;
		}
	}
	pthread_mutex_unlock(&c->mu);
	for (int i = 0; i < n; i++)
		fns[i](args[i]);
}

void
cafe_clock_set_speed(struct cafe_clock *c, double speed)
{
	pthread_mutex_lock(&c->mu);
	clock_write(c, (int64_t)(speed * CLOCK_PPM), atomic_load(&c->sh->paused));
	clock_changed(c);
}

void
cafe_clock_pause(struct cafe_clock *c, int paused)
{
	pthread_mutex_lock(&c->mu);
	clock_write(c, atomic_load(&c->sh->speed_ppm), paused != 0);
	clock_changed(c);
}

void
cafe_clock_stop(struct cafe_clock *c)
{
	pthread_mutex_lock(&c->mu);
	atomic_store(&c->sh->stopped, 1);
	clock_changed(c);
}

int
cafe_clock_watch(struct cafe_clock *c, cafe_clock_fn fn, void *arg)
{
	int rc = -1;

	pthread_mutex_lock(&c->mu);
	for (int i = 0; i < CLOCK_WATCHERS; i++) {
		if (c->watch[i].fn == NULL) {
			c->watch[i].fn = fn;
			c->watch[i].arg = arg;
			rc = 0;
			break;
		}
	}
	pthread_mutex_unlock(&c->mu);
	return rc;
}

void
cafe_clock_unwatch(struct cafe_clock *c, cafe_clock_fn fn, void *arg)
{
	pthread_mutex_lock(&c->mu);
	for (int i = 0; i < CLOCK_WATCHERS; i++)
		if (c->watch[i].fn == fn && c->watch[i].arg == arg)
			c->watch[i].fn = NULL;
	pthread_mutex_unlock(&c->mu);
}

static void
clock_abstime(struct timespec *ts, int64_t ns)
{
	int64_t at = cafe_mono_ns() + ns;

	ts->tv_sec = at / 1000000000LL;
	ts->tv_nsec = at % 1000000000LL;
}

int
cafe_clock_sleep_until(struct cafe_clock *c, int64_t t_us)
{
	struct clock_snap s;
	struct timespec ts;

	pthread_mutex_lock(&c->mu);
	for (;;) {
		clock_read(c->sh, &s);
		if (s.stopped) {
			pthread_mutex_unlock(&c->mu);
			return -1;
		}
		int64_t ns = clock_wall_until(&s, t_us);
		if (ns == 0)
			break;
		if (ns < 0) {
			pthread_cond_wait(&c->cv, &c->mu);
			continue;
		}
		clock_abstime(&ts, ns);
		pthread_cond_timedwait(&c->cv, &c->mu, &ts);
	}
	pthread_mutex_unlock(&c->mu);
	return 0;
}

/* Spins until this thread's CPU clock has advanced by ns; returns what it used. */
static int64_t
clock_spin(int64_t ns)
{
	static _Thread_local volatile uint64_t sink;
	int64_t start = cafe_thread_cpu_ns(), used = 0;
	uint64_t x = sink | 1;

	do {
		/*
		 * About 1.3 ns an iteration: 4000 between looks while far from the
		 * end, 400 (half a µs) near it, so a 50 µs slice (speed 100) does
		 * not overshoot by the 5 µs a coarse step would.
		 */
		int n = ns - used > 20000 ? 4000 : 400;
		for (int i = 0; i < n; i++)
			x = x * 6364136223846793005ULL + 1442695040888963407ULL;
		used = cafe_thread_cpu_ns() - start;
	} while (used < ns);
	sink = x;
	return used;
}

/* Waits while paused; -1 when stopped. */
static int
clock_wait_running(struct cafe_clock *c, struct clock_snap *s)
{
	clock_read(c->sh, s);
	if (!s->paused && !s->stopped)
		return 0;
	pthread_mutex_lock(&c->mu);
	for (;;) {
		clock_read(c->sh, s);
		if (s->stopped || !s->paused)
			break;
		pthread_cond_wait(&c->cv, &c->mu);
	}
	pthread_mutex_unlock(&c->mu);
	return s->stopped ? -1 : 0;
}

int
cafe_clock_burn(struct cafe_clock *c, int64_t cafe_us, const struct cafe_burn_slices *sl,
    int64_t *cpu_us)
{
	int64_t left = cafe_us * 1000, since_cb = 0, total = 0;
	int64_t every = sl != NULL && sl->at != NULL && sl->every_us > 0 ? sl->every_us * 1000 : 0;
	struct clock_snap s;
	int rc = 0;

	while (left > 0) {
		if (clock_wait_running(c, &s) < 0) {
			rc = -1;
			break;
		}
		int64_t want = left;
		if (every > 0 && want > every - since_cb)
			want = every - since_cb;
		int64_t real = clock_unscale_ppm(want, s.ppm);
		if (real > CLOCK_BURN_SLICE_NS)
			real = CLOCK_BURN_SLICE_NS;
		if (real < 1)
			real = 1;
		int64_t done = clock_scale_ppm(clock_spin(real), s.ppm);
		left -= done;
		total += done;
		since_cb += done;
		if (every > 0 && since_cb >= every) {
			since_cb = 0;
			if (left > 0 && sl->at(sl->arg) < 0) {
				rc = -1;
				break;
			}
		}
	}
	if (cpu_us != NULL)
		*cpu_us = total / 1000;
	return rc;
}

int64_t
cafe_clock_wall_ns_for(const struct cafe_clock *c, int64_t cafe_us)
{
	return clock_unscale_ppm(cafe_us * 1000, atomic_load(&c->sh->speed_ppm));
}

/* A forked child sleeps up to ns, or until the clock changes from generation gen. */
static void
clock_nap(const struct clock_shared *sh, uint32_t gen, int64_t ns)
{
	struct timespec ts = { ns / 1000000000LL, ns % 1000000000LL };

	/* Returns at once when the generation already moved on: no change is missed. */
	syscall(SYS_futex, &sh->gen, FUTEX_WAIT, gen, &ts, NULL, 0);
}

int
cafe_clock_sleep_until_forked(const struct cafe_clock *c, int64_t t_us)
{
	struct clock_snap s;

	for (;;) {
		uint32_t gen = atomic_load(&c->sh->gen);
		clock_read(c->sh, &s);
		if (s.stopped)
			return -1;
		int64_t ns = clock_wall_until(&s, t_us);
		if (ns == 0)
			return 0;
		/* Speed or pause may change while we sleep: that wakes us. */
		clock_nap(c->sh, gen, ns < 0 || ns > CLOCK_POLL_NS ? CLOCK_POLL_NS : ns);
	}
}

int
cafe_clock_burn_forked(const struct cafe_clock *c, int64_t cafe_us, int64_t *cpu_us)
{
	int64_t left = cafe_us * 1000, total = 0;
	struct clock_snap s;

	while (left > 0) {
		uint32_t gen = atomic_load(&c->sh->gen);
		clock_read(c->sh, &s);
		if (s.stopped)
			return -1;
		if (s.paused) {
			clock_nap(c->sh, gen, CLOCK_POLL_NS);
			continue;
		}
		int64_t real = clock_unscale_ppm(left, s.ppm);
		if (real > CLOCK_BURN_SLICE_NS)
			real = CLOCK_BURN_SLICE_NS;
		if (real < 1)
			real = 1;
		int64_t done = clock_scale_ppm(clock_spin(real), s.ppm);
		left -= done;
		total += done;
	}
	if (cpu_us != NULL)
		*cpu_us = total / 1000;
	return 0;
}
