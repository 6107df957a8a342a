/* procpool.c: forked workers fed over pipes; their events come back over pipes watched by ev_io. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "fault.h"
#include "procpool.h"
#include "thread.h"
#include "ring.h"

#define PP_PHASES CAFE_RECIPE_MAX
#define PP_GRACE_NS 300000000LL

/* Parent to child: one job. */
struct pp_job {
	struct cafe_order	order;
	int32_t			nphases;
	uint8_t			phase[PP_PHASES];
	int64_t			dur_us[PP_PHASES];
	int64_t			sent_us;
};

enum { PP_MSG_EVENT, PP_MSG_DONE };

/* Child to parent: an event to forward, or the end of a job. Smaller than PIPE_BUF, so writes are atomic. */
struct pp_msg {
	int32_t			kind;
	struct cafe_event	ev;
};

struct pp_pending {
	struct pp_job	 job;
	void		*token;
};

struct pp_worker {
	struct cafe_procpool	*pool;
	int			 index;
	pid_t			 pid;
	int			 req_fd;	/* we write jobs */
	int			 res_fd;	/* we read messages */
	ev_io			 io;
	int			 busy;
	int			 alive;
	void			*token;
	int64_t			 fork_us;
	size_t			 have;
	char			 buf[sizeof(struct pp_msg) * 16];
};

struct cafe_procpool {
	const struct cafe_env	*env;
	struct ev_loop		*loop;
	struct cafe_who		 who;
	cafe_procpool_done_fn	 done_fn;
	void			*done_arg;
	int			 n;
	struct pp_worker	*w;
	struct cafe_ring	 q;		/* of struct pp_pending: jobs waiting for a worker */
	int			 broken;	/* a worker died: every job fails from now on */
};

/* --- the child: async-signal-safe calls only, from fork to _exit --- */

static void
pp_child_send(int fd, int kind, const struct cafe_event *ev)
{
	struct pp_msg m;

	memset(&m, 0, sizeof m);
	m.kind = kind;
	m.ev = *ev;
	if (write(fd, &m, sizeof m) != (ssize_t)sizeof m)
		_exit(3);
}

static void
pp_child_emit(const struct cafe_env *env, int fd, const struct cafe_who *who,
    int type, int phase, const struct cafe_order *o, int64_t t_us, int64_t cpu_us, int flags)
{
	struct cafe_event ev;

	cafe_event_fill(&ev, who, type, phase, o != NULL ? o->id : 0, o != NULL ? o->drink : -1,
	    flags, t_us >= 0 ? t_us : cafe_clock_now_us(env->clock));
	ev.cpu_us = cpu_us;
	pp_child_send(fd, PP_MSG_EVENT, &ev);
}

static int
pp_child_read(int fd, struct pp_job *job)
{
	size_t got = 0;

	while (got < sizeof *job) {
		ssize_t r = read(fd, (char *)job + got, sizeof *job - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		got += (size_t)r;
	}
	return 0;
}

static void
pp_child_setup(int *req, int *res, pid_t parent)
{
	struct sigaction sa;
	sigset_t none;

	if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0 || getppid() != parent)
		_exit(1);
	setpgid(0, 0);
	/* A worker grinds: the default slice, whichever thread forked it (the loop asks for a short one). */
	cafe_thread_slice(0);
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = SIG_DFL;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	/* A write to a parent that is gone fails with EPIPE and the child leaves. */
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);

	/* Keep only our two pipe ends (as 3 and 4), or siblings never see EOF. */
	int r = fcntl(*req, F_DUPFD, 64), w = fcntl(*res, F_DUPFD, 64);
	if (r < 0 || w < 0 || dup2(r, 3) < 0 || dup2(w, 4) < 0)
		_exit(1);
	syscall(SYS_close_range, 5U, ~0U, 0U);
	int nul = open("/dev/null", O_RDONLY);
	if (nul >= 0) {
		dup2(nul, 0);
		close(nul);
	}
	*req = 3;
	*res = 4;
}

/*
 * Emulated: pickling a payload to send, or unpickling one received, costs CPU
 * in the child (--ipc-cost); without it, the message itself is all there is.
 */
static int
pp_child_pickle(const struct cafe_env *env, int res, const struct cafe_who *who,
    const struct cafe_order *o)
{
	int64_t us = cafe_env_dur_us(env, CAFE_PH_IPC), cpu = 0;

	if (us <= 0)
		return 0;
	pp_child_emit(env, res, who, CAFE_EV_PHASE_BEGIN, CAFE_PH_IPC, o, -1, 0, 0);
	if (cafe_clock_burn_forked(env->clock, us, &cpu) < 0)
		return -1;
	pp_child_emit(env, res, who, CAFE_EV_PHASE_END, CAFE_PH_IPC, o, -1, cpu, 0);
	return 0;
}

