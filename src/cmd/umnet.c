// SPDX-License-Identifier: GPL-2.0-or-later
/* umnet.c - the umnet multi-command tool: TUN/TAP devices, links, bridges, routes */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/nlcli.h"
#include "cli/tapcli.h"
#include "sys/log.h"
#include "sys/util.h"

#include "version.h"

/* Commands join here: exact keyword, entry point, one line of help */
static const struct cli_cmd cmds[] = {
	{ "tap", tapcli_main, "persistent TUN/TAP devices: add, del, list, show" },
	{ "link", nlcli_link_main, "network devices: list, show, set, del" },
	{ "bridge", nlcli_bridge_main, "bridges: add, set, del" },
	{ "veth", nlcli_veth_main, "veth pairs: add" },
	{ "addr", nlcli_addr_main, "addresses: add, del, list" },
	{ "route", nlcli_route_main, "routes: add, del, list" },
	{ "sysctl", nlcli_sysctl_main, "forward, proxy-arp" },
};

static int usage(FILE *f, int status)
{
	fprintf(f,
"Usage: umnet [-n NETNS] COMMAND [ARGS]...\n"
"Host-side networking for UML and QEMU guests.\n"
"\n"
"Commands:\n");
	cli_cmds_print(f, cmds, ARRAY_SIZE(cmds));
	fprintf(f,
"\n"
"`umnet COMMAND help` lists a command's subcommands; list and show take -j\n"
"for JSON. Errors the kernel explains are shown with its own words.\n"
"  -n, --netns NETNS  run in network namespace NETNS: a name under /run/netns\n"
"                     (as `ip netns` makes them) or a path such as /proc/PID/ns/net\n"
"  -h, --help         this help\n"
"  -V, --version      version\n");
	return status;
}

int main(int argc, char **argv)
{
	const struct cli_cmd *cmd;

	log_init("umnet", false);
	if (argc >= 2 && (!strcmp(argv[1], "-n") || !strcmp(argv[1], "--netns"))) {
		if (argc < 3) {
			err("%s needs a namespace", argv[1]);
			return usage(stderr, EXIT_FAILURE);
		}
		if (cli_netns_enter(argv[2]))
			return EXIT_FAILURE;
		argv[2] = argv[0];
		argc -= 2;
		argv += 2;
	}
	if (argc < 2)
		return usage(stderr, EXIT_FAILURE);
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") || !strcmp(argv[1], "help"))
		return usage(stdout, EXIT_SUCCESS);
	if (!strcmp(argv[1], "-V") || !strcmp(argv[1], "--version")) {
		printf("umnet %s\n", UMNET_VERSION);
		return EXIT_SUCCESS;
	}
	cmd = cli_cmd_find(cmds, ARRAY_SIZE(cmds), argv[1]);
	if (!cmd) {
		err("unknown command '%s'", argv[1]);
		return usage(stderr, EXIT_FAILURE);
	}
	return cmd->fn(argc - 1, argv + 1);
}
