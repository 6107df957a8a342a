/* tevents.c: running an act for a test and reading its event stream. */
#include "config.h"

#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <ev.h>

#include "run.h"
#include "tevents.h"
#include "vec.h"

/* A test run that never ends is a failure, not a hang. */
#define TEV_LIMIT_S 60.0

struct tev_ctx {
	struct ev_loop	*loop;
	struct tev_log	*log;
	int		 ended;
};

void
tev_push(struct tev_log *l, const struct cafe_event *ev)
{
	struct cafe_event *e = CAFE_VEC_PUSH(l->ev, l->n, l->cap);

	if (e == NULL)
		abort();
	*e = *ev;
}

void
tev_free(struct tev_log *l)
{
	free(l->ev);
	memset(l, 0, sizeof *l);
}

static void
tev_sink(void *arg, const struct cafe_event *ev)
{
	struct tev_ctx *c = arg;

	tev_push(c->log, ev);
	if (ev->type == CAFE_EV_RUN_END) {
		c->ended = 1;
		ev_break(c->loop, EVBREAK_ALL);
	}
}

static void
tev_limit_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	ev_break(loop, EVBREAK_ALL);
}

void
tev_settings(struct cafe_settings *s, int act, const char *orders, double speed)
{
	cafe_settings_init(s);
	s->act = act;
	s->speed = speed;
	s->spawn_ms = 20;
	cafe_settings_set_orders(s, orders);
}

int
tev_run(const struct cafe_settings *s, struct tev_log *log)
{
	struct tev_ctx c = { ev_loop_new(EVFLAG_AUTO), log, 0 };
	struct cafe_run *r = cafe_run_new(s, c.loop);
	ev_timer limit;

	if (r == NULL)
		return -1;
	ev_timer_init(&limit, tev_limit_cb, TEV_LIMIT_S, 0.);
	ev_timer_start(c.loop, &limit);
	cafe_run_add_sink(r, tev_sink, &c);
	if (cafe_run_start(r) == 0)
		ev_run(c.loop, 0);
	cafe_run_free(r);
	ev_timer_stop(c.loop, &limit);
	ev_loop_destroy(c.loop);
	return c.ended ? 0 : -1;
}

size_t
tev_count(const struct tev_log *l, int type)
{
	size_t n = 0;

	for (size_t i = 0; i < l->n; i++)
		n += l->ev[i].type == type;
	return n;
}

static size_t
tev_pairs(const struct tev_log *l, int open_type, int close_type, int phase, int match_phase,
    int await, struct tev_span **out)
{
	struct tev_span *v = calloc(l->n + 1, sizeof *v);
	size_t n = 0;

	for (size_t i = 0; i < l->n; i++) {
		const struct cafe_event *b = &l->ev[i];
		if (b->type != open_type || (match_phase && b->phase != phase) ||
		    ((b->flags & CAFE_EVF_AWAIT) != 0) != (await != 0))
			continue;
		for (size_t j = i + 1; j < l->n; j++) {
			const struct cafe_event *e = &l->ev[j];
			if (e->type == close_type && e->tid == b->tid && e->pid == b->pid &&
			    e->order == b->order && (!match_phase || e->phase == phase) &&
			    (e->flags & CAFE_EVF_AWAIT) == (b->flags & CAFE_EVF_AWAIT)) {
				v[n].from = b->t_us;
				v[n].to = e->t_us;
				v[n].pid = b->pid;
				v[n].tid = b->tid;
				v[n].order = b->order;
				n++;
				break;
			}
		}
	}
	*out = v;
	return n;
}

size_t
tev_spans(const struct tev_log *l, int phase, int await, struct tev_span **out)
{
	return tev_pairs(l, CAFE_EV_PHASE_BEGIN, CAFE_EV_PHASE_END, phase, 1, await, out);
}

size_t
tev_gil_spans(const struct tev_log *l, struct tev_span **out)
{
	return tev_pairs(l, CAFE_EV_GIL_ACQUIRE, CAFE_EV_GIL_RELEASE, 0, 0, 0, out);
}

int
tev_any_overlap(const struct tev_span *v, size_t n, int other_lane_only)
{
	for (size_t i = 0; i < n; i++)
		for (size_t j = i + 1; j < n; j++) {
			if (other_lane_only && v[i].tid == v[j].tid && v[i].pid == v[j].pid)
				continue;
			if (v[i].from < v[j].to && v[j].from < v[i].to)
				return 1;
		}
	return 0;
}

