/* thread.c: the one place a café thread is created (signals blocked, timers precise), the slice it asks for, and its brief locks. */
#include "config.h"

#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#ifdef __linux__
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

#include "thread.h"

struct thread_start {
	void	*(*fn)(void *);
	void	*arg;
};

/*
 * The kernel lets a thread that wakes wait while a CPU-bound one finishes
 * its slice, 0.75 to 3 ms by default: at speed 100, 75 to 300 ms of café
 * time. Since Linux 6.12 a thread may ask for a shorter slice (sched_attr's
 * runtime, 0.1 ms at least), and one that asks is let in at once on waking.
 * Best effort: older kernels ignore the runtime of a normal thread; policy
 * and nice stay as the user set them.
 */
#if defined(__linux__) && defined(SYS_sched_setattr)
/* The kernel's struct sched_attr as first published (48 bytes); its header clashes with glibc's sched.h. */
struct thread_sched_attr {
	uint32_t	size, policy;
	uint64_t	flags;
	int32_t		nice;
	uint32_t	priority;
	uint64_t	runtime, deadline, period;
};
#endif

void
cafe_thread_slice(int64_t ns)
{
#if defined(__linux__) && defined(SYS_sched_setattr)
	struct thread_sched_attr a;

	memset(&a, 0, sizeof a);
	if (syscall(SYS_sched_getattr, 0, &a, (unsigned)sizeof a, 0U) < 0)
		return;
	if (a.policy != SCHED_OTHER && a.policy != SCHED_BATCH)
		return;
	a.size = sizeof a;
	a.flags = 0;
	a.runtime = ns > 0 ? (uint64_t)ns : 0;
	syscall(SYS_sched_setattr, 0, &a, 0U);
#else
	(void)ns;
#endif
}

/*
 * Timer slack lets the kernel fire a sleeper's timer up to 50 µs late (by
 * default) to batch wake-ups. At speed 100 that is 5 ms of café time per
 * brew, per await, per hand-off: the slack is the emulator's, not the café's,
 * so café threads (and the worker processes they fork, which inherit it) ask
 * for the least. Best effort: a kernel without it only makes sleeps coarser.
 */
static void *
thread_main(void *p)
{
	struct thread_start st = *(struct thread_start *)p;

	free(p);
#ifdef PR_SET_TIMERSLACK
	prctl(PR_SET_TIMERSLACK, 1UL, 0UL, 0UL, 0UL);
#endif
	return st.fn(st.arg);
}

int
cafe_thread_start(pthread_t *t, void *(*fn)(void *), void *arg)
{
	struct thread_start *st = malloc(sizeof *st);
	sigset_t all, old;

	if (st == NULL)
		return -1;
	st->fn = fn;
	st->arg = arg;
	/* A new thread inherits the creator's mask: block, create, restore. */
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	int rc = pthread_create(t, NULL, thread_main, st);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc != 0)
		free(st);
	return rc == 0 ? 0 : -1;
}

void
cafe_mutex_init_brief(pthread_mutex_t *mu)
{
	pthread_mutexattr_t at;

	pthread_mutexattr_init(&at);
#ifdef PTHREAD_ADAPTIVE_MUTEX_INITIALIZER_NP
	pthread_mutexattr_settype(&at, PTHREAD_MUTEX_ADAPTIVE_NP);
#endif
	pthread_mutex_init(mu, &at);
	pthread_mutexattr_destroy(&at);
}

void
cafe_cond_init_mono(pthread_cond_t *cv)
{
	pthread_condattr_t at;

	pthread_condattr_init(&at);
	pthread_condattr_setclock(&at, CLOCK_MONOTONIC);
	pthread_cond_init(cv, &at);
	pthread_condattr_destroy(&at);
}
