/* SPDX-License-Identifier: GPL-2.0-or-later */
/* netcli.h - umnet-net's commands: plan, up, down, status, check */
#ifndef UMNET_NETCLI_H
#define UMNET_NETCLI_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

#include "cli/cli.h"
#include "net/conf.h"

#define NETCLI_USAGE	(-1)	/* netcli_run(): the command line needs correcting */

/**
 * struct netcli_opts - umnet-net's options
 * @defs:	-D macros
 * @n_defs:	entries in @defs
 * @state_dir:	--state-dir
 * @switch_bin:	--switch, or umnet-switch beside this program
 * @json:	-j
 * @quiet:	-q
 */
struct netcli_opts {
	struct net_define defs[NET_MAX_DEFINES];
	size_t n_defs;
	const char *state_dir;
	char switch_bin[PATH_MAX];
	bool json;
	bool quiet;
};

extern const struct cli_cmd netcli_cmds[];
extern const size_t netcli_cmds_len;

void netcli_opts_init(struct netcli_opts *opts);
int netcli_define(struct netcli_opts *opts, const char *arg, char *err, size_t errlen);
int netcli_run(const struct netcli_opts *opts, int argc, char **argv);

#endif /* UMNET_NETCLI_H */
