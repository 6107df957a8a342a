/* app.c: the screen's event loop: keys, frames, resizes and signals; it opens sources, feeds the view and runs the layout pass. */
#include "config.h"

#include <curses.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <ev.h>

#include "cnum.h"
#include "i18n.h"
#include "ideal.h"
#include "keys.h"
#include "paint.h"
#include "panel.h"
#include "playback.h"
#include "race.h"
#include "raceask.h"
#include "racerec.h"
#include "record.h"
#include "source.h"
#include "stepper.h"
#include "theme.h"
#include "ui.h"
#include "vec.h"
#include "view.h"

#define APP_MIN_ROWS 24
#define APP_MIN_COLS 80
#define APP_ROOMY_ROWS 32
#define APP_WIDE_COLS 120
#define APP_FPS 30.0
/* The ideal is a simulation on this thread: for a huge café it would hold the screen up. */
#define APP_IDEAL_MAX 100000

/* The screen, top to bottom: adding a panel is a file and a row here. */
static const struct panel_class *const app_stack[] = {
	&header_panel, &counter_panel, &lanes_panel, &cups_panel, &score_panel, &log_panel,
	&keybar_panel
};
#define APP_PANELS ((int)(sizeof app_stack / sizeof app_stack[0]))

enum app_overlay { APP_NONE, APP_HELP, APP_COMPARE, APP_SUMMARY, APP_TOUR };

/* Where the guided tour stands in an act: its card asks, the act runs, the card tells. */
enum app_tour { APP_TOUR_OFF, APP_TOUR_ASK, APP_TOUR_RUN, APP_TOUR_TOLD };

struct app {
	struct ev_loop		*loop;
	struct cafe_settings	 s;		/* what the next live run is made with */
	struct cafe_source	*src;
	struct cafe_view	 view;
	int			 have_view;
	struct panel		 panels[APP_PANELS];
	struct panel		 help, compare, summary, tour, code;
	enum app_tour		 tour_at;
	struct race		*race;		/* --race: two cafés, not one */
	struct cafe_act		 race_act;	/* for the key bar under them */
	char			 race_path[256];	/* the two runs' recording, made before the screen */
	int			 race_runs[2];	/* with --replay: the recording's runs that race */
	uint64_t		 race_drawn;
	/* R: the race asked for on the screen, its two acts recorded meanwhile, the café held behind. */
	struct raceask		 ask;
	struct panel		 askp;
	struct racerec		*racerec;
	struct racerec		*racerec_gone;	/* cancelled, tearing its run down: freed once it has */
	int			 race_back;	/* the race came from R: leaving it goes back to the café */
	int			 race_was_paused;	/* the café's pause when R was pressed */
	enum app_overlay	 race_was_overlay;	/* and its overlay (a tour's card) */
	enum app_overlay	 overlay;
	int			 summary_shown;	/* the end card came up by itself once */
	struct panel_scores	 scores;
	int64_t			 ideal_us;
	ev_io			 in;
	ev_timer		 frame;
	ev_signal		 sig[4];
	uint64_t		 drawn;		/* view version last drawn */
	int64_t			 drawn_now;	/* café time last drawn */
	int			 dirty;		/* something besides events changed */
	int			 status;
	int			 next_drink;
	int			 paused;
	char			 failure[VIEW_LINE];	/* why the act could not run */
	const struct cafe_ui_opts *o;
	struct cafe_record	*rec;		/* --record: every run goes there */
	char			 rec_err[256];	/* why recording stopped, "" while it works */
	struct cafe_playback	*pb;		/* --replay */
	int			 run;		/* the recorded run on screen */
	int64_t			 from_us;	/* where its replay opens */
	/* With --stats: the screen's own costs. */
	int			 stats;
	int64_t			*frame_ns, *lag_us;
	size_t			 nframes, frame_cap, nlags, lag_cap;
	int64_t			 started_ns, first_frame_ns, cpu0_ns;
	uint64_t		 events;	/* over every run of the session */
	/* Stepping: the run's history, and where in it the panels are when they show the past. */
	struct stepper		*step;		/* NULL when it could not be made: no stepping */
	char			 step_err[160];	/* why not */
	int			 stepping;	/* panels show the stepper's view, not the view */
	size_t			 step_to;	/* where the keys so far want it: a batch of keys seeks once */
	int			 step_due;
	int64_t			*seek_ns;	/* with --stats: how long each seek took, key to view */
	size_t			 nseeks, seek_cap;
};

static const double app_speeds[] = { 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 50, 100 };

/* After a crash, give the terminal back before the default action (core, sanitizer report). */
static void
app_crash(int sig)
{
	endwin();
	signal(sig, SIG_DFL);
	raise(sig);
}

/* Counts events; every act that ran to its end goes into the comparison. */
static void
app_sink(void *arg, const struct cafe_event *ev)
{
	struct app *a = arg;
	int i = a->view.act.number - 1;

	a->events++;
	if (ev->type != CAFE_EV_RUN_END || i < 0 || i >= CAFE_ACTS)
		return;
	a->scores.sums[i] = a->view.sums;
	a->scores.cores[i] = a->view.cores;
	a->scores.have[i] = 1;
	a->scores.ideal_us[i] = a->view.nids == a->view.norders0 ? a->ideal_us : 0;
	/* On the tour, the act's card now tells what happened. */
	if (a->tour_at == APP_TOUR_RUN) {
		a->tour_at = APP_TOUR_TOLD;
		a->overlay = APP_TOUR;
		return;
	}
	/* Every act seen to its end: the lesson is told, and the seed's summary comes up, once. */
	int all = 1;
	for (int k = 0; k < CAFE_ACTS; k++)
		all &= a->scores.have[k];
	if (all && !a->summary_shown && a->overlay == APP_NONE) {
		a->overlay = APP_SUMMARY;
		a->summary_shown = 1;
	}
}

