/* ideal.c: a discrete-event simulation of every act with processor sharing over the cores and an instant GIL. */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "act.h"
#include "ideal.h"
#include "menu.h"
#include "ring.h"

#define ID_EPS 1e-6
#define ID_STEPS (CAFE_RECIPE_MAX + 2)	/* a recipe, and a process job's two pickles */

enum { ID_IDLE, ID_CPU, ID_SLEEP };
enum { ID_POOL_BARISTA, ID_POOL_HELPER, ID_POOL_PROC, ID_POOL_LOOP, ID_POOLS };

/* A stretch of work a thread does without waiting on anyone: phases in a row. */
struct id_job {
	int	 order;		/* 1-based */
	int	 task_step;	/* async acts: the step it serves; -1 for a whole order */
	int	 n;
	uint8_t	 cpu[ID_STEPS];
	double	 dur[ID_STEPS];
};

struct id_thr {
	int		 pool;
	int		 state;
	int		 ph;
	int		 gil;		/* wants the GIL for CPU */
	double		 left;		/* CPU µs left in the phase */
	double		 wake;		/* SLEEP ends */
	struct id_job	 job;
};

struct id_sim {
	const struct cafe_settings *s;
	struct cafe_act		 act;		/* its plan: baristas, or tasks */
	struct cafe_aloop_spec	 spec;		/* the act's tasks, when a loop runs them */
	int			 tasks;
	double			 t;
	struct id_thr		*th;
	int			 nth;
	struct cafe_ring	 q[ID_POOLS];	/* of struct id_job */
	/* The GIL: FIFO of thread indices waiting, and its holder. */
	int			*gilq;
	int			 gil_head, gil_len, holder;
	double			 held_since;
	/* Async tasks: next step, ready FIFO, timers per phase (each sorted, one duration). */
	int			*step;
	int			*ready;
	size_t			 rhead, rlen;
	struct { int *order; double *at; size_t head, len; } timers[CAFE_PH_COUNT];
	double			*arrive, *done;
	int			 norders, arrived, served;
	double			 cpu_total;
};

static double
id_dur(const struct id_sim *m, int phase)
{
	return phase == CAFE_PH_SPAWN ? m->s->spawn_ms * 1000.0 : m->s->dur_ms[phase] * 1000.0;
}

static void
id_push(struct cafe_ring *q, const struct id_job *j)
{
	if (cafe_ring_push(q, j) < 0)
		abort();	/* a simulation without memory has no answer */
}

static void
id_job_add(struct id_sim *m, struct id_job *j, int phase, int cpu)
{
	j->cpu[j->n] = (uint8_t)cpu;
	j->dur[j->n] = id_dur(m, phase);
	if (cpu)
		m->cpu_total += j->dur[j->n];
	j->n++;
}

/* A worker process unpickles what it is sent and pickles what it sends back (--ipc-cost). */
static void
id_job_ipc(struct id_sim *m, struct id_job *j)
{
	if (m->s->dur_ms[CAFE_PH_IPC] > 0 && j->n < ID_STEPS)
		id_job_add(m, j, CAFE_PH_IPC, 1);
}

static void
id_gil_release(struct id_sim *m, int i)
{
	if (m->holder != i)
		return;
	m->holder = -1;
	if (m->gil_len > 0) {
		m->holder = m->gilq[m->gil_head];
		m->gil_head = (m->gil_head + 1) % m->nth;
		m->gil_len--;
		m->held_since = m->t;
	}
}

static void
id_gil_request(struct id_sim *m, int i)
{
	if (m->holder < 0) {
		m->holder = i;
		m->held_since = m->t;
		return;
	}
	m->gilq[(m->gil_head + m->gil_len++) % m->nth] = i;
}

/* Starts phase ph of the thread's job, or finishes the job. */
static void id_finish(struct id_sim *, int i);

static void
id_phase(struct id_sim *m, int i)
{
	struct id_thr *t = &m->th[i];

	if (t->ph >= t->job.n) {
		t->state = ID_IDLE;
		id_finish(m, i);
		return;
	}
	if (t->job.cpu[t->ph]) {
		t->state = ID_CPU;
		t->left = t->job.dur[t->ph];
		if (t->gil)
			id_gil_request(m, i);
	} else {
		t->state = ID_SLEEP;
		t->wake = m->t + t->job.dur[t->ph];
	}
}

