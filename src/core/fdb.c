// SPDX-License-Identifier: GPL-2.0-or-later
/* fdb.c - bounded, keyed MAC learning table aged on a monotonic clock
 *
 * DOC: Theory of operation
 *
 * The table maps (MAC, VLAN) to the port the address was last seen on. It is
 * a chained hash over a fixed pool of entries allocated once: learning takes
 * an entry from the free list and never allocates, so a guest flooding random
 * source addresses can fill the table but not grow it. When the pool (or the
 * port's own share, see fdb_set_port_max()) is used up, new addresses are
 * refused and the caller counts that; frames to unknown addresses are simply
 * flooded, which is what a switch does anyway.
 *
 * Buckets are chosen with SipHash-2-4 under a secret key, because guests pick
 * their own MACs and could otherwise pile every entry into one chain.
 *
 * Time is passed in by the caller (milliseconds, monotonic). An entry is live
 * while now - seen < age; at exactly age it is expired. Lookups ignore expired
 * entries even before fdb_expire() has swept them, so aging is exact to the
 * millisecond whatever the sweep interval. An age of 0 disables aging.
 */

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/fdb.h"

#define FDB_NONE	UINT32_MAX

struct fdb_entry {
	uint8_t mac[6];
	uint16_t vlan;
	uint32_t next;		/* next in bucket chain, or in the free list */
	uint32_t port;		/* FDB_NONE when the entry is free */
	uint64_t seen_ms;
};

struct fdb {
	struct siphash_key key;
	uint64_t age_ms;
	unsigned cap;		/* entries allocated */
	unsigned max;		/* entries allowed, <= cap */
	unsigned count;
	unsigned max_ports;
	uint32_t mask;		/* buckets - 1 */
	uint32_t free;
	uint32_t *buckets;
	struct fdb_entry *entries;
	unsigned *port_count;
	unsigned *port_max;	/* 0: no per-port bound */
};

static uint32_t fdb_hash(const struct fdb *fdb, const uint8_t *mac, uint16_t vlan)
{
	uint8_t k[8];

	memcpy(k, mac, 6);
	k[6] = (uint8_t)(vlan >> 8);
	k[7] = (uint8_t)vlan;
	return (uint32_t)siphash24(&fdb->key, k, sizeof(k)) & fdb->mask;
}

static bool fdb_entry_is_live(const struct fdb *fdb, const struct fdb_entry *e, uint64_t now_ms)
{
	return !fdb->age_ms || now_ms - e->seen_ms < fdb->age_ms;
}

static int fdb_alloc_pool(struct fdb *fdb, unsigned cap)
{
	uint32_t nb = 1;

	while (nb < cap && nb < (1U << 31))
		nb <<= 1;
	fdb->buckets = malloc(sizeof(*fdb->buckets) * nb);
	fdb->entries = calloc(cap, sizeof(*fdb->entries));
	if (!fdb->buckets || !fdb->entries) {
		free(fdb->buckets);
		free(fdb->entries);
		return -ENOMEM;
	}
	for (uint32_t i = 0; i < nb; i++)
		fdb->buckets[i] = FDB_NONE;
	for (unsigned i = 0; i < cap; i++) {
		fdb->entries[i].port = FDB_NONE;
		fdb->entries[i].next = i + 1 < cap ? i + 1 : FDB_NONE;
	}
	fdb->free = 0;
	fdb->mask = nb - 1;
	fdb->cap = cap;
	fdb->count = 0;
	return 0;
}

/**
 * fdb_new() - Create a table with a fixed number of entries
 * @max_entries:	bound on learned addresses, 1..FDB_MAX_LIMIT
 * @max_ports:		port numbers are 0..max_ports-1
 * @age_ms:		age after which an entry expires, 0 for never
 * @key:		secret hash key (from getrandom() in production)
 *
 * Return: the table (caller frees with fdb_free()), NULL with errno set
 */
struct fdb *fdb_new(unsigned max_entries, unsigned max_ports, uint64_t age_ms,
		    const struct siphash_key *key)
{
	struct fdb *fdb;

	if (!max_entries || max_entries > FDB_MAX_LIMIT || !max_ports) {
		errno = EINVAL;
		return NULL;
	}
	fdb = calloc(1, sizeof(*fdb));
	if (!fdb)
		return NULL;
	fdb->key = *key;
	fdb->age_ms = age_ms;
	fdb->max_ports = max_ports;
	fdb->port_count = calloc(max_ports, sizeof(*fdb->port_count));
	fdb->port_max = calloc(max_ports, sizeof(*fdb->port_max));
	if (!fdb->port_count || !fdb->port_max || fdb_alloc_pool(fdb, max_entries)) {
		fdb_free(fdb);
		errno = ENOMEM;
		return NULL;
	}
	fdb->max = max_entries;
	return fdb;
}