/* Back to the café now: the past is let go (the history stays). */
static void
app_leave_past(struct app *a)
{
	if (a->step != NULL)
		stepper_leave(a->step);
	a->stepping = 0;
	a->step_due = 0;
}

static void
app_stop_act(struct app *a)
{
	app_leave_past(a);
	cafe_source_free(a->src);
	a->src = NULL;
	stepper_free(a->step);
	a->step = NULL;
	if (a->have_view)
		cafe_view_free(&a->view);
	a->have_view = 0;
}

/* A source for what a->s asks: a live run, or the recording's run a->run. */
static struct cafe_source *
app_source(struct app *a)
{
	if (a->pb == NULL)
		return cafe_source_live(&a->s, a->loop);
	struct cafe_source *src = cafe_source_replay(a->pb, a->run, a->s.speed, a->from_us, a->loop);
	a->from_us = 0;		/* only the first opening starts part-way */
	return src;
}

/* The same orders, from the top, under the act in a->s (a recording: its run a->run again). */
static void
app_start_act(struct app *a)
{
	struct cafe_summary id;

	app_stop_act(a);
	a->failure[0] = '\0';
	a->step_err[0] = '\0';	/* the last act's reason is not this one's */
	a->dirty = 1;
	if (a->pb != NULL) {
		double speed = a->s.speed;
		cafe_settings_free(&a->s);
		if (cafe_settings_copy(&a->s, &cafe_playback_run(a->pb, a->run)->s) < 0)
			return;
		a->s.speed = speed > 0 ? speed : a->s.speed;
	}
	if (cafe_view_init(&a->view, &a->s) < 0) {
		snprintf(a->failure, sizeof a->failure, "%s", _("could not set up the act"));
		return;
	}
	a->have_view = 1;
	a->ideal_us = 0;
	if (a->s.norders <= APP_IDEAL_MAX && cafe_ideal(&a->s, &id) == 0)
		a->ideal_us = id.makespan_us;
	if ((a->src = app_source(a)) == NULL) {
		snprintf(a->failure, sizeof a->failure, "%s", _("could not set up the act"));
		return;
	}
	cafe_source_add_sink(a->src, cafe_view_sink, &a->view);
	/* After the view's own sink: the stepper marks the view as the event left it. */
	a->step_err[0] = '\0';
	if ((a->step = stepper_new(&a->view, &a->s, 0, a->step_err, sizeof a->step_err)) != NULL)
		cafe_source_add_sink(a->src, stepper_sink, a->step);
	cafe_source_add_sink(a->src, app_sink, a);
	if (a->rec != NULL && a->src->live && a->rec_err[0] == '\0' &&
	    cafe_record_run_begin(a->rec, &a->s) == 0)
		cafe_source_add_sink(a->src, cafe_record_sink, a->rec);
	if (a->paused)
		cafe_source_pause(a->src, 1);
	if (cafe_source_start(a->src) < 0)
		snprintf(a->failure, sizeof a->failure, "%s", a->src->live ?
		    _("could not start the act's threads or processes") : _("could not read the recording"));
}

/* What went wrong, where the class sees it: the recording cannot be written, or holds a bad event. */
static void
app_check_files(struct app *a)
{
	const char *bad;
	char err[256];

	if (a->rec != NULL && a->rec_err[0] == '\0' && cafe_record_failed(a->rec, err, sizeof err)) {
		snprintf(a->rec_err, sizeof a->rec_err, "%s", err);
		snprintf(a->failure, sizeof a->failure, _("Recording stopped: %s: %s"), a->o->record, err);
		a->dirty = 1;
	}
	if (a->src != NULL && !a->src->live && (bad = cafe_source_replay_error(a->src)) != NULL &&
	    a->failure[0] == '\0') {
		snprintf(a->failure, sizeof a->failure, "%s: %s", a->o->replay, bad);
		a->dirty = 1;
	}
	if (a->src != NULL && !a->src->live && cafe_source_done(a->src) && !a->view.ended &&
	    a->failure[0] == '\0') {
		snprintf(a->failure, sizeof a->failure, "%s",
		    _("The recording ends here: the run was cut short before its last order."));
		a->dirty = 1;
	}
}

/* Café time on screen: the source's clock, held at the last cup once the run has ended. */
static int64_t
app_now(struct app *a)
{
	if (a->view.ended || a->src == NULL)
		return a->view.ended ? a->view.end_us : a->drawn_now;
	return cafe_source_now_us(a->src);
}

static void
app_context(struct app *a, struct panel_ctx *ctx)
{
	memset(ctx, 0, sizeof *ctx);
	/* Keys asked for the past, but it is made after the keys: until then, now. */
	int past = a->stepping && stepper_view(a->step) != NULL;
	ctx->v = past ? stepper_view(a->step) : &a->view;
	ctx->act = &ctx->v->act;
	ctx->scores = &a->scores;
	ctx->now = past ? stepper_now(a->step) : app_now(a);
	ctx->step = past ? stepper_at(a->step) : 0;
	ctx->tour = a->tour_at != APP_TOUR_OFF;
	ctx->tour_told = a->tour_at == APP_TOUR_TOLD;
	ctx->steps = a->step != NULL ? stepper_len(a->step) : 0;
	ctx->speed = a->s.speed;
	ctx->paused = a->paused;
	ctx->live = a->src == NULL || a->src->live;
	ctx->roomy = LINES >= APP_ROOMY_ROWS;
	ctx->wide = COLS >= APP_WIDE_COLS;
	ctx->ideal_us = a->ideal_us;
}

