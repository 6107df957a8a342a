/* main.c: corocafe's entry point: options, then the café headless or on screen. */
#include "config.h"

#include <errno.h>
#include <sys/resource.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "clock.h"
#include "headless.h"
#include "i18n.h"
#include "options.h"
#include "ui.h"

int
main(int argc, char **argv)
{
	struct cafe_options o;
	struct cafe_summary sum = { 0 };	/* --stats reads it even when a run fails early */
	FILE *trace = NULL;
	int64_t t0 = cafe_mono_ns();
	int rc;

	/* Before any thread: a write to a closed pipe or a dead worker fails with EPIPE instead of killing us. */
	signal(SIGPIPE, SIG_IGN);
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
	if (o.compare) {
		rc = cafe_headless_compare(&o.s, stdout, o.ideal);
	} else if (o.headless) {
		rc = cafe_headless_run(&o.s, stdout, o.quiet, trace, &sum);
		if (rc == 0)
			cafe_headless_print_summary(stdout, &o.s, &sum, o.ideal);
		if (o.stats) {
			struct rusage ru;
			double wall = (cafe_mono_ns() - t0) / 1e9;
			getrusage(RUSAGE_SELF, &ru);
			fprintf(stderr, "stats: events=%llu wall_s=%.3f events_per_s=%.0f maxrss_kb=%ld\n",
			    (unsigned long long)sum.events, wall, sum.events / wall, ru.ru_maxrss);
		}
	} else {
		rc = cafe_ui_run(&o.s, o.stats ? stderr : NULL, t0);
	}
	if (trace != NULL && fclose(trace) != 0 && rc == 0)
		rc = 1;
	cafe_settings_free(&o.s);
	return rc;
}
