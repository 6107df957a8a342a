/* atomicfile.c: mkstemp beside the target, rename over it at the end; a run that fails or is interrupted leaves no half file. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atomicfile.h"

static void
atomicfile_free(struct cafe_atomicfile *af)
{
	free(af->path);
	free(af->tmp);
	memset(af, 0, sizeof *af);
}

int
cafe_atomicfile_open(struct cafe_atomicfile *af, const char *path)
{
	const char *slash = strrchr(path, '/');
	size_t dirlen = slash != NULL ? (size_t)(slash - path + 1) : 0;
	size_t len = strlen(path) + sizeof "/..XXXXXX";
	struct stat st;
	mode_t mask;
	int fd, e;

	memset(af, 0, sizeof *af);
	/* A folder cannot be replaced by a file: say so now, not after the run. */
	if (path[0] == '\0' || path[strlen(path) - 1] == '/' ||
	    (stat(path, &st) == 0 && S_ISDIR(st.st_mode))) {
		errno = EISDIR;
		return -1;
	}
	if ((af->path = strdup(path)) == NULL || (af->tmp = malloc(len)) == NULL) {
		atomicfile_free(af);
		errno = ENOMEM;
		return -1;
	}
	/* Same folder, so the rename stays on one file system and is atomic. */
	snprintf(af->tmp, len, "%.*s.%s.XXXXXX", (int)dirlen, path, path + dirlen);
	if ((fd = mkstemp(af->tmp)) < 0) {
		e = errno;
		atomicfile_free(af);
		errno = e;
		return -1;
	}
	/* mkstemp makes it private (0600); the file it becomes is an ordinary one. */
	mask = umask(0);
	umask(mask);
	fchmod(fd, 0666 & ~mask);
	if ((af->fp = fdopen(fd, "w")) == NULL) {
		e = errno;
		close(fd);
		unlink(af->tmp);
		atomicfile_free(af);
		errno = e;
		return -1;
	}
	return 0;
}

int
cafe_atomicfile_commit(struct cafe_atomicfile *af)
{
	int bad = fflush(af->fp) != 0 || ferror(af->fp);
	int e = errno;

	if (fclose(af->fp) != 0 && !bad) {
		bad = 1;
		e = errno;
	}
	af->fp = NULL;
	if (!bad && rename(af->tmp, af->path) != 0) {
		bad = 1;
		e = errno;
	}
	if (bad) {
		unlink(af->tmp);
		if (e == 0)
			e = EIO;
	}
	atomicfile_free(af);
	errno = e;
	return bad ? -1 : 0;
}

void
cafe_atomicfile_abort(struct cafe_atomicfile *af)
{
	if (af->fp != NULL)
		fclose(af->fp);
	if (af->tmp != NULL)
		unlink(af->tmp);
	atomicfile_free(af);
}
