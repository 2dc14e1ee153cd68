/* SPDX-License-Identifier: GPL-2.0-or-later */
/* host.h - umnet-helper's checks against a snapshot of the host's links, addresses, routes
 *
 * Pure: the snapshot is filled by the caller (snapshot_load(), sys/snapshot.c),
 * so every decision can be tested without privileges.
 */
#ifndef UMNET_HELPER_HOST_H
#define UMNET_HELPER_HOST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sys/snapshot.h"

#define HELPER_PROXY_IFACES_MAX	32	/* host interfaces one address is published on */
#define HELPER_WHY_MAX		160	/* a refusal's reason */

int helper_host_check_tap(const struct nl_link *l, uint32_t uid, bool any_owner,
			  char *why, size_t size);
int helper_host_check_gate(const struct snapshot *h, uint32_t gate, char *why, size_t size);
int helper_host_check_claim(const struct snapshot *h, int tap, uint32_t addr,
			    char *why, size_t size);
bool helper_host_is_claimed(const struct snapshot *h, int tap, uint32_t addr);
bool helper_host_tap_has_claims(const struct snapshot *h, int tap, uint32_t except);
int helper_host_proxy_ifaces(const struct snapshot *h, int tap, uint32_t addr,
			     int *ifindex, size_t max);

#endif /* UMNET_HELPER_HOST_H */
