// SPDX-License-Identifier: GPL-2.0-or-later
/* umnet-ctl.c - look at and steer a running umnet-switch: command line */

#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli/ctlcli.h"
#include "core/cmdparse.h"

#include "version.h"

static void usage(FILE *f, int status)
{
	fprintf(f,
"Usage: umnet-ctl [-s SOCKET] [-j] COMMAND [ARGUMENTS]\n"
"Look at and steer a running umnet-switch.\n"
"\n"
"  -s, --socket PATH   the switch's management socket, or its control socket\n"
"                      or VDE directory (PATH.mgmt or PATH/mgmt is then used);\n"
"                      default $UMNET_MGMT, else " CTLCLI_DEFAULT_SOCK "\n"
"  -j, --json          JSON output (show commands)\n"
"  -h, --help          this help\n"
"  -V, --version       version\n"
"\n"
"Commands:\n");
	for (unsigned i = 0; i < cmd_table_len; i++)
		fprintf(f, "  %s\n", cmd_table[i].help);
	fprintf(f,
"\n"
"capture [PORT|all] [-w FILE|-] [-f FILTER] [-c COUNT]\n"
"  writes a pcap stream (default: standard output, not a terminal), e.g.\n"
"  umnet-ctl capture -w - | tshark -r -\n");
	exit(status);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "socket", required_argument, NULL, 's' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ 0 },
	};
	const char *sock = NULL;
	bool json = false;
	int c;

	while ((c = getopt_long(argc, argv, "+s:jhV", opts, NULL)) != -1) {
		switch (c) {
		case 's':
			sock = optarg;
			break;
		case 'j':
			json = true;
			break;
		case 'h':
			usage(stdout, EXIT_SUCCESS);
			break;
		case 'V':
			printf("umnet-ctl %s, management protocol %d\n", UMNET_VERSION,
			       CMD_PROTOCOL_VERSION);
			return EXIT_SUCCESS;
		default:
			usage(stderr, EXIT_FAILURE);
		}
	}
	argc -= optind;
	argv += optind;
	if (argc < 1)
		usage(stderr, EXIT_FAILURE);
	return ctlcli_run(sock, json, argc, argv);
}
