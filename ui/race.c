/* race.c: two acts on the same orders, each run alone and recorded, then played side by side in step on one screen. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "headless.h"
#include "i18n.h"
#include "ideal.h"
#include "paint.h"
#include "playback.h"
#include "race.h"
#include "racerec.h"
#include "record.h"
#include "source.h"
#include "stepper.h"
#include "text.h"
#include "theme.h"
#include "timeline.h"

/* Each half of the screen, top to bottom: what one café needs to be told apart from the other. */
static const struct panel_class *const race_stack[] = {
	&header_panel, &lanes_panel, &cups_panel, &score_panel
};
#define RACE_PANELS ((int)(sizeof race_stack / sizeof race_stack[0]))
/* Side by side from this many columns; above and below under it. */
#define RACE_SIDE_COLS 160

struct race_half {
	struct cafe_playback	*pb;		/* each its own: a playback reads one run at a time */
	struct cafe_source	*src;
	struct cafe_view	 view;
	int			 have_view;
	struct stepper		*step;		/* its history, for stepping; NULL: none */
	struct panel		 panels[RACE_PANELS];
	int64_t			 ideal_us;
};

struct race {
	struct race_half	 half[2];
	char			 path[256];	/* the recording of the two runs */
	int			 temporary;	/* made for the race: removed at the end */
	int			 stepping;	/* both halves show their past at café time step_t */
	int64_t			 step_t;
};

int
race_record(const struct cafe_settings *base, const int acts[2], char *path, size_t len,
    char *err, size_t errlen)
{
	struct cafe_settings s;
	struct cafe_record *rec;
	int rc = 0;

	if (racerec_mktemp(path, len, err, errlen) < 0)
		return -1;
	if ((rec = cafe_record_open(path, err, errlen)) == NULL) {
		unlink(path);
		return -1;
	}
	/* Each alone, one after the other: the two never share the cores and skew each other. */
	for (int i = 0; i < 2 && rc == 0; i++) {
		struct cafe_summary sum;
		if (cafe_settings_copy(&s, base) < 0) {
			snprintf(err, errlen, _("act %d did not run to its end"), acts[i]);
			rc = -1;
			break;
		}
		racerec_settings(&s, acts[i]);
		printf(_("Act %d runs alone first, for the race...\n"), s.act);
		fflush(stdout);
		if (cafe_headless_run(&s, stdout, 1, NULL, rec, &sum) != 0) {
			snprintf(err, errlen, _("act %d did not run to its end"), s.act);
			rc = -1;
		}
		cafe_settings_free(&s);
	}
	if (cafe_record_close(rec, err, errlen) < 0)
		rc = -1;
	if (rc < 0)
		unlink(path);
	return rc;
}

struct race *
race_new(const struct race_spec *sp, struct ev_loop *loop, char *err, size_t errlen)
{
	struct race *r = calloc(1, sizeof *r);

	/* What went wrong, unless a step below says better. */
	snprintf(err, errlen, "%s", _("out of memory"));
	if (r == NULL) {
		if (sp->temporary)
			unlink(sp->path);
		return NULL;
	}
	snprintf(r->path, sizeof r->path, "%s", sp->path);
	r->temporary = sp->temporary;
	for (int i = 0; i < 2; i++) {
		struct race_half *h = &r->half[i];
		if ((h->pb = cafe_playback_open(sp->path, err, errlen)) == NULL) {
			race_free(r);
			return NULL;
		}
		if (cafe_playback_run(h->pb, sp->runs[i]) == NULL) {
			snprintf(err, errlen, "%s", _("the recording holds no run"));
			race_free(r);
			return NULL;
		}
		const struct cafe_settings *s = &cafe_playback_run(h->pb, sp->runs[i])->s;
		struct cafe_summary id;
		for (int k = 0; k < RACE_PANELS; k++) {
			h->panels[k].cls = race_stack[k];
			if (race_stack[k]->state_size > 0 &&
			    (h->panels[k].state = calloc(1, race_stack[k]->state_size)) == NULL) {
				race_free(r);
				return NULL;
			}
		}
		if (cafe_view_init(&h->view, s) < 0) {
			race_free(r);
			return NULL;
		}
		h->have_view = 1;
		if (cafe_ideal(s, &id) == 0)
			h->ideal_us = id.makespan_us;
		if ((h->src = cafe_source_replay(h->pb, sp->runs[i], sp->speed, sp->from_us, loop)) == NULL) {
			race_free(r);
			return NULL;
		}
		cafe_source_add_sink(h->src, cafe_view_sink, &h->view);
		/* After the view's sink, as the stepper wants; a race without one just cannot step. */
		char serr[160];
		if ((h->step = stepper_new(&h->view, s, 0, serr, sizeof serr)) != NULL)
			cafe_source_add_sink(h->src, stepper_sink, h->step);
		if (sp->paused)
			cafe_source_pause(h->src, 1);
	}
	/* Both start together: in step from the first moment. */
	for (int i = 0; i < 2; i++)
		cafe_source_start(r->half[i].src);
	return r;
}