/**
 * fdb_free() - Free a table
 * @fdb:	table, may be NULL
 */
void fdb_free(struct fdb *fdb)
{
	if (!fdb)
		return;
	free(fdb->buckets);
	free(fdb->entries);
	free(fdb->port_count);
	free(fdb->port_max);
	free(fdb);
}

static struct fdb_entry *fdb_find(const struct fdb *fdb, uint32_t b, const uint8_t *mac,
				  uint16_t vlan)
{
	for (uint32_t i = fdb->buckets[b]; i != FDB_NONE; i = fdb->entries[i].next) {
		struct fdb_entry *e = &fdb->entries[i];

		if (e->vlan == vlan && !memcmp(e->mac, mac, 6))
			return e;
	}
	return NULL;
}

static void fdb_unlink(struct fdb *fdb, uint32_t idx)
{
	struct fdb_entry *e = &fdb->entries[idx];
	uint32_t *pp = &fdb->buckets[fdb_hash(fdb, e->mac, e->vlan)];

	while (*pp != idx)
		pp = &fdb->entries[*pp].next;
	*pp = e->next;

	fdb->port_count[e->port]--;
	fdb->count--;
	e->port = FDB_NONE;
	e->next = fdb->free;
	fdb->free = idx;
}

/**
 * fdb_learn() - Learn or refresh a source MAC
 * @fdb:		table
 * @mac:		source address (caller has rejected multicast sources)
 * @vlan:		VLAN ID, 0 untagged
 * @port:		ingress port
 * @now_ms:		current time
 * @old_port:		set to the previous port on FDB_MOVED (may be NULL)
 * @old_seen_ms:	set to the previous sighting on FDB_MOVED (may be NULL)
 *
 * Return: what happened, see enum fdb_learn_result
 */
enum fdb_learn_result fdb_learn(struct fdb *fdb, const uint8_t *mac, uint16_t vlan,
				unsigned port, uint64_t now_ms,
				unsigned *old_port, uint64_t *old_seen_ms)
{
	uint32_t b = fdb_hash(fdb, mac, vlan);
	struct fdb_entry *e = fdb_find(fdb, b, mac, vlan);
	enum fdb_learn_result ret;
	uint32_t idx;

	if (e && e->port == port) {
		e->seen_ms = now_ms;
		return FDB_REFRESHED;
	}
	if (fdb->port_max[port] && fdb->port_count[port] >= fdb->port_max[port])
		return FDB_PORT_FULL;
	if (e) {
		ret = FDB_LEARNED;
		if (fdb_entry_is_live(fdb, e, now_ms)) {
			if (old_port)
				*old_port = e->port;
			if (old_seen_ms)
				*old_seen_ms = e->seen_ms;
			ret = FDB_MOVED;
		}
		fdb->port_count[e->port]--;
		fdb->port_count[port]++;
		e->port = port;
		e->seen_ms = now_ms;
		return ret;
	}
	if (fdb->count >= fdb->max || fdb->free == FDB_NONE)
		return FDB_FULL;

	idx = fdb->free;
	e = &fdb->entries[idx];
	fdb->free = e->next;
	memcpy(e->mac, mac, 6);
	e->vlan = vlan;
	e->port = port;
	e->seen_ms = now_ms;
	e->next = fdb->buckets[b];
	fdb->buckets[b] = idx;
	fdb->count++;
	fdb->port_count[port]++;
	return FDB_LEARNED;
}

/**
 * fdb_lookup() - Port a destination MAC lives on
 * @fdb:	table
 * @mac:	destination address
 * @vlan:	VLAN ID, 0 untagged
 * @now_ms:	current time: an expired entry is not returned
 *
 * Return: port number, or -ENOENT
 */
int fdb_lookup(const struct fdb *fdb, const uint8_t *mac, uint16_t vlan, uint64_t now_ms)
{
	const struct fdb_entry *e = fdb_find(fdb, fdb_hash(fdb, mac, vlan), mac, vlan);

	if (!e || !fdb_entry_is_live(fdb, e, now_ms))
		return -ENOENT;
	return (int)e->port;
}

/**
 * fdb_flush_port() - Forget every address learned on a port
 * @fdb:	table
 * @port:	port that went away
 *
 * Return: number of entries removed
 */
unsigned fdb_flush_port(struct fdb *fdb, unsigned port)
{
	unsigned n = 0;

	if (port >= fdb->max_ports)
		return 0;
	for (uint32_t i = 0; i < fdb->cap && fdb->port_count[port]; i++) {
		if (fdb->entries[i].port == port) {
			fdb_unlink(fdb, i);
			n++;
		}
	}
	fdb->port_max[port] = 0;
	return n;
}

/**
 * fdb_expire() - Remove entries not seen for the aging time
 * @fdb:	table
 * @now_ms:	current time
 *
 * Return: number of entries removed
 */
