/* grow.h: the one way an array grows here: doubling, from a first capacity, never overflowing. */
#ifndef CAFE_GROW_H
#define CAFE_GROW_H

#include <stddef.h>

/*
 * Room for at least need elements of esize at v, whose capacity is *cap
 * (first when it has none yet): v itself while it fits, else the array
 * reallocated to a doubled capacity, stored in *cap. NULL when out of
 * memory or the size would overflow; v is then untouched and still valid.
 */
void	*cafe_grow(void *v, size_t *cap, size_t need, size_t esize, size_t first);

#endif
