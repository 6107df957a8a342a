/* gil.h: an emulated CPython global interpreter lock: one holder, FIFO hand-off after the switch interval. */
#ifndef CAFE_GIL_H
#define CAFE_GIL_H

#include <stdint.h>

#include "model.h"

struct cafe_gil;

struct cafe_gil	*cafe_gil_new(const struct cafe_env *, int enabled);
void		 cafe_gil_free(struct cafe_gil *);

/*
 * Runs one CPU phase of o for who under the GIL: waits for it (a gil-wait),
 * burns, and hands it over to the next waiter every switch interval. Emits
 * PHASE_BEGIN/END and the GIL's events. The GIL may be NULL (no GIL).
 * -1 when the clock was stopped.
 */
int		 cafe_gil_run_cpu(struct cafe_gil *, const struct cafe_env *, const struct cafe_who *,
		    const struct cafe_order *, enum cafe_phase, int64_t cafe_us);

#endif
