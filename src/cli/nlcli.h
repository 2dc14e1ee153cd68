/* SPDX-License-Identifier: GPL-2.0-or-later */
/* nlcli.h - `umnet link|addr|route|bridge|veth|sysctl`: nl.c on the command line */
#ifndef UMNET_NLCLI_H
#define UMNET_NLCLI_H

#include <stdio.h>

#include "sys/nl.h"

/**
 * struct nlcli_route - a parsed `umnet route add|del` command line
 * @route:	the route, @route.oif still 0
 * @dev:	output device name, NULL if none
 */
struct nlcli_route {
	struct nl_route route;
	const char *dev;
};

int nlcli_route_parse(struct nlcli_route *r, int argc, char **argv, FILE *errf);
int nlcli_bridge_opts_parse(struct nl_bridge_opts *o, int argc, char **argv, FILE *errf);

int nlcli_link_main(int argc, char **argv);
int nlcli_addr_main(int argc, char **argv);
int nlcli_route_main(int argc, char **argv);
int nlcli_bridge_main(int argc, char **argv);
int nlcli_veth_main(int argc, char **argv);
int nlcli_sysctl_main(int argc, char **argv);

#endif /* UMNET_NLCLI_H */
