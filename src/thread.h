/* thread.h: starting one of the café's threads, with every signal blocked: signals belong to the main thread's loop. */
#ifndef CAFE_THREAD_H
#define CAFE_THREAD_H

#include <pthread.h>
#include <stdint.h>

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

/*
 * The slice the event loop (with its helpers) and the arrivals ask for, the
 * kernel's least: woken by a timer (an await ended, a customer is due), they
 * go ahead of the CPU-bound workers at once. Baristas and worker processes
 * keep the default: given short slices too, they only took cores from each
 * other (act 2 at speed 100: 1.05 against 1.03 of ideal).
 */
#define CAFE_THREAD_SLICE_NS 100000LL
/* Asks the kernel to schedule the calling thread in slices of ns (0: its default); best effort. */
void	 cafe_thread_slice(int64_t ns);

#endif
