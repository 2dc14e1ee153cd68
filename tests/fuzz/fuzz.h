/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fuzz.h - what the libFuzzer harnesses share: an input reader and a checked assert
 *
 * A harness turns its input into calls of the real code under test and
 * checks invariants after each one. A broken invariant aborts, which
 * libFuzzer reports as a crash with the input that caused it.
 */
#ifndef UMNET_FUZZ_H
#define UMNET_FUZZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Unlike assert(), never compiled out */
#define FUZZ_CHECK(cond)							\
	do {									\
		if (!(cond)) {							\
			fprintf(stderr, "%s:%d: invariant broken: %s\n",	\
				__FILE__, __LINE__, #cond);			\
			abort();						\
		}								\
	} while (0)

/**
 * struct fuzz_in - the fuzzer's bytes, read front to back
 * @p:		next byte
 * @n:		bytes left
 *
 * Reading past the end yields zeros, so every input is a valid program.
 */
struct fuzz_in {
	const uint8_t *p;
	size_t n;
};

static inline uint8_t fuzz_u8(struct fuzz_in *in)
{
	if (!in->n)
		return 0;
	in->n--;
	return *in->p++;
}

static inline uint16_t fuzz_u16(struct fuzz_in *in)
{
	uint16_t v = fuzz_u8(in);

	return (uint16_t)(v << 8 | fuzz_u8(in));
}

static inline uint32_t fuzz_u32(struct fuzz_in *in)
{
	uint32_t v = fuzz_u16(in);

	return v << 16 | fuzz_u16(in);
}

/* Copy up to @n bytes; the rest of @out is zeroed. Return: bytes copied */
static inline size_t fuzz_bytes(struct fuzz_in *in, uint8_t *out, size_t n)
{
	size_t k = n < in->n ? n : in->n;

	memcpy(out, in->p, k);
	memset(out + k, 0, n - k);
	in->p += k;
	in->n -= k;
	return k;
}

static inline bool fuzz_is_done(const struct fuzz_in *in)
{
	return !in->n;
}

#endif /* UMNET_FUZZ_H */