/* The race: two cafés over the screen, the key bar below them. */
static void
app_paint_race(struct app *a)
{
	struct panel_ctx ctx;
	memset(&ctx, 0, sizeof ctx);
	ctx.scores = &a->scores;
	ctx.speed = a->s.speed;
	ctx.paused = a->paused;
	erase();
	race_paint(a->race, &ctx, (struct ui_rect){ 0, 0, LINES - 1, COLS });
	/* The keys a race answers to. */
	/* Within 80 columns; that each ran alone, the banner says. */
	paint_text(LINES - 1, 0, COLS, theme_attr(THEME_KEY), a->race_back ?
	    _(" space pause  ←→ [ ] step  +/- speed  ? help  Esc/q back to the café ") :
	    _(" space pause  ←→ [ ] step  +/- speed  ? help  q quit "));
	if (a->failure[0] != '\0')
		paint_text(LINES - 2, 0, COLS, theme_attr(THEME_WARN), a->failure);
	ctx.act = &a->race_act;
	struct panel *ov = a->overlay == APP_HELP ? &a->help : NULL;
	if (ov != NULL) {
		layout_overlay(ov, &ctx, (struct ui_rect){ 0, 0, LINES, COLS });
		ov->cls->draw(ov, &ctx, ov->r);
	}
	a->race_drawn = race_version(a->race);
	refresh();
}

static void
app_paint(struct app *a)
{
	struct panel_ctx ctx;
	struct ui_rect all = { 0, 0, LINES, COLS };

	if (LINES < APP_MIN_ROWS || COLS < APP_MIN_COLS || (!a->have_view && a->race == NULL)) {
		paint_toosmall(LINES, COLS, APP_MIN_ROWS, APP_MIN_COLS);
		refresh();
		return;
	}
	if (a->race != NULL) {
		app_paint_race(a);
		return;
	}
	app_context(a, &ctx);
	erase();
	if (layout_stack(a->panels, APP_PANELS, &ctx, all) < 0) {
		paint_toosmall(LINES, COLS, APP_MIN_ROWS, APP_MIN_COLS);
		refresh();
		return;
	}
	for (int i = 0; i < APP_PANELS; i++) {
		struct panel *p = &a->panels[i];
		if (p->r.h > 0)
			p->cls->draw(p, &ctx, p->r);
		if (p->right != NULL && p->right->r.h > 0)
			p->right->cls->draw(p->right, &ctx, p->right->r);
	}
	if (a->failure[0] != '\0')
		paint_text(a->panels[APP_PANELS - 2].r.y, 0, COLS, theme_attr(THEME_WARN), a->failure);
	struct panel *ov = a->overlay == APP_HELP ? &a->help : a->overlay == APP_COMPARE ? &a->compare :
	    a->overlay == APP_SUMMARY ? &a->summary : a->overlay == APP_TOUR ? &a->tour : NULL;
	if (ov != NULL) {
		layout_overlay(ov, &ctx, all);
		ov->cls->draw(ov, &ctx, ov->r);
	}
	if (a->ask.stage != RACEASK_OFF) {
		layout_overlay(&a->askp, &ctx, all);
		a->askp.cls->draw(&a->askp, &ctx, a->askp.r);
	}
	a->drawn_now = ctx.now;
	refresh();
}

static void
app_record(int64_t **v, size_t *n, size_t *cap, int64_t x)
{
	int64_t *p = CAFE_VEC_PUSH(*v, *n, *cap);

	if (p != NULL)
		*p = x;
}

/* Paints, and with stats measures how long a frame takes and how far the events trail the clock. */
static void
app_draw(struct app *a)
{
	int64_t t = cafe_mono_ns();

	app_paint(a);
	int64_t end = cafe_mono_ns();
	if (a->first_frame_ns == 0)
		a->first_frame_ns = end - a->started_ns;
	if (!a->stats)
		return;
	app_record(&a->frame_ns, &a->nframes, &a->frame_cap, end - t);
	if (a->src != NULL && !a->paused && !a->view.ended)
		app_record(&a->lag_us, &a->nlags, &a->lag_cap, cafe_source_backlog_us(a->src));
}

static int
app_cmp(const void *x, const void *y)
{
	int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;

	return (a > b) - (a < b);
}

/* The median and the 99th percentile (nearest rank) of n values, sorted in place. */
static void
app_percentiles(int64_t *v, size_t n, int64_t *med, int64_t *p99)
{
	*med = *p99 = 0;
	if (n == 0)
		return;
	qsort(v, n, sizeof *v, app_cmp);
	*med = v[n / 2];
	*p99 = v[(n * 99 + 99) / 100 - 1];
}

