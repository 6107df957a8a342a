/* cores.c: samples the cores ten times a second of wall time: how busy each one was (the whole machine) and which café threads and worker processes ran on it. */
#include "config.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cores.h"
#include "thread.h"
#include "vec.h"

#define CORES_MAX 256		/* aux is a byte */
#define CORES_TASKS_EVERY 64	/* threads looked up at every sample; more, less often */

struct cores_task {
	int32_t	 pid, tid;
	int64_t	 run_ns;	/* on a CPU so far, from schedstat */
	int	 seen;		/* in this sample */
};

struct cafe_cores {
	const struct cafe_env	*env;
	int64_t			 interval_ns;
	pthread_t		 thread;
	int			 started;
	pthread_mutex_t		 mu;
	pthread_cond_t		 cv;
	int			 stop;		/* guarded by mu */
	_Atomic int		 held;		/* no samples: the run has ended */
	struct cafe_who		 who;
	int			 ncores;
	unsigned		 tick;		/* samples taken, for spreading the threads' look-ups */
	uint64_t		 busy[CORES_MAX], total[CORES_MAX];	/* /proc/stat's last counts */
	struct cores_task	*tasks;
	size_t			 ntasks, taskcap;
	char			 buf[8192];
};

/* Reads a small /proc file whole; its length, or -1. */
static ssize_t
cores_read(const char *path, char *buf, size_t len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n >= 0)
		buf[n] = '\0';
	return n;
}

static void
cores_emit(struct cafe_cores *c, int type, int32_t pid, int32_t tid, int core, int64_t value)
{
	struct cafe_event ev;

	/* Paused meanwhile, or ended: a sample of a café standing still is no news. */
	if (cafe_clock_paused(c->env->clock) || atomic_load(&c->held))
		return;
	cafe_event_fill(&ev, &c->who, type, 0, 0, -1, 0, cafe_clock_now_us(c->env->clock));
	ev.pid = pid;
	ev.tid = tid;
	ev.aux = (uint8_t)core;
	ev.cpu_us = value;
	cafe_bus_emit(c->env->bus, &ev);
}

/* Each core's share of busy time since the last look, from the "cpuN" lines of /proc/stat (read whole, however many cores). */
static void
cores_load(struct cafe_cores *c, int emit)
{
	FILE *fp = fopen("/proc/stat", "re");
	char *line = NULL;
	size_t cap = 0;

	if (fp == NULL)
		return;
	while (getline(&line, &cap, fp) > 0) {
		unsigned long long v[8] = { 0 };
		int core;
		/* "cpu0 ..", not the machine's total "cpu  ..", which %d would read after its spaces. */
		if (strncmp(line, "cpu", 3) != 0 || !isdigit((unsigned char)line[3]))
			continue;
		if (sscanf(line, "cpu%d %llu %llu %llu %llu %llu %llu %llu %llu", &core, &v[0], &v[1],
		    &v[2], &v[3], &v[4], &v[5], &v[6], &v[7]) < 5 || core < 0 || core >= CORES_MAX)
			continue;
		uint64_t total = 0;
		for (int i = 0; i < 8; i++)
			total += v[i];
		uint64_t busy = total - v[3] - v[4];	/* all but idle and iowait */
		if (emit && total > c->total[core]) {
			uint64_t dt = total - c->total[core], db = busy - c->busy[core];
			cores_emit(c, CAFE_EV_CORE_LOAD, c->who.pid, c->who.tid, core,
			    (int64_t)(db > dt ? 1000 : db * 1000 / dt));
		}
		c->busy[core] = busy;
		c->total[core] = total;
	}
	free(line);
	fclose(fp);
}

static struct cores_task *
cores_task(struct cafe_cores *c, int32_t pid, int32_t tid)
{
	for (size_t i = 0; i < c->ntasks; i++)
		if (c->tasks[i].tid == tid && c->tasks[i].pid == pid)
			return &c->tasks[i];
	struct cores_task *t = CAFE_VEC_PUSH(c->tasks, c->ntasks, c->taskcap);
	if (t != NULL) {
		t->pid = pid;
		t->tid = tid;
		t->run_ns = -1;
	}
	return t;
}

