/* replay.c: a main without libFuzzer that feeds corpus files to a harness, so make check replays the seeds with any compiler. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

/* Reads the whole file; NULL on error. A zero-byte file is a valid input: size 0. */
static uint8_t *
replay_read(const char *path, size_t *size)
{
	FILE *fp = fopen(path, "rb");
	uint8_t *buf = NULL;
	size_t n = 0, cap = 0;

	if (fp == NULL)
		return NULL;
	for (;;) {
		if (n == cap) {
			uint8_t *p = realloc(buf, cap = cap * 2 + 4096);
			if (p == NULL)
				break;
			buf = p;
		}
		size_t got = fread(buf + n, 1, cap - n, fp);
		n += got;
		if (got == 0)
			break;
	}
	if (ferror(fp)) {
		free(buf);
		buf = NULL;
	}
	fclose(fp);
	*size = n;
	return buf;
}

static int
replay_file(const char *path)
{
	size_t size;
	uint8_t *data = replay_read(path, &size);

	if (data == NULL) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		return -1;
	}
	/* What libFuzzer would hand over: an exact-size buffer, so ASan catches reads past its end. */
	uint8_t *exact = malloc(size > 0 ? size : 1);
	if (exact == NULL) {
		free(data);
		return -1;
	}
	memcpy(exact, data, size);
	free(data);
	LLVMFuzzerTestOneInput(exact, size);
	free(exact);
	printf("ok %s\n", path);
	return 0;
}

static int
replay_name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every regular file in dir, in name order so that runs are repeatable; the count, or -1. */
static int
replay_dir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = NULL;
	size_t n = 0;
	int count = 0;

	if (d == NULL) {
		fprintf(stderr, "replay: %s: %s\n", dir, strerror(errno));
		return -1;
	}
	while ((e = readdir(d)) != NULL) {
		char **p;
		if (e->d_name[0] == '.')
			continue;
		if ((p = realloc(names, (n + 1) * sizeof *names)) == NULL ||
		    (p[n] = malloc(strlen(dir) + strlen(e->d_name) + 2)) == NULL) {
			closedir(d);
			return -1;
		}
		names = p;
		sprintf(names[n++], "%s/%s", dir, e->d_name);
	}
	closedir(d);
	if (n > 0)
		qsort(names, n, sizeof *names, replay_name_cmp);
	for (size_t i = 0; i < n; i++) {
		struct stat st;
		if (count >= 0 && stat(names[i], &st) == 0 && S_ISREG(st.st_mode))
			count = replay_file(names[i]) == 0 ? count + 1 : -1;
		free(names[i]);
	}
	free(names);
	return count;
}

/*
 * Arguments are files or folders of inputs; with none, the harness's seed
 * corpus in $TOP_SRCDIR (what make check runs). Exit 0 when every input ran.
 */
int
main(int argc, char **argv)
{
	char def[4096];
	char *defv[] = { argv[0], def, NULL };
	int total = 0;

	if (argc < 2) {
		const char *top = getenv("TOP_SRCDIR");
		snprintf(def, sizeof def, "%s/tests/fuzz/corpus/%s", top != NULL ? top : ".", fuzz_name);
		argv = defv;
		argc = 2;
	}
	for (int i = 1; i < argc; i++) {
		struct stat st;
		int n;
		if (stat(argv[i], &st) < 0) {
			fprintf(stderr, "replay: %s: %s\n", argv[i], strerror(errno));
			return 1;
		}
		n = S_ISDIR(st.st_mode) ? replay_dir(argv[i]) : replay_file(argv[i]) == 0 ? 1 : -1;
		if (n < 0)
			return 1;
		total += n;
	}
	if (total == 0) {
		fprintf(stderr, "replay: no inputs\n");
		return 1;
	}
	printf("%s: %d inputs replayed without a fault\n", fuzz_name, total);
	return 0;
}
