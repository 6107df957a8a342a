/* atomicfile.h: an output file that is complete or absent: written beside its target, renamed into place at the end. */
#ifndef CAFE_ATOMICFILE_H
#define CAFE_ATOMICFILE_H

#include <stdio.h>

struct cafe_atomicfile {
	FILE	*fp;		/* write here */
	char	*path;		/* the target */
	char	*tmp;		/* the temporary beside it, ".NAME.XXXXXX" */
};

/* Creates the temporary in path's folder (mkstemp); 0, or -1 with errno set. */
int	 cafe_atomicfile_open(struct cafe_atomicfile *, const char *path);
/*
 * Flushes and closes the temporary and renames it over the target: a
 * symlink there is replaced, never followed. 0, or -1 with errno set (the
 * temporary is removed, the target left as it was).
 */
int	 cafe_atomicfile_commit(struct cafe_atomicfile *);
/* Closes and removes the temporary; the target stays as it was. */
void	 cafe_atomicfile_abort(struct cafe_atomicfile *);

#endif
