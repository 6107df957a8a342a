/* orderq.h: a blocking FIFO of orders shared by a pool of threads. */
#ifndef CAFE_ORDERQ_H
#define CAFE_ORDERQ_H

#include "model.h"

struct cafe_orderq;

struct cafe_orderq *cafe_orderq_new(void);
void		 cafe_orderq_free(struct cafe_orderq *);
/* 0, or -1 when out of memory (the order is not queued). */
int		 cafe_orderq_push(struct cafe_orderq *, const struct cafe_order *);
/* Blocks for the next order; -1 once the queue is closed. */
int		 cafe_orderq_pop(struct cafe_orderq *, struct cafe_order *);
/* Wakes every popper with -1, now and from now on. */
void		 cafe_orderq_close(struct cafe_orderq *);

#endif