void
race_free(struct race *r)
{
	if (r == NULL)
		return;
	for (int i = 0; i < 2; i++) {
		struct race_half *h = &r->half[i];
		cafe_source_free(h->src);
		stepper_free(h->step);
		if (h->have_view)
			cafe_view_free(&h->view);
		for (int k = 0; k < RACE_PANELS; k++)
			free(h->panels[k].state);
		if (h->pb != NULL)
			cafe_playback_close(h->pb);
	}
	if (r->temporary && r->path[0] != '\0')
		unlink(r->path);
	free(r);
}

void
race_pause(struct race *r, int paused)
{
	for (int i = 0; i < 2; i++)
		cafe_source_pause(r->half[i].src, paused);
}

void
race_set_speed(struct race *r, double speed)
{
	for (int i = 0; i < 2; i++)
		cafe_source_set_speed(r->half[i].src, speed);
}

uint64_t
race_version(const struct race *r)
{
	return r->half[0].view.version + r->half[1].view.version;
}

int
race_running(const struct race *r)
{
	return !r->half[0].view.ended || !r->half[1].view.ended;
}

/* The café a half shows: its past while stepping, else now. */
static const struct cafe_view *
race_shown(const struct race *r, const struct race_half *h)
{
	const struct cafe_view *past = r->stepping ? stepper_view(h->step) : NULL;

	return past != NULL ? past : &h->view;
}

/* The café time on screen now: both play in step, so the later of the two clocks. */
static int64_t
race_now(const struct race *r)
{
	int64_t t = 0;

	for (int i = 0; i < 2; i++) {
		const struct race_half *h = &r->half[i];
		int64_t n = h->view.ended ? h->view.end_us : cafe_source_now_us(h->src);
		t = n > t ? n : t;
	}
	return t;
}

/*
 * The café time a step key goes to from t, over both halves: on, the nearer
 * of the two next moments; back, the later of the two earlier ones. -1: no
 * such moment (on: past the newest event; back: before the first).
 */
static int64_t
race_step_time(struct race *r, int64_t t, enum keys_action k)
{
	int64_t to = -1;

	for (int i = 0; i < 2; i++) {
		struct stepper *st = r->half[i].step;
		size_t len = stepper_len(st), p, f;
		int64_t c = -1;
		switch (k) {
		case KEYS_STEP_ON:
			p = stepper_at_time(st, t);
			c = p < len ? stepper_time_of(st, p + 1) : -1;
			break;
		case KEYS_PHASE_ON:
			p = stepper_at_time(st, t);
			f = stepper_find(st, p, 1, stepper_is_phase_change);
			c = f > 0 ? stepper_time_of(st, f) : -1;
			break;
		case KEYS_STEP_BACK:
			p = stepper_at_time(st, t - 1);
			c = p > 0 ? stepper_time_of(st, p) : -1;
			break;
		case KEYS_PHASE_BACK:
			p = stepper_at_time(st, t - 1);
			f = stepper_find(st, p + 1, -1, stepper_is_phase_change);
			c = f > 0 ? stepper_time_of(st, f) : -1;
			break;
		default:	/* the opening: the earlier of the two first events */
			c = len > 0 ? stepper_time_of(st, 1) : -1;
			break;
		}
		if (c < 0)
			continue;
		if (to < 0 || (k == KEYS_STEP_BACK || k == KEYS_PHASE_BACK ? c > to : c < to))
			to = c;
	}
	return to;
}

