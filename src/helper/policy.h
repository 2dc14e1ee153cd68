/* SPDX-License-Identifier: GPL-2.0-or-later */
/* policy.h - umnet-helper's policy file: who may make TAPs and claim which addresses
 *
 * Pure but for helper_policy_load(): the file's text comes in as a buffer,
 * identities as a struct. The format is described in policy.c and in
 * umnet-helper(8).
 */
#ifndef UMNET_HELPER_POLICY_H
#define UMNET_HELPER_POLICY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifndef UMNET_HELPER_CONF
#define UMNET_HELPER_CONF	"/etc/umnet/helper.conf"
#endif

#define HELPER_POLICY_MAX_BYTES	65536	/* a bigger file is refused */
#define HELPER_LINE_MAX		255	/* bytes per line, newline excluded */
#define HELPER_RULES_MAX	64	/* user and group blocks */
#define HELPER_RANGES_MAX	32	/* gateway (or guest) ranges per block */
#define HELPER_NAME_MAX		32	/* user or group name */
#define HELPER_GROUPS_MAX	64	/* groups of the caller that are looked at */
#define HELPER_ERR_MAX		256	/* "file:line: message" */

/**
 * struct helper_range - an IPv4 prefix from the policy
 * @addr:	network address, host byte order, host bits zero
 * @plen:	prefix length, 0..32
 * @line:	line of the policy file it came from
 */
struct helper_range {
	uint32_t addr;
	unsigned plen;
	unsigned line;
};

enum helper_rule_kind {
	HELPER_RULE_USER,
	HELPER_RULE_GROUP,
};

/**
 * struct helper_rule - one "user" or "group" block
 * @kind:	user or group
 * @by_id:	@id names the user or group, otherwise @name
 * @id:		uid or gid
 * @name:	user or group name
 * @line:	line of the "user"/"group" keyword
 * @n_gateways:	entries in @gateways
 * @n_guests:	entries in @guests
 * @gateways:	addresses the members may put on their TAPs ("tuntap up GATE")
 * @guests:	addresses the members' guests may claim ("add TAP ADDR MASK")
 */
struct helper_rule {
	enum helper_rule_kind kind;
	bool by_id;
	uint32_t id;
	char name[HELPER_NAME_MAX + 1];
	unsigned line;
	unsigned n_gateways;
	unsigned n_guests;
	struct helper_range gateways[HELPER_RANGES_MAX];
	struct helper_range guests[HELPER_RANGES_MAX];
};

/**
 * struct helper_policy - a parsed policy file
 * @ip_forward:	turn on net.ipv4.ip_forward when a TAP is made
 * @n_rules:	entries in @rules
 * @rules:	the blocks, in file order
 */
struct helper_policy {
	bool ip_forward;
	unsigned n_rules;
	struct helper_rule rules[HELPER_RULES_MAX];
};

/**
 * struct helper_who - the user asking, as the policy sees them
 * @uid:	real uid
 * @user:	user name, NULL if the uid has none
 * @n_groups:	entries in @gids and @groups
 * @gids:	real gid and supplementary groups
 * @groups:	their names, NULL where a gid has none
 */
struct helper_who {
	uint32_t uid;
	const char *user;
	unsigned n_groups;
	uint32_t gids[HELPER_GROUPS_MAX];
	const char *groups[HELPER_GROUPS_MAX];
};

void helper_policy_init(struct helper_policy *pol);
int helper_policy_parse(struct helper_policy *pol, const char *buf, size_t len,
			const char *fname, char *err, size_t errsize);
void helper_policy_print(const struct helper_policy *pol, FILE *f);
int helper_policy_load(const char *path, struct helper_policy *pol, char *err, size_t errsize);

bool helper_policy_allows_user(const struct helper_policy *pol, const struct helper_who *who);
bool helper_policy_allows_gateway(const struct helper_policy *pol, const struct helper_who *who,
				  uint32_t addr);
bool helper_policy_allows_guest(const struct helper_policy *pol, const struct helper_who *who,
				uint32_t addr);

int helper_range_parse(const char *s, struct helper_range *r);
bool helper_range_contains(const struct helper_range *r, uint32_t addr);
bool helper_ranges_overlap(const struct helper_range *a, const struct helper_range *b);
bool helper_addr_is_unicast(uint32_t addr);

#endif /* UMNET_HELPER_POLICY_H */