static void
app_stats(struct app *a, FILE *fp)
{
	int64_t med, p99, lmed, l99, smed, s99;
	int64_t wall = cafe_mono_ns() - a->started_ns;
	double cpu = (double)(cafe_thread_cpu_ns() - a->cpu0_ns);

	app_percentiles(a->frame_ns, a->nframes, &med, &p99);
	app_percentiles(a->lag_us, a->nlags, &lmed, &l99);
	app_percentiles(a->seek_ns, a->nseeks, &smed, &s99);
	char line[400];

	/* Read by make bench: C-locale numbers. */
	cafe_cnum_snprintf(line, sizeof line, "stats: frames=%zu frame_median_us=%.1f frame_p99_us=%.1f "
	    "first_frame_ms=%.2f lag_median_ms=%.1f lag_p99_ms=%.1f ui_cpu_pct=%.1f events=%llu "
	    "seeks=%zu seek_median_ms=%.2f seek_p99_ms=%.2f seek_max_ms=%.2f seek_ms=",
	    a->nframes, med / 1e3, p99 / 1e3, a->first_frame_ns / 1e6, lmed / 1e3, l99 / 1e3,
	    wall > 0 ? 100.0 * cpu / (double)wall : 0, (unsigned long long)a->events,
	    a->nseeks, smed / 1e6, s99 / 1e6, a->nseeks > 0 ? a->seek_ns[a->nseeks - 1] / 1e6 : 0);
	fputs(line, fp);
	/* Every seek, so that make bench can pool several sessions' seeks. */
	for (size_t i = 0; i < a->nseeks; i++) {
		cafe_cnum_snprintf(line, sizeof line, "%s%.2f", i > 0 ? "," : "", a->seek_ns[i] / 1e6);
		fputs(line, fp);
	}
	fputc('\n', fp);
}

/* The café holds still, or goes on, behind the race. */
static void
app_hold(struct app *a, int paused)
{
	a->paused = paused;
	if (a->src != NULL)
		cafe_source_pause(a->src, paused);
}

/* R: which two acts? The café pauses meanwhile, and stays so while they are recorded. */
static void
app_race_ask(struct app *a)
{
	memset(&a->ask, 0, sizeof a->ask);
	a->ask.stage = RACEASK_PICK;
	a->race_was_paused = a->paused;
	a->race_was_overlay = a->overlay;
	a->overlay = APP_NONE;
	app_hold(a, 1);
}

/* Esc or q before the race: the recording stops (its children reaped, its file removed), the café is back. */
static void
app_race_cancel(struct app *a)
{
	/*
	 * Not joined here: tearing a run down (its workers reaped, the file
	 * committed) takes a while, and the screen must answer meanwhile.
	 */
	racerec_cancel(a->racerec);
	racerec_free(a->racerec_gone);	/* an earlier one, long gone by now */
	a->racerec_gone = a->racerec;
	a->racerec = NULL;
	a->ask.stage = RACEASK_OFF;
	a->overlay = a->race_was_overlay;
	app_hold(a, a->race_was_paused);
}

/* Runs of path race; a failure goes back to the question with the reason. */
static void
app_race_begin(struct app *a, const char *path, const int runs[2], int temporary)
{
	struct race_spec sp = { path, { runs[0], runs[1] }, temporary, a->s.speed, 0, 0 };
	struct cafe_settings rs;
	char err[256];

	if ((a->race = race_new(&sp, a->loop, err, sizeof err)) == NULL) {
		a->ask = (struct raceask){ .stage = RACEASK_PICK };
		snprintf(a->ask.note, sizeof a->ask.note, "%s", err);
		return;
	}
	a->ask.stage = RACEASK_OFF;
	a->race_back = 1;
	/* The race plays; the café stays paused behind it. */
	a->paused = 0;
	rs = a->s;
	rs.act = a->ask.acts[0];
	cafe_act_init(&a->race_act, &rs);
}

/* Back from the race to the café, as it was when R was pressed. */
static void
app_race_leave(struct app *a)
{
	race_free(a->race);
	a->race = NULL;
	a->race_back = 0;
	a->overlay = a->race_was_overlay;
	app_hold(a, a->race_was_paused);
}

/* A digit to the question: the first act, then the second, which starts the recording. */
static void
app_race_pick(struct app *a, int act)
{
	struct raceask *q = &a->ask;
	char err[256];

	q->note[0] = '\0';
	if (act == q->acts[0]) {
		snprintf(q->note, sizeof q->note, _("Act %d is the first already: pick another act."), act);
		return;
	}
	/* From a recording: its runs race, nothing runs. */
	if (a->pb != NULL && cafe_playback_find(a->pb, act) < 0) {
		snprintf(q->note, sizeof q->note, _("This recording has no run of act %d."), act);
		return;
	}
	if (q->acts[0] == 0) {
		q->acts[0] = act;
		return;
	}
	q->acts[1] = act;
	if (a->pb != NULL) {
		int runs[2] = { cafe_playback_find(a->pb, q->acts[0]), cafe_playback_find(a->pb, act) };
		app_race_begin(a, a->o->replay, runs, 0);
		return;
	}
	/* One recording at a time: an earlier, cancelled one is let finish first. */
	racerec_free(a->racerec_gone);
	a->racerec_gone = NULL;
	if ((a->racerec = racerec_start(&a->s, q->acts, err, sizeof err)) == NULL) {
		q->acts[1] = 0;
		snprintf(q->note, sizeof q->note, "%s", err);
		return;
	}
	q->stage = RACEASK_RECORDING;
	racerec_progress(a->racerec, &q->prog);
}

