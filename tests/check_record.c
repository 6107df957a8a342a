/* check_record.c: recordings: real runs written and read back field by field, and hostile files that must fail cleanly. */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "options.h"
#include "playback.h"
#include "record.h"
#include "tevents.h"

/* The real runs every test starts from: acts 1-6 with settings off their defaults, then act 1 again. */
#define REC_RUNS 7

static char rec_dir[64];
static char rec_real[128];		/* the recording of those runs */
static struct cafe_settings rec_s[REC_RUNS];
static struct tev_log rec_log[REC_RUNS];

static void
rec_path(char *buf, size_t len, const char *name)
{
	snprintf(buf, len, "%s/%s", rec_dir, name);
}

static void
rec_settings(struct cafe_settings *s, int act)
{
	tev_settings(s, act, "mocha,latte,flat-white", 50);
	s->workers = 2;
	s->switch_ms = 2.5;
	s->dur_ms[CAFE_PH_GRIND] = 300 + act;
	s->dur_ms[CAFE_PH_DB_QUERY] = 120;
	s->spawn_ms = 15;
	s->block_loop = act == 5;
	s->arrival_ms = act == 4 ? 7 : -1;
	s->cores = 3;
}

/* Once, in the parent: real runs of every act into one recording the tests copy. */
static void
rec_setup_once(void)
{
	char err[256];
	struct cafe_record *r;

	snprintf(rec_dir, sizeof rec_dir, "/tmp/check_record.XXXXXX");
	if (mkdtemp(rec_dir) == NULL)
		abort();
	rec_path(rec_real, sizeof rec_real, "real.db");
	if ((r = cafe_record_open(rec_real, err, sizeof err)) == NULL) {
		fprintf(stderr, "check_record: %s\n", err);
		abort();
	}
	for (int i = 0; i < REC_RUNS; i++) {
		rec_settings(&rec_s[i], i < 6 ? i + 1 : 1);
		if (tev_run(&rec_s[i], &rec_log[i]) != 0 || cafe_record_run_begin(r, &rec_s[i]) != 0)
			abort();
		for (size_t k = 0; k < rec_log[i].n; k++)
			cafe_record_sink(r, &rec_log[i].ev[k]);
	}
	if (cafe_record_close(r, err, sizeof err) != 0) {
		fprintf(stderr, "check_record: %s\n", err);
		abort();
	}
}

static void
rec_teardown_once(void)
{
	char cmd[128];

	for (int i = 0; i < REC_RUNS; i++) {
		tev_free(&rec_log[i]);
		cafe_settings_free(&rec_s[i]);
	}
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", rec_dir);
	if (system(cmd) != 0)
		fprintf(stderr, "check_record: could not remove %s\n", rec_dir);
}

static void
rec_copy(const char *from, const char *to, long max)
{
	FILE *in = fopen(from, "rb"), *out = fopen(to, "wb");
	char buf[8192];
	size_t n;
	long done = 0;

	ck_assert_ptr_nonnull(in);
	ck_assert_ptr_nonnull(out);
	while ((n = fread(buf, 1, sizeof buf, in)) > 0 && (max < 0 || done < max)) {
		if (max >= 0 && done + (long)n > max)
			n = (size_t)(max - done);
		ck_assert_uint_eq(fwrite(buf, 1, n, out), n);
		done += (long)n;
	}
	fclose(in);
	ck_assert_int_eq(fclose(out), 0);
}

/* A copy of the real recording with sql applied: the hostile files are made from the real thing. */
static void
rec_mutate(const char *to, const char *sql)
{
	sqlite3 *db;
	char *msg = NULL;

	rec_copy(rec_real, to, -1);
	ck_assert_int_eq(sqlite3_open(to, &db), SQLITE_OK);
	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
		ck_abort_msg("%s: %s", sql, msg);
	sqlite3_close(db);
}

static void
rec_write_file(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");

	ck_assert_ptr_nonnull(fp);
	fputs(text, fp);
	ck_assert_int_eq(fclose(fp), 0);
}

