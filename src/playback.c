/* playback.c: the reader of recordings: checks every row it hands out, so a hostile file gets a sentence, never a crash. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "i18n.h"
#include "menu.h"
#include "model.h"
#include "playback.h"
#include "recfmt.h"

#define PB_RUNS_MAX	100000
#define PB_ORDERS_MAX	(64 * CAFE_ORDERS_MAX)	/* over every run: each one's drinks stay in memory */
#define PB_TEXT_MAX	(32 * 1024 * 1024)	/* the longest string a row may hold: a million drinks fit */
#define PB_BUSY_MS	2000

struct cafe_playback {
	sqlite3			*db;
	sqlite3_stmt		*cur;		/* the events of the run sought */
	struct cafe_playback_run *runs;
	int			 nruns;
	int			 at;		/* the run sought, -1 before seek */
	int64_t			 seq;		/* the seq the next event must have */
	int64_t			 walkins;	/* customers who walked in after opening, so far */
	int			 done;
};

/* The first SQLite error on db as one line, named by what SQLite means, not how. */
static void
pb_sqlite_err(sqlite3 *db, int rc, const char *where, char *err, size_t errlen)
{
	switch (rc & 0xff) {
	case SQLITE_NOTADB:
		snprintf(err, errlen, "%s", _("not an SQLite database"));
		break;
	case SQLITE_CORRUPT:
		snprintf(err, errlen, _("%sdamaged or truncated (%s)"), where, sqlite3_errmsg(db));
		break;
	default:
		snprintf(err, errlen, "%s%s", where, sqlite3_errmsg(db));
		break;
	}
}

/* A value from the file, fit to print on one line. */
static void
pb_quote(char *buf, size_t len, const unsigned char *s)
{
	size_t i = 0;

	for (; s != NULL && s[i] != '\0' && i + 1 < len && i < 24; i++)
		buf[i] = isprint(s[i]) ? (char)s[i] : '?';
	buf[i] = '\0';
}

static int
pb_pragma(sqlite3 *db, const char *sql, int *out)
{
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);

	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		*out = sqlite3_column_int(st, 0);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	return rc;
}

/* An INTEGER column within lo..hi; a REAL or a text that looks like a number is not one. */
static int
pb_int(sqlite3_stmt *st, int col, int64_t lo, int64_t hi, int64_t *out)
{
	if (sqlite3_column_type(st, col) != SQLITE_INTEGER)
		return -1;
	*out = sqlite3_column_int64(st, col);
	return *out >= lo && *out <= hi ? 0 : -2;
}

/* Reads one settings column of runs into s; -1 when it breaks the limits options.c enforces. */
static int
pb_setting(sqlite3_stmt *st, int col, const struct cafe_recfmt_col *c, struct cafe_settings *s)
{
	char *field = (char *)s + c->off;
	int64_t v;

	if (c->real) {
		int t = sqlite3_column_type(st, col);
		double d = sqlite3_column_double(st, col);
		if ((t != SQLITE_FLOAT && t != SQLITE_INTEGER) || !isfinite(d) || d < c->lo || d > c->hi)
			return -1;
		*(double *)field = d;
		return 0;
	}
	if (pb_int(st, col, (int64_t)c->lo, (int64_t)c->hi, &v) < 0)
		return -1;
	*(int *)field = (int)v;
	return 0;
}

/* The drinks column: names only, as many as norders. */
static int
pb_drinks(sqlite3_stmt *st, int col, struct cafe_settings *s, int norders)
{
	const unsigned char *d = sqlite3_column_text(st, col);

	/* A leading digit would make set_orders read a count, not drinks. */
	if (sqlite3_column_type(st, col) != SQLITE_TEXT || d == NULL || !isalpha(d[0]))
		return -1;
	return cafe_settings_set_orders(s, (const char *)d) == 0 && s->norders == norders ? 0 : -1;
}

