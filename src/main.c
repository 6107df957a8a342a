/* main.c: corocafe's entry point: options, then the café headless or on screen. */
#include "config.h"

#include <errno.h>
#include <sys/resource.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "clock.h"
#include "headless.h"
#include "i18n.h"
#include "options.h"
#include "record.h"
#include "replay.h"
#include "ui.h"

int
main(int argc, char **argv)
{
	struct cafe_options o;
	struct cafe_summary sum = { 0 };	/* --stats reads it even when a run fails early */
	FILE *trace = NULL;
	struct cafe_record *rec = NULL;
	char err[256];
	int64_t t0 = cafe_mono_ns();
	int rc;

	setlocale(LC_ALL, "");
#ifdef HAVE_LIBINTL_H
	bindtextdomain(PACKAGE, LOCALEDIR);
	textdomain(PACKAGE);
#endif
	if ((rc = cafe_options_parse(&o, argc, argv, stderr)) != 0) {
		cafe_settings_free(&o.s);
		return rc;
	}
	if (o.help || o.version) {
		if (o.help)
			cafe_options_help(stdout);
		else
			cafe_options_version(stdout);
		cafe_settings_free(&o.s);
		return 0;
	}
	if (o.trace != NULL && (trace = fopen(o.trace, "w")) == NULL) {
		fprintf(stderr, "corocafe: --trace: cannot write '%s': %s\n", o.trace, strerror(errno));
		cafe_settings_free(&o.s);
		return 2;
	}
	if (!o.headless && !o.compare && (!isatty(STDOUT_FILENO) || !isatty(STDIN_FILENO))) {
		fprintf(stderr, "corocafe: %s\n", _("not a terminal: the café needs one to draw on; "
		    "use --headless to print the run instead"));
		if (trace != NULL)
			fclose(trace);
		cafe_settings_free(&o.s);
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	/* On the screen the UI opens the recording itself. */
	if (o.record != NULL && (o.headless || o.compare) &&
	    (rec = cafe_record_open(o.record, err, sizeof err)) == NULL) {
		fprintf(stderr, "corocafe: %s: %s\n", o.record, err);
		rc = 1;
	} else if (o.compare && o.replay != NULL) {
		rc = cafe_replay_compare(o.replay, stdout, o.ideal);
	} else if (o.compare) {
		rc = cafe_headless_compare(&o.s, stdout, o.ideal, rec);
	} else if (o.headless) {
		if (o.replay != NULL) {
			rc = cafe_replay_headless(o.replay, o.model_given ? o.s.act : 0, stdout, o.quiet,
			    o.ideal, trace, &sum);
		} else if ((rc = cafe_headless_run(&o.s, stdout, o.quiet, trace, rec, &sum)) == 0) {
			cafe_headless_print_summary(stdout, &o.s, &sum, o.ideal);
		}
		if (o.stats) {
			struct rusage ru;
			double wall = (cafe_mono_ns() - t0) / 1e9;
			getrusage(RUSAGE_SELF, &ru);
			fprintf(stderr, "stats: events=%llu wall_s=%.3f events_per_s=%.0f maxrss_kb=%ld\n",
			    (unsigned long long)sum.events, wall, sum.events / wall, ru.ru_maxrss);
		}
	} else {
		struct cafe_ui_opts uo = {
			o.record, o.replay, o.model_given, o.pause_at_us, o.stats ? stderr : NULL, t0
		};
		rc = cafe_ui_run(&o.s, &uo);
	}
	if (rec != NULL && cafe_record_close(rec, err, sizeof err) < 0) {
		fprintf(stderr, "corocafe: %s: %s\n", o.record, err);
		rc = rc ? rc : 1;
	}
	if (trace != NULL && fclose(trace) != 0 && rc == 0)
		rc = 1;
	cafe_settings_free(&o.s);
	return rc;
}
