/* aloop.h: an asyncio-style event loop on its own thread; each order is a task stepping through awaits. */
#ifndef CAFE_ALOOP_H
#define CAFE_ALOOP_H

#include "model.h"

struct cafe_aloop;

struct cafe_aloop *cafe_aloop_new(const struct cafe_env *, const struct cafe_aloop_spec *);
/* A model's create op: the loop its act's plan asks for. */
void		*cafe_aloop_create(const struct cafe_env *);
/* These take a struct cafe_aloop * as void *, to serve as model ops. */
int		 cafe_aloop_start(void *);
void		 cafe_aloop_submit(void *, const struct cafe_order *);
void		 cafe_aloop_stop(void *);

#endif
