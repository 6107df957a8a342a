/* headless.c: drives a run on a private libev loop and prints it: no curses, signals through ev_signal. */
#include "config.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include <ev.h>

#include "closeout.h"
#include "failure.h"
#include "headless.h"
#include "i18n.h"
#include "ideal.h"
#include "model.h"
#include "run.h"
#include "story.h"
#include "text.h"
#include "trace.h"

struct headless {
	struct ev_loop	*loop;
	FILE		*out;
	int		 quiet;
	int		 act;
	int		 ended;
	int		 signo;
	int		 out_failed;	/* the log could not be written: nobody reads the rest */
};

static void
headless_sink(void *arg, const struct cafe_event *ev)
{
	struct headless *h = arg;
	char line[256];

	if (!h->quiet && cafe_story_format(ev, h->act, line, sizeof line) > 0) {
		fprintf(h->out, "%s\n", line);
		if (cafe_closeout_check(h->out) < 0) {
			h->out_failed = 1;
			ev_break(h->loop, EVBREAK_ALL);
		}
	}
	if (ev->type == CAFE_EV_RUN_END || ev->type == CAFE_EV_RUN_FAILED) {
		h->ended = ev->type == CAFE_EV_RUN_END;
		ev_break(h->loop, EVBREAK_ALL);
	}
}

static void
headless_signal_cb(struct ev_loop *loop, ev_signal *w, int revents)
{
	struct headless *h = w->data;

	h->signo = w->signum;
	ev_break(loop, EVBREAK_ALL);
}

int
cafe_headless_run(const struct cafe_settings *s, FILE *out, int quiet, FILE *tracefp,
    struct cafe_record *rec, struct cafe_summary *sum)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
	struct headless h = { NULL, out, quiet, s->act, 0, 0, 0 };
	struct cafe_failure fail = { 0 };
	ev_signal sw[3];
	struct cafe_stats *st;
	struct cafe_trace *tr = NULL;
	struct cafe_run *r;
	int rc = 0;

	/* A loop of our own, never the default loop: that one would reap our children behind our back. */
	if ((h.loop = ev_loop_new(EVFLAG_AUTO)) == NULL)
		return 1;
	for (int i = 0; i < 3; i++) {
		ev_signal_init(&sw[i], headless_signal_cb, sigs[i]);
		sw[i].data = &h;
		ev_signal_start(h.loop, &sw[i]);
	}
	st = cafe_stats_new(s->cores);
	r = cafe_run_new(s, h.loop);
	if (st == NULL || r == NULL) {
		rc = 1;
		goto out;
	}
	cafe_run_add_sink(r, cafe_stats_sink, st);
	if (tracefp != NULL && (tr = cafe_trace_new(tracefp, s)) != NULL)
		cafe_run_add_sink(r, cafe_trace_sink, tr);
	if (rec != NULL && cafe_record_run_begin(rec, s) == 0)
		cafe_run_add_sink(r, cafe_record_sink, rec);
	cafe_run_add_sink(r, cafe_failure_sink, &fail);
	cafe_run_add_sink(r, headless_sink, &h);
	if (cafe_run_start(r) < 0) {
		fprintf(stderr, "corocafe: %s\n", _("could not start the act's threads or processes"));
		rc = 1;
	} else {
		ev_run(h.loop, 0);
	}
	cafe_run_stop(r);
	if (h.signo != 0)
		rc = 128 + h.signo;
	else if (rc == 0 && (!h.ended || h.out_failed))
		rc = 1;
	if (h.signo == 0 && cafe_failure_report(&fail, s->act, stderr))
		rc = rc ? rc : 1;
	if (sum != NULL)
		cafe_stats_summary(st, sum);
	if (tr != NULL && cafe_trace_finish(tr) < 0) {
		fprintf(stderr, "corocafe: %s\n", _("writing the trace failed"));
		rc = rc ? rc : 1;
	}
out:
	cafe_run_free(r);
	cafe_stats_free(st);
	for (int i = 0; i < 3; i++)
		ev_signal_stop(h.loop, &sw[i]);
	ev_loop_destroy(h.loop);
	return rc;
}

/* "5 orders, 3 workers": each count with its own plural form. */
static void
headless_counts(char *buf, size_t len, int orders, int workers)
{
	char o[64], w[64];

	snprintf(o, sizeof o, ngettext("%d order", "%d orders", orders), orders);
	snprintf(w, sizeof w, ngettext("%d worker", "%d workers", workers), workers);
	/* TRANSLATORS: the order count and the worker count, e.g. "5 orders, 3 workers". */
	snprintf(buf, len, _("%s, %s"), o, w);
}

/* One table cell padded to cols display columns (translated headings are wider than their bytes). */
static void
headless_cell(FILE *out, const char *s, int cols, int right)
{
	int pad = cols - cafe_text_width(s);

	if (right)
		fprintf(out, "%*s", pad > 0 ? pad : 0, "");
	fputs(s, out);
	if (!right)
		fprintf(out, "%*s", pad > 0 ? pad : 0, "");
}

