/* app.c: the screen's event loop: keys, frames, resizes and signals; it starts and stops runs and lays the panels out. */
#include "config.h"

#include <curses.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <ev.h>

#include "i18n.h"
#include "ideal.h"
#include "keys.h"
#include "model.h"
#include "paint.h"
#include "run.h"
#include "theme.h"
#include "ui.h"
#include "view.h"

#define APP_MIN_ROWS 24
#define APP_MIN_COLS 80
#define APP_FPS 30.0
#define APP_WINDOW0_US 4000000LL
#define APP_WINDOW_MAX_US 64000000LL

enum app_overlay { APP_NONE, APP_HELP, APP_COMPARE };

struct app {
	struct ev_loop		*loop;
	struct cafe_settings	 s;
	struct cafe_run		*run;
	struct cafe_view	 view;
	int			 have_view;
	ev_io			 in;
	ev_timer		 frame;
	ev_signal		 sig[4];
	enum app_overlay	 overlay;
	struct cafe_summary	 sum[CAFE_ACTS];
	int			 have[CAFE_ACTS];
	int64_t			 window_us;
	uint64_t		 drawn;		/* view version last drawn */
	int			 dirty;		/* something besides events changed */
	int			 status;
	int			 next_drink;
	int			 paused;
	uint64_t		 events;
	int64_t			*frame_ns;	/* time to draw each frame, with stats */
	size_t			 nframes, frame_cap;
	int64_t			 started_ns, first_frame_ns;
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

static void
app_sink(void *arg, const struct cafe_event *ev)
{
	struct app *a = arg;

	a->events++;
	if (ev->type == CAFE_EV_RUN_END) {
		cafe_stats_summary(a->view.stats, &a->sum[a->s.act - 1]);
		a->have[a->s.act - 1] = 1;
	}
}

static void
app_stop_act(struct app *a)
{
	cafe_run_free(a->run);
	a->run = NULL;
	if (a->have_view)
		cafe_view_free(&a->view);
	a->have_view = 0;
}

/* The same orders, from the top, under the act in a->s. */
static void
app_start_act(struct app *a)
{
	app_stop_act(a);
	if (cafe_view_init(&a->view, &a->s) < 0)
		return;
	a->have_view = 1;
	a->view.paused = a->paused;
	/* The ideal is a simulation on this thread: for a huge café it would hold the screen up. */
	struct cafe_summary id;
	if (a->s.norders <= 100000 && cafe_ideal(&a->s, &id) == 0)
		a->view.ideal_us = id.makespan_us;
	a->window_us = APP_WINDOW0_US;
	a->dirty = 1;
	if ((a->run = cafe_run_new(&a->s, a->loop)) == NULL) {
		snprintf(a->view.warn, sizeof a->view.warn, "%s", _("could not set up the act"));
		return;
	}
	cafe_run_add_sink(a->run, cafe_view_sink, &a->view);
	cafe_run_add_sink(a->run, app_sink, a);
	if (a->paused)
		cafe_run_pause(a->run, 1);
	if (cafe_run_start(a->run) < 0)
		snprintf(a->view.warn, sizeof a->view.warn, "%s",
		    _("could not start the act's threads or processes"));
}

static void app_paint(struct app *);

/* Paints, and with stats measures how long a frame takes. */
static void
app_draw(struct app *a)
{
	int64_t t = cafe_mono_ns();

	app_paint(a);
	int64_t end = cafe_mono_ns();
	if (a->first_frame_ns == 0)
		a->first_frame_ns = end - a->started_ns;
	if (a->frame_ns == NULL)
		return;
	if (a->nframes == a->frame_cap) {
		size_t cap = a->frame_cap ? a->frame_cap * 2 : 1024;
		int64_t *p = realloc(a->frame_ns, cap * sizeof *p);
		if (p == NULL)
			return;
		a->frame_ns = p;
		a->frame_cap = cap;
	}
	a->frame_ns[a->nframes++] = end - t;
}

static int
app_cmp(const void *x, const void *y)
{
	int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;

	return (a > b) - (a < b);
}

static void
app_stats(struct app *a, FILE *fp)
{
	int64_t med = 0, p99 = 0;

	if (a->nframes > 0) {
		qsort(a->frame_ns, a->nframes, sizeof *a->frame_ns, app_cmp);
		med = a->frame_ns[a->nframes / 2];
		p99 = a->frame_ns[(a->nframes * 99 + 99) / 100 - 1];
	}
	fprintf(fp, "stats: frames=%zu frame_median_us=%.1f frame_p99_us=%.1f first_frame_ms=%.2f "
	    "events=%llu\n", a->nframes, med / 1e3, p99 / 1e3, a->first_frame_ns / 1e6,
	    (unsigned long long)a->events);
}

static void
app_paint(struct app *a)
{
	struct cafe_view *v = &a->view;
	int rows = LINES, cols = COLS;

	if (rows < APP_MIN_ROWS || cols < APP_MIN_COLS) {
		toosmall_draw(rows, cols, APP_MIN_ROWS, APP_MIN_COLS);
		refresh();
		return;
	}
	erase();
	int extra = (v->act >= 4) + (v->act == 2 && v->gil);
	int cups_rows = rows >= 32 ? 2 : 1;
	int fixed = 2 + 1 + 1 + 2 + cups_rows + 1 + 1;	/* header, queue, rule, axis+legend, cups, score, keys */
	int min_log = rows >= 32 ? 8 : 4;
	int lane_rows = rows - fixed - min_log - extra;
	int nl = paint_lanes(v, lane_rows);
	/* In the async acts, a lane per task when every task fits, the count of them otherwise. */
	int tasks = 0;
	if (v->act >= 4 && v->nids <= 32 && v->nids <= lane_rows - nl + 1) {
		tasks = v->nids;
		extra = tasks;
	}
	int y = 0;

	header_draw(v, (struct ui_rect){ y, 0, 2, cols });
	y += 2;
	queue_draw(v, (struct ui_rect){ y++, 0, 1, cols });
	int left = PAINT_LANE_LABEL + PAINT_STATUS;
	paint_text(y, 0, left, theme_attr(THEME_DIM), _("── workers: doing now ──────────────"));
	paint_text(y++, left + 1, cols - left - 1, theme_attr(THEME_DIM),
	    _("── timeline (café seconds) ─────────────────────────────────────────"));
	baristas_draw(v, (struct ui_rect){ y, 0, nl, left - 1 }, nl);
	if (v->nlanes > nl && nl > 0) {
		char more[32];
		snprintf(more, sizeof more, _("+%d more lanes"), v->nlanes - nl);
		paint_text(y + nl - 1, 0, left - 1, theme_attr(THEME_DIM), more);
	}
	timeline_draw(v, (struct ui_rect){ y, left + 1, nl + extra + 2, cols - left - 2 }, nl, tasks,
	    a->window_us);
	y += nl + extra + 2;
	cups_draw(v, (struct ui_rect){ y, 0, cups_rows, cols });
	y += cups_rows;
	scoreboard_draw(v, (struct ui_rect){ y++, 0, 1, cols });
	logpane_draw(v, (struct ui_rect){ y, 0, rows - 1 - y, cols });
	keybar_draw((struct ui_rect){ rows - 1, 0, 1, cols }, v->act);

	struct ui_rect box = { 3, 4, rows - 6, cols - 8 };
	if (a->overlay == APP_HELP)
		help_draw(box);
	else if (a->overlay == APP_COMPARE)
		compare_draw((struct ui_rect){ 4, 4, 11, cols - 8 }, a->sum, a->have);
	refresh();
}

static void
app_frame_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct app *a = w->data;
	struct cafe_view *v = &a->view;

