/* keys.c: every key the café answers to, in one table. */
#include "config.h"

#include <curses.h>

#include "i18n.h"
#include "keys.h"

const struct keys_binding keys_table[] = {
	{ "1-6", N_("act"), N_("switch to act 1-6: the same orders restart under that model (replay: its run)"), 0, 0, KEYS_ACT, KEYS_NONE },
	{ N_("space"), N_("pause"), N_("pause or resume the café clock"), 0, 0, KEYS_PAUSE, KEYS_NONE },
	{ "+/-", N_("speed"), N_("run the café clock faster or slower"), 0, 0, KEYS_FASTER, KEYS_SLOWER },
	{ "g", N_("GIL"), N_("turn the emulated GIL on or off (restarts the act)"), 0, KEYS_WHEN_LIVE | KEYS_WHEN_GIL, KEYS_GIL, KEYS_NONE },
	{ "w/W", N_("workers"), N_("fewer or more workers (restarts the act)"), 0, KEYS_WHEN_LIVE, KEYS_MORE, KEYS_FEWER },
	{ "a", N_("add"), N_("a new customer walks in with the next drink"), 0, KEYS_WHEN_LIVE, KEYS_ADD, KEYS_NONE },
	{ "r", N_("restart"), N_("restart the act with the same orders (replay: from the top)"), 1, 0, KEYS_RESTART, KEYS_NONE },
	{ "c", N_("scores"), N_("scoreboard of every act run so far, with speedup over sync"), 0, 0, KEYS_COMPARE, KEYS_NONE },
	{ "b", N_("block"), N_("make the blocking call on the loop, the wrong way (restarts the act)"), 0, KEYS_WHEN_LIVE | KEYS_WHEN_BLOCK, KEYS_BLOCK, KEYS_NONE },
	{ "z/Z", N_("zoom"), N_("zoom the timeline in or out; out far enough, it follows the whole run again"), 1, 0, KEYS_ZOOM_IN, KEYS_ZOOM_OUT },
	{ "PgUp/PgDn", N_("log"), N_("scroll the log back or on"), 1, 0, KEYS_LOG_BACK, KEYS_LOG_ON },
	{ "?", N_("help"), N_("show or hide this help"), 0, 0, KEYS_HELP, KEYS_NONE },
	{ "q", N_("quit"), N_("quit: every thread joined, every child reaped"), 0, 0, KEYS_QUIT, KEYS_NONE },
};
const int keys_count = sizeof keys_table / sizeof keys_table[0];

enum keys_action
keys_lookup(int ch, int *act)
{
	if (ch >= '1' && ch <= '6') {
		*act = ch - '0';
		return KEYS_ACT;
	}
	switch (ch) {
	case ' ': case 'p':
		return KEYS_PAUSE;
	case '+': case '=':
		return KEYS_FASTER;
	case '-': case '_':
		return KEYS_SLOWER;
	case 'g': case 'G':
		return KEYS_GIL;
	case 'w':
		return KEYS_FEWER;
	case 'W':
		return KEYS_MORE;
	case 'a': case 'A':
		return KEYS_ADD;
	case 'r': case 'R':
		return KEYS_RESTART;
	case 'c': case 'C':
		return KEYS_COMPARE;
	case 'b': case 'B':
		return KEYS_BLOCK;
	case 'z':
		return KEYS_ZOOM_IN;
	case 'Z':
		return KEYS_ZOOM_OUT;
	case KEY_PPAGE:
		return KEYS_LOG_BACK;
	case KEY_NPAGE:
		return KEYS_LOG_ON;
	case '?': case 'h':
		return KEYS_HELP;
	case 'q': case 'Q':
		return KEYS_QUIT;
	default:
		return KEYS_NONE;
	}
}
