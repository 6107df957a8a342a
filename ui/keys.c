/* keys.c: every key the café answers to, in one table. */
#include "config.h"

#include <curses.h>

#include "i18n.h"
#include "keys.h"

const struct keys_binding keys_table[] = {
	{ "1-6", N_("act"), N_("act 1-6: the same orders under that model (replay: its run)"), 0, 0, KEYS_ACT, KEYS_NONE },
	{ N_("space"), N_("pause"), N_("pause or resume the café clock"), 0, 0, KEYS_PAUSE, KEYS_NONE },
	{ "+/-", N_("speed"), N_("run the café clock faster or slower"), 0, 0, KEYS_FASTER, KEYS_SLOWER },
	{ "g", N_("GIL"), N_("turn the emulated GIL on or off (restarts the act)"), 0, KEYS_WHEN_LIVE | KEYS_WHEN_GIL, KEYS_GIL, KEYS_NONE },
	{ "w/W", N_("workers"), N_("fewer or more workers (restarts the act)"), 0, KEYS_WHEN_LIVE | KEYS_WHEN_POOL, KEYS_MORE, KEYS_FEWER },
	{ "a", N_("add"), N_("a new customer walks in with the next drink"), 0, KEYS_WHEN_LIVE, KEYS_ADD, KEYS_NONE },
	{ "r", N_("restart"), N_("restart the act, same orders (replay: from the top)"), 1, 0, KEYS_RESTART, KEYS_NONE },
	{ "c", N_("scores"), N_("every act so far, speedup over sync; again: the summary"), 0, 0, KEYS_COMPARE, KEYS_NONE },
	{ "b", N_("block"), N_("the blocking call on the loop, the wrong way (restarts)"), 0, KEYS_WHEN_LIVE | KEYS_WHEN_BLOCK, KEYS_BLOCK, KEYS_NONE },
	{ ">/<", N_("zoom"), N_("zoom the timeline in or out (also z/Z)"), 1, 0, KEYS_ZOOM_IN, KEYS_ZOOM_OUT },
	{ N_("Left/Right"), N_("step"), N_("pause, then one event back or on: every panel as it was then"), 1, 0, KEYS_STEP_BACK, KEYS_STEP_ON },
	{ "m", N_("mark"), N_("mark this moment: on the axis, in the log and the recording"), 1, KEYS_WHEN_LIVE, KEYS_MARK, KEYS_NONE },
	{ "[/]", N_("phase"), N_("back or on to the previous or next phase change or mark"), 1, 0, KEYS_PHASE_BACK, KEYS_PHASE_ON },
	{ N_("Home/End"), N_("opening/now"), N_("the run's opening, paused; back to now, the café goes on"), 1, 0, KEYS_OPENING, KEYS_FOLLOW },
	{ "PgUp/PgDn", N_("log"), N_("scroll the log back or on"), 1, 0, KEYS_LOG_BACK, KEYS_LOG_ON },
	{ "v", N_("code"), N_("show or hide the act's Python, with who is on each line"), 1, 0, KEYS_CODE, KEYS_NONE },
	{ N_("Enter"), N_("go on"), N_("the tour: run the act, then on to the next"), 0, KEYS_WHEN_TOUR, KEYS_GO_ON, KEYS_NONE },
	{ N_("Backspace"), N_("back"), N_("the tour: back to the act before"), 1, KEYS_WHEN_TOUR, KEYS_GO_BACK, KEYS_NONE },
	{ "R", N_("race"), N_("race two acts: R, then two digits 1-6; Esc cancels or leaves"), 1, 0, KEYS_RACE, KEYS_CANCEL },
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
	case 'r':
		return KEYS_RESTART;
	case 'R':
		return KEYS_RACE;
	case 27:	/* Esc */
		return KEYS_CANCEL;
	case 'c': case 'C':
		return KEYS_COMPARE;
	case 'b': case 'B':
		return KEYS_BLOCK;
	case 'z': case '>': case '.':
		return KEYS_ZOOM_IN;
	case 'Z': case '<': case ',':
		return KEYS_ZOOM_OUT;
	case KEY_LEFT:
		return KEYS_STEP_BACK;
	case KEY_RIGHT:
		return KEYS_STEP_ON;
	case 'm': case 'M':
		return KEYS_MARK;
	case '[':
		return KEYS_PHASE_BACK;
	case ']':
		return KEYS_PHASE_ON;
	case KEY_HOME:
		return KEYS_OPENING;
	case KEY_END:
		return KEYS_FOLLOW;
	case KEY_PPAGE:
		return KEYS_LOG_BACK;
	case KEY_NPAGE:
		return KEYS_LOG_ON;
	case 'v': case 'V':
		return KEYS_CODE;
	case '\n': case '\r': case KEY_ENTER:
		return KEYS_GO_ON;
	case KEY_BACKSPACE: case 127: case 8:
		return KEYS_GO_BACK;
	case '?': case 'h':
		return KEYS_HELP;
	case 'q': case 'Q':
		return KEYS_QUIT;
	default:
		return KEYS_NONE;
	}
}
