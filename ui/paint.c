/* paint.c: text and bars clipped by columns, shared by every panel. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <wchar.h>

#include "i18n.h"
#include "paint.h"
#include "text.h"
#include "theme.h"

/* On a terminal that is not UTF-8, the few non-ASCII characters the café writes, in ASCII. */
static const char *
paint_ascii(const char *s, char *buf, size_t len)
{
	static const char *const map[][2] = {
		{ "é", "e" }, { "·", "." }, { "─", "-" }, { "│", "|" }, { "◆", "@" }, { "✔", "*" },
		{ "✘", "x" }, { "█", "#" }, { "░", "." }, { "…", "..." }, { "—", "-" }, { "→", "->" },
		{ "←", "<-" }, { "“", "\"" }, { "”", "\"" }, { "▁", "." }, { "▂", "." }, { "▃", ":" },
		{ "▄", ":" }, { "▅", "=" }, { "▆", "=" }, { "▇", "#" }, { "◌", "o" },
	};
	size_t n = 0;

	while (*s != '\0' && n + 4 < len) {
		if ((unsigned char)*s < 0x80) {
			buf[n++] = *s++;
			continue;
		}
		size_t k, m = sizeof map / sizeof map[0];
		for (k = 0; k < m; k++)
			if (strncmp(s, map[k][0], strlen(map[k][0])) == 0)
				break;
		const char *to = k < m ? map[k][1] : "?";
		s += k < m ? strlen(map[k][0]) : 1;
		/* Skip the rest of an unknown character's bytes. */
		while (k == m && ((unsigned char)*s & 0xc0) == 0x80)
			s++;
		n += (size_t)snprintf(buf + n, len - n, "%s", to);
	}
	buf[n < len ? n : len - 1] = '\0';
	return buf;
}

void
paint_text(int y, int x, int w, attr_t a, const char *s)
{
	char buf[1024], ascii[1024];

	if (w <= 0)
		return;
	if (!theme_utf8())
		s = paint_ascii(s, ascii, sizeof ascii);
	cafe_text_pad(buf, sizeof buf, s, w);
	attrset(a);
	mvaddstr(y, x, buf);
	attrset(A_NORMAL);
}

/* When column x of row y is the right half of a two-column glyph, that glyph becomes two spaces:
 * a box edge must not cut a Chinese glyph in half, or curses keeps it whole and the edge moves. */
static void
paint_unsplit(int y, int x)
{
	cchar_t cc;
	wchar_t wc[CCHARW_MAX + 1];
	attr_t at;
	short pair;

	for (int c = 0; c < x && x < COLS; ) {
		if (mvin_wch(y, c, &cc) == ERR || getcchar(&cc, wc, &at, &pair, NULL) == ERR)
			return;
		int w = wcwidth(wc[0]) == 2 ? 2 : 1;
		if (w == 2 && c + 1 == x) {
			mvaddstr(y, c, "  ");
			return;
		}
		c += w;
	}
}

void
paint_box(struct ui_rect r)
{
	const struct theme_glyphs *g = theme_glyphs();

	for (int y = r.y; y < r.y + r.h; y++) {
		paint_unsplit(y, r.x);
		paint_unsplit(y, r.x + r.w);
		paint_text(y, r.x, r.w, A_NORMAL, "");
		mvaddstr(y, r.x, g->vline);
		mvaddstr(y, r.x + r.w - 1, g->vline);
	}
	for (int x = r.x; x < r.x + r.w; x++) {
		mvaddstr(r.y, x, g->hline);
		mvaddstr(r.y + r.h - 1, x, g->hline);
	}
	/* Corners: a box over the café reads as one, not as stray rules. */
	mvaddstr(r.y, r.x, g->corner[0]);
	mvaddstr(r.y, r.x + r.w - 1, g->corner[1]);
	mvaddstr(r.y + r.h - 1, r.x, g->corner[2]);
	mvaddstr(r.y + r.h - 1, r.x + r.w - 1, g->corner[3]);
}

void
paint_bar(int y, int x, int w, double frac, attr_t a)
{
	const struct theme_glyphs *g = theme_glyphs();
	int full = (int)(frac * w + 0.5);

	if (frac < 0)
		full = 0;
	if (full > w)
		full = w;
	move(y, x);
	attrset(a);
	for (int i = 0; i < full; i++)
		addstr(g->full);
	attrset(theme_attr(THEME_DIM));
	for (int i = full; i < w; i++)
		addstr(g->empty);
	attrset(A_NORMAL);
}

void
paint_toosmall(int rows, int cols, int need_rows, int need_cols)
{
	char line[128];

	erase();
	snprintf(line, sizeof line, _("Terminal too small: %dx%d, the café needs %dx%d."),
	    cols, rows, need_cols, need_rows);
	paint_text(rows / 2, 0, cols, A_BOLD, line);
	if (rows / 2 + 1 < rows)
		paint_text(rows / 2 + 1, 0, cols, A_NORMAL, _("Make it bigger, or press q to quit."));
}

int
paint_wrap(int y, int x, int w, int rows, attr_t a, const char *s)
{
	char line[1024];
	int n = 0;

	while (*s != '\0' && n < rows) {
		size_t k = cafe_text_break(s, w);
		if (k == 0)
			k = strlen(s) < sizeof line ? strlen(s) : sizeof line - 1;
		if (k >= sizeof line)
			k = sizeof line - 1;
		memcpy(line, s, k);
		line[k] = '\0';
		paint_text(y + n++, x, w, a, line);
		s += k;
	}
	return n;
}

void
paint_cell(int y, int x, attr_t a, char ch)
{
	char s[2] = { ch, '\0' };

	attrset(a);
	mvaddstr(y, x, s);
	attrset(A_NORMAL);
}

void
paint_rule(int y, int x, int w, attr_t a, const char *title)
{
	const struct theme_glyphs *g = theme_glyphs();
	char buf[1024];
	size_t n = 0;

	/* "── title ─────", as wide as w, measured in columns. */
	for (int i = 0; i < 2 && n + 8 < sizeof buf; i++)
		n += (size_t)snprintf(buf + n, sizeof buf - n, "%s", g->hline);
	n += (size_t)snprintf(buf + n, sizeof buf - n, " %s ", title);
	for (int used = cafe_text_width(buf); used < w && n + 8 < sizeof buf; used++)
		n += (size_t)snprintf(buf + n, sizeof buf - n, "%s", g->hline);
	paint_text(y, x, w, a, buf);
}
