/* vec.h: room for one more element in a growable array, doubling; the one place arrays grow. */
#ifndef CAFE_VEC_H
#define CAFE_VEC_H

#include <stddef.h>

/*
 * Makes *v (of *cap elements of esize bytes) hold at least need elements;
 * new room is zeroed. 0, or -1 when out of memory (*v is left as it was).
 */
int	 cafe_vec_reserve(void *v, size_t *cap, size_t need, size_t esize);

/* CAFE_VEC_PUSH(p, n, cap): room for p[n], then n++; evaluates to a pointer to it or NULL. */
#define CAFE_VEC_PUSH(p, n, cap) \
	(cafe_vec_reserve(&(p), &(cap), (n) + 1, sizeof *(p)) < 0 ? NULL : &(p)[(n)++])

#endif
