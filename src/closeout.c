/* closeout.c: a program whose output was lost must not exit 0: standard descriptors guarded at start, stdout and stderr checked at exit. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "closeout.h"
#include "i18n.h"

/* The first write error seen on stdout: by exit the stream only knows that one happened. */
static int closeout_errno;

int
cafe_closeout_std_fds(void)
{
	for (int fd = 0; fd <= 2; fd++) {
		if (fcntl(fd, F_GETFD) >= 0 || errno != EBADF)
			continue;
		/* The lowest free descriptor is this one: the ones below it are open. */
		int nul = open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY);
		if (nul != fd) {
			if (nul >= 0)
				close(nul);
			return -1;
		}
	}
	return 0;
}

int
cafe_closeout_check(FILE *fp)
{
	if (fflush(fp) == 0 && !ferror(fp))
		return 0;
	if (fp == stdout && closeout_errno == 0)
		closeout_errno = errno != 0 ? errno : EIO;
	return -1;
}

int
cafe_closeout(int status)
{
	int failed = cafe_closeout_check(stdout) < 0;

	/* fclose can fail on its own too: a full disk seen only at the last flush. */
	if (fclose(stdout) != 0 && !failed) {
		failed = 1;
		closeout_errno = errno;
	}
	if (failed)
		fprintf(stderr, "corocafe: %s: %s\n", _("write error"), strerror(closeout_errno));
	/* Unbuffered, stderr fails at each write and fclose need not say so again. */
	if (ferror(stderr) || fclose(stderr) != 0)
		failed = 1;
	return failed && status == 0 ? 1 : status;
}
