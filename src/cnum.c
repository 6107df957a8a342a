/* cnum.c: one C locale object, switched to for this thread only (uselocale) while a number is read or written. */
#include "config.h"

#include <locale.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "cnum.h"

static pthread_once_t cnum_once = PTHREAD_ONCE_INIT;
static locale_t cnum_c;

static void
cnum_init(void)
{
	cnum_c = newlocale(LC_ALL_MASK, "C", (locale_t)0);
}

/* Switches this thread to the C locale; returns what to switch back to. */
static locale_t
cnum_enter(void)
{
	pthread_once(&cnum_once, cnum_init);
	/* Without memory for a locale object, the global one is all there is. */
	return cnum_c != (locale_t)0 ? uselocale(cnum_c) : (locale_t)0;
}

static void
cnum_leave(locale_t old)
{
	if (old != (locale_t)0)
		uselocale(old);
}

double
cafe_cnum_strtod(const char *s, char **end)
{
	locale_t old = cnum_enter();
	double v = strtod(s, end);

	cnum_leave(old);
	return v;
}

int
cafe_cnum_snprintf(char *buf, size_t len, const char *fmt, ...)
{
	locale_t old = cnum_enter();
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, len, fmt, ap);
	va_end(ap);
	cnum_leave(old);
	return n;
}
