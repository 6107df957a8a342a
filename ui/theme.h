/* theme.h: colours and glyphs, with monochrome (NO_COLOR) and plain-ASCII fallbacks. */
#ifndef CAFE_THEME_H
#define CAFE_THEME_H

#include <curses.h>

enum theme_role {
	THEME_TITLE = 1, THEME_DIM, THEME_WARN, THEME_KEY, THEME_OK, THEME_PAUSED,
	THEME_WARN_TEXT,	/* a cost or caveat in text: red letters, not a red bar */
	THEME_PHASE0		/* THEME_PHASE0 + phase: one pair per phase */
};

struct theme_glyphs {
	const char	*full, *empty;		/* progress bars */
	const char	*cup[5];		/* a cup filling up: empty .. full */
	const char	*served;
	const char	*lost;			/* an order that failed */
	const char	*hline, *vline, *sep;
	const char	*ramp[9];		/* a level from nothing to full: a core's busy share */
	const char	*baton;			/* beside the GIL's holder */
	const char	*mark;			/* a marked moment on the axis */
	const char	*corner[4];		/* a box's: top left, top right, bottom left, bottom right */
};

/* Call after initscr: colour unless NO_COLOR is set or the terminal has none; UTF-8 or ASCII. */
void	 theme_init(void);
const struct theme_glyphs *theme_glyphs(void);
/* Whether the terminal takes UTF-8; if not, text is written in ASCII. */
int	 theme_utf8(void);
/* Attributes for a role, and for a phase's cell on the timeline. */
attr_t	 theme_attr(enum theme_role);
attr_t	 theme_phase_attr(int phase);
/* A letter for a phase, so the timeline reads without colour too. */
char	 theme_phase_char(int phase);
/* The same for a phase of kind (enum cafe_phase_kind) in an act: a blocking call is '#', whatever the phase. */
char	 theme_kind_char(int phase, int kind);
attr_t	 theme_kind_attr(int phase, int kind);

#endif