/* Where one task last ran and how long it has run: stat's processor field and schedstat. */
static void
cores_task_sample(struct cafe_cores *c, int32_t pid, int32_t tid, int emit)
{
	char path[96];
	long long run_ns;
	int core = -1;

	snprintf(path, sizeof path, "/proc/%d/task/%d/schedstat", (int)pid, (int)tid);
	if (cores_read(path, c->buf, sizeof c->buf) <= 0 || sscanf(c->buf, "%lld", &run_ns) != 1)
		return;
	snprintf(path, sizeof path, "/proc/%d/task/%d/stat", (int)pid, (int)tid);
	if (cores_read(path, c->buf, sizeof c->buf) <= 0)
		return;
	/* The processor is the 39th field; the name before it may hold spaces, so count from its ')'. */
	char *p = strrchr(c->buf, ')');
	for (int field = 2; p != NULL && field < 39; field++)
		p = strchr(p + 1, ' ');
	if (p != NULL)
		core = atoi(p + 1);
	struct cores_task *t = cores_task(c, pid, tid);
	if (t == NULL)
		return;
	if (emit && t->run_ns >= 0 && run_ns > t->run_ns && core >= 0 && core < CORES_MAX)
		cores_emit(c, CAFE_EV_ON_CORE, pid, tid, core, (run_ns - t->run_ns) / 1000);
	t->run_ns = run_ns;
	t->seen = 1;
}

/* The program's threads (but this one) and, through each thread's children, the worker processes. */
static void
cores_tasks(struct cafe_cores *c, int emit)
{
	char path[96];
	struct dirent *d;
	DIR *dir = opendir("/proc/self/task");
	int32_t kids[CORES_MAX];
	int nkids = 0;

	if (dir == NULL)
		return;
	for (size_t i = 0; i < c->ntasks; i++)
		c->tasks[i].seen = 0;
	while ((d = readdir(dir)) != NULL) {
		int32_t tid = atoi(d->d_name);
		if (tid <= 0 || tid == c->who.tid)
			continue;
		cores_task_sample(c, c->who.pid, tid, emit);
		snprintf(path, sizeof path, "/proc/self/task/%d/children", (int)tid);
		if (cores_read(path, c->buf, sizeof c->buf) > 0)
			for (char *s = c->buf, *end; nkids < CORES_MAX; s = end) {
				long k = strtol(s, &end, 10);
				if (end == s)
					break;
				kids[nkids++] = (int32_t)k;
			}
	}
	closedir(dir);
	for (int i = 0; i < nkids; i++)
		cores_task_sample(c, kids[i], kids[i], emit);
	/* Tasks that are gone are forgotten. */
	for (size_t i = 0; i < c->ntasks;)
		if (!c->tasks[i].seen)
			c->tasks[i] = c->tasks[--c->ntasks];
		else
			i++;
}

static void *
cores_main(void *arg)
{
	struct cafe_cores *c = arg;
	struct timespec until;

	cafe_who_init(&c->who, CAFE_WK_MAIN, 0);
	pthread_setname_np(pthread_self(), "cafe cores");
	cores_load(c, 0);
	cores_tasks(c, 0);
	clock_gettime(CLOCK_MONOTONIC, &until);
	pthread_mutex_lock(&c->mu);
	while (!c->stop) {
		until.tv_nsec += c->interval_ns;
		until.tv_sec += until.tv_nsec / 1000000000;
		until.tv_nsec %= 1000000000;
		while (!c->stop && pthread_cond_timedwait(&c->cv, &c->mu, &until) != ETIMEDOUT)
			;
		if (c->stop)
			break;
		pthread_mutex_unlock(&c->mu);
		/* While the café stands still, so do its cores' meters. */
		int running = !cafe_clock_paused(c->env->clock);
		cores_load(c, running);
		/*
		 * Where each thread ran takes two reads of /proc per thread: with
		 * hundreds of them, less often, so the sampler does not take the CPU
		 * it measures. The cores' own load stays ten times a second.
		 */
		if (c->ntasks <= CORES_TASKS_EVERY || c->tick % (c->ntasks / CORES_TASKS_EVERY + 1) == 0)
			cores_tasks(c, running);
		c->tick++;
		pthread_mutex_lock(&c->mu);
	}
	pthread_mutex_unlock(&c->mu);
	return NULL;
}

struct cafe_cores *
cafe_cores_start(const struct cafe_env *env, int interval_ms)
{
	struct cafe_cores *c = calloc(1, sizeof *c);

	if (c == NULL)
		return NULL;
	c->env = env;
	c->interval_ns = (int64_t)interval_ms * 1000000;
	pthread_mutex_init(&c->mu, NULL);
	cafe_cond_init_mono(&c->cv);
	if (cafe_thread_start(&c->thread, cores_main, c) != 0) {
		cafe_cores_stop(c);
		return NULL;
	}
	c->started = 1;
	return c;
}

void
cafe_cores_hold(struct cafe_cores *c, int held)
{
	if (c != NULL)
		atomic_store(&c->held, held);
}

void
cafe_cores_stop(struct cafe_cores *c)
{
	if (c == NULL)
		return;
	if (c->started) {
		pthread_mutex_lock(&c->mu);
		c->stop = 1;
		pthread_cond_signal(&c->cv);
		pthread_mutex_unlock(&c->mu);
		pthread_join(c->thread, NULL);
	}
	pthread_mutex_destroy(&c->mu);
	pthread_cond_destroy(&c->cv);
	free(c->tasks);
	free(c);
}
