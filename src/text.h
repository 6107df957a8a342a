/* text.h: display widths of UTF-8 text, measured with wcwidth (Chinese glyphs take two columns). */
#ifndef CAFE_TEXT_H
#define CAFE_TEXT_H

#include <stddef.h>

/* Columns s takes on a terminal; bytes that do not decode count one each. */
int	 cafe_text_width(const char *s);
/* Copies s into buf, padded with spaces (or cut) to exactly cols columns. */
void	 cafe_text_pad(char *buf, size_t len, const char *s, int cols);

/* Bytes of s that fit in cols columns, cut after a space when there is one: for wrapping. */
size_t	 cafe_text_break(const char *s, int cols);

#endif
