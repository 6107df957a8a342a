/* fault.c: counters that make one chosen allocation or write fail, so tests can reach the paths that handle it. */
#include "config.h"

#include <stdatomic.h>

#include "fault.h"

/* Checks left until the one that fails, per site; 0 when disarmed. */
static _Atomic long fault_left[CAFE_FAULT_SITES];

void
cafe_fault_arm(enum cafe_fault_site site, long nth)
{
	atomic_store(&fault_left[site], nth > 0 ? nth : 0);
}

int
cafe_fault_hit(enum cafe_fault_site site)
{
	long n = atomic_load_explicit(&fault_left[site], memory_order_relaxed);

	while (n > 0 && !atomic_compare_exchange_weak(&fault_left[site], &n, n - 1))
		;
	return n == 1;
}
