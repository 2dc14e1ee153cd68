// SPDX-License-Identifier: GPL-2.0-or-later
/* uml_switch.c - uml_switch-compatible front-end: classic single-dash options */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "daemon/switchd.h"
#include "sys/log.h"
#include "version.h"

#define UML_SWITCH_DEFAULT_CTL	"/tmp/uml.ctl"

static void usage(FILE *f, int status)
{
	fprintf(f,
"Usage: uml_switch [ -unix control-socket ] [ -hub ] [ -tap tap-device ] [ -daemon ]\n"
"umnet's uml_switch: the classic options, served by umnet-switch.\n"
"Default control socket: " UML_SWITCH_DEFAULT_CTL ". See umnet-switch(8) for more.\n");
	exit(status);
}

int main(int argc, char **argv)
{
	struct switchd_config cfg;

	log_init("uml_switch", false);
	switchd_config_init(&cfg);
	cfg.version = UMNET_VERSION;
	cfg.quit_on_stdin_eof = true;	/* as uml_switch: EOF on a terminal stops it */

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "-unix")) {
			if (++i >= argc)
				usage(stderr, EXIT_FAILURE);
			if (switchd_config_listen(&cfg, LISTEN_UML, argv[i]))
				die("-unix: at most %u", SWITCHD_MAX_LISTEN);
			/* "-unix CTL DATA" is the -compat-v0 form; DATA names a shared
			 * data socket that per-port sockets make unnecessary */
			if (i + 1 < argc && argv[i + 1][0] != '-') {
				warn("-unix: ignoring data socket '%s': every port gets its own",
				     argv[i + 1]);
				i++;
			}
		} else if (!strcmp(a, "-hub")) {
			cfg.hub = true;
		} else if (!strcmp(a, "-tap")) {
			if (++i >= argc)
				usage(stderr, EXIT_FAILURE);
			if (cfg.n_tap >= SWITCHD_MAX_TAPS)
				die("-tap: at most %u", SWITCHD_MAX_TAPS);
			cfg.tap[cfg.n_tap++] = argv[i];
		} else if (!strcmp(a, "-daemon")) {
			cfg.daemonize = true;
		} else if (!strcmp(a, "-compat-v0")) {
			die("-compat-v0: version 0 clients are not supported (UML has sent "
			    "version 3 requests since 2.4)");
		} else if (!strcmp(a, "-help") || !strcmp(a, "--help") || !strcmp(a, "-h")) {
			usage(stdout, EXIT_SUCCESS);
		} else {
			fprintf(stderr, "uml_switch: unknown option '%s'\n", a);
			usage(stderr, EXIT_FAILURE);
		}
	}
	if (!cfg.n_listen)
		switchd_config_listen(&cfg, LISTEN_UML, UML_SWITCH_DEFAULT_CTL);
	return switchd_run(&cfg) ? EXIT_FAILURE : EXIT_SUCCESS;
}