static void
rec_assert_event_eq(const struct cafe_event *a, const struct cafe_event *b, size_t k)
{
	ck_assert_msg(a->t_us == b->t_us && a->cpu_us == b->cpu_us && a->pid == b->pid &&
	    a->tid == b->tid && a->order == b->order && a->worker == b->worker &&
	    a->drink == b->drink && a->type == b->type && a->phase == b->phase &&
	    a->wkind == b->wkind && a->flags == b->flags && a->aux == b->aux,
	    "event %zu differs after reading back", k);
}

static void
rec_assert_settings_eq(const struct cafe_settings *a, const struct cafe_settings *b)
{
	ck_assert_int_eq(a->act, b->act);
	ck_assert_int_eq(a->norders, b->norders);
	ck_assert_mem_eq(a->drinks, b->drinks, (size_t)a->norders);
	ck_assert_int_eq(a->workers, b->workers);
	ck_assert_double_eq(a->speed, b->speed);
	ck_assert_int_eq(a->gil, b->gil);
	ck_assert_double_eq(a->switch_ms, b->switch_ms);
	for (int p = 0; p < CAFE_PH_COUNT; p++)
		ck_assert_int_eq(a->dur_ms[p], b->dur_ms[p]);
	ck_assert_int_eq(a->arrival_ms, b->arrival_ms);
	ck_assert_int_eq(a->spawn_ms, b->spawn_ms);
	ck_assert_int_eq(a->block_loop, b->block_loop);
	ck_assert_int_eq(a->cores, b->cores);
}

/* Plays every run of path to its end; 0, or -1 with the reader's words in err. */
static int
rec_play_all(const char *path, char *err, size_t len)
{
	struct cafe_playback *pb = cafe_playback_open(path, err, len);
	struct cafe_event ev;
	int rc = 0;

	if (pb == NULL)
		return -1;
	for (int i = 0; i < cafe_playback_nruns(pb) && rc == 0; i++) {
		if ((rc = cafe_playback_seek(pb, i, err, len)) == 0)
			while ((rc = cafe_playback_next(pb, &ev, err, len)) == 1)
				;
	}
	cafe_playback_close(pb);
	return rc;
}

START_TEST(round_trip_of_real_runs)
{
	struct cafe_playback *pb;
	struct cafe_event ev;
	char err[256];

	pb = cafe_playback_open(rec_real, err, sizeof err);
	ck_assert_msg(pb != NULL, "%s", err);
	ck_assert_int_eq(cafe_playback_nruns(pb), REC_RUNS);
	for (int i = 0; i < REC_RUNS; i++) {
		const struct cafe_playback_run *run = cafe_playback_run(pb, i);
		ck_assert_int_eq(run->id, i + 1);
		rec_assert_settings_eq(&run->s, &rec_s[i]);
		ck_assert_str_eq(run->version, PACKAGE_VERSION);
		ck_assert_int_eq(run->nevents, (int64_t)rec_log[i].n);
		ck_assert_int_eq(run->ended, 1);
	}
	/* Backwards, so seeking really repositions. */
	for (int i = REC_RUNS - 1; i >= 0; i--) {
		size_t k = 0;
		int rc;
		ck_assert_int_eq(cafe_playback_seek(pb, i, err, sizeof err), 0);
		while ((rc = cafe_playback_next(pb, &ev, err, sizeof err)) == 1) {
			ck_assert_uint_lt(k, rec_log[i].n);
			rec_assert_event_eq(&ev, &rec_log[i].ev[k], k);
			k++;
		}
		ck_assert_msg(rc == 0, "%s", err);
		ck_assert_uint_eq(k, rec_log[i].n);
		ck_assert_int_eq(cafe_playback_next(pb, &ev, err, sizeof err), 0);
	}
	ck_assert_ptr_null(cafe_playback_run(pb, REC_RUNS));
	ck_assert_int_eq(cafe_playback_seek(pb, REC_RUNS, err, sizeof err), -1);
	cafe_playback_close(pb);
}
END_TEST

START_TEST(find_takes_the_last_run_of_an_act)
{
	struct cafe_playback *pb;
	char err[256];

	pb = cafe_playback_open(rec_real, err, sizeof err);
	ck_assert_msg(pb != NULL, "%s", err);
	ck_assert_int_eq(cafe_playback_find(pb, 1), 6);
	ck_assert_int_eq(cafe_playback_find(pb, 4), 3);
	ck_assert_int_eq(cafe_playback_find(pb, 7), -1);
	cafe_playback_close(pb);
}
END_TEST