const char *
tev_check_recipe(const struct tev_log *l, const struct cafe_recipe *r, int norders)
{
	static char why[160];

	for (int id = 1; id <= norders; id++) {
		int seen[CAFE_PH_COUNT][2] = { { 0 } }, pos = 0, done = 0;
		for (size_t i = 0; i < l->n; i++) {
			const struct cafe_event *e = &l->ev[i];
			if (e->order != id)
				continue;
			if (e->type == CAFE_EV_ORDER_DONE)
				done++;
			if (e->type != CAFE_EV_PHASE_BEGIN || cafe_phase_is_overhead(e->phase))
				continue;
			int aw = (e->flags & CAFE_EVF_AWAIT) != 0;
			if (++seen[e->phase][aw] > 1) {
				snprintf(why, sizeof why, "order %d: %s%s began twice", id,
				    cafe_phase_name(e->phase), aw ? " (await)" : "");
				return why;
			}
			/* An await and the work it waits for are the same step. */
			if (pos > 0 && r->phase[pos - 1] == e->phase)
				continue;
			if (pos >= r->n || r->phase[pos] != e->phase) {
				snprintf(why, sizeof why, "order %d: %s out of order", id,
				    cafe_phase_name(e->phase));
				return why;
			}
			pos++;
		}
		if (pos != r->n || done != 1) {
			snprintf(why, sizeof why, "order %d: %d of %d phases, served %d times",
			    id, pos, r->n, done);
			return why;
		}
	}
	return NULL;
}

/* The name (comm, without its newline) of our thread tid, a /proc/self/task entry; -1 when gone. */
static int
tev_task_comm(const char *tid, char *comm, size_t size)
{
	char path[300];
	int rc = -1;

	snprintf(path, sizeof path, "/proc/self/task/%s/comm", tid);
	FILE *fp = fopen(path, "r");
	if (fp == NULL)
		return -1;
	if (fgets(comm, (int)size, fp) != NULL) {
		comm[strcspn(comm, "\n")] = '\0';
		rc = 0;
	}
	fclose(fp);
	return rc;
}

int
tev_threads(void)
{
	DIR *d = opendir("/proc/self/task");
	struct dirent *de;
	char comm[32];
	int n = 0;

	if (d == NULL)
		return -1;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		/* Only the café's own threads: sanitizers start threads of their own. */
		if (tev_task_comm(de->d_name, comm, sizeof comm) == 0 && strncmp(comm, "cafe ", 5) == 0)
			n++;
	}
	closedir(d);
	return n;
}

int
tev_threads_settled(int want)
{
	int n = tev_threads();

	for (int i = 0; i < 200 && n > want; i++) {
		struct timespec ts = { 0, 10000000 };
		nanosleep(&ts, NULL);
		n = tev_threads();
	}
	return n;
}

int64_t
tev_slice(int tid)
{
#ifdef SYS_sched_getattr
	struct { uint32_t size, policy; uint64_t flags; int32_t nice; uint32_t prio; uint64_t runtime, deadline, period; } a;

	memset(&a, 0, sizeof a);
	if (syscall(SYS_sched_getattr, tid, &a, (unsigned)sizeof a, 0U) < 0)
		return -1;
	return (int64_t)a.runtime;
#else
	(void)tid;
	return -1;
#endif
}

int
tev_thread_named(const char *name)
{
	DIR *d = opendir("/proc/self/task");
	struct dirent *de;
	char comm[32];
	int tid = -1;

	if (d == NULL)
		return -1;
	while (tid < 0 && (de = readdir(d)) != NULL)
		if (de->d_name[0] != '.' && tev_task_comm(de->d_name, comm, sizeof comm) == 0 &&
		    strcmp(comm, name) == 0)
			tid = atoi(de->d_name);
	closedir(d);
	return tid;
}

int
tev_child(void)
{
	DIR *d = opendir("/proc");
	struct dirent *de;
	char path[300], stat[512];
	int pid = -1;

	if (d == NULL)
		return -1;
	while (pid < 0 && (de = readdir(d)) != NULL) {
		if (de->d_name[0] < '1' || de->d_name[0] > '9')
			continue;
		snprintf(path, sizeof path, "/proc/%s/stat", de->d_name);
		FILE *fp = fopen(path, "r");
		if (fp == NULL)
			continue;
		/* pid (comm) state ppid: comm may hold spaces, so read past its last ')'. */
		const char *rp = fgets(stat, sizeof stat, fp) != NULL ? strrchr(stat, ')') : NULL;
		int ppid;
		if (rp != NULL && sscanf(rp + 1, " %*c %d", &ppid) == 1 && ppid == (int)getpid())
			pid = atoi(de->d_name);
		fclose(fp);
	}
	closedir(d);
	return pid;
}

int
tev_children_left(void)
{
	errno = 0;
	return !(waitpid(-1, NULL, WNOHANG) < 0 && errno == ECHILD);
}

int
tev_main(void *suite)
{
	SRunner *sr = srunner_create(suite);
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
