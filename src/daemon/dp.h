/* SPDX-License-Identifier: GPL-2.0-or-later */
/* dp.h - the switch's datapath: the port table, batched receive and send around the core */
#ifndef UMNET_DP_H
#define UMNET_DP_H

#include <stdbool.h>
#include <stdint.h>

#include "core/secfilter.h"

struct capture_set;
struct dp;
struct loop;
struct port;
struct sw;

/**
 * struct dp_config - what the datapath is made with
 * @max_ports:	port numbers 1..this
 * @max_macs:	MAC table bound
 * @age_ms:	MAC aging time, 0 for never
 * @hub:	hub mode
 * @port_sec:	port security for ports named in advance (kept, not copied)
 * @n_port_sec:	entries in @port_sec
 */
struct dp_config {
	unsigned max_ports;
	unsigned max_macs;
	uint64_t age_ms;
	bool hub;
	const struct secfilter_port *port_sec;
	unsigned n_port_sec;
};

struct dp *dp_new(const struct dp_config *cfg, struct loop *loop);
void dp_free(struct dp *dp);

unsigned dp_port_id_alloc(const struct dp *dp, unsigned want);
int dp_port_add(struct dp *dp, struct port *p);
void dp_port_close(struct dp *dp, struct port *p, const char *why);
int dp_port_del(struct dp *dp, unsigned id);
int dp_tap_add(struct dp *dp, const char *dev, unsigned *id);
int dp_tap_del(struct dp *dp, const char *dev);

const struct port *dp_port(const struct dp *dp, unsigned id);
unsigned dp_max_ports(const struct dp *dp);
unsigned dp_port_count(const struct dp *dp);
struct sw *dp_sw(struct dp *dp);
struct capture_set *dp_captures(struct dp *dp);

bool dp_rx_more(struct dp *dp);
void dp_tick(struct dp *dp, uint64_t now_ms);
void dp_dump(struct dp *dp);

#endif /* UMNET_DP_H */
