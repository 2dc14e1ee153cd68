// SPDX-License-Identifier: GPL-2.0-or-later
/* test_fdb.c - MAC table: learning, aging at exact boundaries, bounds, moves */

#include <errno.h>

#include "core/fdb.h"
#include "unit.h"

static const struct siphash_key key = { { 0x1234, 0x5678 } };

static void mac_n(uint8_t *m, unsigned n)
{
	m[0] = 0x52;
	m[1] = 0x54;
	m[2] = (uint8_t)(n >> 24);
	m[3] = (uint8_t)(n >> 16);
	m[4] = (uint8_t)(n >> 8);
	m[5] = (uint8_t)n;
}

TEST(fdb_learn_and_lookup)
{
	struct fdb *f = fdb_new(16, 8, 1000, &key);
	uint8_t a[6], b[6];

	mac_n(a, 1);
	mac_n(b, 2);
	CHECK_EQ(fdb_lookup(f, a, 0, 0), -ENOENT);
	CHECK_EQ(fdb_learn(f, a, 0, 3, 0, NULL, NULL), FDB_LEARNED);
	CHECK_EQ(fdb_learn(f, a, 0, 3, 10, NULL, NULL), FDB_REFRESHED);
	CHECK_EQ(fdb_lookup(f, a, 0, 10), 3);
	CHECK_EQ(fdb_lookup(f, b, 0, 10), -ENOENT);
	/* same MAC on another VLAN is another entry */
	CHECK_EQ(fdb_lookup(f, a, 5, 10), -ENOENT);
	CHECK_EQ(fdb_learn(f, a, 5, 4, 10, NULL, NULL), FDB_LEARNED);
	CHECK_EQ(fdb_lookup(f, a, 5, 10), 4);
	CHECK_EQ(fdb_lookup(f, a, 0, 10), 3);
	CHECK_EQ(fdb_count(f), 2);
	CHECK_EQ(fdb_port_count(f, 3), 1);
	CHECK_EQ(fdb_port_count(f, 4), 1);
	fdb_free(f);
}

TEST(fdb_aging_exact_boundary)
{
	struct fdb *f = fdb_new(16, 8, 300000, &key);
	uint8_t a[6];

	mac_n(a, 7);
	CHECK_EQ(fdb_learn(f, a, 0, 1, 1000, NULL, NULL), FDB_LEARNED);
	/* live while now - seen < age */
	CHECK_EQ(fdb_lookup(f, a, 0, 1000 + 299999), 1);
	CHECK_EQ(fdb_expire(f, 1000 + 299999), 0);
	/* expired at exactly age, before and after a sweep */
	CHECK_EQ(fdb_lookup(f, a, 0, 1000 + 300000), -ENOENT);
	CHECK_EQ(fdb_expire(f, 1000 + 300000), 1);
	CHECK_EQ(fdb_count(f), 0);
	CHECK_EQ(fdb_port_count(f, 1), 0);
	fdb_free(f);
}

TEST(fdb_refresh_extends_life)
{
	struct fdb *f = fdb_new(16, 8, 100, &key);
	uint8_t a[6];

	mac_n(a, 9);
	fdb_learn(f, a, 0, 1, 0, NULL, NULL);
	fdb_learn(f, a, 0, 1, 99, NULL, NULL);
	CHECK_EQ(fdb_lookup(f, a, 0, 198), 1);
	CHECK_EQ(fdb_lookup(f, a, 0, 199), -ENOENT);
	fdb_free(f);
}

TEST(fdb_age_zero_never_expires)
{
	struct fdb *f = fdb_new(4, 4, 0, &key);
	uint8_t a[6];

	mac_n(a, 1);
	fdb_learn(f, a, 0, 2, 0, NULL, NULL);
	CHECK_EQ(fdb_lookup(f, a, 0, UINT64_MAX / 2), 2);
	CHECK_EQ(fdb_expire(f, UINT64_MAX / 2), 0);
	fdb_free(f);
}

TEST(fdb_bound_refuses_and_recovers)
{
	struct fdb *f = fdb_new(100, 4, 1000, &key);
	uint8_t m[6];
	unsigned learned = 0, full = 0;

	for (unsigned i = 0; i < 1000; i++) {
		mac_n(m, i);
		switch (fdb_learn(f, m, 0, 1, 0, NULL, NULL)) {
		case FDB_LEARNED:
			learned++;
			break;
		case FDB_FULL:
			full++;
			break;
		default:
			CHECK(0);
		}
	}
	CHECK_EQ(learned, 100);
	CHECK_EQ(full, 900);
	CHECK_EQ(fdb_count(f), 100);
	/* earlier entries still resolve; refused ones do not */
	mac_n(m, 5);
	CHECK_EQ(fdb_lookup(f, m, 0, 1), 1);
	mac_n(m, 500);
	CHECK_EQ(fdb_lookup(f, m, 0, 1), -ENOENT);
	/* once they age out there is room again */
	CHECK_EQ(fdb_expire(f, 1000), 100);
	CHECK_EQ(fdb_learn(f, m, 0, 2, 1000, NULL, NULL), FDB_LEARNED);
	fdb_free(f);
}