static void
pp_child_main(struct cafe_procpool *p, struct pp_worker *me, int req, int res, pid_t parent)
{
	const struct cafe_env *env = p->env;
	struct cafe_who who;
	struct pp_job job;
	int64_t cpu;

	pp_child_setup(&req, &res, parent);
	who.kind = CAFE_WK_PROCESS;
	who.index = me->index;
	who.pid = getpid();
	who.tid = who.pid;

	pp_child_emit(env, res, &who, CAFE_EV_WORKER_START, 0, NULL, me->fork_us, 0, 0);
	/* Emulated: a Python worker's interpreter start-up and imports. */
	pp_child_emit(env, res, &who, CAFE_EV_PHASE_BEGIN, CAFE_PH_SPAWN, NULL, me->fork_us, 0, 0);
	if (cafe_clock_burn_forked(env->clock, (int64_t)env->s->spawn_ms * 1000, &cpu) < 0)
		_exit(0);
	pp_child_emit(env, res, &who, CAFE_EV_PHASE_END, CAFE_PH_SPAWN, NULL, -1, cpu, 0);

	while (pp_child_read(req, &job) == 0) {
		const struct cafe_order *o = &job.order;

		/* The job's trip here: a message in flight, no thread busy with it. */
		pp_child_emit(env, res, &who, CAFE_EV_PHASE_BEGIN, CAFE_PH_IPC, o, job.sent_us, 0, CAFE_EVF_AWAIT);
		pp_child_emit(env, res, &who, CAFE_EV_PHASE_END, CAFE_PH_IPC, o, -1, 0, CAFE_EVF_AWAIT);
		if (pp_child_pickle(env, res, &who, o) < 0)
			_exit(0);
		for (int i = 0; i < job.nphases && i < PP_PHASES; i++) {
			int ph = job.phase[i];
			int rc;

			cpu = 0;
			pp_child_emit(env, res, &who, CAFE_EV_PHASE_BEGIN, ph, o, -1, 0, 0);
			if (cafe_phase_kind(ph) == CAFE_KIND_CPU)
				rc = cafe_clock_burn_forked(env->clock, job.dur_us[i], &cpu);
			else
				rc = cafe_clock_sleep_until_forked(env->clock,
				    cafe_clock_now_us(env->clock) + job.dur_us[i]);
			if (rc < 0)
				_exit(0);
			pp_child_emit(env, res, &who, CAFE_EV_PHASE_END, ph, o, -1, cpu, 0);
		}
		if (pp_child_pickle(env, res, &who, o) < 0)
			_exit(0);
		struct cafe_event done;
		memset(&done, 0, sizeof done);
		done.t_us = cafe_clock_now_us(env->clock);
		done.order = o->id;
		pp_child_send(res, PP_MSG_DONE, &done);
	}
	pp_child_emit(env, res, &who, CAFE_EV_WORKER_STOP, 0, NULL, -1, 0, 0);
	_exit(0);
}

/* --- the parent --- */

static void pp_break(struct cafe_procpool *, struct pp_worker *);

static void
pp_dispatch(struct cafe_procpool *p)
{
	struct pp_pending pj;

	for (int i = 0; i < p->n && p->q.len > 0 && !p->broken; i++) {
		struct pp_worker *w = &p->w[i];
		ssize_t r;

		if (!w->alive || w->busy)
			continue;
		cafe_ring_pop(&p->q, &pj);
		pj.job.sent_us = cafe_clock_now_us(p->env->clock);
		/* The worker holds the job from here: if the write fails, the break fails it. */
		w->token = pj.token;
		w->busy = 1;
		/* A job is far smaller than a pipe's buffer and a worker takes one at a time. */
		do
			r = cafe_fault_hit(CAFE_FAULT_PROCPOOL_WRITE) ? (errno = EPIPE, -1) :
			    write(w->req_fd, &pj.job, sizeof pj.job);
		while (r < 0 && errno == EINTR);
		if (r != (ssize_t)sizeof pj.job)
			pp_break(p, w);
	}
}

