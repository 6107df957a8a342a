/* record.c: the recorder: a buffer the consumer's thread appends to, and a thread of its own that commits it to SQLite. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "i18n.h"
#include "menu.h"
#include "model.h"
#include "recfmt.h"
#include "record.h"
#include "thread.h"

#define REC_CHUNK	4096	/* events per buffer chunk */
#define REC_TICK_MS	100	/* the writer takes what is buffered this often */
#define REC_COMMIT_MS	200	/* a batch that takes longer is committed in parts */
#define REC_SPARE	8	/* empty chunks kept for reuse */
#define REC_BUSY_MS	5000	/* how long a reader that opened the file first (sqlite3 FILE) may hold it up */
#define REC_ROWS	32	/* events per multi-row INSERT; 32 * 14 parameters stay under SQLite's old limit of 999 */
#define REC_EV_COLS	14

/* A run that begins: what the writer puts in its row. */
struct rec_run {
	struct cafe_settings	 s;
	char			 started[40];
};

/* Events in delivery order; the first chunk of a run carries it. */
struct rec_chunk {
	struct rec_chunk	*next;
	struct rec_run		*run;
	int			 n;
	struct cafe_event	 ev[REC_CHUNK];
};

struct cafe_record {
	sqlite3			*db;
	sqlite3_stmt		*ins_run, *ins_ev, *ins_evs;	/* a run, an event, REC_ROWS events */
	pthread_t		 writer;
	/* Shared between the caller's thread and the writer, under mu. */
	pthread_mutex_t		 mu;
	pthread_cond_t		 cv;
	struct rec_chunk	*head, *tail;	/* waiting for the writer, oldest first */
	struct rec_chunk	*spare;
	int			 nspare;
	int			 running;	/* a run has begun: events are kept */
	int			 closing;
	int			 failed;
	char			 why[256];
	/* The writer's own. */
	sqlite3_int64		 run_id;
	sqlite3_int64		 seq;
};

static int64_t
rec_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The first failure wins: later ones are its consequences. */
static void
rec_fail(struct cafe_record *r, const char *what)
{
	pthread_mutex_lock(&r->mu);
	if (!r->failed) {
		r->failed = 1;
		snprintf(r->why, sizeof r->why, "%s", what);
	}
	pthread_mutex_unlock(&r->mu);
}

/* SQLite's words, and the system's when it has some ("disk I/O error: File too large"). */
static void
rec_fail_sqlite(struct cafe_record *r)
{
	char why[256];
	int e = sqlite3_system_errno(r->db);

	if (e != 0)
		snprintf(why, sizeof why, "%s: %s", sqlite3_errmsg(r->db), strerror(e));
	else
		snprintf(why, sizeof why, "%s", sqlite3_errmsg(r->db));
	rec_fail(r, why);
}

/* Caller holds mu. */
static struct rec_chunk *
rec_chunk_append(struct cafe_record *r)
{
	struct rec_chunk *c = r->spare;

	if (c != NULL) {
		r->spare = c->next;
		r->nspare--;
	} else if ((c = malloc(sizeof *c)) == NULL) {
		return NULL;
	}
	c->next = NULL;
	c->run = NULL;
	c->n = 0;
	if (r->tail != NULL)
		r->tail->next = c;
	else
		r->head = c;
	r->tail = c;
	return c;
}

static void
rec_run_free(struct rec_run *run)
{
	if (run != NULL)
		cafe_settings_free(&run->s);
	free(run);
}

/* Caller holds mu. */
static void
rec_chunks_release(struct cafe_record *r, struct rec_chunk *c)
{
	while (c != NULL) {
		struct rec_chunk *next = c->next;
		rec_run_free(c->run);
		c->run = NULL;
		if (r->nspare < REC_SPARE) {
			c->next = r->spare;
			r->spare = c;
			r->nspare++;
		} else {
			free(c);
		}
		c = next;
	}
}

static int
rec_exec(struct cafe_record *r, const char *sql)
{
	if (sqlite3_exec(r->db, sql, NULL, NULL, NULL) != SQLITE_OK) {
		rec_fail_sqlite(r);
		return -1;
	}
	return 0;
}

/* "latte,mocha,...": the drinks as --orders takes them. */
static char *
rec_drinks(const struct cafe_settings *s)
{
	char *buf = malloc((size_t)s->norders * 12 + 1), *p = buf;

	if (buf == NULL)
		return NULL;
	*p = '\0';
	for (int i = 0; i < s->norders; i++)
		p += sprintf(p, "%s%s", i > 0 ? "," : "", cafe_drink_name(s->drinks[i]));
	return buf;
}