/* While the two acts are recorded: their progress on the screen, then the race, or why not. */
static void
app_race_poll(struct app *a)
{
	struct racerec_progress p;
	char path[256], err[256];
	int st;

	racerec_progress(a->racerec, &p);
	if (memcmp(&p, &a->ask.prog, sizeof p) != 0) {
		a->ask.prog = p;
		a->dirty = 1;
	}
	if ((st = racerec_poll(a->racerec, path, sizeof path, err, sizeof err)) == 0)
		return;
	racerec_free(a->racerec);
	a->racerec = NULL;
	a->dirty = 1;
	if (st > 0) {
		app_race_begin(a, path, (const int[2]){ 0, 1 }, 1);
		return;
	}
	a->ask = (struct raceask){ .stage = RACEASK_PICK };
	snprintf(a->ask.note, sizeof a->ask.note, "%s", err);
}

static void
app_frame_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct app *a = w->data;

	if (a->racerec != NULL)
		app_race_poll(a);
	if (a->racerec_gone != NULL && racerec_finished(a->racerec_gone)) {
		racerec_free(a->racerec_gone);
		a->racerec_gone = NULL;
	}
	if (a->race != NULL) {
		double want = a->paused || !race_running(a->race) ? 0.5 : 1. / APP_FPS;
		if (w->repeat != want) {
			w->repeat = want;
			ev_timer_again(loop, w);
		}
		if (a->dirty || a->race_drawn != race_version(a->race) || (!a->paused && race_running(a->race))) {
			a->dirty = 0;
			app_draw(a);
		}
		return;
	}
	if (!a->have_view)
		return;
	app_check_files(a);
	/* Nothing moves while paused or finished: wake rarely, keys and events still draw at once. */
	double want = a->racerec != NULL ? 0.1 : (a->paused || a->view.ended) ? 0.5 : 1. / APP_FPS;
	if (w->repeat != want) {
		w->repeat = want;
		ev_timer_again(loop, w);
	}
	if (!a->dirty && a->drawn == a->view.version && app_now(a) == a->drawn_now)
		return;
	a->drawn = a->view.version;
	a->dirty = 0;
	app_draw(a);
}

static void
app_speed(struct app *a, int dir)
{
	int n = (int)(sizeof app_speeds / sizeof app_speeds[0]), i;

	for (i = 0; i < n - 1 && app_speeds[i] < a->s.speed - 1e-9; i++)
		;
	i += dir;
	if (i < 0 || i >= n)
		return;
	a->s.speed = app_speeds[i];
	if (a->src != NULL)
		cafe_source_set_speed(a->src, a->s.speed);
}

/*
 * Stepping through the run: the café pauses and every panel shows it as it
 * was after the chosen event. The keys only say where (a held key's burst
 * adds up); app_seek then puts the stepper's view there once.
 */
static void
app_step(struct app *a, enum keys_action k)
{
	if (a->step == NULL || stepper_error(a->step) != NULL) {
		snprintf(a->failure, sizeof a->failure, _("This run cannot be stepped through: %s"),
		    a->step != NULL ? stepper_error(a->step) : a->step_err);
		return;
	}
	if (!a->paused) {
		a->paused = 1;
		if (a->src != NULL)
			cafe_source_pause(a->src, 1);
	}
	size_t len = stepper_len(a->step), to = a->stepping ? a->step_to : len, f;
	switch (k) {
	case KEYS_STEP_BACK:
		to = to > 1 ? to - 1 : 1;
		break;
	case KEYS_STEP_ON:
		to = to < len ? to + 1 : to;
		break;
	case KEYS_PHASE_BACK:
		f = stepper_find(a->step, to, -1, stepper_is_phase_change);
		to = f > 0 ? f : 1;
		break;
	case KEYS_PHASE_ON:
		f = stepper_find(a->step, to, 1, stepper_is_phase_change);
		to = f > 0 ? f : len;
		break;
	default:
		/* The opening: every event of its instant (the workers made, the opening orders in), as in a race. */
		to = stepper_at_time(a->step, stepper_time_of(a->step, 1));
		if (to < 1)
			to = 1;
		break;
	}
	/* Stepped on to the newest event: that is now, paused. */
	if (to >= len && k != KEYS_OPENING) {
		app_leave_past(a);
		return;
	}
	a->stepping = 1;
	a->step_to = to;
	a->step_due = 1;
}

/* Puts the stepper's view where the keys asked; since is when the first of them came. */
static void
app_seek(struct app *a, int64_t since)
{
	if (!a->step_due)
		return;
	a->step_due = 0;
	if (stepper_seek(a->step, a->step_to) < 0) {
		const char *why = stepper_error(a->step);
		snprintf(a->failure, sizeof a->failure, _("This run cannot be stepped through: %s"),
		    why != NULL ? why : _("out of memory"));
		app_leave_past(a);
		return;
	}
	if (a->stats)
		app_record(&a->seek_ns, &a->nseeks, &a->seek_cap, cafe_mono_ns() - since);
}

/*
 * The tour opens an act paused at its opening with the card's question; a
 * recording's run of that act when there is one (an act it lacks is passed).
 */
static void
app_tour_open(struct app *a, int act, int dir)
{
	for (; act >= 1 && act <= CAFE_ACTS; act += dir) {
		if (a->pb != NULL) {
			int run = cafe_playback_find(a->pb, act);
			if (run < 0)
				continue;
			a->run = run;
		} else {
			a->s.act = act;
			a->s.block_loop = 0;
			if (a->s.workers > cafe_settings_workers_max(act))
				a->s.workers = cafe_settings_workers_max(act);
		}
		a->paused = 1;
		app_start_act(a);
		a->tour_at = APP_TOUR_ASK;
		a->overlay = APP_TOUR;
		return;
	}
	/* Past the last act: the seed's summary ends the tour. */
	if (dir > 0) {
		a->tour_at = APP_TOUR_OFF;
		a->overlay = APP_SUMMARY;
	}
}

