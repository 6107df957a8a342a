/* i18n.h: the _() and N_() markers every user-facing string goes through (gettext). */
#ifndef CAFE_I18N_H
#define CAFE_I18N_H

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#ifdef ENABLE_NLS
#include <libintl.h>
#define _(s) gettext(s)
#else
#define _(s) (s)
#define ngettext(s, p, n) ((n) == 1 ? (s) : (p))
#endif
#define N_(s) (s)

#endif