static int
rec_write_run(struct cafe_record *r, const struct rec_run *run)
{
	const struct cafe_settings *s = &run->s;
	sqlite3_stmt *st = r->ins_run;
	char *drinks = rec_drinks(s);
	int rc;

	if (drinks == NULL) {
		rec_fail(r, strerror(ENOMEM));
		return -1;
	}
	sqlite3_bind_text(st, 1, cafe_model_get(s->act) != NULL ? cafe_model_get(s->act)->name : "?",
	    -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, PACKAGE_VERSION, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, run->started, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, drinks, -1, free);
	for (int i = 0; i < cafe_recfmt_ncols; i++) {
		const struct cafe_recfmt_col *c = &cafe_recfmt_cols[i];
		const char *field = (const char *)s + c->off;
		if (c->real)
			sqlite3_bind_double(st, 5 + i, *(const double *)field);
		else
			sqlite3_bind_int(st, 5 + i, *(const int *)field);
	}
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc != SQLITE_DONE) {
		rec_fail_sqlite(r);
		return -1;
	}
	r->run_id = sqlite3_last_insert_rowid(r->db);
	r->seq = 0;
	return 0;
}

/* Binds ev as the row of st whose first parameter is base + 1. */
static void
rec_bind_event(struct cafe_record *r, sqlite3_stmt *st, int base, const struct cafe_event *ev)
{
	sqlite3_bind_int64(st, base + 1, r->run_id);
	sqlite3_bind_int64(st, base + 2, r->seq++);
	sqlite3_bind_int64(st, base + 3, ev->t_us);
	sqlite3_bind_text(st, base + 4, cafe_event_type_name(ev->type), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, base + 5, cafe_phase_name(ev->phase), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, base + 6, cafe_worker_kind_name(ev->wkind), -1, SQLITE_STATIC);
	sqlite3_bind_int(st, base + 7, ev->worker);
	sqlite3_bind_int(st, base + 8, ev->pid);
	sqlite3_bind_int(st, base + 9, ev->tid);
	sqlite3_bind_int(st, base + 10, ev->order);
	if (ev->drink < 0)
		sqlite3_bind_null(st, base + 11);
	else
		sqlite3_bind_text(st, base + 11, cafe_drink_name(ev->drink), -1, SQLITE_STATIC);
	sqlite3_bind_int(st, base + 12, ev->flags);
	sqlite3_bind_int(st, base + 13, ev->aux);
	sqlite3_bind_int64(st, base + 14, ev->cpu_us);
}

/* n events (1 or REC_ROWS) in one statement: a row costs SQLite far less inside a multi-row INSERT. */
static int
rec_write_events(struct cafe_record *r, const struct cafe_event *ev, int n)
{
	sqlite3_stmt *st = n == REC_ROWS ? r->ins_evs : r->ins_ev;
	int rc;

	for (int i = 0; i < n; i++)
		rec_bind_event(r, st, i * REC_EV_COLS, &ev[i]);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		rec_fail_sqlite(r);
		return -1;
	}
	return 0;
}

/* One transaction per batch, cut into parts when it runs long, so a kill loses at most the last fraction of a second. */
static int
rec_write(struct cafe_record *r, struct rec_chunk *list)
{
	int64_t t0 = rec_now_ms();
	int k = 0;

	if (rec_exec(r, "BEGIN") < 0)
		return -1;
	for (struct rec_chunk *c = list; c != NULL; c = c->next) {
		/* A run's row commits on its own, so a recording cut off at once still names its run. */
		if (c->run != NULL && (rec_exec(r, "COMMIT") < 0 || rec_write_run(r, c->run) < 0 ||
		    rec_exec(r, "BEGIN") < 0))
			goto fail;
		/* Events before the first run have no run to belong to. */
		if (r->run_id == 0)
			continue;
		for (int i = 0; i < c->n;) {
			int n = c->n - i >= REC_ROWS ? REC_ROWS : 1;
			if (rec_write_events(r, &c->ev[i], n) < 0)
				goto fail;
			i += n;
			if (((k += n) & 1023) < n && rec_now_ms() - t0 >= REC_COMMIT_MS) {
				if (rec_exec(r, "COMMIT") < 0 || rec_exec(r, "BEGIN") < 0)
					goto fail;
				t0 = rec_now_ms();
			}
		}
	}
	if (rec_exec(r, "COMMIT") < 0)
		goto fail;
	return 0;
fail:
	sqlite3_exec(r->db, "ROLLBACK", NULL, NULL, NULL);
	return -1;
}

