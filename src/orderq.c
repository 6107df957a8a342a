/* orderq.c: a growable ring of orders behind a mutex and condition variable. */
#include "config.h"

#include <pthread.h>
#include <stdlib.h>

#include "orderq.h"

struct cafe_orderq {
	pthread_mutex_t		 mu;
	pthread_cond_t		 cv;
	struct cafe_order	*ring;
	size_t			 head, len, cap;
	int			 closed;
};

struct cafe_orderq *
cafe_orderq_new(void)
{
	struct cafe_orderq *q = calloc(1, sizeof *q);

	if (q == NULL)
		return NULL;
	pthread_mutex_init(&q->mu, NULL);
	pthread_cond_init(&q->cv, NULL);
	return q;
}

void
cafe_orderq_free(struct cafe_orderq *q)
{
	if (q == NULL)
		return;
	pthread_cond_destroy(&q->cv);
	pthread_mutex_destroy(&q->mu);
	free(q->ring);
	free(q);
}

int
cafe_orderq_push(struct cafe_orderq *q, const struct cafe_order *o)
{
	pthread_mutex_lock(&q->mu);
	if (q->len == q->cap) {
		size_t cap = q->cap ? q->cap * 2 : 64;
		struct cafe_order *r = malloc(cap * sizeof *r);
		if (r == NULL) {
			pthread_mutex_unlock(&q->mu);
			return -1;
		}
		for (size_t i = 0; i < q->len; i++)
			r[i] = q->ring[(q->head + i) % q->cap];
		free(q->ring);
		q->ring = r;
		q->head = 0;
		q->cap = cap;
	}
	q->ring[(q->head + q->len++) % q->cap] = *o;
	pthread_cond_signal(&q->cv);
	pthread_mutex_unlock(&q->mu);
	return 0;
}

int
cafe_orderq_pop(struct cafe_orderq *q, struct cafe_order *o)
{
	int rc = -1;

	pthread_mutex_lock(&q->mu);
	while (q->len == 0 && !q->closed)
		pthread_cond_wait(&q->cv, &q->mu);
	if (!q->closed) {
		*o = q->ring[q->head];
		q->head = (q->head + 1) % q->cap;
		q->len--;
		rc = 0;
	}
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
