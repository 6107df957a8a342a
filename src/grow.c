/* grow.c: doubling growth for the arrays of the bus, the loop's inbox, the stats and the trace. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>

#include "grow.h"

void *
cafe_grow(void *v, size_t *cap, size_t need, size_t esize, size_t first)
{
	size_t n = *cap ? *cap : first;
	void *p;

	if (need <= *cap)
		return v;
	while (n < need) {
		if (n > SIZE_MAX / 2)
			return NULL;
		n *= 2;
	}
	if (n > SIZE_MAX / esize || (p = realloc(v, n * esize)) == NULL)
		return NULL;
	*cap = n;
	return p;
}
