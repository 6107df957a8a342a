/* event.c: names of events and workers, and the text form of an event for recording and replay. */
#include "config.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "event.h"
#include "i18n.h"
#include "menu.h"

static const char *const event_type_names[CAFE_EV_TYPE_COUNT] = {
	"run-start", "run-end", "worker-start", "worker-stop", "order-arrive",
	"order-done", "phase-begin", "phase-end", "gil-wait", "gil-acquire", "gil-release",
	"pool-broken", "order-lost", "run-failed"
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

int
cafe_event_parse(const char *line, struct cafe_event *ev)
{
	char type[32], phase[32], wkind[32];
	long long t, cpu;
	int worker, pid, tid, order, drink, n = 0;
	unsigned flags, aux;

	if (sscanf(line, "%lld %31s %31s %31s %d %d %d %d %d %lld %u %u%n",
	    &t, type, phase, wkind, &worker, &pid, &tid, &order, &drink, &cpu,
	    &flags, &aux, &n) != 12 || line[n] != '\0')
		return -1;
	int ti = event_lookup(event_type_names, CAFE_EV_TYPE_COUNT, type);
	int pi = cafe_phase_from_name(phase);
	int wi = event_lookup(event_worker_names, CAFE_WK_COUNT, wkind);
	if (ti < 0 || pi < 0 || wi < 0 || drink < -1 || drink >= CAFE_DRINK_COUNT ||
	    flags > 255 || aux > 255 || t < 0 || cpu < 0 || order < 0)
		return -1;
	memset(ev, 0, sizeof *ev);
	ev->t_us = t;
	ev->cpu_us = cpu;
	ev->type = ti;
	ev->phase = pi;
	ev->wkind = wi;
	ev->worker = worker;
	ev->pid = pid;
	ev->tid = tid;
	ev->order = order;
	ev->drink = drink;
	ev->flags = flags;
	ev->aux = aux;
	return 0;
}
