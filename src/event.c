/* event.c: names of events and workers, and the text form of an event for recording and replay. */
#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "event.h"
#include "i18n.h"
#include "menu.h"

static const char *const event_type_names[CAFE_EV_TYPE_COUNT] = {
	"run-start", "run-end", "worker-start", "worker-stop", "order-arrive",
	"order-done", "phase-begin", "phase-end", "gil-wait", "gil-acquire", "gil-release",
	"pool-broken", "order-lost", "run-failed", "core-load", "on-core", "mark"
};

static const char *const event_worker_names[CAFE_WK_COUNT] = {
	"main", "barista", "process", "loop", "helper"
};

const char *
cafe_event_type_name(enum cafe_event_type t)
{
	return (unsigned)t < CAFE_EV_TYPE_COUNT ? event_type_names[t] : "?";
}

const char *
cafe_worker_kind_name(enum cafe_worker_kind k)
{
	return (unsigned)k < CAFE_WK_COUNT ? event_worker_names[k] : "?";
}

int
cafe_who_label(char *buf, size_t len, enum cafe_worker_kind k, int index)
{
	switch (k) {
	case CAFE_WK_BARISTA:
		return snprintf(buf, len, _("barista %d"), index);
	case CAFE_WK_PROCESS:
		return snprintf(buf, len, _("worker process %d"), index);
	case CAFE_WK_LOOP:
		return snprintf(buf, len, "%s", _("event loop"));
	case CAFE_WK_HELPER:
		return snprintf(buf, len, _("helper %d"), index);
	default:
		return snprintf(buf, len, "%s", _("main thread"));
	}
}

void
cafe_event_fill(struct cafe_event *ev, const struct cafe_who *who, enum cafe_event_type type,
    int phase, int order, int drink, int flags, int64_t t_us)
{
	memset(ev, 0, sizeof *ev);
	ev->t_us = t_us;
	ev->type = type;
	ev->phase = phase;
	ev->flags = flags;
	ev->wkind = who->kind;
	ev->worker = who->index;
	ev->pid = who->pid;
	ev->tid = who->tid;
	ev->order = order;
	ev->drink = drink;
}

void
cafe_who_init(struct cafe_who *who, enum cafe_worker_kind k, int index)
{
	who->kind = k;
	who->index = index;
	who->pid = getpid();
	who->tid = (int32_t)syscall(SYS_gettid);
	/* Named for top -H and gdb, and so tests can count the café's own threads. */
	if (who->tid != who->pid) {
		char name[16];
		snprintf(name, sizeof name, "cafe %s %d", cafe_worker_kind_name(k), index);
		pthread_setname_np(pthread_self(), name);
	}
}

static int
event_lookup(const char *const *names, int n, const char *s)
{
	for (int i = 0; i < n; i++)
		if (strcmp(names[i], s) == 0)
			return i;
	return -1;
}

int
cafe_event_format(const struct cafe_event *ev, char *buf, size_t len)
{
	return snprintf(buf, len, "%lld %s %s %s %d %d %d %d %d %lld %u %u",
	    (long long)ev->t_us, cafe_event_type_name(ev->type),
	    cafe_phase_name(ev->phase), cafe_worker_kind_name(ev->wkind),
	    ev->worker, ev->pid, ev->tid, ev->order, ev->drink,
	    (long long)ev->cpu_us, ev->flags, ev->aux);
}

/* A whole decimal field in [lo, hi]: no wrapping, no saturating, no trailing junk. */
static int
event_num(const char *tok, long long lo, long long hi, long long *out)
{
	char *end;
	long long v;

	if (!(tok[0] == '-' || (tok[0] >= '0' && tok[0] <= '9')))
		return -1;
	errno = 0;
	v = strtoll(tok, &end, 10);
	if (*end != '\0' || errno != 0 || v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

int
cafe_event_parse(const char *line, struct cafe_event *ev)
{
	/* The fields of cafe_event_format, in order. */
	enum { F_T, F_TYPE, F_PHASE, F_WKIND, F_WORKER, F_PID, F_TID, F_ORDER, F_DRINK, F_CPU,
	    F_FLAGS, F_AUX, F_COUNT };
	/* Every numeric field's range: what its member holds, and what makes sense. */
	static const long long lo[F_COUNT] = {
		[F_DRINK] = -1
	};
	static const long long hi[F_COUNT] = {
		[F_T] = INT64_MAX, [F_WORKER] = INT16_MAX, [F_PID] = INT32_MAX, [F_TID] = INT32_MAX,
		[F_ORDER] = INT32_MAX, [F_DRINK] = CAFE_DRINK_COUNT - 1, [F_CPU] = INT64_MAX,
		[F_FLAGS] = UINT8_MAX, [F_AUX] = UINT8_MAX
	};
	char buf[256], *tok[F_COUNT], *save = NULL;
	long long v[F_COUNT] = { 0 };
	int n = 0;

	if (strlen(line) >= sizeof buf)
		return -1;
	strcpy(buf, line);
	for (char *t = strtok_r(buf, " ", &save); t != NULL; t = strtok_r(NULL, " ", &save)) {
		if (n == F_COUNT)
			return -1;
		tok[n++] = t;
	}
	if (n != F_COUNT)
		return -1;
	for (int i = 0; i < F_COUNT; i++)
		if (i != F_TYPE && i != F_PHASE && i != F_WKIND &&
		    event_num(tok[i], lo[i], hi[i], &v[i]) < 0)
			return -1;
	int ti = event_lookup(event_type_names, CAFE_EV_TYPE_COUNT, tok[F_TYPE]);
	int pi = cafe_phase_from_name(tok[F_PHASE]);
	int wi = event_lookup(event_worker_names, CAFE_WK_COUNT, tok[F_WKIND]);
	if (ti < 0 || pi < 0 || wi < 0)
		return -1;
	memset(ev, 0, sizeof *ev);
	ev->t_us = v[F_T];
	ev->cpu_us = v[F_CPU];
	ev->type = ti;
	ev->phase = pi;
	ev->wkind = wi;
	ev->worker = (int16_t)v[F_WORKER];
	ev->pid = (int32_t)v[F_PID];
	ev->tid = (int32_t)v[F_TID];
	ev->order = (int32_t)v[F_ORDER];
	ev->drink = (int8_t)v[F_DRINK];
	ev->flags = (uint8_t)v[F_FLAGS];
	ev->aux = (uint8_t)v[F_AUX];
	return 0;
}
