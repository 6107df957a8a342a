/* cnum.h: numbers in the C locale for options and data files, whatever LC_NUMERIC says ("0.5", never "0,5"). */
#ifndef CAFE_CNUM_H
#define CAFE_CNUM_H

#include <stddef.h>

/* strtod as in the C locale; any thread. */
double	 cafe_cnum_strtod(const char *, char **end);
/* snprintf as in the C locale, for what programs read back (the trace, --stats); any thread. */
int	 cafe_cnum_snprintf(char *, size_t, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));

#endif
