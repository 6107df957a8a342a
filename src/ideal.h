/* ideal.h: the ideal schedule of an act: its makespan and latencies from its constraints alone, with zero overhead. */
#ifndef CAFE_IDEAL_H
#define CAFE_IDEAL_H

#include "settings.h"
#include "stats.h"

/*
 * Simulates s->act deterministically: phase budgets, s->cores shared by the
 * threads that want CPU, pool sizes, one loop thread, the GIL's one holder
 * and its switch interval, arrivals. Nothing costs time that is not a phase:
 * no fork, no hand-off, no wake-up. Fills sum (cpu_us is the CPU budget);
 * 0, or -1 when out of memory.
 */
int	 cafe_ideal(const struct cafe_settings *, struct cafe_summary *sum);

#endif