static void *
rec_writer_main(void *arg)
{
	struct cafe_record *r = arg;
	int64_t next = rec_now_ms();

	pthread_setname_np(pthread_self(), "cafe recorder");
	pthread_mutex_lock(&r->mu);
	for (;;) {
		struct timespec ts;
		while (!r->closing && rec_now_ms() < next) {
			clock_gettime(CLOCK_MONOTONIC, &ts);
			ts.tv_nsec += (long)(next - rec_now_ms()) * 1000000L;
			ts.tv_sec += ts.tv_nsec / 1000000000L;
			ts.tv_nsec %= 1000000000L;
			pthread_cond_timedwait(&r->cv, &r->mu, &ts);
		}
		next = rec_now_ms() + REC_TICK_MS;
		struct rec_chunk *list = r->head;
		int closing = r->closing, failed = r->failed;
		r->head = r->tail = NULL;
		pthread_mutex_unlock(&r->mu);
		/* After a failure the buffer is still drained, so memory does not grow. */
		if (list != NULL && !failed)
			rec_write(r, list);
		pthread_mutex_lock(&r->mu);
		rec_chunks_release(r, list);
		if (closing && r->head == NULL)
			break;
	}
	pthread_mutex_unlock(&r->mu);
	return NULL;
}

static void
rec_unlink_stale(const char *path, const char *suffix)
{
	char p[4096];

	if ((size_t)snprintf(p, sizeof p, "%s%s", path, suffix) < sizeof p)
		unlink(p);
}

/* Truncates or creates path as an empty regular file, so that SQLite starts afresh. */
static int
rec_create(const char *path, char *err, size_t errlen)
{
	struct stat st;
	int fd;

	/* A device or a FIFO cannot hold a database and its journal beside it. */
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		snprintf(err, errlen, "%s", _("cannot create: not a regular file"));
		return -1;
	}
	if ((fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NONBLOCK | O_CLOEXEC, 0666)) < 0) {
		snprintf(err, errlen, _("cannot create: %s"), strerror(errno));
		return -1;
	}
	close(fd);
	/* A journal left by a killed recording under this name would be played into the new file. */
	rec_unlink_stale(path, "-journal");
	rec_unlink_stale(path, "-wal");
	rec_unlink_stale(path, "-shm");
	return 0;
}