/* Enter and Backspace on the tour: run the act, go on to the next, or back. */
static void
app_tour_key(struct app *a, enum keys_action k)
{
	int act = a->view.act.number;

	if (a->tour_at == APP_TOUR_OFF)
		return;
	if (k == KEYS_GO_BACK) {
		app_tour_open(a, act - 1, -1);
		return;
	}
	if (a->tour_at == APP_TOUR_ASK) {
		a->tour_at = APP_TOUR_RUN;
		a->overlay = APP_NONE;
		a->paused = 0;
		if (a->src != NULL)
			cafe_source_pause(a->src, 0);
	} else if (a->tour_at == APP_TOUR_TOLD) {
		app_tour_open(a, act + 1, 1);
	}
}

/* Keys that change the café itself; a recording cannot change. */
static void
app_key_cafe(struct app *a, enum keys_action k, int act)
{
	int live = a->src == NULL || a->src->live;

	switch (k) {
	case KEYS_ACT:
		if (a->pb != NULL) {
			int run = cafe_playback_find(a->pb, act);
			if (run < 0) {
				snprintf(a->failure, sizeof a->failure,
				    _("This recording has no run of act %d."), act);
				break;
			}
			a->run = run;
			a->overlay = APP_NONE;
			app_start_act(a);
			break;
		}
		a->s.act = act;
		/* The wrong way is shown one act at a time: a new act starts the right way. */
		a->s.block_loop = 0;
		/* A big thread pool becomes the largest process pool there may be. */
		if (a->s.workers > cafe_settings_workers_max(act))
			a->s.workers = cafe_settings_workers_max(act);
		a->overlay = APP_NONE;
		app_start_act(a);
		break;
	case KEYS_GIL:
		if (!live)
			break;
		a->s.gil = !a->s.gil;
		/* Only an act with a GIL restarts; elsewhere the setting waits for one. */
		if (a->have_view && (a->view.act.ops->flags & CAFE_MODEL_GIL))
			app_start_act(a);
		break;
	case KEYS_FEWER:
	case KEYS_MORE: {
		int w = a->s.workers + (k == KEYS_MORE ? 1 : -1);
		if (live && w >= 1 && w <= cafe_settings_workers_max(a->s.act)) {
			a->s.workers = w;
			app_start_act(a);
		}
		break;
	}
	case KEYS_MARK:
		if (a->src != NULL)
			cafe_source_mark(a->src);
		break;
	case KEYS_ADD:
		if (a->src != NULL && cafe_source_add_order(a->src, a->next_drink) > 0)
			a->next_drink = (a->next_drink + 1) % CAFE_DRINK_COUNT;
		break;
	case KEYS_RESTART:
		app_start_act(a);
		/* On the tour: the act again, running. */
		if (a->tour_at != APP_TOUR_OFF) {
			a->tour_at = APP_TOUR_RUN;
			a->overlay = APP_NONE;
		}
		break;
	case KEYS_BLOCK:
		if (live && a->view.act.can_block) {
			a->s.block_loop = !a->s.block_loop;
			app_start_act(a);
		}
		break;
	default:
		break;
	}
}

