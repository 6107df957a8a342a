/* racerec.c: records a race's two acts, each alone, on a thread of its own, so that the screen answers keys meanwhile. */
#include "config.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <ev.h>

#include "i18n.h"
#include "racerec.h"
#include "record.h"
#include "run.h"
#include "thread.h"

/* Each act runs alone at least this fast: café time is the same at any speed, the class waits less. */
#define RACEREC_SPEED 20.0

struct racerec {
	struct cafe_settings	 s;		/* the café's settings when R was pressed */
	int			 acts[2];
	char			 path[256];
	struct ev_loop		*loop;		/* the recording thread's own: the runs' events come to it */
	ev_async		 stop;		/* the screen's thread asks it to stop */
	pthread_t		 thread;
	int			 started;
	int			 handed;	/* racerec_poll gave the file away */
	int			 ended;		/* the run on the loop reached its end (the thread's alone) */
	atomic_int		 cancel;
	atomic_int		 at, done, orders;
	atomic_int		 state;		/* 0 recording, 1 recorded, -1 failed; err is set before */
	char			 err[256];
};

void
racerec_settings(struct cafe_settings *s, int act)
{
	s->act = act;
	/* A big thread pool becomes the largest process pool there may be. */
	if (s->workers > cafe_settings_workers_max(act))
		s->workers = cafe_settings_workers_max(act);
	/* The wrong way is shown one act at a time: a race runs each the right way. */
	s->block_loop = 0;
	if (s->speed < RACEREC_SPEED)
		s->speed = RACEREC_SPEED;
}

int
racerec_mktemp(char *path, size_t len, char *err, size_t errlen)
{
	const char *dir = getenv("TMPDIR");
	int fd;

	snprintf(path, len, "%s/corocafe-race-XXXXXX", dir != NULL && dir[0] != '\0' ? dir : "/tmp");
	if ((fd = mkstemp(path)) < 0) {
		snprintf(err, errlen, _("cannot make a file for the race in %s"), path);
		return -1;
	}
	close(fd);
	return 0;
}

/* On the recording thread: counts the orders that are over, and stops the loop at the run's end. */
static void
racerec_sink(void *arg, const struct cafe_event *ev)
{
	struct racerec *rr = arg;

	if (ev->type == CAFE_EV_ORDER_DONE || ev->type == CAFE_EV_ORDER_LOST)
		atomic_fetch_add(&rr->done, 1);
	if (ev->type == CAFE_EV_RUN_END || ev->type == CAFE_EV_RUN_FAILED) {
		rr->ended = ev->type == CAFE_EV_RUN_END;
		ev_break(rr->loop, EVBREAK_ALL);
	}
}

static void
racerec_stop_cb(struct ev_loop *loop, ev_async *w, int revents)
{
	ev_break(loop, EVBREAK_ALL);
}

/* One act alone into rec, to its end or until stopped; 0, or -1 with rr->err. */
static int
racerec_one(struct racerec *rr, struct cafe_record *rec, const struct cafe_settings *s)
{
	struct cafe_run *run;
	int rc = 0;

	atomic_store(&rr->done, 0);
	atomic_store(&rr->orders, s->norders);
	rr->ended = 0;
	if ((run = cafe_run_new(s, rr->loop)) == NULL || cafe_record_run_begin(rec, s) < 0) {
		snprintf(rr->err, sizeof rr->err, _("act %d did not run to its end"), s->act);
		cafe_run_free(run);
		return -1;
	}
	cafe_run_add_sink(run, cafe_record_sink, rec);
	cafe_run_add_sink(run, racerec_sink, rr);
	if (cafe_run_start(run) < 0) {
		snprintf(rr->err, sizeof rr->err, "%s", _("could not start the act's threads or processes"));
		rc = -1;
	} else if (!atomic_load(&rr->cancel)) {
		ev_run(rr->loop, 0);
	}
	/* Here, on the thread that forked the act's workers: they die with it, so it reaps them first. */
	cafe_run_stop(run);
	cafe_run_free(run);
	if (rc == 0 && !rr->ended && !atomic_load(&rr->cancel)) {
		snprintf(rr->err, sizeof rr->err, _("act %d did not run to its end"), s->act);
		rc = -1;
	}
	return rc;
}