static void
pp_handle(struct cafe_procpool *p, struct pp_worker *w, const struct pp_msg *m)
{
	if (m->kind == PP_MSG_EVENT) {
		cafe_bus_emit(p->env->bus, &m->ev);
		return;
	}
	/* The result's trip back: in flight from the child's write to our read. */
	struct cafe_event ev;
	cafe_event_fill(&ev, &p->who, CAFE_EV_PHASE_BEGIN, CAFE_PH_IPC, m->ev.order, -1,
	    CAFE_EVF_AWAIT, m->ev.t_us);
	cafe_bus_emit(p->env->bus, &ev);
	ev.type = CAFE_EV_PHASE_END;
	ev.t_us = cafe_clock_now_us(p->env->clock);
	if (ev.t_us < m->ev.t_us)
		ev.t_us = m->ev.t_us;
	cafe_bus_emit(p->env->bus, &ev);
	w->busy = 0;
	void *token = w->token;
	w->token = NULL;
	p->done_fn(p->done_arg, token, 0);
}

static void
pp_io_cb(struct ev_loop *loop, ev_io *io, int revents)
{
	struct pp_worker *w = io->data;
	struct cafe_procpool *p = w->pool;

	for (;;) {
		ssize_t r = read(w->res_fd, w->buf + w->have, sizeof w->buf - w->have);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			break;
		if (r <= 0) {
			w->alive = 0;
			ev_io_stop(loop, io);
			pp_break(p, w);
			break;
		}
		w->have += (size_t)r;
		size_t off = 0;
		while (w->have - off >= sizeof(struct pp_msg)) {
			struct pp_msg m;
			memcpy(&m, w->buf + off, sizeof m);
			off += sizeof m;
			pp_handle(p, w, &m);
		}
		memmove(w->buf, w->buf + off, w->have - off);
		w->have -= off;
	}
	pp_dispatch(p);
}

/* Waits for a worker whose pipe closed (it is on its way out) and returns its wait status. */
static int
pp_wait_dead(struct pp_worker *w)
{
	int64_t deadline = cafe_mono_ns() + PP_GRACE_NS;
	int status = 0;
	pid_t r;

	while ((r = waitpid(w->pid, &status, WNOHANG)) == 0 && cafe_mono_ns() < deadline) {
		struct timespec ts = { 0, 1000000 };
		nanosleep(&ts, NULL);
	}
	if (r == 0) {
		/* Alive but deaf (a write to it failed): it is no use to the pool any more. */
		kill(w->pid, SIGKILL);
		while ((r = waitpid(w->pid, &status, 0)) < 0 && errno == EINTR)
			;
	}
	w->pid = -1;
	return r > 0 ? status : 0;
}

static void pp_terminate(struct cafe_procpool *);

/*
 * A worker died: as in ProcessPoolExecutor, the pool is broken. Says so,
 * terminates the other workers and fails every job it holds, running first.
 */
static void
pp_break(struct cafe_procpool *p, struct pp_worker *dead)
{
	struct cafe_who who = { CAFE_WK_PROCESS, (int16_t)dead->index, dead->pid, dead->pid };
	struct cafe_event ev;
	struct pp_pending pj;

	/* At the end of a run the workers leave with the clock: that breaks nothing. */
	dead->alive = 0;
	if (p->broken || cafe_clock_stopped(p->env->clock))
		return;
	p->broken = 1;
	int status = pp_wait_dead(dead);
	cafe_event_fill(&ev, &who, CAFE_EV_POOL_BROKEN, 0, 0, -1, 0,
	    cafe_clock_now_us(p->env->clock));
	if (WIFSIGNALED(status))
		ev.aux = (uint8_t)WTERMSIG(status);
	else if (WIFEXITED(status))
		ev.cpu_us = WEXITSTATUS(status);
	cafe_bus_emit(p->env->bus, &ev);
	pp_terminate(p);
	for (int i = 0; i < p->n; i++) {
		struct pp_worker *w = &p->w[i];
		void *token = w->token;
		if (!w->busy)
			continue;
		w->busy = 0;
		w->token = NULL;
		p->done_fn(p->done_arg, token, CAFE_LOST_POOL_BROKEN);
	}
	while (cafe_ring_pop(&p->q, &pj) == 0)
		p->done_fn(p->done_arg, pj.token, CAFE_LOST_POOL_BROKEN);
}

