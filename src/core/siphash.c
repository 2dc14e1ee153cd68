// SPDX-License-Identifier: GPL-2.0-or-later
/* siphash.c - SipHash-2-4 (Aumasson, Bernstein), as specified in the 2012 paper
 *
 * Guests choose their MAC addresses, so a table keyed by an unkeyed hash lets
 * a guest aim all its entries at one bucket. A keyed PRF with a secret drawn
 * at start-up takes that away.
 */

#include "core/siphash.h"

#define ROTL(x, b)	(((x) << (b)) | ((x) >> (64 - (b))))

#define SIPROUND(v0, v1, v2, v3)					\
	do {								\
		v0 += v1; v1 = ROTL(v1, 13); v1 ^= v0; v0 = ROTL(v0, 32); \
		v2 += v3; v3 = ROTL(v3, 16); v3 ^= v2;			\
		v0 += v3; v3 = ROTL(v3, 21); v3 ^= v0;			\
		v2 += v1; v1 = ROTL(v1, 17); v1 ^= v2; v2 = ROTL(v2, 32); \
	} while (0)

static uint64_t load_le64(const uint8_t *p)
{
	uint64_t v = 0;

	for (int i = 7; i >= 0; i--)
		v = (v << 8) | p[i];
	return v;
}

/**
 * siphash24() - SipHash-2-4 of a byte string
 * @key:	secret key
 * @data:	input
 * @len:	input length in bytes
 *
 * Return: 64-bit hash
 */
uint64_t siphash24(const struct siphash_key *key, const void *data, size_t len)
{
	uint64_t v0 = 0x736f6d6570736575ULL ^ key->k[0];
	uint64_t v1 = 0x646f72616e646f6dULL ^ key->k[1];
	uint64_t v2 = 0x6c7967656e657261ULL ^ key->k[0];
	uint64_t v3 = 0x7465646279746573ULL ^ key->k[1];
	const uint8_t *p = data;
	size_t left = len;
	uint64_t m, b;

	for (; left >= 8; p += 8, left -= 8) {
		m = load_le64(p);
		v3 ^= m;
		SIPROUND(v0, v1, v2, v3);
		SIPROUND(v0, v1, v2, v3);
		v0 ^= m;
	}

	b = (uint64_t)len << 56;
	for (size_t i = 0; i < left; i++)
		b |= (uint64_t)p[i] << (8 * i);

	v3 ^= b;
	SIPROUND(v0, v1, v2, v3);
	SIPROUND(v0, v1, v2, v3);
	v0 ^= b;

	v2 ^= 0xff;
	for (int i = 0; i < 4; i++)
		SIPROUND(v0, v1, v2, v3);

	return v0 ^ v1 ^ v2 ^ v3;
}
