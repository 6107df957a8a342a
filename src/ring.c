/* ring.c: the one growable FIFO that queues of orders, jobs and tasks share. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "ring.h"

void
cafe_ring_init(struct cafe_ring *r, size_t esize)
{
	memset(r, 0, sizeof *r);
	r->esize = esize;
}

void
cafe_ring_free(struct cafe_ring *r)
{
	free(r->v);
	r->v = NULL;
	r->head = r->len = r->cap = 0;
}

int
cafe_ring_push(struct cafe_ring *r, const void *elem)
{
	if (r->len == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 64;
		char *v = malloc(cap * r->esize);
		if (v == NULL)
			return -1;
		/* Unwrap into the new buffer, oldest first. */
		for (size_t i = 0; i < r->len; i++)
			memcpy(v + i * r->esize, r->v + ((r->head + i) % r->cap) * r->esize, r->esize);
		free(r->v);
		r->v = v;
		r->head = 0;
		r->cap = cap;
	}
	memcpy(r->v + ((r->head + r->len) % r->cap) * r->esize, elem, r->esize);
	r->len++;
	return 0;
}

int
cafe_ring_pop(struct cafe_ring *r, void *out)
{
	if (r->len == 0)
		return -1;
	memcpy(out, r->v + r->head * r->esize, r->esize);
	r->head = (r->head + 1) % r->cap;
	r->len--;
	return 0;
}
