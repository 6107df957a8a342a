/* text.c: measuring and padding UTF-8 text by terminal columns, never by bytes. */
#include "config.h"

#include <string.h>
#include <wchar.h>

#include "text.h"

/* Decodes one UTF-8 sequence without locale state; -1 when malformed. */
static int
text_decode(const char *s, wchar_t *wc)
{
	const unsigned char *u = (const unsigned char *)s;
	int n;
	unsigned v;

	if (u[0] < 0x80) {
		*wc = u[0];
		return 1;
	} else if ((u[0] & 0xe0) == 0xc0) {
		n = 2; v = u[0] & 0x1f;
	} else if ((u[0] & 0xf0) == 0xe0) {
		n = 3; v = u[0] & 0x0f;
	} else if ((u[0] & 0xf8) == 0xf0) {
		n = 4; v = u[0] & 0x07;
	} else
		return -1;
	for (int i = 1; i < n; i++) {
		if ((u[i] & 0xc0) != 0x80)
			return -1;
		v = (v << 6) | (u[i] & 0x3f);
	}
	*wc = (wchar_t)v;
	return n;
}

static int
text_wcwidth(wchar_t wc)
{
	int w = wcwidth(wc);

	if (w >= 0)
		return w;
	/* Outside a UTF-8 locale wcwidth knows nothing: CJK is two columns anyway. */
	if ((wc >= 0x1100 && wc <= 0x115f) || (wc >= 0x2e80 && wc <= 0xa4cf) ||
	    (wc >= 0xac00 && wc <= 0xd7a3) || (wc >= 0xf900 && wc <= 0xfaff) ||
	    (wc >= 0xfe30 && wc <= 0xfe4f) || (wc >= 0xff00 && wc <= 0xff60) ||
	    (wc >= 0xffe0 && wc <= 0xffe6) || (wc >= 0x2614 && wc <= 0x2615) || (wc >= 0x1f300 && wc <= 0x1faff))
		return 2;
	return 1;
}

int
cafe_text_width(const char *s)
{
	int cols = 0;
	wchar_t wc;

	while (*s != '\0') {
		int n = text_decode(s, &wc);
		if (n < 0) {
			cols++;
			s++;
			continue;
		}
		cols += text_wcwidth(wc);
		s += n;
	}
	return cols;
}

void
cafe_text_pad(char *buf, size_t len, const char *s, int cols)
{
	size_t out = 0;
	int used = 0;
	wchar_t wc;

	if (len == 0)
		return;
	while (*s != '\0') {
		int n = text_decode(s, &wc);
		int w = n < 0 ? 1 : text_wcwidth(wc);
		if (n < 0)
			n = 1;
		if (used + w > cols || out + (size_t)n >= len)
			break;
		memcpy(buf + out, s, (size_t)n);
		out += (size_t)n;
		used += w;
		s += n;
	}
	while (used < cols && out + 1 < len) {
		buf[out++] = ' ';
		used++;
	}
	buf[out] = '\0';
}

size_t
cafe_text_break(const char *s, int cols)
{
	size_t at = 0, space = 0;
	int used = 0, wide = 0;		/* wide: the line holds Chinese */
	wchar_t wc;

	while (s[at] != '\0') {
		int n = text_decode(s + at, &wc);
		int w = n < 0 ? 1 : text_wcwidth(wc);
		if (n < 0)
			n = 1;
		/*
		 * Words in English break at a space; Chinese, which has none, between
		 * characters: a space far back in a Chinese line (before a code word)
		 * would leave a third of it empty.
		 */
		if (used + w > cols)
			return space > 0 ? space : at;
		if (s[at] == ' ' && used >= cols * 2 / 3)
			space = at + 1;
		else if (s[at] == ' ')
			space = wide ? 0 : at + 1;
		if (w == 2)
			wide = 1;
		at += (size_t)n;
		used += w;
	}
	return at;
}
