/* trace.c: complete (X) events for work a thread does, async (b/e) pairs for awaits no thread is busy with. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "act.h"
#include "cnum.h"
#include "menu.h"
#include "model.h"
#include "trace.h"
#include "vec.h"

/* What one thread has open. */
struct trace_lane {
	int32_t	 pid, tid;
	int	 phase;		/* open X phase, -1 when none */
	int	 order, drink;
	int64_t	 begin;
	int	 under_gil;	/* the open phase is cut into slices at GIL hand-offs */
	int64_t	 slice_begin;	/* holding the GIL since, -1 when not */
	int64_t	 wait_begin;	/* waiting for the GIL since, -1 when not */
};

struct cafe_trace {
	FILE			*fp;
	const struct cafe_settings *s;
	int			 first;
	int64_t			 makespan_us;
	struct trace_lane	*lanes;
	size_t			 nlanes, cap;
	int32_t			 named_pids[CAFE_PROCS_MAX + 2];
	int			 npids;
	const char		*main_label;	/* the program's own thread */
};

static void
trace_sep(struct cafe_trace *t)
{
	fputs(t->first ? "\n" : ",\n", t->fp);
	t->first = 0;
}

/* JSON string body; our names are ASCII or UTF-8 without control characters, but quote anyway. */
static void
trace_str(FILE *fp, const char *s)
{
	fputc('"', fp);
	for (; *s != '\0'; s++) {
		if (*s == '"' || *s == '\\')
			fputc('\\', fp);
		if ((unsigned char)*s < 0x20)
			fprintf(fp, "\\u%04x", *s);
		else
			fputc(*s, fp);
	}
	fputc('"', fp);
}

static void
trace_args(struct cafe_trace *t, int order, int drink)
{
	if (order <= 0) {
		fputs(",\"args\":{}", t->fp);
		return;
	}
	fprintf(t->fp, ",\"args\":{\"order\":\"%s#%d\",\"drink\":\"%s\",\"id\":%d}",
	    cafe_drink_name(drink), order, cafe_drink_name(drink), order);
}

static void
trace_x(struct cafe_trace *t, const struct trace_lane *l, int phase, int64_t from, int64_t to)
{
	if (to < from)
		to = from;
	trace_sep(t);
	fprintf(t->fp, "{\"name\":\"%s\",\"cat\":\"work\",\"ph\":\"X\",\"pid\":%d,\"tid\":%d,"
	    "\"ts\":%lld,\"dur\":%lld", cafe_phase_name(phase), l->pid, l->tid,
	    (long long)from, (long long)(to - from));
	trace_args(t, l->order, l->drink);
	fputc('}', t->fp);
}

static struct trace_lane *
trace_lane(struct cafe_trace *t, int32_t pid, int32_t tid)
{
	for (size_t i = 0; i < t->nlanes; i++)
		if (t->lanes[i].tid == tid && t->lanes[i].pid == pid)
			return &t->lanes[i];
	struct trace_lane *l = CAFE_VEC_PUSH(t->lanes, t->nlanes, t->cap);
	if (l == NULL)
		return NULL;
	memset(l, 0, sizeof *l);
	l->pid = pid;
	l->tid = tid;
	l->phase = -1;
	l->slice_begin = l->wait_begin = -1;
	return l;
}

static void
trace_meta(struct cafe_trace *t, const struct cafe_event *ev)
{
	char label[64];
	int known = 0;

	for (int i = 0; i < t->npids; i++)
		known |= t->named_pids[i] == ev->pid;
	if (!known && t->npids < (int)(sizeof t->named_pids / sizeof t->named_pids[0])) {
		t->named_pids[t->npids++] = ev->pid;
		if (ev->wkind == CAFE_WK_PROCESS)
			cafe_who_label(label, sizeof label, CAFE_WK_PROCESS, ev->worker);
		else
			snprintf(label, sizeof label, "corocafe: act %d %s", t->s->act,
			    cafe_model_get(t->s->act)->name);
		trace_sep(t);
		fprintf(t->fp, "{\"name\":\"process_name\",\"ph\":\"M\",\"pid\":%d,\"tid\":%d,\"args\":{\"name\":",
		    ev->pid, ev->pid);
		trace_str(t->fp, label);
		fputs("}}", t->fp);
	}
	if (ev->wkind == CAFE_WK_MAIN)
		snprintf(label, sizeof label, "%s", t->main_label);
	else if (ev->wkind == CAFE_WK_PROCESS)
		snprintf(label, sizeof label, "main");
	else
		cafe_who_label(label, sizeof label, ev->wkind, ev->worker);
	trace_sep(t);
	fprintf(t->fp, "{\"name\":\"thread_name\",\"ph\":\"M\",\"pid\":%d,\"tid\":%d,\"args\":{\"name\":",
	    ev->pid, ev->tid);
	trace_str(t->fp, label);
	fputs("}}", t->fp);
	trace_sep(t);
	fprintf(t->fp, "{\"name\":\"thread_sort_index\",\"ph\":\"M\",\"pid\":%d,\"tid\":%d,"
	    "\"args\":{\"sort_index\":%d}}", ev->pid, ev->tid, ev->wkind * 100 + ev->worker);
}

