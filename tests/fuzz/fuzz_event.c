/* fuzz_event.c: the event decoder on any line, and the text form's round trip on every line it accepts. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "event.h"
#include "fuzz.h"
#include "menu.h"

const char fuzz_name[] = "event";

/* What the decoder promises the readers of a recording: every field within its member's range. */
static void
fuzz_event_valid(const struct cafe_event *ev)
{
	FUZZ_CHECK(ev->type < CAFE_EV_TYPE_COUNT, "type %u", ev->type);
	FUZZ_CHECK(ev->phase < CAFE_PH_COUNT, "phase %u", ev->phase);
	FUZZ_CHECK(ev->wkind < CAFE_WK_COUNT, "wkind %u", ev->wkind);
	FUZZ_CHECK(ev->drink >= -1 && ev->drink < CAFE_DRINK_COUNT, "drink %d", ev->drink);
	FUZZ_CHECK(ev->t_us >= 0 && ev->cpu_us >= 0, "time %lld, cpu %lld", (long long)ev->t_us,
	    (long long)ev->cpu_us);
	FUZZ_CHECK(ev->worker >= 0 && ev->pid >= 0 && ev->tid >= 0 && ev->order >= 0,
	    "worker %d pid %d tid %d order %d", ev->worker, ev->pid, ev->tid, ev->order);
}

static int
fuzz_event_eq(const struct cafe_event *a, const struct cafe_event *b)
{
	return a->t_us == b->t_us && a->cpu_us == b->cpu_us && a->pid == b->pid &&
	    a->tid == b->tid && a->order == b->order && a->worker == b->worker &&
	    a->drink == b->drink && a->type == b->type && a->phase == b->phase &&
	    a->wkind == b->wkind && a->flags == b->flags && a->aux == b->aux;
}

/* Every number of an accepted line is the number stored: a field out of range is refused, never wrapped. */
static void
fuzz_event_same_numbers(const char *line, const struct cafe_event *ev)
{
	const long long field[12] = {
		ev->t_us, 0, 0, 0, ev->worker, ev->pid, ev->tid, ev->order, ev->drink, ev->cpu_us,
		ev->flags, ev->aux
	};
	char *copy = strdup(line), *save = NULL, *tok;
	int i = 0;

	if (copy == NULL)
		return;
	for (tok = strtok_r(copy, " ", &save); tok != NULL && i < 12; tok = strtok_r(NULL, " ", &save), i++)
		if (i == 0 || i >= 4)
			FUZZ_CHECK(strtoll(tok, NULL, 10) == field[i], "field %d '%s' stored as %lld", i, tok,
			    field[i]);
	FUZZ_CHECK(i == 12, "accepted %d fields", i);
	free(copy);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cafe_event ev, back;
	char *line, text[512], again[512];
	int n;

	/* The reader hands over a C string: the input up to its first NUL is the line. */
	if ((line = malloc(size + 1)) == NULL)
		return 0;
	memcpy(line, data, size);
	line[size] = '\0';
	if (cafe_event_parse(line, &ev) == 0) {
		fuzz_event_valid(&ev);
		fuzz_event_same_numbers(line, &ev);
		n = cafe_event_format(&ev, text, sizeof text);
		FUZZ_CHECK(n > 0 && (size_t)n < sizeof text, "format gave %d", n);
		FUZZ_CHECK(cafe_event_parse(text, &back) == 0, "'%s' (from '%s') does not parse", text, line);
		FUZZ_CHECK(fuzz_event_eq(&ev, &back), "'%s' reads back as another event than '%s'", text, line);
		/* The formatted line is the canonical one: formatting what it decodes to gives it back. */
		cafe_event_format(&back, again, sizeof again);
		FUZZ_CHECK(strcmp(text, again) == 0, "'%s' formats as '%s'", text, again);
	}
	free(line);
	return 0;
}