/* One row of runs into run: NULL, or the name of the column that is wrong. */
static const char *
pb_run_row(sqlite3_stmt *st, struct cafe_playback_run *run)
{
	struct cafe_settings *s = &run->s;
	const struct cafe_model_ops *m;
	const unsigned char *txt;
	int64_t id;

	if (pb_int(st, 0, 1, INT_MAX, &id) < 0)
		return "id";
	run->id = (int)id;
	for (int i = 0; i < cafe_recfmt_ncols; i++)
		if (pb_setting(st, 5 + i, &cafe_recfmt_cols[i], s) < 0)
			return cafe_recfmt_cols[i].name;
	if (s->workers > cafe_settings_workers_max(s->act))
		return "workers";
	m = cafe_model_get(s->act);
	txt = sqlite3_column_text(st, 1);
	if (sqlite3_column_type(st, 1) != SQLITE_TEXT || txt == NULL || strcmp((const char *)txt, m->name) != 0)
		return "model";
	txt = sqlite3_column_text(st, 2);
	if (sqlite3_column_type(st, 2) != SQLITE_TEXT || txt == NULL ||
	    strlen((const char *)txt) >= sizeof run->version)
		return "version";
	snprintf(run->version, sizeof run->version, "%s", (const char *)txt);
	if (sqlite3_column_type(st, 3) != SQLITE_TEXT)
		return "started";
	if (pb_drinks(st, 4, s, s->norders) < 0)
		return "drinks";
	return NULL;
}

/* How many events run holds (seq runs 0..max), and whether one is its end; both by index, not by scanning. */
static int
pb_run_counts(struct cafe_playback *pb, struct cafe_playback_run *run, char *err, size_t errlen)
{
	static const char *const sql[2] = {
		"SELECT max(seq) FROM events WHERE run = ?",
		"SELECT count(*) FROM (SELECT 1 FROM events WHERE run = ? AND type = 'run-end' LIMIT 1)"
	};
	int64_t v[2] = { -1, 0 };

	for (int i = 0; i < 2; i++) {
		sqlite3_stmt *st;
		int rc = sqlite3_prepare_v2(pb->db, sql[i], -1, &st, NULL);
		if (rc == SQLITE_OK) {
			sqlite3_bind_int(st, 1, run->id);
			if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
				rc = SQLITE_OK;
				if (sqlite3_column_type(st, 0) != SQLITE_NULL &&
				    pb_int(st, 0, 0, CAFE_RECFMT_T_MAX, &v[i]) < 0) {
					sqlite3_finalize(st);
					snprintf(err, errlen, _("events: bad value in column seq (run %d)"), run->id);
					return -1;
				}
			}
		}
		if (rc != SQLITE_OK)
			pb_sqlite_err(pb->db, rc, "events: ", err, errlen);
		sqlite3_finalize(st);
		if (rc != SQLITE_OK)
			return -1;
	}
	run->nevents = v[0] + 1;
	run->ended = v[1] > 0;
	return 0;
}

/* Whether the runs table has a column of that name (one added since the first files). */
static int
pb_has_column(sqlite3 *db, const char *name)
{
	sqlite3_stmt *st;
	int found = 0;

	if (sqlite3_prepare_v2(db, "SELECT 1 FROM pragma_table_info('runs') WHERE name = ?", -1, &st,
	    NULL) != SQLITE_OK)
		return 0;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	found = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_finalize(st);
	return found;
}