struct cafe_procpool *
cafe_procpool_new(const struct cafe_env *env, int n, struct ev_loop *loop,
    const struct cafe_who *who, cafe_procpool_done_fn fn, void *arg)
{
	struct cafe_procpool *p = calloc(1, sizeof *p);

	if (p == NULL || (p->w = calloc((size_t)n, sizeof *p->w)) == NULL) {
		free(p);
		return NULL;
	}
	p->env = env;
	p->loop = loop;
	p->who = *who;
	p->n = n;
	p->done_fn = fn;
	p->done_arg = arg;
	cafe_ring_init(&p->q, sizeof(struct pp_pending));
	for (int i = 0; i < n; i++) {
		p->w[i].req_fd = p->w[i].res_fd = -1;
		p->w[i].pid = -1;
	}
	return p;
}

int
cafe_procpool_start(struct cafe_procpool *p)
{
	pid_t self = getpid();

	for (int i = 0; i < p->n; i++) {
		struct pp_worker *w = &p->w[i];
		int req[2], res[2];

		w->pool = p;
		w->index = i + 1;
		if (pipe2(req, O_CLOEXEC) < 0)
			return -1;
		if (pipe2(res, O_CLOEXEC) < 0) {
			close(req[0]);
			close(req[1]);
			return -1;
		}
		w->fork_us = cafe_clock_now_us(p->env->clock);
		pid_t pid = fork();
		if (pid < 0) {
			close(req[0]); close(req[1]); close(res[0]); close(res[1]);
			return -1;
		}
		if (pid == 0)
			pp_child_main(p, w, req[0], res[1], self);
		close(req[0]);
		close(res[1]);
		w->pid = pid;
		w->req_fd = req[1];
		w->res_fd = res[0];
		w->alive = 1;
		fcntl(w->res_fd, F_SETFL, fcntl(w->res_fd, F_GETFL) | O_NONBLOCK);
		ev_io_init(&w->io, pp_io_cb, w->res_fd, EV_READ);
		w->io.data = w;
		ev_io_start(p->loop, &w->io);
	}
	pp_dispatch(p);
	return 0;
}

int
cafe_procpool_submit(struct cafe_procpool *p, const struct cafe_order *o,
    const enum cafe_phase *ph, int nphases, void *token)
{
	struct pp_pending pj;

	if (nphases > PP_PHASES)
		return -1;
	memset(&pj, 0, sizeof pj);
	pj.job.order = *o;
	pj.job.nphases = nphases;
	for (int i = 0; i < nphases; i++) {
		pj.job.phase[i] = ph[i];
		pj.job.dur_us[i] = cafe_env_dur_us(p->env, ph[i]);
	}
	pj.token = token;
	if (p->broken || cafe_fault_hit(CAFE_FAULT_PROCPOOL) || cafe_ring_push(&p->q, &pj) < 0)
		return -1;
	pp_dispatch(p);
	return 0;
}

int
cafe_procpool_broken(const struct cafe_procpool *p)
{
	return p->broken;
}

static int
pp_reap_all(struct cafe_procpool *p, int64_t deadline)
{
	int left;

	for (;;) {
		left = 0;
		for (int i = 0; i < p->n; i++) {
			struct pp_worker *w = &p->w[i];
			if (w->pid <= 0)
				continue;
			pid_t r = waitpid(w->pid, NULL, WNOHANG);
			if (r == w->pid || (r < 0 && errno == ECHILD))
				w->pid = -1;
			else
				left++;
		}
		if (left == 0 || cafe_mono_ns() >= deadline)
			return left;
		struct timespec ts = { 0, 2000000 };
		nanosleep(&ts, NULL);
	}
}

/* Closes every pipe and ends every worker: EOF, TERM, a grace period, KILL; reaps them all. */
static void
pp_terminate(struct cafe_procpool *p)
{
	for (int i = 0; i < p->n; i++) {
		struct pp_worker *w = &p->w[i];
		if (w->res_fd >= 0) {
			ev_io_stop(p->loop, &w->io);
			close(w->res_fd);
			w->res_fd = -1;
		}
		if (w->req_fd >= 0) {
			close(w->req_fd);	/* EOF: an idle worker leaves by itself */
			w->req_fd = -1;
		}
		if (w->pid > 0)
			kill(w->pid, SIGTERM);	/* a busy one is told to */
		w->alive = 0;
	}
	if (pp_reap_all(p, cafe_mono_ns() + PP_GRACE_NS) > 0) {
		for (int i = 0; i < p->n; i++)
			if (p->w[i].pid > 0)
				kill(p->w[i].pid, SIGKILL);
		pp_reap_all(p, INT64_MAX);
	}
}

void
cafe_procpool_stop(struct cafe_procpool *p)
{
	if (p == NULL)
		return;
	pp_terminate(p);
	cafe_ring_free(&p->q);
	free(p->w);
	free(p);
}
