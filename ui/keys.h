/* keys.h: the key bindings as one table: the key bar, the help overlay and the man page's KEYS come from it. */
#ifndef CAFE_KEYS_H
#define CAFE_KEYS_H

enum keys_action {
	KEYS_NONE, KEYS_ACT, KEYS_PAUSE, KEYS_FASTER, KEYS_SLOWER, KEYS_GIL, KEYS_FEWER,
	KEYS_MORE, KEYS_ADD, KEYS_RESTART, KEYS_COMPARE, KEYS_BLOCK, KEYS_ZOOM_IN, KEYS_ZOOM_OUT,
	KEYS_STEP_BACK, KEYS_STEP_ON, KEYS_PHASE_BACK, KEYS_PHASE_ON, KEYS_OPENING, KEYS_FOLLOW,
	KEYS_CODE, KEYS_MARK, KEYS_GO_ON, KEYS_GO_BACK, KEYS_RACE, KEYS_CANCEL,
	KEYS_LOG_BACK, KEYS_LOG_ON, KEYS_HELP, KEYS_QUIT
};

/* When a binding does something, so the key bar shows it only then. */
#define KEYS_WHEN_LIVE	0x01	/* the café runs (not a recording) */
#define KEYS_WHEN_GIL	0x02	/* the act has a GIL to toggle */
#define KEYS_WHEN_BLOCK	0x04	/* the act could block its loop */
#define KEYS_WHEN_POOL	0x08	/* the act has a pool whose size can change */
#define KEYS_WHEN_TOUR	0x10	/* the guided tour is on */

struct keys_binding {
	const char	*keys;		/* as shown: "1-6", "space" */
	const char	*bar;		/* short label for the key bar */
	const char	*help;		/* one line for the help overlay and the man page */
	int		 optional;	/* left off the key bar when it is narrow */
	unsigned	 when;		/* KEYS_WHEN_* */
	enum keys_action action;
	enum keys_action also;		/* the other half of a pair ("+/-"), else KEYS_NONE */
};

extern const struct keys_binding keys_table[];
extern const int keys_count;

/* The action for a key code from getch; *act gets 1..6 for KEYS_ACT. */
enum keys_action keys_lookup(int ch, int *act);

#endif
