/* orderq.h: a blocking FIFO of orders (or of jobs: any fixed-size element) shared by a pool of threads. */
#ifndef CAFE_ORDERQ_H
#define CAFE_ORDERQ_H

#include "model.h"

struct cafe_orderq;

/* Elements of esize bytes: sizeof(struct cafe_order) for the baristas, a job for the helpers. */
struct cafe_orderq *cafe_orderq_new(size_t esize);
void		 cafe_orderq_free(struct cafe_orderq *);
/* 0, or -1 when out of memory (the order is not queued). */
int		 cafe_orderq_push(struct cafe_orderq *, const void *);
/* Blocks for the next element; -1 once the queue is closed. */
int		 cafe_orderq_pop(struct cafe_orderq *, void *);
/* Wakes every popper with -1, now and from now on. */
void		 cafe_orderq_close(struct cafe_orderq *);

#endif
