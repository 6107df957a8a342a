/* options.c: getopt_long parsing with strict value checks; every bad value is named in one line. */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cnum.h"
#include "i18n.h"
#include "model.h"
#include "options.h"

enum {
	OPT_SPEED = 256, OPT_GIL, OPT_NO_GIL, OPT_SWITCH, OPT_TAKE, OPT_GRIND, OPT_BREW,
	OPT_SERVE, OPT_ARRIVAL, OPT_SPAWN, OPT_HEADLESS, OPT_COMPARE, OPT_TRACE, OPT_QUIET,
	OPT_BLOCK_LOOP, OPT_IDEAL, OPT_STATS, OPT_RECORD, OPT_REPLAY, OPT_PAUSE_AT, OPT_GRINDER, OPT_IPC, OPT_TOUR, OPT_RACE
};

static const struct option options_long[] = {
	{ "model", required_argument, NULL, 'm' },
	{ "orders", required_argument, NULL, 'n' },
	{ "workers", required_argument, NULL, 'w' },
	{ "speed", required_argument, NULL, OPT_SPEED },
	{ "gil", no_argument, NULL, OPT_GIL },
	{ "no-gil", no_argument, NULL, OPT_NO_GIL },
	{ "switch-interval", required_argument, NULL, OPT_SWITCH },
	{ "take", required_argument, NULL, OPT_TAKE },
	{ "grind", required_argument, NULL, OPT_GRIND },
	{ "brew", required_argument, NULL, OPT_BREW },
	{ "serve", required_argument, NULL, OPT_SERVE },
	{ "arrival", required_argument, NULL, OPT_ARRIVAL },
	{ "spawn-cost", required_argument, NULL, OPT_SPAWN },
	{ "block-loop", no_argument, NULL, OPT_BLOCK_LOOP },
	{ "grinder", required_argument, NULL, OPT_GRINDER },
	{ "ipc-cost", required_argument, NULL, OPT_IPC },
	{ "headless", no_argument, NULL, OPT_HEADLESS },
	{ "compare", no_argument, NULL, OPT_COMPARE },
	{ "quiet", no_argument, NULL, OPT_QUIET },
	{ "ideal", no_argument, NULL, OPT_IDEAL },
	{ "stats", no_argument, NULL, OPT_STATS },
	{ "trace", required_argument, NULL, OPT_TRACE },
	{ "record", required_argument, NULL, OPT_RECORD },
	{ "replay", required_argument, NULL, OPT_REPLAY },
	{ "pause-at", required_argument, NULL, OPT_PAUSE_AT },
	{ "tour", no_argument, NULL, OPT_TOUR },
	{ "race", required_argument, NULL, OPT_RACE },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 }
};

/* "--take" for OPT_TAKE: the option's name, however it was spelled on the command line. */
static const char *
options_name(int c, char *buf, size_t len)
{
	for (const struct option *p = options_long; p->name != NULL; p++)
		if (p->val == c) {
			snprintf(buf, len, "--%s", p->name);
			return buf;
		}
	return "?";
}

static int
options_fail(FILE *err, const char *fmt, const char *what, const char *value)
{
	fputs("corocafe: ", err);
	fprintf(err, fmt, what, value);
	fputc('\n', err);
	fputs(_("Try 'corocafe --help' for more information.\n"), err);
	return 2;
}

/* Names the one drink that is not on the menu, or the bad count. */
static int
options_orders_fail(FILE *err, const char *arg)
{
	char item[64];

	if (arg[0] >= '0' && arg[0] <= '9')
		return options_fail(err, _("%s: bad order count '%s' (1 to 1000000)"), "--orders", arg);
	for (const char *p = arg;; p++) {
		const char *end = strchr(p, ',');
		size_t len = end != NULL ? (size_t)(end - p) : strlen(p);
		snprintf(item, sizeof item, "%.*s", (int)len, p);
		if (len == 0 || cafe_drink_from_name(item) < 0) {
			fprintf(err, "corocafe: --orders: ");
			if (len == 0)
				fprintf(err, _("empty drink in '%s'"), arg);
			else
				fprintf(err, _("unknown drink '%s' in '%s' (the menu: latte, americano, "
				    "cappuccino, mocha, flat-white)"), item, arg);
			fprintf(err, "\n%s", _("Try 'corocafe --help' for more information.\n"));
			return 2;
		}
		if (end == NULL)
			break;
		p = end;
	}
	return options_fail(err, _("%s: bad order list '%s'"), "--orders", arg);
}

