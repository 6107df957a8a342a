/* fuzz_playback.c: the recording reader on any file: open it, read every run's events to the end, close. */
#include "config.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz.h"
#include "model.h"
#include "playback.h"

const char fuzz_name[] = "playback";

static char fuzz_dir[256];	/* a private folder for the input and whatever SQLite makes beside it */
static char fuzz_db[300];

/* SQLite may leave a journal, a WAL or its index beside the input: none may outlive the input it belongs to. */
static void
fuzz_playback_clean(void)
{
	static const char *const suffix[] = { "", "-journal", "-wal", "-shm" };
	char path[320];

	for (size_t i = 0; i < sizeof suffix / sizeof suffix[0]; i++) {
		snprintf(path, sizeof path, "%s%s", fuzz_db, suffix[i]);
		unlink(path);
	}
}

static void
fuzz_playback_atexit(void)
{
	fuzz_playback_clean();
	rmdir(fuzz_dir);
}

/* One folder per process, made on first use: fuzzing jobs side by side never share a file. */
static void
fuzz_playback_init(void)
{
	const char *tmp = getenv("TMPDIR");

	snprintf(fuzz_dir, sizeof fuzz_dir, "%s/fuzz_playback.XXXXXX", tmp != NULL && tmp[0] != '\0' ? tmp : "/tmp");
	if (mkdtemp(fuzz_dir) == NULL) {
		perror("fuzz_playback: mkdtemp");
		abort();
	}
	snprintf(fuzz_db, sizeof fuzz_db, "%s/rec.db", fuzz_dir);
	atexit(fuzz_playback_atexit);
}

static void
fuzz_playback_write(const uint8_t *data, size_t size)
{
	int fd = open(fuzz_db, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	size_t done = 0;

	if (fd < 0) {
		perror("fuzz_playback: open");
		abort();
	}
	while (done < size) {
		ssize_t n = write(fd, data + done, size - done);
		if (n <= 0) {
			perror("fuzz_playback: write");
			abort();
		}
		done += (size_t)n;
	}
	close(fd);
}

/* What a reader that opened the file promises: runs with settings the program could have run. */
static void
fuzz_playback_run_valid(const struct cafe_playback_run *run)
{
	const struct cafe_settings *s = &run->s;

	FUZZ_CHECK(s->act >= 1 && s->act <= CAFE_ACTS, "act %d", s->act);
	FUZZ_CHECK(s->norders >= 1 && s->norders <= CAFE_ORDERS_MAX && s->drinks != NULL, "%d orders",
	    s->norders);
	FUZZ_CHECK(s->workers >= 1 && s->workers <= cafe_settings_workers_max(s->act), "%d workers",
	    s->workers);
	FUZZ_CHECK(s->speed >= CAFE_SPEED_MIN && s->speed <= CAFE_SPEED_MAX, "speed %g", s->speed);
	FUZZ_CHECK(run->nevents >= 0, "%lld events", (long long)run->nevents);
	FUZZ_CHECK(memchr(run->version, '\0', sizeof run->version) != NULL, "version not terminated");
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cafe_playback *pb;
	struct cafe_event ev;
	char err[256];
	int nruns;

	if (fuzz_dir[0] == '\0')
		fuzz_playback_init();
	fuzz_playback_write(data, size);
	err[0] = '\0';
	if ((pb = cafe_playback_open(fuzz_db, err, sizeof err)) == NULL) {
		FUZZ_CHECK(err[0] != '\0', "refused without a word");
		fuzz_playback_clean();
		return 0;
	}
	nruns = cafe_playback_nruns(pb);
	FUZZ_CHECK(cafe_playback_run(pb, nruns) == NULL && cafe_playback_run(pb, -1) == NULL, "run out of range");
	for (int act = 0; act <= CAFE_ACTS + 1; act++) {
		int i = cafe_playback_find(pb, act);
		FUZZ_CHECK(i >= -1 && i < nruns && (i < 0 || cafe_playback_run(pb, i)->s.act == act),
		    "act %d found at run %d", act, i);
	}
	for (int i = 0; i < nruns; i++) {
		const struct cafe_playback_run *run = cafe_playback_run(pb, i);
		int64_t n = 0;
		int rc;

		fuzz_playback_run_valid(run);
		if (cafe_playback_seek(pb, i, err, sizeof err) < 0)
			continue;
		while ((rc = cafe_playback_next(pb, &ev, err, sizeof err)) == 1) {
			FUZZ_CHECK(ev.type < CAFE_EV_TYPE_COUNT && ev.phase < CAFE_PH_COUNT &&
			    ev.wkind < CAFE_WK_COUNT && ev.drink >= -1 && ev.drink < CAFE_DRINK_COUNT,
			    "event %lld of run %d has a name out of range", (long long)n, run->id);
			FUZZ_CHECK(n > 0 || ev.type == CAFE_EV_RUN_START, "run %d starts with %s", run->id,
			    cafe_event_type_name(ev.type));
			n++;
		}
		FUZZ_CHECK(n <= run->nevents, "run %d: %lld events read, %lld counted", run->id,
		    (long long)n, (long long)run->nevents);
		/* Past the end (or an error) the reader stays there rather than stepping a spent cursor. */
		if (rc == 0)
			FUZZ_CHECK(cafe_playback_next(pb, &ev, err, sizeof err) == 0, "read past the end");
	}
	cafe_playback_close(pb);
	fuzz_playback_clean();
	return 0;
}