static void
app_key(struct app *a, int ch)
{
	struct panel_ctx ctx;
	int act = 0;

	if (ch == KEY_RESIZE) {
		a->dirty = 1;
		return;
	}
	enum keys_action k = keys_lookup(ch, &act);
	if (k == KEYS_NONE)
		return;
	a->dirty = 1;
	/* R's question and its recording take the keys: digits pick the acts, Esc or q stops. */
	if (a->ask.stage != RACEASK_OFF) {
		if (k == KEYS_ACT && a->ask.stage == RACEASK_PICK)
			app_race_pick(a, act);
		else if (k == KEYS_CANCEL || k == KEYS_QUIT)
			app_race_cancel(a);
		return;
	}
	/* A race plays two recordings: pause, stepping, speed, help and quit are all there is. */
	if (a->race != NULL) {
		if ((k == KEYS_CANCEL || k == KEYS_QUIT) && a->race_back) {
			app_race_leave(a);
		} else if (k == KEYS_PAUSE || k == KEYS_FOLLOW) {
			/* Going on from a step back: both go on from now. */
			race_follow(a->race);
			a->paused = k == KEYS_FOLLOW ? 0 : !a->paused;
			race_pause(a->race, a->paused);
		} else if (k == KEYS_STEP_BACK || k == KEYS_STEP_ON || k == KEYS_PHASE_BACK ||
		    k == KEYS_PHASE_ON || k == KEYS_OPENING) {
			int64_t t0 = cafe_mono_ns();
			if (!a->paused) {
				a->paused = 1;
				race_pause(a->race, 1);
			}
			if (race_step(a->race, k) < 0)
				snprintf(a->failure, sizeof a->failure, "%s",
				    _("This race cannot be stepped through: its history could not be kept."));
			else if (a->stats)
				app_record(&a->seek_ns, &a->nseeks, &a->seek_cap, cafe_mono_ns() - t0);
		} else if (k == KEYS_FASTER || k == KEYS_SLOWER) {
			app_speed(a, k == KEYS_FASTER ? 1 : -1);
			race_set_speed(a->race, a->s.speed);
		} else if (k == KEYS_HELP) {
			a->overlay = a->overlay == APP_HELP ? APP_NONE : APP_HELP;
		} else if (k == KEYS_QUIT) {
			a->status = 0;
			ev_break(a->loop, EVBREAK_ALL);
		}
		return;
	}
	/* A panel's own keys first: zoom, scrolling. */
	if (a->have_view) {
		app_context(a, &ctx);
		for (int i = 0; i < APP_PANELS; i++) {
			struct panel *p = &a->panels[i];
			if (p->cls->key != NULL && p->cls->key(p, &ctx, k))
				return;
			if (p->right != NULL && p->right->cls->key(p->right, &ctx, k))
				return;
		}
	}
	switch (k) {
	case KEYS_PAUSE:
		/* Going on from a step back: the café goes on from now, where it stood. */
		app_leave_past(a);
		a->paused = !a->paused;
		if (a->src != NULL)
			cafe_source_pause(a->src, a->paused);
		break;
	case KEYS_FASTER:
	case KEYS_SLOWER:
		app_speed(a, k == KEYS_FASTER ? 1 : -1);
		break;
	case KEYS_STEP_BACK:
	case KEYS_STEP_ON:
	case KEYS_PHASE_BACK:
	case KEYS_PHASE_ON:
	case KEYS_OPENING:
		app_step(a, k);
		break;
	case KEYS_FOLLOW:
		/* Back to now, and the café goes on. */
		if (a->stepping) {
			app_leave_past(a);
			a->paused = 0;
			if (a->src != NULL)
				cafe_source_pause(a->src, 0);
		}
		break;
	case KEYS_GO_ON:
	case KEYS_GO_BACK:
		app_tour_key(a, k);
		break;
	case KEYS_COMPARE:
		/* The comparison, then the seed's summary, then the café again. */
		a->overlay = a->overlay == APP_COMPARE ? APP_SUMMARY :
		    a->overlay == APP_SUMMARY ? APP_NONE : APP_COMPARE;
		break;
	case KEYS_HELP:
		a->overlay = a->overlay == APP_HELP ? APP_NONE : APP_HELP;
		break;
	case KEYS_RACE:
		app_race_ask(a);
		break;
	case KEYS_QUIT:
		a->status = 0;
		ev_break(a->loop, EVBREAK_ALL);
		break;
	default:
		app_key_cafe(a, k, act);
		break;
	}
}

static void
app_input_cb(struct ev_loop *loop, ev_io *w, int revents)
{
	struct app *a = w->data;
	int64_t since = cafe_mono_ns();
	int ch;

	while ((ch = getch()) != ERR)
		app_key(a, ch);
	app_seek(a, since);
	/* Draw what a key changed at once, not at the next frame. */
	app_frame_cb(loop, &a->frame, 0);
}

static void
app_signal_cb(struct ev_loop *loop, ev_signal *w, int revents)
{
	struct app *a = w->data;
	struct winsize ws;

	if (w->signum == SIGWINCH) {
		if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 && ws.ws_col > 0)
			resizeterm(ws.ws_row, ws.ws_col);
		a->dirty = 1;
		app_frame_cb(loop, &a->frame, 0);
		return;
	}
	a->status = 128 + w->signum;
	ev_break(loop, EVBREAK_ALL);
}

static int
app_panels_init(struct app *a)
{
	for (int i = 0; i < APP_PANELS; i++) {
		a->panels[i].cls = app_stack[i];
		if (app_stack[i]->state_size > 0 &&
		    (a->panels[i].state = calloc(1, app_stack[i]->state_size)) == NULL)
			return -1;
	}
	a->help.cls = &help_panel;
	a->compare.cls = &compare_panel;
	a->summary.cls = &summary_panel;
	a->tour.cls = &tour_panel;
	a->askp.cls = &raceask_panel;
	a->askp.state = &a->ask;
	/* The act's Python stands beside the log, the panel that fills. */
	a->code.cls = &code_panel;
	for (int i = 0; i < APP_PANELS; i++)
		if (app_stack[i]->fill)
			a->panels[i].right = &a->code;
	return 0;
}

static void
app_free(struct app *a)
{
	for (int i = 0; i < APP_PANELS; i++)
		free(a->panels[i].state);
	free(a->frame_ns);
	free(a->lag_us);
	free(a->seek_ns);
	if (a->loop != NULL)
		ev_loop_destroy(a->loop);
	cafe_settings_free(&a->s);
}

/* Opens the recording to play or to write, before the screen: a bad file is one line on stderr. */
static int
app_open_files(struct app *a)
{
	char err[256];

	if (a->o->replay != NULL) {
		if ((a->pb = cafe_playback_open(a->o->replay, err, sizeof err)) == NULL) {
			fprintf(stderr, "corocafe: %s: %s\n", a->o->replay, err);
			return 2;
		}
		if (cafe_playback_nruns(a->pb) == 0) {
			fprintf(stderr, "corocafe: %s: %s\n", a->o->replay, _("the recording holds no run"));
			return 2;
		}
		int missing = 0;
		a->run = a->o->act_given ? cafe_playback_find(a->pb, a->s.act) : 0;
		if (a->run < 0)
			missing = a->s.act;
		/* A race of two recorded runs: the last run of each act. */
		for (int i = 0; i < 2 && a->o->race[0] > 0 && missing == 0; i++)
			if ((a->race_runs[i] = a->run = cafe_playback_find(a->pb, a->o->race[i])) < 0)
				missing = a->o->race[i];
		if (missing > 0) {
			fprintf(stderr, "corocafe: %s: ", a->o->replay);
			fprintf(stderr, _("no run of act %d in the recording"), missing);
			fputc('\n', stderr);
			return 2;
		}
		if (a->o->race[0] > 0)
			a->run = a->race_runs[0];
		/* At its recorded pace. */
		a->s.speed = cafe_playback_run(a->pb, a->run)->s.speed;
		if (a->o->pause_at_us >= 0) {
			a->from_us = a->o->pause_at_us;
			a->paused = 1;
		}
	}
	if (a->o->record != NULL && (a->rec = cafe_record_open(a->o->record, err, sizeof err)) == NULL) {
		fprintf(stderr, "corocafe: %s: %s\n", a->o->record, err);
		return 1;
	}
	return 0;
}

