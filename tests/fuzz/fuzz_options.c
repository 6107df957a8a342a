/* fuzz_options.c: the option parser on any argument vector: one argument per line of the input. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "model.h"
#include "options.h"

/* More arguments add nothing getopt has not seen; the cap keeps each input quick. */
#define FUZZ_ARGS_MAX 128

const char fuzz_name[] = "options";

/* What a successful parse promises the rest of the program: every setting within the limits --help states. */
static void
fuzz_options_valid(const struct cafe_options *o)
{
	const struct cafe_settings *s = &o->s;

	FUZZ_CHECK(s->act >= 1 && s->act <= CAFE_ACTS, "act %d", s->act);
	FUZZ_CHECK(s->norders >= 1 && s->norders <= CAFE_ORDERS_MAX && s->drinks != NULL,
	    "%d orders", s->norders);
	for (int i = 0; i < s->norders; i++)
		FUZZ_CHECK(s->drinks[i] >= 0 && s->drinks[i] < CAFE_DRINK_COUNT, "drink %d", s->drinks[i]);
	FUZZ_CHECK(s->workers >= 1 && s->workers <= cafe_settings_workers_max(s->act),
	    "%d workers in act %d", s->workers, s->act);
	FUZZ_CHECK(s->speed >= CAFE_SPEED_MIN && s->speed <= CAFE_SPEED_MAX, "speed %g", s->speed);
	FUZZ_CHECK(s->switch_ms >= CAFE_SWITCH_MS_MIN && s->switch_ms <= CAFE_SWITCH_MS_MAX,
	    "switch interval %g", s->switch_ms);
	for (int p = 0; p < CAFE_PH_COUNT; p++)
		FUZZ_CHECK(s->dur_ms[p] >= 0 && s->dur_ms[p] <= CAFE_MS_MAX, "duration %d", s->dur_ms[p]);
	FUZZ_CHECK(s->arrival_ms >= -1 && s->arrival_ms <= CAFE_MS_MAX, "arrival %d", s->arrival_ms);
	FUZZ_CHECK(s->spawn_ms >= 0 && s->spawn_ms <= CAFE_MS_MAX, "spawn %d", s->spawn_ms);
	FUZZ_CHECK(o->pause_at_us == -1 || (o->pause_at_us >= 0 && o->replay != NULL),
	    "pause at %lld", (long long)o->pause_at_us);
	FUZZ_CHECK(!(o->replay != NULL && o->record != NULL), "--replay with --record");
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *argv[FUZZ_ARGS_MAX + 2], *owned[FUZZ_ARGS_MAX + 1];
	struct cafe_options o;
	char *text, *msg = NULL;
	size_t msglen = 0;
	int argc = 0, rc;
	FILE *err;

	/* getopt needs C strings: a NUL in the input ends that argument, as it would from execve. */
	if ((text = malloc(size + 1)) == NULL)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	argv[argc] = owned[argc] = strdup("corocafe");
	argc++;
	/* strsep, not strtok: an empty line is an empty argument, which the parser must refuse by name. */
	for (char *p = text, *arg; (arg = strsep(&p, "\n")) != NULL && argc <= FUZZ_ARGS_MAX;) {
		if (p == NULL && arg[0] == '\0')
			break;	/* after the last newline, or in an empty input, there is no argument */
		argv[argc] = owned[argc] = strdup(arg);
		argc++;
	}
	argv[argc] = NULL;
	/* The error stream is kept, not thrown away: a refusal must say why, and a success must say nothing. */
	if ((err = open_memstream(&msg, &msglen)) == NULL)
		abort();
	rc = cafe_options_parse(&o, argc, argv, err);
	fclose(err);
	FUZZ_CHECK(rc == 0 || rc == 2, "returned %d", rc);
	if (rc == 0) {
		FUZZ_CHECK(msglen == 0, "wrote '%s' on success", msg);
		fuzz_options_valid(&o);
	} else {
		FUZZ_CHECK(strncmp(msg, "corocafe: ", 10) == 0 && strstr(msg, "--help") != NULL,
		    "refused with '%s'", msg);
	}
	cafe_settings_free(&o.s);
	free(msg);
	for (int i = 0; i < argc; i++)
		free(owned[i]);
	free(text);
	return 0;
}
