/* vec.c: growing arrays by doubling, with the new room zeroed. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vec.h"

int
cafe_vec_reserve(void *vp, size_t *cap, size_t need, size_t esize)
{
	void **v = vp;
	size_t n = *cap ? *cap : 16;

	if (need <= *cap)
		return 0;
	while (n < need) {
		if (n > SIZE_MAX / 2 / esize)
			return -1;
		n *= 2;
	}
	char *p = realloc(*v, n * esize);
	if (p == NULL)
		return -1;
	memset(p + *cap * esize, 0, (n - *cap) * esize);
	*v = p;
	*cap = n;
	return 0;
}
