/* ring.h: a growable FIFO of fixed-size elements; callers bring their own locking. */
#ifndef CAFE_RING_H
#define CAFE_RING_H

#include <stddef.h>

struct cafe_ring {
	char	*v;
	size_t	 esize;		/* bytes per element */
	size_t	 head, len, cap;
};

void	 cafe_ring_init(struct cafe_ring *, size_t esize);
void	 cafe_ring_free(struct cafe_ring *);
/* Appends a copy of elem; -1 when out of memory. */
int	 cafe_ring_push(struct cafe_ring *, const void *elem);
/* Takes the oldest element into out; -1 when empty. */
int	 cafe_ring_pop(struct cafe_ring *, void *out);

#endif
