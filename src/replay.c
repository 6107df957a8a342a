/* replay.c: feeds recorded events to the sinks a live headless run has, in their recorded order, so the output is the same. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "headless.h"
#include "i18n.h"
#include "model.h"
#include "playback.h"
#include "replay.h"
#include "story.h"
#include "trace.h"

static int
replay_fail(const char *path, const char *why, int status)
{
	fprintf(stderr, "corocafe: %s: %s\n", path, why);
	return status;
}

/* Plays run i into st, tr and the log; 0, 1 when it holds no run-end, 2 after saying what is wrong. */
static int
replay_feed(struct cafe_playback *pb, int i, const char *path, FILE *out, int quiet,
    struct cafe_stats *st, struct cafe_trace *tr)
{
	const struct cafe_playback_run *run = cafe_playback_run(pb, i);
	struct cafe_event ev;
	char err[256], line[256];
	int rc;

	if (cafe_playback_seek(pb, i, err, sizeof err) < 0)
		return replay_fail(path, err, 2);
	while ((rc = cafe_playback_next(pb, &ev, err, sizeof err)) == 1) {
		cafe_stats_sink(st, &ev);
		if (tr != NULL)
			cafe_trace_sink(tr, &ev);
		if (!quiet && cafe_story_format(&ev, run->s.act, line, sizeof line) > 0)
			fprintf(out, "%s\n", line);
	}
	if (rc < 0)
		return replay_fail(path, err, 2);
	return run->ended ? 0 : 1;
}

static int
replay_cut_short(const char *path, const struct cafe_playback_run *run)
{
	char why[160];

	snprintf(why, sizeof why, _("run %d (act %d) was cut short: the recording stops before "
	    "its end"), run->id, run->s.act);
	return replay_fail(path, why, 1);
}

static struct cafe_playback *
replay_open(const char *path)
{
	struct cafe_playback *pb;
	char err[256];

	if ((pb = cafe_playback_open(path, err, sizeof err)) == NULL)
		replay_fail(path, err, 2);
	else if (cafe_playback_nruns(pb) == 0) {
		replay_fail(path, _("the recording holds no run"), 2);
		cafe_playback_close(pb);
		pb = NULL;
	}
	return pb;
}

int
cafe_replay_headless(const char *path, int act, FILE *out, int quiet, int ideal, FILE *trace,
    struct cafe_summary *sum)
{
	struct cafe_playback *pb = replay_open(path);
	const struct cafe_playback_run *run;
	struct cafe_summary own;
	struct cafe_stats *st;
	struct cafe_trace *tr = NULL;
	char why[96];
	int i, rc;

	if (pb == NULL)
		return 2;
	if ((i = act > 0 ? cafe_playback_find(pb, act) : 0) < 0) {
		snprintf(why, sizeof why, _("no run of act %d in the recording"), act);
		cafe_playback_close(pb);
		return replay_fail(path, why, 2);
	}
	run = cafe_playback_run(pb, i);
	if ((st = cafe_stats_new(run->s.cores)) == NULL) {
		cafe_playback_close(pb);
		return 1;
	}
	if (trace != NULL)
		tr = cafe_trace_new(trace, &run->s);
	rc = replay_feed(pb, i, path, out, quiet, st, tr);
	cafe_stats_summary(st, sum != NULL ? sum : &own);
	if (tr != NULL && cafe_trace_finish(tr) < 0) {
		fprintf(stderr, "corocafe: %s\n", _("writing the trace failed"));
		rc = rc ? rc : 1;
	}
	if (rc == 0)
		cafe_headless_print_summary(out, &run->s, sum != NULL ? sum : &own, ideal);
	else if (rc == 1)
		replay_cut_short(path, run);
	cafe_stats_free(st);
	cafe_playback_close(pb);
	return rc;
}

int
cafe_replay_compare(const char *path, FILE *out, int ideal)
{
	struct cafe_playback *pb = replay_open(path);
	struct cafe_headless_row rows[CAFE_ACTS];
	int n = 0, cut = -1, rc = 0;

	if (pb == NULL)
		return 2;
	for (int act = 1; act <= CAFE_ACTS && rc != 2; act++) {
		int i = cafe_playback_find(pb, act);
		struct cafe_stats *st;
		if (i < 0)
			continue;
		if ((st = cafe_stats_new(cafe_playback_run(pb, i)->s.cores)) == NULL) {
			rc = replay_fail(path, strerror(ENOMEM), 2);
			break;
		}
		/* A run cut short would sit in the table as if it were finished: it is left out and named. */
		if ((rc = replay_feed(pb, i, path, out, 1, st, NULL)) == 0) {
			rows[n].s = &cafe_playback_run(pb, i)->s;
			rows[n].act = act;
			cafe_stats_summary(st, &rows[n++].sum);
		} else if (rc == 1 && cut < 0) {
			cut = i;
		}
		cafe_stats_free(st);
	}
	if (rc != 2 && n > 0 && cafe_headless_print_table(out, rows, n, ideal) < 0)
		rc = 1;
	else if (rc != 2 && cut >= 0)
		rc = replay_cut_short(path, cafe_playback_run(pb, cut));
	else if (rc != 2)
		rc = 0;
	cafe_playback_close(pb);
	return rc;
}
