/* main.c: corocafe's entry point: options, then the café headless or on screen. */
#include "config.h"

#include <errno.h>
#include <sys/resource.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "atomicfile.h"
#include "clock.h"
#include "closeout.h"
#include "cnum.h"
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
	struct cafe_atomicfile trace = { NULL, NULL, NULL };
	struct cafe_record *rec = NULL;
	char err[256];
	int64_t t0 = cafe_mono_ns();
	int rc;

	/* Before any file is opened: a closed stdout must not become the trace. */
	if (cafe_closeout_std_fds() < 0)
		return 1;
	/* Before any thread: a write to a closed pipe or a dead worker fails with EPIPE instead of killing us. */
	signal(SIGPIPE, SIG_IGN);
	setlocale(LC_ALL, "");
#ifdef ENABLE_NLS
	/* COROCAFE_LOCALEDIR: the tests read the translations from the build tree, before make install. */
	const char *localedir = getenv("COROCAFE_LOCALEDIR");
	bindtextdomain(PACKAGE, localedir != NULL && localedir[0] != '\0' ? localedir : LOCALEDIR);
	textdomain(PACKAGE);
#endif
	if ((rc = cafe_options_parse(&o, argc, argv, stderr)) != 0) {
		cafe_settings_free(&o.s);
		return cafe_closeout(rc);
	}
	if (o.help || o.version) {
		if (o.help)
			cafe_options_help(stdout);
		else
			cafe_options_version(stdout);
		cafe_settings_free(&o.s);
		return cafe_closeout(0);
	}
	if (o.trace != NULL && cafe_atomicfile_open(&trace, o.trace) < 0) {
		fprintf(stderr, _("corocafe: --trace: cannot write '%s': %s\n"), o.trace, strerror(errno));
		cafe_settings_free(&o.s);
		return cafe_closeout(2);
	}
	if (!o.headless && !o.compare && (!isatty(STDOUT_FILENO) || !isatty(STDIN_FILENO))) {
		fprintf(stderr, "corocafe: %s\n", _("not a terminal: the café needs one to draw on; "
		    "use --headless to print the run instead"));
		cafe_settings_free(&o.s);
		return cafe_closeout(2);
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
			    o.ideal, trace.fp, &sum);
		} else if ((rc = cafe_headless_run(&o.s, stdout, o.quiet, trace.fp, rec, &sum)) == 0) {
			cafe_headless_print_summary(stdout, &o.s, &sum, o.ideal);
		}
		if (o.stats) {
			struct rusage ru;
			double wall = (cafe_mono_ns() - t0) / 1e9;
			char line[160];
			getrusage(RUSAGE_SELF, &ru);
			/* Read by make bench: C-locale numbers. */
			cafe_cnum_snprintf(line, sizeof line, "stats: events=%llu wall_s=%.3f events_per_s=%.0f "
			    "maxrss_kb=%ld\n", (unsigned long long)sum.events, wall, sum.events / wall, ru.ru_maxrss);
			fputs(line, stderr);
		}
	} else {
		struct cafe_ui_opts uo = {
			o.record, o.replay, o.model_given, o.pause_at_us, o.tour, { o.race[0], o.race[1] },
			o.stats ? stderr : NULL, t0
		};
		rc = cafe_ui_run(&o.s, &uo);
	}
	if (rec != NULL && cafe_record_close(rec, err, sizeof err) < 0) {
		fprintf(stderr, "corocafe: %s: %s\n", o.record, err);
		rc = rc ? rc : 1;
	}
	/* Complete or absent: only a run that succeeded, its output all written, leaves a trace. */
	if (trace.fp != NULL && rc == 0 && cafe_closeout_check(stdout) == 0) {
		if (cafe_atomicfile_commit(&trace) < 0) {
			fprintf(stderr, _("corocafe: --trace: cannot write '%s': %s\n"), o.trace, strerror(errno));
			rc = 1;
		}
	} else if (trace.fp != NULL) {
		cafe_atomicfile_abort(&trace);
	}
	cafe_settings_free(&o.s);
	return cafe_closeout(rc);
}
