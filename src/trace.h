/* trace.h: a sink that writes a run as Chrome Trace Event Format JSON, for Perfetto. */
#ifndef CAFE_TRACE_H
#define CAFE_TRACE_H

#include <stdio.h>

#include "event.h"
#include "settings.h"

struct cafe_trace;

/* Writes to fp (not closed by the trace); s describes the run in otherData. */
struct cafe_trace *cafe_trace_new(FILE *, const struct cafe_settings *);
/* A cafe_sink_fn. */
void		 cafe_trace_sink(void *, const struct cafe_event *);
/* Ends the JSON document; 0, or -1 when a write failed. Frees. */
int		 cafe_trace_finish(struct cafe_trace *);

#endif
