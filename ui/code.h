/* code.h: the Python each act stands for, lines tagged with the phase a worker does or a task awaits on them. */
#ifndef CAFE_CODE_H
#define CAFE_CODE_H

#include "model.h"

struct code_line {
	const char	*text;
	const char	*phase;		/* cafe_phase_name of what happens on it, or NULL */
	int		 await;		/* a task awaits it, rather than a worker doing it */
};

/* Per act (index act - 1), ending with a NULL text; made at build time from bench/python/cafe.py. */
extern const struct code_line *const code_acts[CAFE_ACTS];

#endif