static int
options_int(const char *arg, long lo, long hi, int *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(arg, &end, 10);
	if (arg[0] == '\0' || *end != '\0' || errno != 0 || v < lo || v > hi)
		return -1;
	*out = (int)v;
	return 0;
}

static int
options_double(const char *arg, double lo, double hi, double *out)
{
	char *end;
	double v;

	errno = 0;
	/* "0.5" everywhere: a command line must not mean another thing under another locale. */
	v = cafe_cnum_strtod(arg, &end);
	if (arg[0] == '\0' || *end != '\0' || errno != 0 || !isfinite(v) || v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

int
cafe_options_parse(struct cafe_options *o, int argc, char **argv, FILE *err)
{
	static const int dur_phase[] = {
		[OPT_TAKE - OPT_TAKE] = CAFE_PH_TAKE, [OPT_GRIND - OPT_TAKE] = CAFE_PH_GRIND,
		[OPT_BREW - OPT_TAKE] = CAFE_PH_BREW, [OPT_SERVE - OPT_TAKE] = CAFE_PH_SERVE
	};
	const char *changed = NULL;	/* the last option that changes the café, which a recording fixes */
	char changed_buf[32];
	char range[96];
	int c;

	memset(o, 0, sizeof *o);
	o->pause_at_us = -1;
	cafe_settings_init(&o->s);
	opterr = 0;
	optind = 0;	/* also resets getopt's state, so tests may parse many times */
	while ((c = getopt_long(argc, argv, ":m:n:w:hV", options_long, NULL)) != -1) {
		const char *name = optind > 0 && optind <= argc ? argv[optind - 1] : "?";
		if (c == 'n' || c == 'w' || (c >= OPT_SPEED && c <= OPT_SPAWN) || c == OPT_BLOCK_LOOP || c == OPT_GRINDER ||
		    c == OPT_IPC)
			changed = options_name(c, changed_buf, sizeof changed_buf);
		switch (c) {
		case 'm':
			o->model_given = 1;
			if ((o->s.act = cafe_model_find(optarg)) < 0)
				return options_fail(err, _("%s: unknown model '%s' (use sync, threads, "
				    "processes, async, to-thread, mixed or 1-6)"), "--model", optarg);
			break;
		case 'n':
			if (cafe_settings_set_orders(&o->s, optarg) < 0)
				return options_orders_fail(err, optarg);
			break;
		case 'w':
			if (options_int(optarg, 1, CAFE_WORKERS_MAX, &o->s.workers) < 0)
				return options_fail(err, _("%s: bad worker count '%s' (1 to 1024)"),
				    "--workers", optarg);
			break;
		case OPT_SPEED:
			if (options_double(optarg, CAFE_SPEED_MIN, CAFE_SPEED_MAX, &o->s.speed) < 0)
				return options_fail(err, _("%s: bad speed '%s' (0.05 to 100)"),
				    "--speed", optarg);
			break;
		case OPT_GIL:
			o->s.gil = 1;
			break;
		case OPT_NO_GIL:
			o->s.gil = 0;
			break;
		case OPT_SWITCH:
			if (options_double(optarg, CAFE_SWITCH_MS_MIN, CAFE_SWITCH_MS_MAX, &o->s.switch_ms) < 0)
				return options_fail(err, _("%s: bad switch interval '%s' (0.1 to 1000 ms)"),
				    "--switch-interval", optarg);
			break;
		case OPT_TAKE: case OPT_GRIND: case OPT_BREW: case OPT_SERVE:
			if (options_int(optarg, 0, CAFE_MS_MAX, &o->s.dur_ms[dur_phase[c - OPT_TAKE]]) < 0)
				return options_fail(err, _("%s: bad duration '%s' (0 to 600000 ms)"),
				    options_name(c, range, sizeof range), optarg);
			break;
		case OPT_ARRIVAL:
			if (options_int(optarg, 0, CAFE_MS_MAX, &o->s.arrival_ms) < 0)
				return options_fail(err, _("%s: bad arrival interval '%s' (0 to 600000 ms)"),
				    "--arrival", optarg);
			break;
		case OPT_SPAWN:
			if (options_int(optarg, 0, CAFE_MS_MAX, &o->s.spawn_ms) < 0)
				return options_fail(err, _("%s: bad spawn cost '%s' (0 to 600000 ms)"),
				    "--spawn-cost", optarg);
			break;
		case OPT_BLOCK_LOOP:
			o->s.block_loop = 1;
			break;
		case OPT_IPC:
			if (options_int(optarg, 0, CAFE_MS_MAX, &o->s.dur_ms[CAFE_PH_IPC]) < 0)
				return options_fail(err, _("%s: bad IPC cost '%s' (0 to 600000 ms)"),
				    "--ipc-cost", optarg);
			break;
		case OPT_GRINDER:
			if (strcmp(optarg, "blocking") != 0 && strcmp(optarg, "cpu") != 0)
				return options_fail(err, _("%s: unknown grinder '%s' (blocking or cpu)"),
				    "--grinder", optarg);
			o->s.grinder_cpu = strcmp(optarg, "cpu") == 0;
			break;
		case OPT_HEADLESS:
			o->headless = 1;
			break;
		case OPT_COMPARE:
			o->compare = 1;
			break;
		case OPT_QUIET:
			o->quiet = 1;
			break;
		case OPT_IDEAL:
			o->ideal = 1;
			break;
		case OPT_STATS:
			o->stats = 1;
			break;
		case OPT_TRACE:
			if (optarg[0] == '\0')
				return options_fail(err, _("%s: empty file name%s"), "--trace", "");
			o->trace = optarg;
			break;
		case OPT_RECORD: case OPT_REPLAY:
			if (optarg[0] == '\0')
				return options_fail(err, _("%s: empty file name%s"),
				    c == OPT_RECORD ? "--record" : "--replay", "");
			*(c == OPT_RECORD ? &o->record : &o->replay) = optarg;
			break;
		case OPT_TOUR:
			o->tour = 1;
			break;
		case OPT_RACE: {
			char a[32], b[32];
			const char *comma = strchr(optarg, ',');
			if (comma != NULL && (size_t)(comma - optarg) < sizeof a && strlen(comma + 1) < sizeof b) {
				snprintf(a, sizeof a, "%.*s", (int)(comma - optarg), optarg);
				snprintf(b, sizeof b, "%s", comma + 1);
				o->race[0] = cafe_model_find(a);
				o->race[1] = cafe_model_find(b);
			}
			if (comma == NULL || o->race[0] < 1 || o->race[1] < 1 || o->race[0] == o->race[1])
				return options_fail(err, _("%s: bad race '%s' (two different acts: 2,4 or "
				    "threads,async)"), "--race", optarg);
			break;
		}
		case OPT_PAUSE_AT: {
			double sec;
			if (options_double(optarg, 0, CAFE_MS_MAX * 1000.0, &sec) < 0)
				return options_fail(err, _("%s: bad café time '%s' (seconds, 0 or more)"),
				    "--pause-at", optarg);
			o->pause_at_us = (int64_t)(sec * 1e6 + 0.5);
			break;
		}
		case 'h':
			o->help = 1;
			break;
		case 'V':
			o->version = 1;
			break;
		case ':':
			return options_fail(err, _("%s: missing value%s"), name, "");
		default:
			return options_fail(err, _("%s: unknown option%s"), name, "");
		}
	}
	if (o->s.workers > cafe_settings_workers_max(o->s.act)) {
		snprintf(range, sizeof range, "%d", o->s.workers);
		return options_fail(err, _("%s: '%s' workers, but acts 3 and 6 fork a process per "
		    "worker: at most 64"), "--workers", range);
	}
	if (optind < argc)
		return options_fail(err, _("%s: unexpected argument%s"), argv[optind], "");
	if (o->trace != NULL && !o->headless && !o->compare)
		return options_fail(err, _("%s: works with --headless%s"), "--trace", "");
	if (o->compare && o->trace != NULL)
		return options_fail(err, _("%s: cannot be combined with --compare%s"), "--trace", "");
	/* With --replay the race plays two of its runs; --pause-at then opens both there. */
	if (o->race[0] > 0 && (o->headless || o->compare || o->tour || o->record != NULL))
		return options_fail(err, _("%s: is a screen of its own: not with --headless, --compare, "
		    "--tour or --record%s"), "--race", "");
	if (o->tour && (o->headless || o->compare))
		return options_fail(err, _("%s: is for the screen%s"), "--tour", "");
	if (o->tour && o->pause_at_us >= 0)
		return options_fail(err, _("%s: cannot be combined with --tour%s"), "--pause-at", "");
	if (o->pause_at_us >= 0 && (o->replay == NULL || o->headless || o->compare))
		return options_fail(err, _("%s: works with --replay on the screen%s"), "--pause-at", "");
	if (o->replay != NULL && o->record != NULL)
		return options_fail(err, _("%s: cannot be combined with --replay%s"), "--record", "");
	if (o->replay != NULL && changed != NULL)
		return options_fail(err, _("%s: cannot be combined with --replay%s"), changed,
		    _(": a recording keeps the settings it was made with"));
	return 0;
}

void
cafe_options_help(FILE *fp)
{
	fputs(_("Usage: corocafe [OPTION]...\n"
"The Coroutine Café: watch six concurrency models make the same coffee orders,\n"
"for real: threads, forked processes, a libev event loop, real CPU burn.\n"
"\n"
"Acts and orders:\n"
"  -m, --model=MODEL      sync, threads, processes, async, to-thread, mixed,\n"
"                         or the act number 1-6 (default: sync)\n"
"  -n, --orders=LIST      a count N (cycling the menu) or a comma list of\n"
"                         latte, americano, cappuccino, mocha, flat-white\n"
"                         (default: the five, in that order)\n"
"  -w, --workers=N        pool size: baristas, helpers (1-1024), processes (acts 3\n"
"                         and 6: 1-64); default 3\n"
"      --arrival=MS       a customer every MS café ms (default 250 in act 6, else 0)\n"
"\n"
"Time (café milliseconds; CPU phases burn the thread's own CPU clock):\n"
"      --speed=X          café time runs X times faster than wall time (0.05-100)\n"
"      --take=MS          take the order, CPU (default 100)\n"
"      --grind=MS         grind the beans, CPU (default 500)\n"
"      --brew=MS          brew, an I/O wait (default 2000)\n"
"      --serve=MS         serve, CPU (default 100)\n"
"\n"
"Emulated Python costs (these are emulations, not measurements):\n"
"      --gil, --no-gil    act 2: a CPython-style GIL serialises CPU phases\n"
"                         (on by default; --no-gil is like free-threaded Python)\n"
"      --switch-interval=MS  GIL switch interval, café ms (default 5, as CPython)\n"
"      --spawn-cost=MS    a worker process's interpreter start-up, CPU (default 50)\n"
"      --ipc-cost=MS      pickling a large payload: CPU a worker process burns to\n"
"                         unpickle each job and pickle its result (default 0)\n"
"      --block-loop       acts 5-6: make the blocking call on the loop (the wrong way)\n"
"      --grinder=KIND     act 5's old grinder: blocking (a blocking call, default)\n"
"                         or cpu (CPU work: the helper takes turns for the GIL)\n"
"\n"
"Output:\n"
"      --headless         run one act without the screen; print the log and a summary\n"
"      --quiet            with --headless: the summary only\n"
"      --compare          run all six acts headless and print one table\n"
"      --ideal            with --headless or --compare: also the ideal schedule,\n"
"                         the act's makespan with zero overhead, and the ratio\n"
"      --stats            at exit, print the program's own costs to stderr: events\n"
"                         per second, peak memory, time to draw a frame\n"
"      --trace=FILE       with --headless: write the run as Chrome trace JSON\n"
"                         (open it in Perfetto)\n"
"      --record=FILE      record every run, its settings and events, to FILE,\n"
"                         an SQLite database (see RECORDINGS in corocafe(1))\n"
"      --replay=FILE      play a recording instead of running the café: with\n"
"                         --headless its first run's log and summary (-m N: the\n"
"                         last run of act N), with --compare its table\n"
"      --pause-at=SECONDS with --replay on the screen: open paused at that café time\n"
"      --race=A,B         run acts A and B alone on the same orders, then play them\n"
"                         side by side in step: which finishes first, by how much\n"
"                         (with --replay: the recording's runs of A and B)\n"
"      --tour             the guided tour: the six acts in order, each told as the\n"
"                         seed tells it, with a question for the class before it\n"
"                         runs (with --replay: the recording's runs)\n"
"  -h, --help             show this help and exit\n"
"  -V, --version          show the version and exit\n"
"\n"
"Without --headless or --compare the café opens on the terminal; press ? there\n"
"for its keys (1-6 act, space pause, +/- speed, g GIL, w/W workers, q quit).\n"
"\n"
"Exit status: 0 on success, 1 on a run-time failure, 2 on bad usage.\n"), fp);
}

void
cafe_options_version(FILE *fp)
{
	fprintf(fp, "corocafe %s\n", PACKAGE_VERSION);
}