	if (!a->have_view)
		return;
	int64_t now = a->run != NULL ? cafe_clock_now_us(cafe_run_env(a->run)->clock) : v->now;
	/* A finished act holds still: nothing moves, nothing is drawn. */
	if (!v->ended && now != v->now) {
		v->now = now;
		a->dirty = 1;
	}
	while (v->now > a->window_us * 95 / 100 && a->window_us < APP_WINDOW_MAX_US) {
		a->window_us *= 2;
		a->dirty = 1;
	}
	/* Nothing moves while paused or finished: wake rarely, keys and events still draw at once. */
	double want = (a->paused || v->ended) ? 0.5 : 1. / APP_FPS;
	if (w->repeat != want) {
		w->repeat = want;
		ev_timer_again(loop, w);
	}
	if (!a->dirty && a->drawn == v->version)
		return;
	a->drawn = v->version;
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
	a->view.speed = a->s.speed;
	if (a->run != NULL)
		cafe_run_set_speed(a->run, a->s.speed);
}

static void
app_key(struct app *a, int ch)
{
	int act = 0;

	if (ch == KEY_RESIZE) {
		a->dirty = 1;
		return;
	}
	enum keys_action k = keys_lookup(ch, &act);
	switch (k) {
	case KEYS_ACT:
		a->s.act = act;
		/* A big thread pool becomes the largest process pool there may be. */
		if (a->s.workers > cafe_settings_workers_max(act))
			a->s.workers = cafe_settings_workers_max(act);
		a->overlay = APP_NONE;
		app_start_act(a);
		break;
	case KEYS_PAUSE:
		a->paused = !a->paused;
		a->view.paused = a->paused;
		if (a->run != NULL)
			cafe_run_pause(a->run, a->paused);
		break;
	case KEYS_FASTER:
		app_speed(a, 1);
		break;
	case KEYS_SLOWER:
		app_speed(a, -1);
		break;
	case KEYS_GIL:
		a->s.gil = !a->s.gil;
		/* Only act 2 has a GIL to change: it restarts; elsewhere the header shows the setting. */
		if (a->s.act == 2)
			app_start_act(a);
		else
			a->view.gil = a->s.gil;
		break;
	case KEYS_FEWER:
	case KEYS_MORE: {
		int w = a->s.workers + (k == KEYS_MORE ? 1 : -1);
		if (w >= 1 && w <= cafe_settings_workers_max(a->s.act)) {
			a->s.workers = w;
			app_start_act(a);
		}
		break;
	}
	case KEYS_ADD:
		if (a->run != NULL) {
			cafe_run_add_order(a->run, a->next_drink);
			a->next_drink = (a->next_drink + 1) % CAFE_DRINK_COUNT;
		}
		break;
	case KEYS_RESTART:
		app_start_act(a);
		break;
	case KEYS_COMPARE:
		a->overlay = a->overlay == APP_COMPARE ? APP_NONE : APP_COMPARE;
		break;
	case KEYS_BLOCK:
		if (a->s.act == 5 || a->s.act == 6) {
			a->s.block_loop = !a->s.block_loop;
			app_start_act(a);
		}
		break;
	case KEYS_HELP:
		a->overlay = a->overlay == APP_HELP ? APP_NONE : APP_HELP;
		break;
	case KEYS_QUIT:
		a->status = 0;
		ev_break(a->loop, EVBREAK_ALL);
		break;
	case KEYS_NONE:
		return;
	}
	a->dirty = 1;
}

