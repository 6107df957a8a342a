/* keys.c: every key the café answers to, in one table. */
#include "config.h"

#include "i18n.h"
#include "keys.h"

const struct keys_binding keys_table[] = {
	{ "1-6", N_("act"), N_("switch to act 1-6: the same orders restart under that model"), 0, KEYS_ACT },
	{ N_("space"), N_("pause"), N_("pause or resume the café clock"), 0, KEYS_PAUSE },
	{ "+/-", N_("speed"), N_("run the café clock faster or slower"), 0, KEYS_FASTER },
	{ "g", N_("GIL"), N_("turn the emulated GIL on or off (matters in act 2; restarts it)"), 0, KEYS_GIL },
	{ "w/W", N_("workers"), N_("fewer or more workers (restarts the act)"), 0, KEYS_MORE },
	{ "a", N_("add"), N_("a new customer walks in with the next drink"), 0, KEYS_ADD },
	{ "r", N_("restart"), N_("restart the act with the same orders"), 1, KEYS_RESTART },
	{ "c", N_("scores"), N_("scoreboard of every act run so far, with speedup over sync"), 0, KEYS_COMPARE },
	{ "b", N_("block"), N_("acts 5-6: make the blocking call on the loop, the wrong way"), 0, KEYS_BLOCK },
	{ "?", N_("help"), N_("show or hide this help"), 0, KEYS_HELP },
	{ "q", N_("quit"), N_("quit: every thread joined, every child reaped"), 0, KEYS_QUIT },
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
	case '?': case 'h':
		return KEYS_HELP;
	case 'q': case 'Q':
		return KEYS_QUIT;
	default:
		return KEYS_NONE;
	}
}