TEST(fdb_moves_between_ports)
{
	struct fdb *f = fdb_new(16, 8, 1000, &key);
	uint8_t a[6];
	unsigned old = 0;
	uint64_t seen = 0;

	mac_n(a, 3);
	fdb_learn(f, a, 0, 1, 10, NULL, NULL);
	CHECK_EQ(fdb_learn(f, a, 0, 2, 20, &old, &seen), FDB_MOVED);
	CHECK_EQ(old, 1);
	CHECK_EQ(seen, 10);
	CHECK_EQ(fdb_lookup(f, a, 0, 20), 2);
	CHECK_EQ(fdb_port_count(f, 1), 0);
	CHECK_EQ(fdb_port_count(f, 2), 1);
	CHECK_EQ(fdb_count(f), 1);
	/* an expired entry re-learned elsewhere is not a move */
	CHECK_EQ(fdb_learn(f, a, 0, 3, 20 + 1000, &old, &seen), FDB_LEARNED);
	CHECK_EQ(fdb_lookup(f, a, 0, 1020), 3);
	fdb_free(f);
}

TEST(fdb_flush_port_removes_all_its_macs)
{
	struct fdb *f = fdb_new(64, 8, 1000, &key);
	uint8_t m[6];

	for (unsigned i = 0; i < 20; i++) {
		mac_n(m, i);
		fdb_learn(f, m, 0, i % 2 ? 1 : 2, 0, NULL, NULL);
	}
	CHECK_EQ(fdb_flush_port(f, 1), 10);
	CHECK_EQ(fdb_count(f), 10);
	for (unsigned i = 0; i < 20; i++) {
		mac_n(m, i);
		CHECK_EQ(fdb_lookup(f, m, 0, 0), i % 2 ? -ENOENT : 2);
	}
	CHECK_EQ(fdb_flush_port(f, 1), 0);
	CHECK_EQ(fdb_flush_port(f, 99), 0);
	fdb_free(f);
}

TEST(fdb_port_bound)
{
	struct fdb *f = fdb_new(64, 8, 1000, &key);
	uint8_t m[6];

	CHECK_EQ(fdb_set_port_max(f, 1, 3), 0);
	CHECK_EQ(fdb_set_port_max(f, 8, 3), -EINVAL);
	for (unsigned i = 0; i < 3; i++) {
		mac_n(m, i);
		CHECK_EQ(fdb_learn(f, m, 0, 1, 0, NULL, NULL), FDB_LEARNED);
	}
	mac_n(m, 3);
	CHECK_EQ(fdb_learn(f, m, 0, 1, 0, NULL, NULL), FDB_PORT_FULL);
	/* other ports are not affected */
	CHECK_EQ(fdb_learn(f, m, 0, 2, 0, NULL, NULL), FDB_LEARNED);
	/* known addresses on the capped port still refresh */
	mac_n(m, 0);
	CHECK_EQ(fdb_learn(f, m, 0, 1, 5, NULL, NULL), FDB_REFRESHED);
	fdb_free(f);
}

TEST(fdb_set_max_grows_and_keeps_entries)
{
	struct fdb *f = fdb_new(8, 4, 1000, &key);
	uint8_t m[6];

	for (unsigned i = 0; i < 8; i++) {
		mac_n(m, i);
		CHECK_EQ(fdb_learn(f, m, 0, 1, 0, NULL, NULL), FDB_LEARNED);
	}
	mac_n(m, 8);
	CHECK_EQ(fdb_learn(f, m, 0, 1, 0, NULL, NULL), FDB_FULL);
	CHECK_EQ(fdb_set_max(f, 100), 0);
	CHECK_EQ(fdb_learn(f, m, 0, 1, 0, NULL, NULL), FDB_LEARNED);
	for (unsigned i = 0; i <= 8; i++) {
		mac_n(m, i);
		CHECK_EQ(fdb_lookup(f, m, 0, 0), 1);
	}
	CHECK_EQ(fdb_set_max(f, 0), -EINVAL);
	CHECK_EQ(fdb_set_max(f, 4), 0);
	mac_n(m, 50);
	CHECK_EQ(fdb_learn(f, m, 0, 1, 0, NULL, NULL), FDB_FULL);
	fdb_free(f);
}

TEST(fdb_iterate_live_entries)
{
	struct fdb *f = fdb_new(16, 8, 1000, &key);
	struct fdb_info e;
	uint8_t m[6];
	unsigned pos = 0, n = 0;

	mac_n(m, 1);
	fdb_learn(f, m, 0, 1, 0, NULL, NULL);
	mac_n(m, 2);
	fdb_learn(f, m, 7, 2, 500, NULL, NULL);
	while (fdb_next(f, &pos, 1200, &e)) {
		n++;
		CHECK_EQ(e.port, 2);
		CHECK_EQ(e.vlan, 7);
		CHECK_EQ(e.age_ms, 700);
		CHECK_MEM(e.mac, m, 6);
	}
	CHECK_EQ(n, 1);
	fdb_free(f);
}

TEST(fdb_rejects_bad_sizes)
{
	CHECK(fdb_new(0, 4, 1, &key) == NULL);
	CHECK(fdb_new(FDB_MAX_LIMIT + 1, 4, 1, &key) == NULL);
	CHECK(fdb_new(4, 0, 1, &key) == NULL);
	fdb_free(NULL);
}