static void
app_input_cb(struct ev_loop *loop, ev_io *w, int revents)
{
	struct app *a = w->data;
	int ch;

	while ((ch = getch()) != ERR)
		app_key(a, ch);
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

int
cafe_ui_run(const struct cafe_settings *s, FILE *stats, int64_t started_ns)
{
	static const int sigs[4] = { SIGINT, SIGTERM, SIGHUP, SIGWINCH };
	struct app a;

	memset(&a, 0, sizeof a);
	a.started_ns = started_ns;
	if (stats != NULL && (a.frame_ns = malloc(1024 * sizeof *a.frame_ns)) != NULL)
		a.frame_cap = 1024;
	if (cafe_settings_copy(&a.s, s) < 0)
		return 1;
	/* Our own loop: the default loop would reap the workers behind procpool's back. */
	if ((a.loop = ev_loop_new(EVFLAG_AUTO)) == NULL) {
		cafe_settings_free(&a.s);
		return 1;
	}
	a.status = 1;
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
	curs_set(0);
	theme_init();

	ev_io_init(&a.in, app_input_cb, STDIN_FILENO, EV_READ);
	a.in.data = &a;
	ev_io_start(a.loop, &a.in);
	ev_timer_init(&a.frame, app_frame_cb, 0., 1. / APP_FPS);
	a.frame.data = &a;
	ev_timer_start(a.loop, &a.frame);

	app_start_act(&a);
	app_draw(&a);
	ev_run(a.loop, 0);

	/* Every exit path: stop the act (join, reap), then give the terminal back. */
	app_stop_act(&a);
	ev_timer_stop(a.loop, &a.frame);
	ev_io_stop(a.loop, &a.in);
	for (int i = 0; i < 4; i++)
		ev_signal_stop(a.loop, &a.sig[i]);
	endwin();
	if (stats != NULL)
		app_stats(&a, stats);
	free(a.frame_ns);
	ev_loop_destroy(a.loop);
	cafe_settings_free(&a.s);
	return a.status;
}
