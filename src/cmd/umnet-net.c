// SPDX-License-Identifier: GPL-2.0-or-later
/* umnet-net.c - host network set-up for guests from one file: command line */

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "cli/netcli.h"
#include "net/apply.h"
#include "sys/log.h"

#include "version.h"

static void usage(FILE *f, int status)
{
	fprintf(f,
"Usage: umnet-net [OPTION]... COMMAND FILE\n"
"Host networking for UML and QEMU guests from one configuration file:\n"
"bridged onto the LAN, a private subnet with NAT, or routed with proxy ARP.\n"
"\n"
"Commands:\n");
	cli_cmds_print(f, netcli_cmds, netcli_cmds_len);
	fprintf(f,
"\n"
"Options:\n"
"  -D, --define NAME=VALUE  set macro NAME, overriding the file's\n"
"  -s, --state-dir DIR      state files, pidfiles, locks (default " NET_STATE_DIR_DEFAULT ")\n"
"      --switch PATH        umnet-switch to start (default: beside umnet-net)\n"
"  -j, --json               status as JSON\n"
"  -q, --quiet              up, down: do not print the steps taken\n"
"  -h, --help               this help\n"
"  -V, --version            version\n"
"\n"
"See umnet-net(8) for the file format.\n");
	exit(status);
}

int main(int argc, char **argv)
{
	static const struct option lopts[] = {
		{ "define", required_argument, NULL, 'D' },
		{ "state-dir", required_argument, NULL, 's' },
		{ "switch", required_argument, NULL, 'S' },
		{ "json", no_argument, NULL, 'j' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ 0 },
	};
	static struct netcli_opts o;
	char err[128];
	int c, ret;

	log_init("umnet-net", false);
	netcli_opts_init(&o);
	while ((c = getopt_long(argc, argv, "+D:s:jqhV", lopts, NULL)) != -1) {
		switch (c) {
		case 'D':
			if (netcli_define(&o, optarg, err, sizeof(err)))
				die("-D: %s", err);
			break;
		case 's':
			if (optarg[0] != '/')
				die("--state-dir: '%s' is not an absolute path", optarg);
			o.state_dir = optarg;
			break;
		case 'S':
			if (snprintf(o.switch_bin, sizeof(o.switch_bin), "%s", optarg) >=
			    (int)sizeof(o.switch_bin))
				die("--switch: path too long");
			break;
		case 'j':
			o.json = true;
			break;
		case 'q':
			o.quiet = true;
			break;
		case 'h':
			usage(stdout, EXIT_SUCCESS);
			break;
		case 'V':
			printf("umnet-net %s\n", UMNET_VERSION);
			return EXIT_SUCCESS;
		default:
			usage(stderr, EXIT_FAILURE);
		}
	}
	if (optind >= argc)
		usage(stderr, EXIT_FAILURE);
	ret = netcli_run(&o, argc - optind, argv + optind);
	if (ret == NETCLI_USAGE)
		usage(stderr, EXIT_FAILURE);
	return ret;
}