/* The tables answer questions in plain SQL, with readable names. */
START_TEST(schema_reads_well_in_sql)
{
	sqlite3 *db;
	sqlite3_stmt *st;

	ck_assert_int_eq(sqlite3_open(rec_real, &db), SQLITE_OK);
	ck_assert_int_eq(sqlite3_prepare_v2(db, "SELECT count(*) FROM events WHERE run = 2 AND "
	    "type = 'phase-begin' AND phase = 'grind' AND wkind = 'barista' AND drink = 'mocha'",
	    -1, &st, NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	ck_assert_int_ge(sqlite3_column_int(st, 0), 1);
	sqlite3_finalize(st);
	ck_assert_int_eq(sqlite3_prepare_v2(db, "SELECT model, grind_ms, drinks, started FROM runs "
	    "WHERE id = 4", -1, &st, NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	ck_assert_str_eq((const char *)sqlite3_column_text(st, 0), "async");
	ck_assert_int_eq(sqlite3_column_int(st, 1), 304);
	ck_assert_str_eq((const char *)sqlite3_column_text(st, 2), "mocha,latte,flat-white");
	ck_assert_int_eq(strlen((const char *)sqlite3_column_text(st, 3)), 24);
	sqlite3_finalize(st);
	sqlite3_close(db);
}
END_TEST

/* The events of a recording of one run that has not ended (yet). */
static int64_t
rec_partial_events(const char *path)
{
	char err[256];
	struct cafe_playback *pb = cafe_playback_open(path, err, sizeof err);
	int64_t n;

	ck_assert_msg(pb != NULL, "%s", err);
	ck_assert_int_eq(cafe_playback_nruns(pb), 1);
	ck_assert_int_eq(cafe_playback_run(pb, 0)->ended, 0);
	n = cafe_playback_run(pb, 0)->nevents;
	cafe_playback_close(pb);
	return n;
}

/* Committed while still open: what a kill would leave behind. */
START_TEST(commits_without_being_closed)
{
	struct cafe_record *r;
	char path[160], err[256];

	rec_path(path, sizeof path, "open.db");
	r = cafe_record_open(path, err, sizeof err);
	ck_assert_msg(r != NULL, "%s", err);
	/* Past the writer's first look, so only its own clock can commit what follows. */
	usleep(300 * 1000);
	ck_assert_int_eq(cafe_record_run_begin(r, &rec_s[1]), 0);
	for (size_t k = 0; k < 10; k++)
		cafe_record_sink(r, &rec_log[1].ev[k]);
	usleep(400 * 1000);
	ck_assert_int_eq(rec_partial_events(path), 10);
	ck_assert_int_eq(cafe_record_failed(r, err, sizeof err), 0);
	ck_assert_int_eq(cafe_record_close(r, err, sizeof err), 0);
}
END_TEST

/* Runs fn(path) in a child process, as a program that dies mid-write would; its wait status. */
static int
rec_child(void (*fn)(const char *), const char *path)
{
	pid_t pid = fork();
	int status;

	if (pid == 0) {
		fn(path);
		_exit(0);
	}
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	return status;
}

/* Records run 3, commits its first events, buffers the rest and is killed. */
static void
rec_killed_recorder(const char *path)
{
	char err[256];
	struct cafe_record *r = cafe_record_open(path, err, sizeof err);

	if (r == NULL || cafe_record_run_begin(r, &rec_s[2]) < 0)
		_exit(1);
	for (size_t k = 0; k < 20; k++)
		cafe_record_sink(r, &rec_log[2].ev[k]);
	usleep(400 * 1000);
	for (size_t k = 20; k < rec_log[2].n; k++)
		cafe_record_sink(r, &rec_log[2].ev[k]);
	kill(getpid(), SIGKILL);
}

/* Changes every event and drops a run, spilling pages into the file, and dies before the commit. */
static void
rec_killed_writer(const char *path)
{
	sqlite3 *db;

	/* A tiny cache spills the changed pages into the file before the commit that never comes. */
	if (sqlite3_open(path, &db) != SQLITE_OK ||
	    sqlite3_exec(db, "PRAGMA cache_size=1; BEGIN; UPDATE events SET t_us = t_us + 1; "
	    "DELETE FROM runs WHERE id = 2;", NULL, NULL, NULL) != SQLITE_OK)
		_exit(1);
}

/* A recorder killed with SIGKILL leaves its WAL beside the file; the reader recovers what was committed. */
START_TEST(killed_recorder_leaves_a_valid_file)
{
	char path[160], wal[180], err[256];
	struct stat st;
	int status;

	rec_path(path, sizeof path, "killed.db");
	status = rec_child(rec_killed_recorder, path);
	ck_assert(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
	snprintf(wal, sizeof wal, "%s-wal", path);
	ck_assert_int_eq(stat(wal, &st), 0);
	ck_assert_msg(rec_play_all(path, err, sizeof err) == 0, "%s", err);
	ck_assert_int_ge(rec_partial_events(path), 20);
	/* A recorder closed cleanly leaves one file in rollback-journal mode. */
	rec_path(path, sizeof path, "real.db-wal");
	ck_assert_int_ne(stat(path, &st), 0);
}
END_TEST

/* A writer killed mid-transaction leaves a hot journal; opening rolls it back and reads what was committed. */
START_TEST(hot_journal_is_rolled_back)
{
	char path[160], journal[180], err[256];
	struct cafe_playback *pb;
	struct cafe_event ev;
	struct stat st;

	rec_path(path, sizeof path, "hot.db");
	snprintf(journal, sizeof journal, "%s-journal", path);
	rec_copy(rec_real, path, -1);
	ck_assert_int_eq(rec_child(rec_killed_writer, path), 0);
	ck_assert_int_eq(stat(journal, &st), 0);
	ck_assert_int_gt(st.st_size, 0);
	ck_assert_msg(rec_play_all(path, err, sizeof err) == 0, "%s", err);
	ck_assert_int_ne(stat(journal, &st), 0);
	pb = cafe_playback_open(path, err, sizeof err);
	ck_assert_ptr_nonnull(pb);
	ck_assert_int_eq(cafe_playback_nruns(pb), REC_RUNS);
	ck_assert_int_eq(cafe_playback_seek(pb, 1, err, sizeof err), 0);
	ck_assert_int_eq(cafe_playback_next(pb, &ev, err, sizeof err), 1);
	ck_assert_int_eq(cafe_playback_next(pb, &ev, err, sizeof err), 1);
	rec_assert_event_eq(&ev, &rec_log[1].ev[1], 1);
	cafe_playback_close(pb);
}
END_TEST

/* Each hostile file: the words the reader must say, at open or while playing. */
static void
rec_expect_bad(const char *path, const char *words)
{
	char err[256] = "";

	ck_assert_msg(rec_play_all(path, err, sizeof err) < 0, "%s: accepted, want '%s'", path, words);
	ck_assert_msg(strstr(err, words) != NULL, "%s: '%s' lacks '%s'", path, err, words);
	ck_assert_msg(strchr(err, '\n') == NULL, "%s: more than one line", path);
}

START_TEST(hostile_files_fail_cleanly)
{
	char p[160];
	struct stat st;
	sqlite3 *db;

	rec_path(p, sizeof p, "text.db");
	rec_write_file(p, "order,drink\n1,latte\n2,mocha\n");
	rec_expect_bad(p, "not an SQLite database");
	rec_path(p, sizeof p, "empty.db");
	rec_write_file(p, "");
	rec_expect_bad(p, "empty");
	rec_path(p, sizeof p, "missing.db");
	rec_expect_bad(p, "cannot open: No such file");
	rec_expect_bad(rec_dir, "not a regular file");

	rec_path(p, sizeof p, "other.db");
	ck_assert_int_eq(sqlite3_open(p, &db), SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(db, "CREATE TABLE runs (id INTEGER, x TEXT); "
	    "INSERT INTO runs VALUES (1, 'x')", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	rec_expect_bad(p, "not a corocafe recording");

	ck_assert_int_eq(stat(rec_real, &st), 0);
	rec_path(p, sizeof p, "truncated.db");
	rec_copy(rec_real, p, st.st_size / 2);
	rec_expect_bad(p, "truncated");

	rec_path(p, sizeof p, "newer.db");
	rec_mutate(p, "PRAGMA user_version = 99");
	rec_expect_bad(p, "made by a newer corocafe (format 99)");
	rec_mutate(p, "PRAGMA user_version = 0");
	rec_expect_bad(p, "not a corocafe recording (format 0)");
	rec_mutate(p, "ALTER TABLE events RENAME TO e2; CREATE VIEW events AS SELECT * FROM e2");
	rec_expect_bad(p, "not a corocafe recording: events is not a table");
	rec_mutate(p, "ALTER TABLE events DROP COLUMN cpu_us");
	rec_expect_bad(p, "no such column: cpu_us");

	rec_path(p, sizeof p, "values.db");
	rec_mutate(p, "UPDATE runs SET speed = 1e9 WHERE id = 2");
	rec_expect_bad(p, "runs: bad value in column speed (run 2)");
	rec_mutate(p, "UPDATE runs SET workers = 65 WHERE id = 3");
	rec_expect_bad(p, "runs: bad value in column workers (run 3)");
	rec_mutate(p, "UPDATE runs SET drinks = 'latte,espresso,mocha' WHERE id = 1");
	rec_expect_bad(p, "runs: bad value in column drinks (run 1)");
	rec_mutate(p, "UPDATE runs SET drinks = '3' WHERE id = 1");
	rec_expect_bad(p, "runs: bad value in column drinks (run 1)");
	rec_mutate(p, "UPDATE runs SET brew_ms = 'long' WHERE id = 1");
	rec_expect_bad(p, "runs: bad value in column brew_ms (run 1)");
	rec_mutate(p, "UPDATE runs SET model = 'threads' WHERE id = 1");
	rec_expect_bad(p, "runs: bad value in column model (run 1)");

	rec_mutate(p, "UPDATE events SET type = 'nonsense' WHERE run = 2 AND seq = 3");
	rec_expect_bad(p, "event 3 of run 2: unknown type 'nonsense'");
	rec_mutate(p, "UPDATE events SET worker = 70000 WHERE run = 2 AND seq = 5");
	rec_expect_bad(p, "event 5 of run 2: worker 70000 out of range");
	rec_mutate(p, "UPDATE events SET t_us = -1 WHERE run = 1 AND seq = 4");
	rec_expect_bad(p, "event 4 of run 1: t_us -1 out of range");
	rec_mutate(p, "UPDATE events SET order_id = 'seven' WHERE run = 1 AND seq = 4");
	rec_expect_bad(p, "event 4 of run 1: order_id is not an integer");
	rec_mutate(p, "UPDATE events SET drink = 'espresso' WHERE run = 1 AND seq = 6");
	rec_expect_bad(p, "event 6 of run 1: unknown drink 'espresso'");
	rec_mutate(p, "UPDATE events SET phase = 'nap' WHERE run = 1 AND seq = 6");
	rec_expect_bad(p, "unknown phase 'nap'");
	rec_mutate(p, "UPDATE events SET flags = 256 WHERE run = 1 AND seq = 6");
	rec_expect_bad(p, "flags 256 out of range");
	rec_mutate(p, "DELETE FROM events WHERE run = 3 AND seq = 0");
	rec_expect_bad(p, "event 0 of run 3: seq 1 out of order");
	rec_mutate(p, "DELETE FROM events WHERE run = 3 AND seq = 9");
	rec_expect_bad(p, "event 9 of run 3: seq 10 out of order");
	rec_mutate(p, "UPDATE events SET type = 'order-arrive' WHERE run = 1 AND seq = 0");
	rec_expect_bad(p, "event 0 of run 1: the first event is order-arrive, not run-start");
	rec_mutate(p, "UPDATE events SET type = 'run-start', aux = 1 WHERE run = 1 AND seq = 2");
	rec_expect_bad(p, "event 2 of run 1: run-start again");
	rec_mutate(p, "UPDATE events SET aux = 5 WHERE run = 1 AND seq = 0");
	rec_expect_bad(p, "run-start of act 5 in a run of act 1");
	rec_mutate(p, "UPDATE events SET order_id = 60000000 WHERE run = 1 AND seq = 1");
	rec_expect_bad(p, "order 60000000 out of range");

	/* Without the key, seq may go backwards in the table; it must still come out in order or not at all. */
	rec_mutate(p, "CREATE TABLE e2 AS SELECT * FROM events; DROP TABLE events; "
	    "ALTER TABLE e2 RENAME TO events; UPDATE events SET seq = 2 WHERE run = 2 AND seq = 7");
	rec_expect_bad(p, "event 3 of run 2: seq 2 out of order");
}
END_TEST

/* Reads run i of path to its end, with sql applied to the file between open and seek; -1 with the reader's words. */
static int
rec_play_changed(const char *path, int i, const char *sql, char *err, size_t len)
{
	struct cafe_playback *pb = cafe_playback_open(path, err, len);
	struct cafe_event ev;
	sqlite3 *db;
	int rc;

	ck_assert_msg(pb != NULL, "%s", err);
	ck_assert_int_eq(sqlite3_open(path, &db), SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	if ((rc = cafe_playback_seek(pb, i, err, len)) == 0)
		while ((rc = cafe_playback_next(pb, &ev, err, len)) == 1)
			;
	cafe_playback_close(pb);
	return rc;
}

/*
 * The events read are the events counted at open (nevents), or the reader
 * says the file is damaged. Found by fuzz_playback: a file SQLite reads
 * without complaint answered max(seq) with nothing and then handed out 19
 * events (tests/fuzz/corpus/playback/crash-count-mismatch.db); a file
 * changed while it is read does the same, deterministically.
 */
START_TEST(events_read_are_the_events_counted)
{
	char p[160], err[256] = "";

	rec_path(p, sizeof p, "changed.db");
	rec_copy(rec_real, p, -1);
	ck_assert_int_eq(rec_play_changed(p, 1, "DELETE FROM events WHERE run = 2 AND seq >= 5", err,
	    sizeof err), -1);
	ck_assert_msg(strstr(err, "event 5 of run 2: damaged: no more events, but the run counts") != NULL,
	    "%s", err);
	rec_copy(rec_real, p, -1);
	ck_assert_int_eq(rec_play_changed(p, 0, "INSERT INTO events SELECT run, seq + 1, t_us, type, "
	    "phase, wkind, worker, pid, tid, order_id, drink, flags, aux, cpu_us FROM events WHERE run = 1 "
	    "AND seq = (SELECT max(seq) FROM events WHERE run = 1)", err, sizeof err), -1);
	ck_assert_msg(strstr(err, "damaged: more events than the run counts") != NULL, "%s", err);
	/* Unchanged, the same reads end cleanly. */
	rec_copy(rec_real, p, -1);
	ck_assert_int_eq(rec_play_changed(p, 1, "SELECT 1", err, sizeof err), 0);
}
END_TEST

START_TEST(record_refuses_what_it_cannot_write)
{
	char err[256];

	ck_assert_ptr_null(cafe_record_open("/nonexistent/dir/r.db", err, sizeof err));
	ck_assert_str_eq(err, "cannot create: No such file or directory");
	ck_assert_ptr_null(cafe_record_open("/dev/full", err, sizeof err));
	ck_assert_str_eq(err, "cannot create: not a regular file");
}
END_TEST

/* A disk that fills up mid-run (here a file size limit): the recorder says so, never hangs, keeps what it committed. */
START_TEST(write_failure_is_reported)
{
	struct rlimit rl = { 96 * 1024, 96 * 1024 };
	struct cafe_record *r;
	char path[160], err[256];
	int failed = 0;

	rec_path(path, sizeof path, "full.db");
	signal(SIGXFSZ, SIG_IGN);
	ck_assert_int_eq(setrlimit(RLIMIT_FSIZE, &rl), 0);
	r = cafe_record_open(path, err, sizeof err);
	ck_assert_msg(r != NULL, "%s", err);
	ck_assert_int_eq(cafe_record_run_begin(r, &rec_s[3]), 0);
	for (int rep = 0; rep < 2000 && !failed; rep++) {
		/* One run: its start once, its end never, the events between again and again. */
		for (size_t k = 0; k < rec_log[3].n; k++) {
			int type = rec_log[3].ev[k].type;
			if ((type == CAFE_EV_RUN_START && rep > 0) || type == CAFE_EV_RUN_END)
				continue;
			cafe_record_sink(r, &rec_log[3].ev[k]);
		}
		if (rep % 50 == 49) {
			usleep(150 * 1000);
			failed = cafe_record_failed(r, err, sizeof err);
		}
	}
	ck_assert_msg(failed, "the recorder never noticed the full disk");
	ck_assert_msg(strstr(err, "disk") != NULL, "%s", err);
	ck_assert_int_eq(cafe_record_close(r, err, sizeof err), -1);
	ck_assert_msg(strstr(err, "disk") != NULL, "%s", err);
	rl.rlim_cur = rl.rlim_max = RLIM_INFINITY;
	setrlimit(RLIMIT_FSIZE, &rl);
	/* What was committed before the disk filled is a valid, if partial, recording. */
	ck_assert_msg(rec_play_all(path, err, sizeof err) == 0, "%s", err);
	ck_assert_int_ge(rec_partial_events(path), 0);
}
END_TEST

/* What the command line makes of --record and --replay; the messages are tests/record.sh's to check. */
START_TEST(options_record_and_replay)
{
	char *rec[] = { "corocafe", "--headless", "--record", "r.db", "-m", "4", NULL };
	char *rep[] = { "corocafe", "--headless", "--replay", "r.db", "-m", "async", NULL };
	char *plain[] = { "corocafe", "--headless", "--replay", "r.db", NULL };
	char *both[] = { "corocafe", "--replay", "r.db", "--record", "s.db", NULL };
	char *changes[] = { "corocafe", "--replay", "r.db", "--brew=5", NULL };
	char *empty[] = { "corocafe", "--record=", NULL };
	struct cafe_options o;
	FILE *null = fopen("/dev/null", "w");

	ck_assert_int_eq(cafe_options_parse(&o, 6, rec, null), 0);
	ck_assert_str_eq(o.record, "r.db");
	ck_assert_ptr_null(o.replay);
	cafe_settings_free(&o.s);
	ck_assert_int_eq(cafe_options_parse(&o, 6, rep, null), 0);
	ck_assert_str_eq(o.replay, "r.db");
	ck_assert_int_eq(o.model_given, 1);
	ck_assert_int_eq(o.s.act, 4);
	cafe_settings_free(&o.s);
	ck_assert_int_eq(cafe_options_parse(&o, 4, plain, null), 0);
	ck_assert_int_eq(o.model_given, 0);
	cafe_settings_free(&o.s);
	ck_assert_int_eq(cafe_options_parse(&o, 5, both, null), 2);
	cafe_settings_free(&o.s);
	ck_assert_int_eq(cafe_options_parse(&o, 4, changes, null), 2);
	cafe_settings_free(&o.s);
	ck_assert_int_eq(cafe_options_parse(&o, 2, empty, null), 2);
	cafe_settings_free(&o.s);
	fclose(null);
}
END_TEST

static Suite *
record_suite(void)
{
	Suite *s = suite_create("record");
	TCase *tc = tcase_create("recordings");

	tcase_add_unchecked_fixture(tc, rec_setup_once, rec_teardown_once);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, round_trip_of_real_runs);
	tcase_add_test(tc, find_takes_the_last_run_of_an_act);
	tcase_add_test(tc, schema_reads_well_in_sql);
	tcase_add_test(tc, commits_without_being_closed);
	tcase_add_test(tc, killed_recorder_leaves_a_valid_file);
	tcase_add_test(tc, hot_journal_is_rolled_back);
	tcase_add_test(tc, hostile_files_fail_cleanly);
	tcase_add_test(tc, events_read_are_the_events_counted);
	tcase_add_test(tc, record_refuses_what_it_cannot_write);
	tcase_add_test(tc, write_failure_is_reported);
	tcase_add_test(tc, options_record_and_replay);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return tev_main(record_suite());
}