static void
trace_async(struct cafe_trace *t, const struct cafe_event *ev)
{
	trace_sep(t);
	fprintf(t->fp, "{\"name\":\"%s\",\"cat\":\"order\",\"ph\":\"%s\",\"id\":%d,\"pid\":%d,"
	    "\"tid\":%d,\"ts\":%lld", cafe_phase_name(ev->phase),
	    ev->type == CAFE_EV_PHASE_BEGIN ? "b" : "e", ev->order, ev->pid, ev->tid,
	    (long long)ev->t_us);
	trace_args(t, ev->order, ev->drink);
	fputc('}', t->fp);
}

void
cafe_trace_sink(void *arg, const struct cafe_event *ev)
{
	struct cafe_trace *t = arg;
	struct trace_lane *l;

	if (ev->type == CAFE_EV_RUN_END) {
		t->makespan_us = ev->t_us;
		return;
	}
	if (ev->type == CAFE_EV_WORKER_START) {
		trace_meta(t, ev);
		return;
	}
	if ((ev->type == CAFE_EV_PHASE_BEGIN || ev->type == CAFE_EV_PHASE_END) &&
	    (ev->flags & CAFE_EVF_AWAIT)) {
		trace_async(t, ev);
		return;
	}
	if (ev->type == CAFE_EV_CORE_LOAD) {
		/* A counter track per core, in the program's process. */
		trace_sep(t);
		fprintf(t->fp, "{\"name\":\"cpu%d busy %% (whole machine)\",\"ph\":\"C\",\"ts\":%lld,"
		    "\"pid\":%d,\"args\":{\"busy\":%d}}", ev->aux, (long long)ev->t_us, (int)ev->pid,
		    (int)(ev->cpu_us / 10));
		return;
	}
	if (ev->type == CAFE_EV_ON_CORE)
		return;
	if (ev->type == CAFE_EV_MARK) {
		/* A mark across the whole trace, where the teacher stopped to talk. */
		trace_sep(t);
		fprintf(t->fp, "{\"name\":\"mark %d\",\"ph\":\"i\",\"s\":\"g\",\"ts\":%lld,\"pid\":%d,"
		    "\"tid\":%d}", ev->aux, (long long)ev->t_us, (int)ev->pid, (int)ev->tid);
		return;
	}
	if ((l = trace_lane(t, ev->pid, ev->tid)) == NULL)
		return;
	switch (ev->type) {
	case CAFE_EV_PHASE_BEGIN:
		l->phase = ev->phase;
		l->order = ev->order;
		l->drink = ev->drink;
		l->begin = ev->t_us;
		l->under_gil = 0;
		break;
	case CAFE_EV_PHASE_END:
		if (l->phase == ev->phase && !l->under_gil)
			trace_x(t, l, l->phase, l->begin, ev->t_us);
		l->phase = -1;
		break;
	case CAFE_EV_GIL_WAIT:
		l->wait_begin = ev->t_us;
		break;
	case CAFE_EV_GIL_ACQUIRE:
		if (l->wait_begin >= 0 && ev->t_us > l->wait_begin)
			trace_x(t, l, CAFE_PH_GIL_WAIT, l->wait_begin, ev->t_us);
		l->wait_begin = -1;
		l->slice_begin = ev->t_us;
		l->under_gil = 1;
		break;
	case CAFE_EV_GIL_RELEASE:
		if (l->slice_begin >= 0 && l->phase >= 0)
			trace_x(t, l, l->phase, l->slice_begin, ev->t_us);
		l->slice_begin = -1;
		break;
	default:
		break;
	}
}

struct cafe_trace *
cafe_trace_new(FILE *fp, const struct cafe_settings *s)
{
	struct cafe_trace *t = calloc(1, sizeof *t);

	if (t == NULL)
		return NULL;
	t->fp = fp;
	t->s = s;
	t->first = 1;
	/* Where no loop runs the tasks, the main thread only hands orders to the pool. */
	struct cafe_act act;
	t->main_label = cafe_act_init(&act, s) == 0 && act.plan.baristas == 0 && !act.loop ?
	    "pool manager" : "main";
	fputs("{\"displayTimeUnit\":\"ms\",\"traceEvents\":[", fp);
	return t;
}

int
cafe_trace_finish(struct cafe_trace *t)
{
	const struct cafe_settings *s = t->s;
	char speed[32];

	/* JSON numbers are C-locale numbers: "0.5", never "0,5". */
	cafe_cnum_snprintf(speed, sizeof speed, "%g", s->speed);
	fprintf(t->fp, "\n],\"otherData\":{\"model\":\"%s\",\"act\":%d,\"orders\":%d,\"workers\":%d,"
	    "\"gil\":%s,\"speed\":%s,\"makespan_us\":%lld}}\n", cafe_model_get(s->act)->name,
	    s->act, s->norders, s->workers, s->gil ? "true" : "false", speed,
	    (long long)t->makespan_us);
	int rc = fflush(t->fp) == 0 && !ferror(t->fp) ? 0 : -1;
	free(t->lanes);
	free(t);
	return rc;
}