static void
id_order_done(struct id_sim *m, int order)
{
	m->done[order - 1] = m->t;
	m->served++;
}

/* Builds the loop's next burst for a task: its steps up to the first await. */
static void
id_task_burst(struct id_sim *m, int order, struct id_job *j)
{
	int s = m->step[order - 1];

	memset(j, 0, sizeof *j);
	j->order = order;
	j->task_step = s;
	for (; s < m->spec.nsteps; s++) {
		const struct cafe_step *st = &m->spec.step[s];
		if (st->mode == CAFE_STEP_CPU)
			id_job_add(m, j, st->phase[0], 1);
		else if (st->mode == CAFE_STEP_HELPER && m->s->block_loop)
			id_job_add(m, j, st->phase[0], st->cpu);
		else
			break;
	}
	m->step[order - 1] = s;
}

/* The task's await step s begins now. */
static void
id_task_await(struct id_sim *m, int order)
{
	int s = m->step[order - 1];
	struct id_job j;

	if (s >= m->spec.nsteps) {
		id_order_done(m, order);
		return;
	}
	const struct cafe_step *st = &m->spec.step[s];
	m->step[order - 1] = s + 1;
	memset(&j, 0, sizeof j);
	j.order = order;
	j.task_step = s;
	switch (st->mode) {
	case CAFE_STEP_TIMER: {
		int p = st->phase[0];
		size_t k = m->timers[p].head + m->timers[p].len++;
		m->timers[p].order[k] = order;
		m->timers[p].at[k] = m->t + id_dur(m, p);
		break;
	}
	case CAFE_STEP_HELPER:
		id_job_add(m, &j, st->phase[0], st->cpu);
		id_push(&m->q[ID_POOL_HELPER], &j);
		break;
	case CAFE_STEP_PROCESS:
		id_job_ipc(m, &j);
		for (int i = 0; i < st->nphases; i++)
			id_job_add(m, &j, st->phase[i], m->act.kind[st->phase[i]] == CAFE_KIND_CPU);
		id_job_ipc(m, &j);
		id_push(&m->q[ID_POOL_PROC], &j);
		break;
	default:
		break;
	}
}

static void
id_ready(struct id_sim *m, int order)
{
	m->ready[(m->rhead + m->rlen++) % (size_t)m->norders] = order;
}

static void
id_finish(struct id_sim *m, int i)
{
	struct id_thr *t = &m->th[i];

	if (t->job.order == 0)
		return;		/* a worker's start-up */
	if (t->job.task_step < 0)
		id_order_done(m, t->job.order);
	else if (t->pool == ID_POOL_LOOP)
		id_task_await(m, t->job.order);
	else
		id_ready(m, t->job.order);
	t->job.order = 0;
}

/* Idle threads take the next work of their pool. */
static void
id_dispatch(struct id_sim *m)
{
	for (int i = 0; i < m->nth; i++) {
		struct id_thr *t = &m->th[i];
		if (t->state != ID_IDLE)
			continue;
		if (t->pool == ID_POOL_LOOP) {
			if (m->rlen == 0)
				continue;
			int order = m->ready[m->rhead];
			m->rhead = (m->rhead + 1) % (size_t)m->norders;
			m->rlen--;
			id_task_burst(m, order, &t->job);
		} else if (cafe_ring_pop(&m->q[t->pool], &t->job) < 0) {
			continue;
		}
		t->ph = 0;
		id_phase(m, i);
	}
}

