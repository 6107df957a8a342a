/* record.h: writes every run of a session, its settings and its events, to an SQLite recording. */
#ifndef CAFE_RECORD_H
#define CAFE_RECORD_H

#include <stddef.h>

#include "event.h"
#include "settings.h"

struct cafe_record;

/*
 * Calls in order: open, then for each run run_begin and its events through
 * the sink, then close. All of them from one thread (the consumer loop's);
 * a writer thread of the recorder's own does every SQLite write, committing
 * at least every 250 ms, so a killed program leaves a valid file.
 */

/* Creates or truncates PATH as a new recording; NULL with a message in err ("cannot create: Permission denied"). */
struct cafe_record *cafe_record_open(const char *path, char *err, size_t errlen);
/* Starts a new run (every act switch or restart is one): its settings, the core count, the program version; events after this belong to it. 0, or -1. */
int	 cafe_record_run_begin(struct cafe_record *, const struct cafe_settings *);
/* A cafe_sink_fn (bus.h): appends one event to the current run. Copies into a buffer, never touches SQLite. */
void	 cafe_record_sink(void *rec, const struct cafe_event *);
/* Nonzero once a write has failed (disk full, I/O error), with the reason in err. */
int	 cafe_record_failed(struct cafe_record *, char *err, size_t errlen);
/*
 * Writes what is left, closes, frees; 0 or -1 with the reason in err. It
 * waits for the writer: when events came faster than SQLite takes them
 * (about a million a second), for the backlog, which is held in memory.
 */
int	 cafe_record_close(struct cafe_record *, char *err, size_t errlen);

#endif
