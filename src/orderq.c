/* orderq.c: a growable ring of orders behind a mutex and condition variable. */
#include "config.h"

#include <pthread.h>
#include <stdlib.h>

#include "fault.h"
#include "orderq.h"
#include "ring.h"

struct cafe_orderq {
	pthread_mutex_t		 mu;
	pthread_cond_t		 cv;
	struct cafe_ring	 ring;		/* of elements of the size given at creation */
	int			 closed;
};

struct cafe_orderq *
cafe_orderq_new(size_t esize)
{
	struct cafe_orderq *q = calloc(1, sizeof *q);

	if (q == NULL)
		return NULL;
	pthread_mutex_init(&q->mu, NULL);
	pthread_cond_init(&q->cv, NULL);
	cafe_ring_init(&q->ring, esize);
	return q;
}

void
cafe_orderq_free(struct cafe_orderq *q)
{
	if (q == NULL)
		return;
	pthread_cond_destroy(&q->cv);
	pthread_mutex_destroy(&q->mu);
	cafe_ring_free(&q->ring);
	free(q);
}

int
cafe_orderq_push(struct cafe_orderq *q, const void *o)
{
	pthread_mutex_lock(&q->mu);
	int rc = cafe_fault_hit(CAFE_FAULT_ORDERQ) ? -1 : cafe_ring_push(&q->ring, o);
	pthread_cond_signal(&q->cv);
	pthread_mutex_unlock(&q->mu);
	return rc;
}

int
cafe_orderq_pop(struct cafe_orderq *q, void *o)
{
	int rc = -1;

	pthread_mutex_lock(&q->mu);
	while (q->ring.len == 0 && !q->closed)
		pthread_cond_wait(&q->cv, &q->mu);
	if (!q->closed)
		rc = cafe_ring_pop(&q->ring, o);
	pthread_mutex_unlock(&q->mu);
	return rc;
}

void
cafe_orderq_close(struct cafe_orderq *q)
{
	pthread_mutex_lock(&q->mu);
	q->closed = 1;
	pthread_cond_broadcast(&q->cv);
	pthread_mutex_unlock(&q->mu);
}