/* Closes the recordings; a recording that could not be written makes the exit status 1. */
static void
app_close_files(struct app *a)
{
	char err[256];

	if (a->rec != NULL && cafe_record_close(a->rec, err, sizeof err) < 0 && a->rec_err[0] == '\0')
		snprintf(a->rec_err, sizeof a->rec_err, "%s", err);
	a->rec = NULL;
	if (a->rec_err[0] != '\0') {
		fprintf(stderr, "corocafe: %s: %s\n", a->o->record, a->rec_err);
		if (a->status == 0)
			a->status = 1;
	}
	if (a->pb != NULL)
		cafe_playback_close(a->pb);
	a->pb = NULL;
}

int
cafe_ui_run(const struct cafe_settings *s, const struct cafe_ui_opts *o)
{
	static const int sigs[4] = { SIGINT, SIGTERM, SIGHUP, SIGWINCH };
	struct app a;
	int rc;

	memset(&a, 0, sizeof a);
	a.o = o;
	a.started_ns = o->started_ns;
	a.cpu0_ns = cafe_thread_cpu_ns();
	a.stats = o->stats != NULL;
	a.status = 1;
	if (cafe_settings_copy(&a.s, s) < 0)
		return 1;
	if (o->race[0] > 0 && o->replay == NULL) {
		char err[256];
		if (race_record(&a.s, o->race, a.race_path, sizeof a.race_path, err, sizeof err) < 0) {
			fprintf(stderr, "corocafe: --race: %s\n", err);
			cafe_settings_free(&a.s);
			return 1;
		}
	}
	if ((rc = app_open_files(&a)) != 0) {
		if (a.race_path[0] != '\0')
			unlink(a.race_path);
		app_close_files(&a);
		cafe_settings_free(&a.s);
		return rc;
	}
	/* Our own loop: the default loop would reap the workers behind procpool's back. */
	if (app_panels_init(&a) < 0 || (a.loop = ev_loop_new(EVFLAG_AUTO)) == NULL) {
		if (a.race_path[0] != '\0')
			unlink(a.race_path);
		app_close_files(&a);
		app_free(&a);
		return 1;
	}
	/* Signal watchers before curses, so that ncurses leaves these signals to us. */
	for (int i = 0; i < 4; i++) {
		ev_signal_init(&a.sig[i], app_signal_cb, sigs[i]);
		a.sig[i].data = &a;
		ev_signal_start(a.loop, &a.sig[i]);
	}
	signal(SIGSEGV, app_crash);
	signal(SIGABRT, app_crash);
	signal(SIGBUS, app_crash);
	signal(SIGFPE, app_crash);

	initscr();
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	/* Esc alone answers at once, not after ncurses' second of waiting for a sequence behind it. */
	set_escdelay(25);
	curs_set(0);
	theme_init();

	ev_io_init(&a.in, app_input_cb, STDIN_FILENO, EV_READ);
	a.in.data = &a;
	ev_io_start(a.loop, &a.in);
	ev_timer_init(&a.frame, app_frame_cb, 0., 1. / APP_FPS);
	a.frame.data = &a;
	ev_timer_start(a.loop, &a.frame);

	if (o->race[0] > 0) {
		char err[256];
		/* The runs just recorded, or the recording's: a race that cannot go wrong on the day. */
		struct race_spec sp = { a.race_path, { 0, 1 }, 1, a.s.speed, 0, 0 };
		if (a.pb != NULL)
			sp = (struct race_spec){ o->replay, { a.race_runs[0], a.race_runs[1] }, 0, a.s.speed,
			    a.from_us, a.paused };
		if ((a.race = race_new(&sp, a.loop, err, sizeof err)) == NULL) {
			endwin();
			fprintf(stderr, "corocafe: --race: %s\n", err);
			a.status = 1;
		} else {
			struct cafe_settings rs = a.s;
			rs.act = o->race[0];
			cafe_act_init(&a.race_act, &rs);
		}
	} else if (o->tour) {
		app_tour_open(&a, 1, 1);
	} else {
		app_start_act(&a);
	}
	if (o->race[0] == 0 || a.race != NULL) {
		app_draw(&a);
		ev_run(a.loop, 0);
	}

	/* Every exit path: stop the act (join, reap), then give the terminal back. */
	app_stop_act(&a);
	racerec_free(a.racerec);
	racerec_free(a.racerec_gone);
	race_free(a.race);
	ev_timer_stop(a.loop, &a.frame);
	ev_io_stop(a.loop, &a.in);
	for (int i = 0; i < 4; i++)
		ev_signal_stop(a.loop, &a.sig[i]);
	endwin();
	app_close_files(&a);
	if (o->stats != NULL)
		app_stats(&a, o->stats);
	rc = a.status;
	app_free(&a);
	return rc;
}