static void
id_arrive(struct id_sim *m, int order)
{
	struct id_job j;

	m->arrive[order - 1] = m->t;
	if (m->tasks) {
		id_ready(m, order);
		return;
	}
	memset(&j, 0, sizeof j);
	j.order = order;
	j.task_step = -1;
	/* Without a loop, a barista or a worker process makes the whole order. */
	int proc = m->act.plan.baristas == 0;
	if (proc)
		id_job_ipc(m, &j);
	for (int k = 0; k < m->act.recipe.n; k++) {
		int p = m->act.recipe.phase[k];
		id_job_add(m, &j, p, m->act.kind[p] == CAFE_KIND_CPU);
	}
	if (proc)
		id_job_ipc(m, &j);
	id_push(&m->q[proc ? ID_POOL_PROC : ID_POOL_BARISTA], &j);
}

/* Threads that run now and at what share of a core each. */
static double
id_rate(const struct id_sim *m, int *running)
{
	int k = 0;

	for (int i = 0; i < m->nth; i++) {
		const struct id_thr *t = &m->th[i];
		running[i] = t->state == ID_CPU && (!t->gil || m->holder == i);
		k += running[i];
	}
	return k > m->s->cores ? (double)m->s->cores / k : 1.0;
}

static int
id_add_threads(struct id_sim *m, int pool, int n, int gil)
{
	for (int i = 0; i < n; i++) {
		struct id_thr *t = &m->th[m->nth++];
		memset(t, 0, sizeof *t);
		t->pool = pool;
		t->gil = gil;
		/* Worker processes start by starting up (the emulated interpreter). */
		if (pool == ID_POOL_PROC && m->s->spawn_ms > 0) {
			t->job.n = 0;
			id_job_add(m, &t->job, CAFE_PH_SPAWN, 1);
			id_phase(m, m->nth - 1);
		}
	}
	return 0;
}

static int
id_cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static void
id_summary(struct id_sim *m, struct cafe_summary *sum)
{
	double total = 0, *lat = m->arrive;

	memset(sum, 0, sizeof *sum);
	for (int i = 0; i < m->norders; i++) {
		lat[i] = m->done[i] - m->arrive[i];
		total += lat[i];
		if (m->done[i] > sum->makespan_us)
			sum->makespan_us = (int64_t)llround(m->done[i]);
	}
	qsort(lat, (size_t)m->norders, sizeof *lat, id_cmp);
	int k = (95 * m->norders + 99) / 100;
	sum->orders = m->norders;
	sum->mean_latency_us = total / m->norders;
	sum->p95_latency_us = lat[k > 0 ? k - 1 : 0];
	sum->cpu_us = (int64_t)llround(m->cpu_total);
	if (sum->makespan_us > 0) {
		sum->throughput = sum->orders / (sum->makespan_us / 1e6);
		sum->cpu_util = m->cpu_total / ((double)sum->makespan_us * m->s->cores);
	}
}

static void
id_free(struct id_sim *m)
{
	for (int i = 0; i < ID_POOLS; i++)
		cafe_ring_free(&m->q[i]);
	for (int p = 0; p < CAFE_PH_COUNT; p++) {
		free(m->timers[p].order);
		free(m->timers[p].at);
	}
	free(m->th);
	free(m->gilq);
	free(m->step);
	free(m->ready);
	free(m->arrive);
	free(m->done);
}

