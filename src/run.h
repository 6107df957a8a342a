/* run.h: one act running the café's orders: clock, event bus, model and arrivals, started and stopped cleanly. */
#ifndef CAFE_RUN_H
#define CAFE_RUN_H

#include <ev.h>

#include "bus.h"
#include "model.h"

struct cafe_run;

/*
 * A run delivers its events to sinks on loop, which the caller runs (the
 * headless printer's loop, or the UI's). Calls below are for loop's thread.
 */
struct cafe_run	*cafe_run_new(const struct cafe_settings *, struct ev_loop *);
int		 cafe_run_add_sink(struct cafe_run *, cafe_sink_fn, void *);
/* Emits RUN_START, starts the model and the arrivals. */
int		 cafe_run_start(struct cafe_run *);
/* Stops the clock, joins every thread, reaps every child; delivers what is left. Idempotent. */
void		 cafe_run_stop(struct cafe_run *);
void		 cafe_run_free(struct cafe_run *);

/* Marks this moment (MARK, numbered from 1); the mark's number. */
int		 cafe_run_mark(struct cafe_run *);
/* A customer walks in now with drink; returns the order id. */
int		 cafe_run_add_order(struct cafe_run *, int drink);
void		 cafe_run_pause(struct cafe_run *, int);
void		 cafe_run_set_speed(struct cafe_run *, double);

const struct cafe_env	*cafe_run_env(const struct cafe_run *);
/*
 * Orders served and lost so far; finished when every order that came is one
 * or the other, or when the run failed (RUN_FAILED).
 */
int		 cafe_run_served(const struct cafe_run *);
int		 cafe_run_lost(const struct cafe_run *);
int		 cafe_run_finished(const struct cafe_run *);

#endif