static int
pb_read_runs(struct cafe_playback *pb, char *err, size_t errlen)
{
	char sql[1024];
	size_t n = (size_t)snprintf(sql, sizeof sql, "SELECT id, model, version, started, drinks");
	int64_t orders = 0;
	sqlite3_stmt *st;
	int rc;

	for (int i = 0; i < cafe_recfmt_ncols && n < sizeof sql; i++) {
		const struct cafe_recfmt_col *c = &cafe_recfmt_cols[i];
		if (c->missing != NULL && !pb_has_column(pb->db, c->name))
			n += (size_t)snprintf(sql + n, sizeof sql - n, ", %s AS %s", c->missing, c->name);
		else
			n += (size_t)snprintf(sql + n, sizeof sql - n, ", %s", c->name);
	}
	if (n < sizeof sql)
		snprintf(sql + n, sizeof sql - n, " FROM runs ORDER BY id");
	if ((rc = sqlite3_prepare_v2(pb->db, sql, -1, &st, NULL)) != SQLITE_OK) {
		pb_sqlite_err(pb->db, rc, _("not a corocafe recording: "), err, errlen);
		return -1;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct cafe_playback_run *run;
		const char *bad;
		if (pb->nruns == PB_RUNS_MAX) {
			snprintf(err, errlen, _("runs: more than %d runs"), PB_RUNS_MAX);
			break;
		}
		run = realloc(pb->runs, (size_t)(pb->nruns + 1) * sizeof *run);
		if (run == NULL) {
			snprintf(err, errlen, "%s", strerror(ENOMEM));
			break;
		}
		pb->runs = run;
		run = &pb->runs[pb->nruns++];
		memset(run, 0, sizeof *run);
		cafe_settings_init(&run->s);
		if ((bad = pb_run_row(st, run)) != NULL) {
			snprintf(err, errlen, _("runs: bad value in column %s (run %lld)"), bad,
			    (long long)sqlite3_column_int64(st, 0));
			break;
		}
		if ((orders += run->s.norders) > PB_ORDERS_MAX) {
			snprintf(err, errlen, _("runs: more than %d orders in all"), PB_ORDERS_MAX);
			break;
		}
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		pb_sqlite_err(pb->db, rc, "runs: ", err, errlen);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return -1;
	for (int i = 0; i < pb->nruns; i++)
		if (pb_run_counts(pb, &pb->runs[i], err, errlen) < 0)
			return -1;
	return 0;
}

/* runs and events must be plain tables: a view could compute rows without end. */
static int
pb_tables(sqlite3 *db, char *err, size_t errlen)
{
	static const char *const names[] = { "runs", "events" };
	sqlite3_stmt *st;
	int rc;

	for (int i = 0; i < 2; i++) {
		if ((rc = sqlite3_prepare_v2(db, "SELECT type FROM sqlite_schema WHERE name = ?", -1, &st,
		    NULL)) != SQLITE_OK) {
			pb_sqlite_err(db, rc, "", err, errlen);
			return -1;
		}
		sqlite3_bind_text(st, 1, names[i], -1, SQLITE_STATIC);
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW && sqlite3_column_type(st, 0) == SQLITE_TEXT &&
		    strcmp((const char *)sqlite3_column_text(st, 0), "table") == 0)
			rc = SQLITE_OK;
		else if (rc == SQLITE_ROW || rc == SQLITE_DONE)
			snprintf(err, errlen, _("not a corocafe recording: %s is not a table"), names[i]);
		else
			pb_sqlite_err(db, rc, "", err, errlen);
		sqlite3_finalize(st);
		if (rc != SQLITE_OK)
			return -1;
	}
	return 0;
}

