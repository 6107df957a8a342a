/* thread.c: the one place a café thread is created (signals blocked, timers precise), and its brief locks. */
#include "config.h"

#include <signal.h>
#include <stdlib.h>
#include <time.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include "thread.h"

struct thread_start {
	void	*(*fn)(void *);
	void	*arg;
};

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