static void *
racerec_main(void *arg)
{
	struct racerec *rr = arg;
	struct cafe_record *rec;
	char err[256];
	int rc = 0;

	if ((rec = cafe_record_open(rr->path, rr->err, sizeof rr->err)) == NULL)
		rc = -1;
	/* Each alone, one after the other: the two never share the cores and skew each other. */
	for (int i = 0; i < 2 && rc == 0 && !atomic_load(&rr->cancel); i++) {
		struct cafe_settings s;
		atomic_store(&rr->at, i);
		if (cafe_settings_copy(&s, &rr->s) < 0) {
			snprintf(rr->err, sizeof rr->err, _("act %d did not run to its end"), rr->acts[i]);
			rc = -1;
			break;
		}
		racerec_settings(&s, rr->acts[i]);
		rc = racerec_one(rr, rec, &s);
		cafe_settings_free(&s);
	}
	if (rec != NULL && cafe_record_close(rec, err, sizeof err) < 0 && rc == 0) {
		snprintf(rr->err, sizeof rr->err, "%s", err);
		rc = -1;
	}
	if (rc == 0 && atomic_load(&rr->cancel))
		rc = -1;
	atomic_store(&rr->state, rc == 0 ? 1 : -1);
	return NULL;
}

struct racerec *
racerec_start(const struct cafe_settings *s, const int acts[2], char *err, size_t errlen)
{
	struct racerec *rr = calloc(1, sizeof *rr);

	if (rr == NULL || cafe_settings_copy(&rr->s, s) < 0) {
		snprintf(err, errlen, "%s", _("out of memory"));
		free(rr);
		return NULL;
	}
	rr->acts[0] = acts[0];
	rr->acts[1] = acts[1];
	/* The first frame already says how many orders there are to record. */
	atomic_store(&rr->orders, s->norders);
	if (racerec_mktemp(rr->path, sizeof rr->path, err, errlen) < 0) {
		rr->path[0] = '\0';
		racerec_free(rr);
		return NULL;
	}
	/* A loop of its own, never the default one: that would reap the workers behind procpool's back. */
	if ((rr->loop = ev_loop_new(EVFLAG_AUTO)) == NULL) {
		snprintf(err, errlen, "%s", _("could not start the act's threads or processes"));
		racerec_free(rr);
		return NULL;
	}
	ev_async_init(&rr->stop, racerec_stop_cb);
	ev_async_start(rr->loop, &rr->stop);
	if (cafe_thread_start(&rr->thread, racerec_main, rr) < 0) {
		snprintf(err, errlen, "%s", _("could not start the act's threads or processes"));
		racerec_free(rr);
		return NULL;
	}
	rr->started = 1;
	return rr;
}

void
racerec_progress(struct racerec *rr, struct racerec_progress *p)
{
	p->at = atomic_load(&rr->at);
	p->done = atomic_load(&rr->done);
	p->orders = atomic_load(&rr->orders);
}

int
racerec_poll(struct racerec *rr, char *path, size_t len, char *err, size_t errlen)
{
	int state = atomic_load(&rr->state);

	if (state < 0)
		snprintf(err, errlen, "%s", rr->err);
	if (state > 0 && !rr->handed) {
		snprintf(path, len, "%s", rr->path);
		rr->handed = 1;
	}
	return state;
}

void
racerec_cancel(struct racerec *rr)
{
	if (rr == NULL || !rr->started)
		return;
	atomic_store(&rr->cancel, 1);
	/* The one libev call from another thread: wakes the recording's loop to stop. */
	ev_async_send(rr->loop, &rr->stop);
}

int
racerec_finished(struct racerec *rr)
{
	return atomic_load(&rr->state) != 0;
}

void
racerec_free(struct racerec *rr)
{
	if (rr == NULL)
		return;
	if (rr->started) {
		racerec_cancel(rr);
		pthread_join(rr->thread, NULL);
	}
	if (rr->loop != NULL) {
		ev_async_stop(rr->loop, &rr->stop);
		ev_loop_destroy(rr->loop);
	}
	if (!rr->handed && rr->path[0] != '\0')
		unlink(rr->path);
	cafe_settings_free(&rr->s);
	free(rr);
}