/* The checks that need no SQLite: a missing, empty or foreign file gets its own words. */
static int
pb_precheck(const char *path, char *err, size_t errlen)
{
	static const char magic[16] = "SQLite format 3";
	char head[16];
	struct stat st;
	ssize_t n;
	int fd;

	if ((fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)) < 0 || fstat(fd, &st) < 0) {
		snprintf(err, errlen, _("cannot open: %s"), strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	n = S_ISREG(st.st_mode) ? read(fd, head, sizeof head) : -1;
	close(fd);
	if (!S_ISREG(st.st_mode))
		snprintf(err, errlen, "%s", _("not a regular file"));
	else if (st.st_size == 0)
		snprintf(err, errlen, "%s", _("empty file: not a corocafe recording"));
	else if (n != (ssize_t)sizeof head || memcmp(head, magic, sizeof magic) != 0)
		snprintf(err, errlen, "%s", _("not an SQLite database"));
	else
		return 0;
	return -1;
}

struct cafe_playback *
cafe_playback_open(const char *path, char *err, size_t errlen)
{
	struct cafe_playback *pb;
	int rc, id = 0, version = 0;

	if (pb_precheck(path, err, errlen) < 0)
		return NULL;
	if ((pb = calloc(1, sizeof *pb)) == NULL) {
		snprintf(err, errlen, "%s", strerror(ENOMEM));
		return NULL;
	}
	pb->at = -1;
	/* Read-write, because a hot journal left by a killed recorder must be rolled back before anything is read. */
	rc = sqlite3_open_v2(path, &pb->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		pb_sqlite_err(pb->db, rc, _("cannot open: "), err, errlen);
		goto fail;
	}
	/* The file is hostile until checked: no schema tricks, no huge strings. */
	sqlite3_db_config(pb->db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
#ifdef SQLITE_DBCONFIG_TRUSTED_SCHEMA
	sqlite3_db_config(pb->db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
#endif
	sqlite3_limit(pb->db, SQLITE_LIMIT_LENGTH, PB_TEXT_MAX);
	sqlite3_busy_timeout(pb->db, PB_BUSY_MS);
	if ((rc = pb_pragma(pb->db, "PRAGMA application_id", &id)) != SQLITE_OK ||
	    (rc = pb_pragma(pb->db, "PRAGMA user_version", &version)) != SQLITE_OK) {
		pb_sqlite_err(pb->db, rc, "", err, errlen);
		goto fail;
	}
	if (id != CAFE_RECFMT_APP_ID) {
		snprintf(err, errlen, "%s", _("not a corocafe recording"));
		goto fail;
	}
	if (version > CAFE_RECFMT_VERSION) {
		snprintf(err, errlen, _("made by a newer corocafe (format %d)"), version);
		goto fail;
	}
	if (version < 1) {
		snprintf(err, errlen, _("not a corocafe recording (format %d)"), version);
		goto fail;
	}
	if (pb_tables(pb->db, err, errlen) < 0 || pb_read_runs(pb, err, errlen) < 0)
		goto fail;
	rc = sqlite3_prepare_v2(pb->db, "SELECT seq, t_us, type, phase, wkind, worker, pid, tid, "
	    "order_id, drink, flags, aux, cpu_us FROM events WHERE run = ? ORDER BY seq", -1, &pb->cur, NULL);
	if (rc != SQLITE_OK) {
		pb_sqlite_err(pb->db, rc, _("not a corocafe recording: "), err, errlen);
		goto fail;
	}
	return pb;
fail:
	cafe_playback_close(pb);
	return NULL;
}

int
cafe_playback_nruns(const struct cafe_playback *pb)
{
	return pb->nruns;
}

const struct cafe_playback_run *
cafe_playback_run(const struct cafe_playback *pb, int i)
{
	return i >= 0 && i < pb->nruns ? &pb->runs[i] : NULL;
}

int
cafe_playback_find(const struct cafe_playback *pb, int act)
{
	for (int i = pb->nruns - 1; i >= 0; i--)
		if (pb->runs[i].s.act == act)
			return i;
	return -1;
}

int
cafe_playback_seek(struct cafe_playback *pb, int i, char *err, size_t errlen)
{
	if (i < 0 || i >= pb->nruns) {
		snprintf(err, errlen, _("no run %d in the recording"), i + 1);
		return -1;
	}
	sqlite3_reset(pb->cur);
	if (sqlite3_bind_int(pb->cur, 1, pb->runs[i].id) != SQLITE_OK) {
		pb_sqlite_err(pb->db, sqlite3_errcode(pb->db), "", err, errlen);
		return -1;
	}
	pb->at = i;
	pb->seq = 0;
	pb->walkins = 0;
	pb->done = 0;
	return 0;
}

/* A name column: its index among n names, or -1 with what is wrong in why. */
static int
pb_name(sqlite3_stmt *st, int col, const char *what, const char *(*name)(int), int n,
    char *why, size_t len)
{
	const unsigned char *s = sqlite3_column_text(st, col);
	char q[32];

	if (sqlite3_column_type(st, col) != SQLITE_TEXT || s == NULL) {
		snprintf(why, len, _("%s is not text"), what);
		return -1;
	}
	for (int i = 0; i < n; i++)
		if (strcmp((const char *)s, name(i)) == 0)
			return i;
	pb_quote(q, sizeof q, s);
	snprintf(why, len, _("unknown %s '%s'"), what, q);
	return -1;
}

static const char *
pb_type_name(int i)
{
	return cafe_event_type_name(i);
}

static const char *
pb_phase_name(int i)
{
	return cafe_phase_name(i);
}

static const char *
pb_kind_name(int i)
{
	return cafe_worker_kind_name(i);
}

/* Checks and converts the row under the cursor; NULL, or what is wrong with it. */
static const char *
pb_event_row(struct cafe_playback *pb, struct cafe_event *ev, char *why, size_t len)
{
	static const struct {
		const char	*name;
		int		 col;
		int64_t		 lo, hi;
	} ints[] = {
		{ "seq", 0, 0, CAFE_RECFMT_T_MAX }, { "t_us", 1, 0, CAFE_RECFMT_T_MAX },
		{ "worker", 5, 0, CAFE_WORKERS_MAX }, { "pid", 6, 0, INT32_MAX },
		{ "tid", 7, 0, INT32_MAX }, { "order_id", 8, 0, INT32_MAX },
		{ "flags", 10, 0, UINT8_MAX }, { "aux", 11, 0, UINT8_MAX },
		{ "cpu_us", 12, 0, CAFE_RECFMT_T_MAX },
	};
	const struct cafe_playback_run *run = &pb->runs[pb->at];
	sqlite3_stmt *st = pb->cur;
	int64_t v[sizeof ints / sizeof ints[0]];
	int type, phase, kind, drink = -1;

	for (size_t i = 0; i < sizeof ints / sizeof ints[0]; i++) {
		int rc = pb_int(st, ints[i].col, ints[i].lo, ints[i].hi, &v[i]);
		if (rc == -1)
			snprintf(why, len, _("%s is not an integer"), ints[i].name);
		else if (rc < 0)
			snprintf(why, len, _("%s %lld out of range"), ints[i].name, (long long)v[i]);
		if (rc < 0)
			return why;
	}
	if (v[0] != pb->seq) {
		snprintf(why, len, _("seq %lld out of order"), (long long)v[0]);
		return why;
	}
	if ((type = pb_name(st, 2, "type", pb_type_name, CAFE_EV_TYPE_COUNT, why, len)) < 0 ||
	    (phase = pb_name(st, 3, "phase", pb_phase_name, CAFE_PH_COUNT, why, len)) < 0 ||
	    (kind = pb_name(st, 4, "wkind", pb_kind_name, CAFE_WK_COUNT, why, len)) < 0 ||
	    (sqlite3_column_type(st, 9) != SQLITE_NULL &&
	    (drink = pb_name(st, 9, "drink", cafe_drink_name, CAFE_DRINK_COUNT, why, len)) < 0))
		return why;
	/* Consumers key on the run's start: it comes first and once, and names the run's act. */
	if ((v[0] == 0) != (type == CAFE_EV_RUN_START)) {
		snprintf(why, len, v[0] == 0 ? _("the first event is %s, not run-start") : _("%s again"),
		    cafe_event_type_name(type));
		return why;
	}
	/*
	 * Order ids are handed out densely: the opening orders, then one for each
	 * customer who walks in. A larger one would have a reader make room for
	 * orders that never were.
	 */
	if (type == CAFE_EV_ORDER_ARRIVE && v[5] > run->s.norders)
		pb->walkins++;
	if (v[5] > run->s.norders + pb->walkins) {
		snprintf(why, len, "order %lld out of range (%d orders and %lld walk-ins so far)",
		    (long long)v[5], run->s.norders, (long long)pb->walkins);
		return why;
	}
	if (type == CAFE_EV_RUN_START && v[7] != run->s.act) {
		snprintf(why, len, _("run-start of act %lld in a run of act %d"), (long long)v[7], run->s.act);
		return why;
	}
	memset(ev, 0, sizeof *ev);
	ev->t_us = v[1];
	ev->worker = (int16_t)v[2];
	ev->pid = (int32_t)v[3];
	ev->tid = (int32_t)v[4];
	ev->order = (int32_t)v[5];
	ev->flags = (uint8_t)v[6];
	ev->aux = (uint8_t)v[7];
	ev->cpu_us = v[8];
	ev->type = (uint8_t)type;
	ev->phase = (uint8_t)phase;
	ev->wkind = (uint8_t)kind;
	ev->drink = (int8_t)drink;
	return NULL;
}

int
cafe_playback_next(struct cafe_playback *pb, struct cafe_event *ev, char *err, size_t errlen)
{
	char why[160];
	int64_t nevents;
	int rc;

	if (pb->at < 0) {
		snprintf(err, errlen, "%s", _("no run sought"));
		return -1;
	}
	if (pb->done)
		return 0;
	nevents = pb->runs[pb->at].nevents;
	rc = sqlite3_step(pb->cur);
	if (rc == SQLITE_DONE && pb->seq == nevents) {
		pb->done = 1;
		return 0;
	}
	/*
	 * A damaged file that SQLite does not notice can answer max(seq) from one
	 * page and hand out rows from another: the events read must be the events
	 * counted at open, so a reader may trust nevents.
	 */
	if (rc == SQLITE_DONE) {
		snprintf(why, sizeof why, "damaged: no more events, but the run counts %lld",
		    (long long)nevents);
	} else if (rc == SQLITE_ROW && pb->seq >= nevents) {
		snprintf(why, sizeof why, "damaged: more events than the run counts (%lld)",
		    (long long)nevents);
	} else if (rc != SQLITE_ROW) {
		pb_sqlite_err(pb->db, rc, "", why, sizeof why);
	} else if (pb_event_row(pb, ev, why, sizeof why) == NULL) {
		pb->seq++;
		return 1;
	}
	snprintf(err, errlen, _("event %lld of run %d: %s"), (long long)pb->seq, pb->runs[pb->at].id, why);
	return -1;
}

void
cafe_playback_close(struct cafe_playback *pb)
{
	if (pb == NULL)
		return;
	sqlite3_finalize(pb->cur);
	sqlite3_close(pb->db);
	for (int i = 0; i < pb->nruns; i++)
		cafe_settings_free(&pb->runs[i].s);
	free(pb->runs);
	free(pb);
}
