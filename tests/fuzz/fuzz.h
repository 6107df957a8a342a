/* fuzz.h: what every harness defines, for libFuzzer and for the replay main that make check runs. */
#ifndef CAFE_FUZZ_H
#define CAFE_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

/* The harness's name: its seeds are in tests/fuzz/corpus/<fuzz_name>. */
extern const char fuzz_name[];

/* One input; returns 0 (libFuzzer's contract). A fault is an abort or a sanitizer report. */
int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/*
 * Aborts with what broke when cond is false: assert(3) would vanish under
 * NDEBUG, and a harness's checks must hold in every build.
 */
#define FUZZ_CHECK(cond, ...) do {						\
	if (!(cond)) {								\
		fprintf(stderr, "%s: %s:%d: check failed: %s: ", fuzz_name,	\
		    __FILE__, __LINE__, #cond);					\
		fprintf(stderr, __VA_ARGS__);					\
		fputc('\n', stderr);						\
		abort();							\
	}									\
} while (0)

#endif
