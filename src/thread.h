/* thread.h: starting one of the café's threads, with every signal blocked: signals belong to the main thread's loop. */
#ifndef CAFE_THREAD_H
#define CAFE_THREAD_H

#include <pthread.h>

/* pthread_create with all signals blocked in the new thread; 0, or -1. */
int	 cafe_thread_start(pthread_t *, void *(*fn)(void *), void *arg);

/*
 * A mutex held for a few instructions at a time by threads on different
 * cores (the bus, the GIL's queue): a contender spins a little before it
 * sleeps, since a sleeping thread's wake-up costs far more than the wait.
 */
void	 cafe_mutex_init_brief(pthread_mutex_t *);
/* A condition variable whose timed waits count CLOCK_MONOTONIC: a change of the wall clock moves no deadline. */
void	 cafe_cond_init_mono(pthread_cond_t *);

#endif
