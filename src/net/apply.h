/* SPDX-License-Identifier: GPL-2.0-or-later */
/* apply.h - umnet-net on the host: snapshot, executor with rollback, state file */
#ifndef UMNET_NET_APPLY_H
#define UMNET_NET_APPLY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

#include "net/conf.h"
#include "net/plan.h"
#include "net/step.h"

#define NET_STATE_DIR_DEFAULT	"/run/umnet"
#define NET_ERR_MAX		512
#define NET_SWITCH_WAIT_MS	5000	/* for a switch to write its pidfile, or to exit */

struct nl;

/**
 * struct net_exec - what the executor works with
 * @nl:		netlink handle
 * @state_dir:	directory of state files, pidfiles and locks
 * @name:	configuration name
 * @switch_bin:	umnet-switch to start
 * @out:	where steps are echoed as they are taken, NULL for nowhere
 * @err:	why the last operation failed (with the kernel's words)
 */
struct net_exec {
	struct nl *nl;
	const char *state_dir;
	const char *name;
	const char *switch_bin;
	FILE *out;
	char err[NET_ERR_MAX];
};

/* Snapshot (host.c) */
int net_host_read(struct net_exec *x, const struct net_conf *conf, struct net_host *host);
void net_host_free(struct net_host *host);
int net_switch_pidfile(const struct net_exec *x, const char *sw, char *buf, size_t size);
int net_switch_pid(const struct net_exec *x, const char *sw);
bool net_pid_is_switch(pid_t pid);

/* nftables (nft.c) */
int net_nft_run(const char *cmds, char *err, size_t err_size);
int net_nft_list_table(const char *table, char **text, char *err, size_t err_size);

/* Executor and state (apply.c) */
int net_exec_op(struct net_exec *x, const struct net_op *op, bool undo);
int net_state_path(const struct net_exec *x, const char *ext, char *buf, size_t size);
int net_state_read(const struct net_exec *x, struct net_op **ops, size_t *n);
int net_lock(const struct net_exec *x);
int net_apply(struct net_exec *x, const struct net_plan *plan);
int net_down(struct net_exec *x);

#endif /* UMNET_NET_APPLY_H */
