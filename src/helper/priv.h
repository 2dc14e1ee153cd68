/* SPDX-License-Identifier: GPL-2.0-or-later */
/* priv.h - umnet-helper's process: a clean start, who the caller is, privileges dropped for good */
#ifndef UMNET_HELPER_PRIV_H
#define UMNET_HELPER_PRIV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "helper/policy.h"

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

int helper_sanitize(void);
int helper_ident_load(struct helper_ident *id);
int helper_priv_drop(uid_t uid, gid_t gid, bool keep_net_admin);

#endif /* UMNET_HELPER_PRIV_H */
