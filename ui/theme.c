/* theme.c: picks colours and glyphs once, from the terminal, NO_COLOR and the locale's codeset. */
#include "config.h"

#include <langinfo.h>
#include <stdlib.h>
#include <string.h>

#include "menu.h"
#include "theme.h"

static int theme_has_color;
static int theme_is_utf8;

static const struct theme_glyphs theme_utf8_glyphs = {
	"█", "░", { "◌", "▂", "▄", "▆", "█" }, "✔", "✘", "─", "│", "·",
	{ " ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█" }, "◆", "▼", { "┌", "┐", "└", "┘" }
};
static const struct theme_glyphs theme_ascii_glyphs = {
	"#", ".", { "o", ".", ":", "%", "#" }, "*", "x", "-", "|", " ",
	{ " ", ".", ":", "-", "=", "+", "*", "#", "@" }, "@", "v", { "+", "+", "+", "+" }
};

static const struct {
	short	 color;
	char	 ch;
} theme_phases[CAFE_PH_COUNT] = {
	[CAFE_PH_TAKE]     = { COLOR_CYAN, 't' },
	[CAFE_PH_GRIND]    = { COLOR_YELLOW, 'G' },
	[CAFE_PH_BREW]     = { COLOR_BLUE, '~' },
	[CAFE_PH_SERVE]    = { COLOR_GREEN, 's' },
	[CAFE_PH_DB_QUERY] = { COLOR_BLUE, 'd' },
	[CAFE_PH_API_CALL] = { COLOR_CYAN, 'a' },
	[CAFE_PH_EMBED]    = { COLOR_YELLOW, 'E' },
	[CAFE_PH_SYNC_LIB] = { COLOR_MAGENTA, 'L' },
	[CAFE_PH_RESPOND]  = { COLOR_GREEN, 'r' },
	[CAFE_PH_GIL_WAIT] = { COLOR_RED, '.' },
	[CAFE_PH_SPAWN]    = { COLOR_MAGENTA, '*' },
	[CAFE_PH_IPC]      = { COLOR_WHITE, 'P' },
};

void
theme_init(void)
{
	const char *cs = nl_langinfo(CODESET);
	const char *nc = getenv("NO_COLOR");

	theme_is_utf8 = cs != NULL && (strcmp(cs, "UTF-8") == 0 || strcmp(cs, "utf8") == 0);
	theme_has_color = has_colors() && (nc == NULL || nc[0] == '\0');
	if (!theme_has_color)
		return;
	start_color();
	use_default_colors();
	init_pair(THEME_TITLE, COLOR_BLACK, COLOR_YELLOW);
	init_pair(THEME_DIM, COLOR_BLUE, -1);
	init_pair(THEME_WARN, COLOR_WHITE, COLOR_RED);
	init_pair(THEME_KEY, COLOR_BLACK, COLOR_CYAN);
	init_pair(THEME_OK, COLOR_GREEN, -1);
	init_pair(THEME_PAUSED, COLOR_BLACK, COLOR_MAGENTA);
	init_pair(THEME_WARN_TEXT, COLOR_RED, -1);
	for (int p = 0; p < CAFE_PH_COUNT; p++)
		init_pair(THEME_PHASE0 + p, COLOR_BLACK, theme_phases[p].color);
}

int
theme_utf8(void)
{
	return theme_is_utf8;
}

const struct theme_glyphs *
theme_glyphs(void)
{
	return theme_is_utf8 ? &theme_utf8_glyphs : &theme_ascii_glyphs;
}

attr_t
theme_attr(enum theme_role r)
{
	if (!theme_has_color) {
		switch (r) {
		case THEME_TITLE: case THEME_KEY: case THEME_PAUSED:
			return A_REVERSE;
		case THEME_WARN:
			return A_REVERSE | A_BOLD;
		case THEME_DIM:
			return A_DIM;
		default:
			return A_BOLD;
		}
	}
	attr_t a = COLOR_PAIR(r);
	if (r == THEME_TITLE || r == THEME_WARN)
		a |= A_BOLD;
	return a;
}

attr_t
theme_phase_attr(int phase)
{
	if (phase < 0 || phase >= CAFE_PH_COUNT)
		return A_NORMAL;
	if (!theme_has_color)
		return phase == CAFE_PH_GIL_WAIT ? A_DIM : A_BOLD;
	return COLOR_PAIR(THEME_PHASE0 + phase);
}

char
theme_phase_char(int phase)
{
	return phase >= 0 && phase < CAFE_PH_COUNT ? theme_phases[phase].ch : ' ';
}

char
theme_kind_char(int phase, int kind)
{
	return kind == CAFE_KIND_BLOCK ? '#' : theme_phase_char(phase);
}

attr_t
theme_kind_attr(int phase, int kind)
{
	/* Blocking calls look alike in every act: the sync library's colour. */
	return theme_phase_attr(kind == CAFE_KIND_BLOCK ? CAFE_PH_SYNC_LIB : phase);
}
