/* panel.h: one interface for every region of the screen, the context they draw from, and the layout pass that places them. */
#ifndef CAFE_PANEL_H
#define CAFE_PANEL_H

#include <stdint.h>

#include "keys.h"
#include "model.h"
#include "view.h"

struct ui_rect {
	int	y, x, h, w;
};

/* Every act run so far, for the comparison. */
struct panel_scores {
	struct view_sums	 sums[CAFE_ACTS];
	int			 cores[CAFE_ACTS];
	int			 have[CAFE_ACTS];	/* ran to the end */
	int64_t			 ideal_us[CAFE_ACTS];	/* its ideal schedule, 0 unknown */
};

/* What every panel draws from, computed once per frame before anything is drawn (tmux's redraw context). */
struct panel_ctx {
	const struct cafe_view		*v;
	const struct cafe_act		*act;
	const struct panel_scores	*scores;
	int64_t				 now;		/* café µs on screen */
	int64_t				 span_us;	/* > 0: the timeline spans this, shared with another café (a race) */
	double				 speed;
	int				 paused;
	int				 live;		/* 0: a recording plays */
	const char			*replay;	/* what plays, when not live */
	int				 roomy;		/* rows to spare: two-row cups, a longer log */
	int				 wide;		/* columns to spare: panels side by side */
	int64_t				 ideal_us;	/* the ideal schedule of the opening orders, 0 unknown */
	size_t				 step, steps;	/* stepping: at event step of steps; step 0: live */
	int				 tour;		/* the guided tour is on */
	int				 tour_told;	/* the tour's card tells what happened, not what will */
};

struct panel;

struct panel_class {
	const char	*name;
	int		 beside;	/* > 0: stands right of another panel, this many columns wide */
	int		 priority;	/* the lowest gives way first when rows are short */
	int		 fill;		/* takes the rows nobody else wants */
	size_t		 state_size;	/* zeroed state of its own, kept across frames */
	/* Rows it needs at width w (0: it may go) and rows it would like. */
	void		 (*size)(struct panel *, const struct panel_ctx *, int w, int *min, int *pref);
	/* Of h rows given, how many it fills (NULL: all); the rest go to the panel that fills. */
	int		 (*used)(struct panel *, const struct panel_ctx *, int w, int h);
	/* Draws inside r only. */
	void		 (*draw)(struct panel *, const struct panel_ctx *, struct ui_rect r);
	/* A key's action for this panel: 1 when it took it. NULL: takes none. */
	int		 (*key)(struct panel *, const struct panel_ctx *, enum keys_action);
};

struct panel {
	const struct panel_class	*cls;
	void				*state;
	struct ui_rect			 r;	/* from the layout; h == 0: not shown */
	struct panel			*right;	/* a panel beside this one, sharing its rows, or NULL */
	int				 hidden;	/* switched off (v for the code) */
};

/* Whether a key binding does anything here: this act, this source, the tour or not. */
int	 keybar_applies(const struct keys_binding *, const struct panel_ctx *);

/* Stacks panels top to bottom in area: every panel its minimum, then the rest by priority; -1 when even that does not fit. */
int	 layout_stack(struct panel *, int n, const struct panel_ctx *, struct ui_rect area);
/* Centres an overlay panel in area at the size it asks for. */
void	 layout_overlay(struct panel *, const struct panel_ctx *, struct ui_rect area);

extern const struct panel_class header_panel, counter_panel, lanes_panel, cups_panel,
    score_panel, log_panel, keybar_panel, help_panel, compare_panel, code_panel,
    summary_panel, tour_panel;

#endif
