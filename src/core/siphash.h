/* SPDX-License-Identifier: GPL-2.0-or-later */
/* siphash.h - SipHash-2-4, a keyed hash for tables whose keys peers choose */
#ifndef UMNET_SIPHASH_H
#define UMNET_SIPHASH_H

#include <stddef.h>
#include <stdint.h>

/**
 * struct siphash_key - 128-bit secret key
 * @k:	two 64-bit halves, k[0] from the first 8 key bytes (little endian)
 */
struct siphash_key {
	uint64_t k[2];
};

uint64_t siphash24(const struct siphash_key *key, const void *data, size_t len);

#endif /* UMNET_SIPHASH_H */