unsigned fdb_expire(struct fdb *fdb, uint64_t now_ms)
{
	unsigned n = 0;

	for (uint32_t i = 0; i < fdb->cap; i++) {
		struct fdb_entry *e = &fdb->entries[i];

		if (e->port != FDB_NONE && !fdb_entry_is_live(fdb, e, now_ms)) {
			fdb_unlink(fdb, i);
			n++;
		}
	}
	return n;
}

/**
 * fdb_set_age() - Change the aging time; applies to existing entries too
 * @fdb:	table
 * @age_ms:	new age, 0 for never
 */
void fdb_set_age(struct fdb *fdb, uint64_t age_ms)
{
	fdb->age_ms = age_ms;
}

/**
 * fdb_get_age() - Aging time
 * @fdb:	table
 *
 * Return: milliseconds, 0 for never
 */
uint64_t fdb_get_age(const struct fdb *fdb)
{
	return fdb->age_ms;
}

/**
 * fdb_set_max() - Change the bound on entries
 * @fdb:		table
 * @max_entries:	new bound, 1..FDB_MAX_LIMIT
 *
 * Lowering the bound keeps existing entries (they age out) and refuses new
 * ones until the count is below it. Raising it past the allocated pool
 * reallocates and rehashes: a control-path operation, never per frame.
 *
 * Return: 0, -EINVAL, -ENOMEM (the table is then unchanged)
 */
int fdb_set_max(struct fdb *fdb, unsigned max_entries)
{
	struct fdb_entry *old;
	uint32_t *old_buckets;
	unsigned old_cap, old_mask;
	uint32_t old_free;
	unsigned old_count;

	if (!max_entries || max_entries > FDB_MAX_LIMIT)
		return -EINVAL;
	if (max_entries <= fdb->cap) {
		fdb->max = max_entries;
		return 0;
	}

	old = fdb->entries;
	old_buckets = fdb->buckets;
	old_cap = fdb->cap;
	old_mask = fdb->mask;
	old_free = fdb->free;
	old_count = fdb->count;
	if (fdb_alloc_pool(fdb, max_entries)) {
		fdb->entries = old;
		fdb->buckets = old_buckets;
		fdb->cap = old_cap;
		fdb->mask = old_mask;
		fdb->free = old_free;
		fdb->count = old_count;
		return -ENOMEM;
	}
	for (unsigned i = 0; i < old_cap; i++) {
		struct fdb_entry *o = &old[i], *e;
		uint32_t idx, b;

		if (o->port == FDB_NONE)
			continue;
		idx = fdb->free;
		e = &fdb->entries[idx];
		fdb->free = e->next;
		*e = *o;
		b = fdb_hash(fdb, e->mac, e->vlan);
		e->next = fdb->buckets[b];
		fdb->buckets[b] = idx;
		fdb->count++;
	}
	free(old);
	free(old_buckets);
	fdb->max = max_entries;
	return 0;
}

/**
 * fdb_get_max() - Bound on entries
 * @fdb:	table
 *
 * Return: the bound
 */
unsigned fdb_get_max(const struct fdb *fdb)
{
	return fdb->max;
}

/**
 * fdb_set_port_max() - Bound the addresses one port may hold
 * @fdb:	table
 * @port:	port
 * @max:	bound, 0 for none (only the table's bound applies)
 *
 * Return: 0 or -EINVAL
 */
int fdb_set_port_max(struct fdb *fdb, unsigned port, unsigned max)
{
	if (port >= fdb->max_ports)
		return -EINVAL;
	fdb->port_max[port] = max;
	return 0;
}

/**
 * fdb_count() - Entries in use (live or not yet swept)
 * @fdb:	table
 *
 * Return: count
 */
unsigned fdb_count(const struct fdb *fdb)
{
	return fdb->count;
}

/**
 * fdb_port_count() - Entries held by one port
 * @fdb:	table
 * @port:	port
 *
 * Return: count
 */
unsigned fdb_port_count(const struct fdb *fdb, unsigned port)
{
	return port < fdb->max_ports ? fdb->port_count[port] : 0;
}

/**
 * fdb_next() - Iterate over live entries
 * @fdb:	table
 * @pos:	cursor, start at 0
 * @now_ms:	current time (expired entries are skipped)
 * @out:	the entry
 *
 * Return: true with @out filled, false at the end
 */
bool fdb_next(const struct fdb *fdb, unsigned *pos, uint64_t now_ms, struct fdb_info *out)
{
	for (; *pos < fdb->cap; (*pos)++) {
		const struct fdb_entry *e = &fdb->entries[*pos];

		if (e->port == FDB_NONE || !fdb_entry_is_live(fdb, e, now_ms))
			continue;
		memcpy(out->mac, e->mac, 6);
		out->vlan = e->vlan;
		out->port = e->port;
		out->age_ms = now_ms - e->seen_ms;
		(*pos)++;
		return true;
	}
	return false;
}
