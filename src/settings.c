/* settings.c: run settings, their defaults and the order list. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "model.h"
#include "settings.h"

void
cafe_settings_init(struct cafe_settings *s)
{
	memset(s, 0, sizeof *s);
	s->act = 1;
	s->workers = 3;
	s->speed = 1.0;
	s->gil = 1;
	s->switch_ms = 5.0;
	s->dur_ms[CAFE_PH_TAKE] = 100;
	s->dur_ms[CAFE_PH_GRIND] = 500;
	s->dur_ms[CAFE_PH_BREW] = 2000;
	s->dur_ms[CAFE_PH_SERVE] = 100;
	s->dur_ms[CAFE_PH_DB_QUERY] = 150;
	s->dur_ms[CAFE_PH_API_CALL] = 300;
	s->dur_ms[CAFE_PH_EMBED] = 400;
	s->dur_ms[CAFE_PH_SYNC_LIB] = 200;
	s->dur_ms[CAFE_PH_RESPOND] = 20;
	s->arrival_ms = -1;
	s->spawn_ms = 50;
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	s->cores = n > 0 ? (int)n : 1;
	cafe_settings_set_orders(s, "5");
}

void
cafe_settings_free(struct cafe_settings *s)
{
	free(s->drinks);
	s->drinks = NULL;
}

int
cafe_settings_copy(struct cafe_settings *dst, const struct cafe_settings *src)
{
	*dst = *src;
	dst->drinks = malloc((size_t)src->norders);
	if (dst->drinks == NULL)
		return -1;
	memcpy(dst->drinks, src->drinks, (size_t)src->norders);
	return 0;
}

int
cafe_settings_set_orders(struct cafe_settings *s, const char *arg)
{
	int8_t *d;
	char *end;
	int n = 0;

	if (arg[0] >= '0' && arg[0] <= '9') {
		errno = 0;
		long v = strtol(arg, &end, 10);
		if (errno != 0 || *end != '\0' || v < 1 || v > CAFE_ORDERS_MAX)
			return -1;
		if ((d = malloc((size_t)v)) == NULL)
			return -1;
		for (long i = 0; i < v; i++)
			d[i] = (int8_t)(i % CAFE_DRINK_COUNT);
		n = (int)v;
	} else {
		size_t len = strlen(arg);
		char *copy = strdup(arg), *save = NULL;
		if (copy == NULL || (d = malloc(len / 2 + 1)) == NULL) {
			free(copy);
			return -1;
		}
		/* Empty items ("latte,,mocha", a trailing comma) are errors, so strtok will not do. */
		if (len == 0 || arg[0] == ',' || arg[len - 1] == ',' || strstr(arg, ",,") != NULL) {
			free(copy);
			free(d);
			return -1;
		}
		for (char *tok = strtok_r(copy, ",", &save); tok != NULL;
		    tok = strtok_r(NULL, ",", &save)) {
			int k = cafe_drink_from_name(tok);
			if (k < 0) {
				free(copy);
				free(d);
				return -1;
			}
			d[n++] = (int8_t)k;
		}
		free(copy);
	}
	free(s->drinks);
	s->drinks = d;
	s->norders = n;
	return 0;
}

int
cafe_settings_workers_max(int act)
{
	const struct cafe_model_ops *m = cafe_model_get(act);

	return m != NULL ? m->workers_max : CAFE_PROCS_MAX;
}

int
cafe_settings_arrival(const struct cafe_settings *s, int act)
{
	if (s->arrival_ms >= 0)
		return s->arrival_ms;
	const struct cafe_model_ops *m = cafe_model_get(act);

	return m != NULL ? m->arrival_ms : 0;
}
