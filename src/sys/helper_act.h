/* SPDX-License-Identifier: GPL-2.0-or-later */
/* helper_act.h - umnet-helper's system side: process hygiene, identity, policy file,
 * privileges, replies
 */
#ifndef UMNET_HELPER_ACT_H
#define UMNET_HELPER_ACT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "sys/helper_host.h"
#include "sys/helper_policy.h"
#include "sys/helper_req.h"

struct nl;

#define HELPER_NAME_BYTES	64	/* storage for one user or group name */

/**
 * struct helper_ident - the caller, with storage for the names in @who
 * @who:	as the policy sees it
 * @gid:	real gid
 * @user:	storage for @who.user
 * @groups:	storage for @who.groups
 */
struct helper_ident {
	struct helper_who who;
	gid_t gid;
	char user[HELPER_NAME_BYTES];
	char groups[HELPER_GROUPS_MAX][HELPER_NAME_BYTES];
};


enum helper_stdout {
	HELPER_STDOUT_OTHER,	/* a terminal, file or pipe (a person): plain text */
	HELPER_STDOUT_STREAM,	/* AF_UNIX SOCK_STREAM: length-prefixed text */
	HELPER_STDOUT_DGRAM,	/* AF_UNIX SOCK_DGRAM: the tuntap reply */
};

int helper_sanitize(void);
int helper_ident_load(struct helper_ident *id);
int helper_policy_load(const char *path, struct helper_policy *pol, char *err, size_t errsize);
int helper_priv_drop(uid_t uid, gid_t gid, bool keep_net_admin);
enum helper_stdout helper_stdout_kind(void);

bool helper_slip_is_available(void);

int helper_reply_tap(int sock, const char *ifname, const struct helper_out *o, int tapfd);
int helper_reply_text(int fd, enum helper_stdout kind, const struct helper_out *o);

#endif /* UMNET_HELPER_ACT_H */
