/* barista.h: a pool of barista threads that each make whole orders, blocking (acts 1 and 2). */
#ifndef CAFE_BARISTA_H
#define CAFE_BARISTA_H

#include "model.h"

struct cafe_baristas;

/* n threads; with_gil: CPU phases go through an emulated GIL (toggled by settings). */
struct cafe_baristas *cafe_baristas_new(const struct cafe_env *, int n, int with_gil);
/* A model's create op: the baristas its act's plan asks for, with the emulated GIL where the act has one. */
void		*cafe_baristas_create(const struct cafe_env *);
/* These three take a struct cafe_baristas * as void *, to serve as model ops. */
int		 cafe_baristas_start(void *);
void		 cafe_baristas_submit(void *, const struct cafe_order *);
/* Closes the queue, joins every thread, frees. */
void		 cafe_baristas_stop(void *);

#endif