void
cafe_headless_print_summary(FILE *fp, const struct cafe_settings *s, const struct cafe_summary *sum,
    int ideal)
{
	const struct cafe_model_ops *m = cafe_model_get(s->act);
	struct cafe_summary id;
	char counts[160];

	headless_counts(counts, sizeof counts, sum->orders, s->workers);
	fprintf(fp, _("\nAct %d · %s: %s, GIL %s, speed %g\n"), s->act,
	    _(m->title), counts, s->gil ? _("on") : _("off"), s->speed);
	fprintf(fp, _("  makespan     %8.3f s\n"), sum->makespan_us / 1e6);
	fprintf(fp, _("  throughput   %8.3f orders/s\n"), sum->throughput);
	fprintf(fp, _("  latency      mean %.3f s, p95 %.3f s (arrival to served)\n"),
	    sum->mean_latency_us / 1e6, sum->p95_latency_us / 1e6);
	fprintf(fp, ngettext("  CPU          %.3f s busy, %.0f%% of %d core\n",
	    "  CPU          %.3f s busy, %.0f%% of %d cores\n", s->cores), sum->cpu_us / 1e6,
	    sum->cpu_util * 100, s->cores);
	if (sum->gil_wait_us > 0)
		fprintf(fp, _("  GIL wait     %.3f s (emulated GIL)\n"), sum->gil_wait_us / 1e6);
	if (ideal && cafe_ideal(s, &id) == 0 && id.makespan_us > 0)
		fprintf(fp, _("  ideal        makespan %.3f s, mean latency %.3f s: measured/ideal %.3f\n"),
		    id.makespan_us / 1e6, id.mean_latency_us / 1e6,
		    (double)sum->makespan_us / (double)id.makespan_us);
}

int
cafe_headless_print_table(FILE *out, const struct cafe_headless_row *rows, int n, int ideal)
{
	const struct cafe_settings *s = rows[0].s;
	struct cafe_summary id[CAFE_ACTS];
	int64_t sync_us = 0;
	int mixed = 0;
	char counts[160];
	/* Headings: left-aligned act and model, the figures right-aligned over their numbers. */
	static const int cols[] = { 4, 10, 10, 12, 13, 9, 8, 10, 9 };
	const char *head[] = { _("Act"), _("Model"), _("Makespan"), _("Throughput"), _("Mean latency"),
	    _("CPU"), _("Speedup"), _("Ideal"), _("Meas/ideal") };

	for (int i = 0; i < n; i++) {
		struct cafe_settings as = *rows[i].s;
		as.act = rows[i].act;
		if (ideal && cafe_ideal(&as, &id[i]) < 0)
			return -1;
		if (rows[i].act == 1 && sync_us == 0)
			sync_us = rows[i].sum.makespan_us;
		/* An act whose customers arrive over time, not all at opening. */
		if (cafe_settings_arrival(s, rows[i].act) != cafe_settings_arrival(s, 1))
			mixed = rows[i].act;
	}
	headless_counts(counts, sizeof counts, s->norders, s->workers);
	fprintf(out, ngettext("%s, GIL %s, speed %g, %d core\n\n", "%s, GIL %s, speed %g, %d cores\n\n",
	    s->cores), counts, s->gil ? _("on") : _("off"), s->speed, s->cores);
	for (int i = 0; i < (ideal ? 9 : 7); i++) {
		if (i > 0)
			fputc(' ', out);
		headless_cell(out, head[i], cols[i], i > 1);
	}
	fputc('\n', out);
	for (int i = 0; i < n; i++) {
		const struct cafe_summary *x = &rows[i].sum;
		fprintf(out, "%-4d %-10s %8.3f s %10.2f/s %11.3f s %8.0f%%", rows[i].act,
		    cafe_model_get(rows[i].act)->name, x->makespan_us / 1e6, x->throughput,
		    x->mean_latency_us / 1e6, x->cpu_util * 100);
		/* A recording may hold no sync run to measure the speedup against. */
		if (sync_us > 0 && x->makespan_us > 0)
			fprintf(out, " %7.2fx", (double)sync_us / (double)x->makespan_us);
		else
			fprintf(out, " %8s", "-");
		if (ideal)
			fprintf(out, " %8.3f s %10.3f", id[i].makespan_us / 1e6,
			    id[i].makespan_us > 0 ? (double)x->makespan_us / (double)id[i].makespan_us : 0);
		fputc('\n', out);
	}
	if (mixed)
		fprintf(out, _("\nAct %d serves customers arriving every %d ms; the others take "
		    "every order at opening.\n"), mixed, cafe_settings_arrival(s, mixed));
	return 0;
}

int
cafe_headless_compare(const struct cafe_settings *base, FILE *out, int ideal, struct cafe_record *rec)
{
	struct cafe_headless_row rows[CAFE_ACTS];
	struct cafe_settings s;
	int rc = 0;

	if (cafe_settings_copy(&s, base) < 0)
		return 1;
	for (int act = 1; act <= CAFE_ACTS && rc == 0; act++) {
		s.act = act;
		rows[act - 1].s = &s;
		rows[act - 1].act = act;
		rc = cafe_headless_run(&s, out, 1, NULL, rec, &rows[act - 1].sum);
	}
	if (rc == 0 && cafe_headless_print_table(out, rows, CAFE_ACTS, ideal) < 0)
		rc = 1;
	cafe_settings_free(&s);
	return rc;
}