int
race_step(struct race *r, enum keys_action k)
{
	for (int i = 0; i < 2; i++)
		if (r->half[i].step == NULL || stepper_error(r->half[i].step) != NULL)
			return -1;
	int64_t t = r->stepping ? r->step_t : race_now(r);
	int64_t to = race_step_time(r, t, k);
	/* On past the newest moment: back to now (paused); back before the first: the opening. */
	if (to < 0 && (k == KEYS_STEP_ON || k == KEYS_PHASE_ON)) {
		race_follow(r);
		return 0;
	}
	if (to < 0)
		to = race_step_time(r, 0, KEYS_OPENING);
	to = to < 0 ? 0 : to;
	/* Each half at the same café time: its events up to then. */
	for (int i = 0; i < 2; i++) {
		struct stepper *st = r->half[i].step;
		if (stepper_seek(st, stepper_at_time(st, to)) < 0) {
			race_follow(r);
			return -1;
		}
	}
	r->stepping = 1;
	r->step_t = to;
	return 0;
}

void
race_follow(struct race *r)
{
	for (int i = 0; i < 2; i++)
		if (r->half[i].step != NULL)
			stepper_leave(r->half[i].step);
	r->stepping = 0;
}

/* Who finished first, and by how much: the line between the two cafés. */
static void
race_banner(const struct race *r, int y, int x, int w)
{
	const struct cafe_view *a = race_shown(r, &r->half[0]), *b = race_shown(r, &r->half[1]);
	char line[256];

	if (!a->ended && !b->ended) {
		snprintf(line, sizeof line, _(" Race: act %d against act %d, the same orders, each run alone "),
		    a->act.number, b->act.number);
		paint_text(y, x, w, theme_attr(THEME_TITLE), line);
		return;
	}
	const struct cafe_view *first = a->ended && (!b->ended || a->end_us <= b->end_us) ? a : b;
	const struct cafe_view *second = first == a ? b : a;
	if (!second->ended)
		snprintf(line, sizeof line, _(" Act %d finished first: %.2f s; act %d still runs "),
		    first->act.number, first->end_us / 1e6, second->act.number);
	else
		snprintf(line, sizeof line, _(" Act %d finished first: %.2f s against %.2f s, %.2fx faster "),
		    first->act.number, first->end_us / 1e6, second->end_us / 1e6,
		    first->end_us > 0 ? (double)second->end_us / (double)first->end_us : 0);
	paint_text(y, x, w, theme_attr(THEME_OK) | A_REVERSE | A_BOLD, line);
}

void
race_paint(struct race *r, const struct panel_ctx *base, struct ui_rect area)
{
	int side = area.w >= RACE_SIDE_COLS;
	struct ui_rect part[2];

	race_banner(r, area.y, area.x, area.w);
	area.y++;
	area.h--;
	if (side) {
		int w = (area.w - 1) / 2;
		part[0] = (struct ui_rect){ area.y, area.x, area.h, w };
		part[1] = (struct ui_rect){ area.y, area.x + w + 1, area.h, area.w - w - 1 };
	} else {
		int h = area.h / 2;
		part[0] = (struct ui_rect){ area.y, area.x, h, area.w };
		part[1] = (struct ui_rect){ area.y + h, area.x, area.h - h, area.w };
	}
	/*
	 * One time axis for both: the café that finished first keeps a strip
	 * that stops short, while the other's runs on; each its own scale and
	 * both strips fill the width, the race cannot be seen.
	 */
	int64_t now[2], span = 0;
	for (int i = 0; i < 2; i++) {
		struct race_half *h = &r->half[i];
		const struct cafe_view *v = race_shown(r, h);
		now[i] = v != &h->view ? r->step_t : h->view.ended ? h->view.end_us : cafe_source_now_us(h->src);
		int64_t sp = timeline_span(v, now[i]);
		span = sp > span ? sp : span;
	}
	for (int i = 0; i < 2; i++) {
		struct race_half *h = &r->half[i];
		struct panel_ctx ctx = *base;
		ctx.v = race_shown(r, h);
		ctx.act = &ctx.v->act;
		ctx.now = now[i];
		ctx.span_us = span;
		if (ctx.v != &h->view) {
			ctx.step = stepper_at(h->step);
			ctx.steps = stepper_len(h->step);
		}
		ctx.live = 0;
		ctx.ideal_us = h->ideal_us;
		ctx.roomy = 0;
		ctx.wide = 0;
		if (layout_stack(h->panels, RACE_PANELS, &ctx, part[i]) < 0) {
			paint_text(part[i].y, part[i].x, part[i].w, theme_attr(THEME_WARN),
			    _("Too small for two cafés: make the terminal bigger."));
			continue;
		}
		for (int k = 0; k < RACE_PANELS; k++)
			if (h->panels[k].r.h > 0)
				h->panels[k].cls->draw(&h->panels[k], &ctx, h->panels[k].r);
	}
}
