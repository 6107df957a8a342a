/* thread.c: the one place a café thread is created, so none of them ever takes a signal meant for the loop. */
#include "config.h"

#include <signal.h>

#include "thread.h"

int
cafe_thread_start(pthread_t *t, void *(*fn)(void *), void *arg)
{
	sigset_t all, old;

	/* A new thread inherits the creator's mask: block, create, restore. */
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	int rc = pthread_create(t, NULL, fn, arg);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return rc == 0 ? 0 : -1;
}
