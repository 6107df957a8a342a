/* keys.h: the key bindings as one table: the key bar, the help overlay and the man page come from it. */
#ifndef CAFE_KEYS_H
#define CAFE_KEYS_H

enum keys_action {
	KEYS_NONE, KEYS_ACT, KEYS_PAUSE, KEYS_FASTER, KEYS_SLOWER, KEYS_GIL, KEYS_FEWER,
	KEYS_MORE, KEYS_ADD, KEYS_RESTART, KEYS_COMPARE, KEYS_BLOCK, KEYS_HELP, KEYS_QUIT
};

struct keys_binding {
	const char	*keys;		/* as shown: "1-6", "space" */
	const char	*bar;		/* short label for the key bar */
	const char	*help;		/* one line for the help overlay */
	int		 optional;	/* left off the key bar when it is narrow */
	enum keys_action action;
};

extern const struct keys_binding keys_table[];
extern const int keys_count;

/* The action for a key code from getch; *act gets 1..6 for KEYS_ACT. */
enum keys_action keys_lookup(int ch, int *act);

#endif
