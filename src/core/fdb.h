/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fdb.h - bounded, keyed MAC learning table aged on a monotonic clock */
#ifndef UMNET_FDB_H
#define UMNET_FDB_H

#include <stdbool.h>
#include <stdint.h>

#include "core/siphash.h"

#define FDB_AGE_DEFAULT_MS	(300 * 1000U)
#define FDB_MAX_DEFAULT		8192U
#define FDB_MAX_LIMIT		(1U << 22)

struct fdb;

enum fdb_learn_result {
	FDB_REFRESHED,		/* known on this port: time refreshed */
	FDB_LEARNED,		/* new entry */
	FDB_MOVED,		/* was live on another port, now here */
	FDB_FULL,		/* table at its bound: not learned */
	FDB_PORT_FULL,		/* the port reached its own bound: not learned */
};

/**
 * struct fdb_info - one entry as seen from outside
 * @mac:	address
 * @vlan:	VLAN ID, 0 untagged
 * @port:	port it was last seen on
 * @age_ms:	time since last seen
 */
struct fdb_info {
	uint8_t mac[6];
	uint16_t vlan;
	unsigned port;
	uint64_t age_ms;
};

struct fdb *fdb_new(unsigned max_entries, unsigned max_ports, uint64_t age_ms,
		    const struct siphash_key *key);
void fdb_free(struct fdb *fdb);
enum fdb_learn_result fdb_learn(struct fdb *fdb, const uint8_t *mac, uint16_t vlan,
				unsigned port, uint64_t now_ms,
				unsigned *old_port, uint64_t *old_seen_ms);
int fdb_lookup(const struct fdb *fdb, const uint8_t *mac, uint16_t vlan, uint64_t now_ms);
unsigned fdb_flush_port(struct fdb *fdb, unsigned port);
unsigned fdb_expire(struct fdb *fdb, uint64_t now_ms);
void fdb_set_age(struct fdb *fdb, uint64_t age_ms);
uint64_t fdb_get_age(const struct fdb *fdb);
int fdb_set_max(struct fdb *fdb, unsigned max_entries);
unsigned fdb_get_max(const struct fdb *fdb);
int fdb_set_port_max(struct fdb *fdb, unsigned port, unsigned max);
unsigned fdb_count(const struct fdb *fdb);
unsigned fdb_port_count(const struct fdb *fdb, unsigned port);
bool fdb_next(const struct fdb *fdb, unsigned *pos, uint64_t now_ms, struct fdb_info *out);

#endif /* UMNET_FDB_H */
