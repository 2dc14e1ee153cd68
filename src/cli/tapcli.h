/* SPDX-License-Identifier: GPL-2.0-or-later */
/* tapcli.h - TUN/TAP on the command line: tunctl compatibility and `umnet tap` */
#ifndef UMNET_TAPCLI_H
#define UMNET_TAPCLI_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "sys/nl.h"

/**
 * struct tapcli_tunctl - a tunctl command line
 * @clone_dev:	-f, NULL for /dev/net/tun
 * @name:	-t or -d: name or template, NULL to let the kernel choose
 * @del:	-d: clear persistence
 * @brief:	-b: print only the name
 * @tun:	-n: TUN (IP) instead of TAP (Ethernet)
 * @owner:	-u: uid, -1 for none
 * @group:	-g: gid, -1 for none
 */
struct tapcli_tunctl {
	const char *clone_dev;
	const char *name;
	bool del;
	bool brief;
	bool tun;
	long owner;
	long group;
};

/**
 * struct tapcli_add - an `umnet tap add` command line
 * @name:	name or template, NULL to let the kernel choose
 * @clone_dev:	clone device, NULL for /dev/net/tun
 * @master:	bridge to enslave the device to, NULL for none
 * @tun:	TUN instead of TAP
 * @multi_queue: IFF_MULTI_QUEUE
 * @has_owner:	@owner set
 * @has_group:	@group set
 * @owner:	uid that may attach
 * @group:	gid whose members may attach
 * @mtu:	MTU, 0 for the default
 * @has_mac:	@mac set
 * @mac:	hardware address
 * @up:		1 bring up, 0 leave down
 */
struct tapcli_add {
	const char *name;
	const char *clone_dev;
	const char *master;
	bool tun;
	bool multi_queue;
	bool has_owner;
	bool has_group;
	uint32_t owner;
	uint32_t group;
	unsigned mtu;
	bool has_mac;
	uint8_t mac[ADDR_ETH_ALEN];
	int up;
};

int tapcli_tunctl_id(const char *s, bool group, long *id);
int tapcli_tunctl_parse(struct tapcli_tunctl *t, int argc, char **argv, FILE *errf);
int tapcli_tunctl_main(int argc, char **argv);
int tapcli_add_parse(struct tapcli_add *a, int argc, char **argv, FILE *errf);
void tapcli_link_json(FILE *f, const struct nl_link *l, const char *master);
void tapcli_link_text(FILE *f, const struct nl_link *l, const char *master);
int tapcli_main(int argc, char **argv);

#endif /* UMNET_TAPCLI_H */