int
cafe_ideal(const struct cafe_settings *s, struct cafe_summary *sum)
{
	struct id_sim m;
	int *running = NULL, rc = -1;
	double gap = cafe_settings_arrival(s, s->act) * 1000.0;

	memset(&m, 0, sizeof m);
	m.s = s;
	m.norders = s->norders;
	m.holder = -1;
	if (cafe_act_init(&m.act, s) < 0)
		return -1;
	m.spec = m.act.plan.spec;
	m.tasks = m.act.loop;
	for (int i = 0; i < ID_POOLS; i++)
		cafe_ring_init(&m.q[i], sizeof(struct id_job));
	int maxth = m.act.plan.baristas + 1 + m.act.helpers + m.act.processes;
	m.th = calloc((size_t)maxth, sizeof *m.th);
	m.gilq = calloc((size_t)maxth, sizeof *m.gilq);
	running = calloc((size_t)maxth, sizeof *running);
	m.step = calloc((size_t)m.norders, sizeof *m.step);
	m.ready = calloc((size_t)m.norders, sizeof *m.ready);
	m.arrive = calloc((size_t)m.norders, sizeof *m.arrive);
	m.done = calloc((size_t)m.norders, sizeof *m.done);
	if (!m.th || !m.gilq || !running || !m.step || !m.ready || !m.arrive || !m.done)
		goto out;
	if (m.tasks) {
		for (int i = 0; i < m.spec.nsteps; i++) {
			const struct cafe_step *st = &m.spec.step[i];
			int p = st->phase[0];
			if (st->mode == CAFE_STEP_TIMER && m.timers[p].order == NULL) {
				m.timers[p].order = calloc((size_t)m.norders, sizeof(int));
				m.timers[p].at = calloc((size_t)m.norders, sizeof(double));
				if (!m.timers[p].order || !m.timers[p].at)
					goto out;
			}
		}
	}
	id_add_threads(&m, ID_POOL_BARISTA, m.act.plan.baristas, m.act.plan.gil);
	/* Where the loop and its helpers share a GIL, their CPU takes turns. */
	id_add_threads(&m, ID_POOL_LOOP, m.tasks, m.spec.gil);
	id_add_threads(&m, ID_POOL_HELPER, m.act.helpers, m.spec.gil);
	id_add_threads(&m, ID_POOL_PROC, m.act.processes, 0);
	double switch_us = s->switch_ms * 1000.0;

	while (m.served < m.norders) {
		/* Everything that happens now, until nothing more does. */
		for (int changed = 1; changed;) {
			changed = 0;
			while (m.arrived < m.norders && m.arrived * gap <= m.t + ID_EPS) {
				id_arrive(&m, ++m.arrived);
				changed = 1;
			}
			for (int p = 0; p < CAFE_PH_COUNT; p++)
				while (m.timers[p].len > 0 && m.timers[p].at[m.timers[p].head] <= m.t + ID_EPS) {
					id_ready(&m, m.timers[p].order[m.timers[p].head++]);
					m.timers[p].len--;
					changed = 1;
				}
			for (int i = 0; i < m.nth; i++) {
				struct id_thr *t = &m.th[i];
				if ((t->state == ID_SLEEP && t->wake <= m.t + ID_EPS) ||
				    (t->state == ID_CPU && t->left <= ID_EPS)) {
					if (t->state == ID_CPU && t->gil)
						id_gil_release(&m, i);
					t->ph++;
					id_phase(&m, i);
					changed = 1;
				}
			}
			/* The forced switch: the holder goes to the back after its interval. */
			if (m.holder >= 0 && m.gil_len > 0 && m.t - m.held_since >= switch_us - ID_EPS) {
				int h = m.holder;
				id_gil_release(&m, h);
				id_gil_request(&m, h);
				changed = 1;
			}
			int before = 0;
			for (int i = 0; i < m.nth; i++)
				before += m.th[i].state != ID_IDLE;
			id_dispatch(&m);
			for (int i = 0; i < m.nth; i++)
				before -= m.th[i].state != ID_IDLE;
			changed |= before != 0;
		}
		if (m.served >= m.norders)
			break;
		/* The next moment anything happens. */
		double rate = id_rate(&m, running), next = INFINITY;
		if (m.arrived < m.norders)
			next = fmin(next, m.arrived * gap);
		for (int p = 0; p < CAFE_PH_COUNT; p++)
			if (m.timers[p].len > 0)
				next = fmin(next, m.timers[p].at[m.timers[p].head]);
		for (int i = 0; i < m.nth; i++) {
			if (m.th[i].state == ID_SLEEP)
				next = fmin(next, m.th[i].wake);
			if (running[i])
				next = fmin(next, m.t + m.th[i].left / rate);
		}
		if (m.holder >= 0 && m.gil_len > 0)
			next = fmin(next, m.held_since + switch_us);
		if (!isfinite(next))
			goto out;	/* nothing can happen: a bug, not an answer */
		if (next < m.t)
			next = m.t;
		for (int i = 0; i < m.nth; i++)
			if (running[i])
				m.th[i].left -= (next - m.t) * rate;
		m.t = next;
	}
	id_summary(&m, sum);
	rc = 0;
out:
	free(running);
	id_free(&m);
	return rc;
}