/* The schema, and the statements the writer runs for each row. */
static int
rec_prepare(struct cafe_record *r)
{
	char sql[4096], *p = sql;
	size_t left = sizeof sql;
	int n;

	/*
	 * WAL while recording: a commit appends to FILE-wal without an fsync, a
	 * kill mid-commit loses only the frames after the last commit, and a
	 * reader (sqlite3 FILE during a lesson) never holds the writer up.
	 */
	snprintf(sql, sizeof sql, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; BEGIN; %s"
	    "PRAGMA application_id=%d; PRAGMA user_version=%d; COMMIT;",
	    cafe_recfmt_schema, CAFE_RECFMT_APP_ID, CAFE_RECFMT_VERSION);
	if (sqlite3_exec(r->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return -1;
	n = snprintf(p, left, "INSERT INTO runs (model, version, started, drinks");
	for (int i = 0; i < cafe_recfmt_ncols; i++) {
		p += n;
		left -= (size_t)n;
		n = snprintf(p, left, ", %s", cafe_recfmt_cols[i].name);
	}
	p += n;
	left -= (size_t)n;
	n = snprintf(p, left, ") VALUES (?, ?, ?, ?");
	for (int i = 0; i < cafe_recfmt_ncols; i++) {
		p += n;
		left -= (size_t)n;
		n = snprintf(p, left, ", ?");
	}
	p += n;
	left -= (size_t)n;
	snprintf(p, left, ")");
	if (sqlite3_prepare_v2(r->db, sql, -1, &r->ins_run, NULL) != SQLITE_OK)
		return -1;
	for (int rows = 1; rows <= REC_ROWS; rows += REC_ROWS - 1) {
		p = sql;
		left = sizeof sql;
		n = snprintf(p, left, "INSERT INTO events (run, seq, t_us, type, phase, wkind, worker, "
		    "pid, tid, order_id, drink, flags, aux, cpu_us) VALUES ");
		for (int i = 0; i < rows && (size_t)n < left; i++) {
			p += n;
			left -= (size_t)n;
			n = snprintf(p, left, "%s(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", i > 0 ? ", " : "");
		}
		if (sqlite3_prepare_v2(r->db, sql, -1, rows == 1 ? &r->ins_ev : &r->ins_evs, NULL) != SQLITE_OK)
			return -1;
	}
	return 0;
}

static void
rec_free(struct cafe_record *r)
{
	sqlite3_finalize(r->ins_run);
	sqlite3_finalize(r->ins_ev);
	sqlite3_finalize(r->ins_evs);
	sqlite3_close(r->db);
	rec_chunks_release(r, r->head);
	while (r->spare != NULL) {
		struct rec_chunk *c = r->spare;
		r->spare = c->next;
		free(c);
	}
	pthread_cond_destroy(&r->cv);
	pthread_mutex_destroy(&r->mu);
	free(r);
}

struct cafe_record *
cafe_record_open(const char *path, char *err, size_t errlen)
{
	struct cafe_record *r;
	sigset_t all, old;
	int rc;

	if (rec_create(path, err, errlen) < 0)
		return NULL;
	if ((r = calloc(1, sizeof *r)) == NULL) {
		snprintf(err, errlen, _("cannot create: %s"), strerror(ENOMEM));
		return NULL;
	}
	pthread_mutex_init(&r->mu, NULL);
	cafe_cond_init_mono(&r->cv);
	/* The connection is the writer's alone from here on: no mutex of SQLite's is needed. */
	if (sqlite3_open_v2(path, &r->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK ||
	    sqlite3_busy_timeout(r->db, REC_BUSY_MS) != SQLITE_OK || rec_prepare(r) < 0) {
		snprintf(err, errlen, _("cannot create: %s"),
		    r->db != NULL ? sqlite3_errmsg(r->db) : strerror(ENOMEM));
		rec_free(r);
		return NULL;
	}
	/* Signals belong to the main thread; the writer inherits a mask that blocks them all. */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	rc = pthread_create(&r->writer, NULL, rec_writer_main, r);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc != 0) {
		snprintf(err, errlen, _("cannot start the recorder: %s"), strerror(rc));
		rec_free(r);
		return NULL;
	}
	return r;
}

int
cafe_record_run_begin(struct cafe_record *r, const struct cafe_settings *s)
{
	struct rec_run *run = calloc(1, sizeof *run);
	struct rec_chunk *c = NULL;
	struct timespec ts;
	struct tm tm;
	char when[24];

	if (run == NULL || cafe_settings_copy(&run->s, s) < 0) {
		free(run);
		rec_fail(r, strerror(ENOMEM));
		return -1;
	}
	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(run->started, sizeof run->started, "%s.%03dZ", when, (int)(ts.tv_nsec / 1000000));
	pthread_mutex_lock(&r->mu);
	if (!r->failed && (c = rec_chunk_append(r)) != NULL) {
		c->run = run;
		r->running = 1;
	}
	pthread_mutex_unlock(&r->mu);
	if (c == NULL) {
		rec_run_free(run);
		rec_fail(r, strerror(ENOMEM));
		return -1;
	}
	return 0;
}

void
cafe_record_sink(void *arg, const struct cafe_event *ev)
{
	struct cafe_record *r = arg;
	struct rec_chunk *c;

	pthread_mutex_lock(&r->mu);
	if (r->running && !r->failed) {
		c = r->tail;
		if (c == NULL || c->n == REC_CHUNK)
			c = rec_chunk_append(r);
		if (c != NULL)
			c->ev[c->n++] = *ev;
		else if (!r->failed) {
			r->failed = 1;
			snprintf(r->why, sizeof r->why, "%s", strerror(ENOMEM));
		}
	}
	pthread_mutex_unlock(&r->mu);
}

int
cafe_record_failed(struct cafe_record *r, char *err, size_t errlen)
{
	int failed;

	pthread_mutex_lock(&r->mu);
	failed = r->failed;
	if (failed)
		snprintf(err, errlen, "%s", r->why);
	pthread_mutex_unlock(&r->mu);
	return failed;
}

int
cafe_record_close(struct cafe_record *r, char *err, size_t errlen)
{
	int rc;

	pthread_mutex_lock(&r->mu);
	r->closing = 1;
	pthread_cond_signal(&r->cv);
	pthread_mutex_unlock(&r->mu);
	pthread_join(r->writer, NULL);
	sqlite3_finalize(r->ins_run);
	sqlite3_finalize(r->ins_ev);
	sqlite3_finalize(r->ins_evs);
	r->ins_run = r->ins_ev = r->ins_evs = NULL;
	/*
	 * Back to a rollback journal: the WAL is checkpointed and removed, so a
	 * finished recording is one file that opens on read-only media too. A
	 * reader still attached keeps it in WAL, which is valid as well.
	 */
	if (!r->failed)
		sqlite3_exec(r->db, "PRAGMA journal_mode=DELETE", NULL, NULL, NULL);
	if (sqlite3_close(r->db) != SQLITE_OK)
		rec_fail_sqlite(r);
	rc = cafe_record_failed(r, err, errlen) ? -1 : 0;
	r->db = NULL;
	rec_free(r);
	return rc;
}
