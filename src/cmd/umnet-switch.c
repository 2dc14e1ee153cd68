// SPDX-License-Identifier: GPL-2.0-or-later
/* umnet-switch.c - the virtual Ethernet switch daemon: command line */

#include <getopt.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/cmdparse.h"
#include "core/fdb.h"
#include "core/sw.h"
#include "core/text.h"
#include "daemon/switchd.h"
#include "sys/log.h"
#include "sys/util.h"

#include "version.h"

static void usage(FILE *f, int status)
{
	fprintf(f,
"Usage: umnet-switch [OPTION]...\n"
"A virtual Ethernet switch for UML and QEMU guests.\n"
"\n"
"Where guests connect (any number, any mix; with none, the Debian UML default\n"
"control socket " CMD_DEFAULT_CTL " is served):\n"
"  -u, --unix CTL        uml_switch control socket (UML eth0=daemon,,unix,CTL)\n"
"  -s, --sock DIR        VDE socket directory, control socket DIR/ctl\n"
"                        (UML eth0=vde,DIR; QEMU -netdev vde,sock=DIR; vde_plug DIR)\n"
"  -b, --bess PATH       seqpacket socket for UML vecN:transport=bess,dst=PATH\n"
"  -q, --stream PATH     stream socket for QEMU -netdev stream,server=off,\n"
"                        addr.type=unix,addr.path=PATH (frames behind a length)\n"
"  -t, --tap DEV         attach TAP device DEV as a port (repeatable)\n"
"\n"
"Switching:\n"
"  -x, --hub             hub mode: flood every frame\n"
"  -a, --aging SECONDS   MAC aging time (default %u; 0 never ages)\n"
"      --max-macs N      MAC table bound (default %u)\n"
"  -n, --max-ports N     port bound (default %u)\n"
"      --port-security 'PORT SETTINGS'\n"
"                        lock a port named in advance (PORT: tap:DEV or a port\n"
"                        number) to mac=MAC[,...] ip=ADDR[/LEN][,...] and bound\n"
"                        it with max-macs=N; repeatable (umnet-ctl(8) for ports\n"
"                        that connect later)\n"
"\n"
"Management (umnet-ctl):\n"
"      --mgmt PATH       management socket (default: CTL.mgmt beside the first\n"
"                        --unix CTL, DIR/mgmt for --sock DIR; 'none' for none)\n"
"      --mgmt-mode MODE  its permissions (default 0600: it controls the switch)\n"
"\n"
"Process:\n"
"  -m, --mode MODE       permissions of control sockets (octal, e.g. 0660)\n"
"  -g, --group GROUP     group of control sockets\n"
"  -d, --daemon          detach, log to syslog\n"
"  -p, --pidfile FILE    write the process id to FILE\n"
"  -l, --log-level LVL   error, warning, info (default) or debug\n"
"  -h, --help            this help\n"
"  -V, --version         version\n"
"\n"
"SIGUSR1 logs the port and MAC tables; SIGINT/SIGTERM stop the switch.\n",
		FDB_AGE_DEFAULT_MS / 1000, FDB_MAX_DEFAULT, SW_PORTS_DEFAULT);
	exit(status);
}

static unsigned long num_arg(const char *opt, const char *s, unsigned long min,
			     unsigned long max)
{
	unsigned long v;

	if (text_ulong_parse(s, min, max, &v))
		die("%s: '%s' is not a number from %lu to %lu", opt, s, min, max);
	return v;
}

static void add_listen(struct switchd_config *cfg, enum listen_kind kind, const char *opt,
		       const char *path)
{
	if (switchd_config_listen(cfg, kind, path))
		die("%s: at most %u sockets in all (--unix, --sock, --bess, --stream)", opt,
		    SWITCHD_MAX_LISTEN);
}

static void add_tap(struct switchd_config *cfg, const char *dev)
{
	if (cfg->n_tap >= SWITCHD_MAX_TAPS)
		die("--tap: at most %u", SWITCHD_MAX_TAPS);
	cfg->tap[cfg->n_tap++] = dev;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "unix", required_argument, NULL, 'u' },
		{ "sock", required_argument, NULL, 's' },
		{ "bess", required_argument, NULL, 'b' },
		{ "stream", required_argument, NULL, 'q' },
		{ "tap", required_argument, NULL, 't' },
		{ "hub", no_argument, NULL, 'x' },
		{ "aging", required_argument, NULL, 'a' },
		{ "max-macs", required_argument, NULL, 'M' },
		{ "max-ports", required_argument, NULL, 'n' },
		{ "mode", required_argument, NULL, 'm' },
		{ "group", required_argument, NULL, 'g' },
		{ "daemon", no_argument, NULL, 'd' },
		{ "pidfile", required_argument, NULL, 'p' },
		{ "log-level", required_argument, NULL, 'l' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ "mgmt", required_argument, NULL, 'G' },
		{ "mgmt-mode", required_argument, NULL, 'O' },
		{ "port-security", required_argument, NULL, 'S' },
		{ 0 },
	};
	static struct switchd_config cfg;	/* large: port security tables */
	char err[256];
	struct group *gr;
	unsigned mode;
	int c, lvl;

	log_init("umnet-switch", false);
	switchd_config_init(&cfg);
	cfg.quit_on_stdin_eof = false;
	cfg.version = UMNET_VERSION;

	while ((c = getopt_long(argc, argv, "u:s:b:q:t:xa:n:m:g:dp:l:hV", opts, NULL)) != -1) {
		switch (c) {
		case 'u':
			add_listen(&cfg, LISTEN_UML, "--unix", optarg);
			break;
		case 's':
			add_listen(&cfg, LISTEN_VDE, "--sock", optarg);
			break;
		case 'b':
			add_listen(&cfg, LISTEN_BESS, "--bess", optarg);
			break;
		case 'q':
			add_listen(&cfg, LISTEN_STREAM, "--stream", optarg);
			break;
		case 't':
			add_tap(&cfg, optarg);
			break;
		case 'x':
			cfg.hub = true;
			break;
		case 'a':
			cfg.age_s = (unsigned)num_arg("--aging", optarg, 0, 1000000);
			break;
		case 'M':
			cfg.max_macs = (unsigned)num_arg("--max-macs", optarg, 1, FDB_MAX_LIMIT);
			break;
		case 'n':
			cfg.max_ports = (unsigned)num_arg("--max-ports", optarg, 1,
							  SW_PORTS_LIMIT - 1);
			break;
		case 'm':
			if (text_mode_parse(optarg, &mode))
				die("--mode: '%s' is not an octal file mode", optarg);
			cfg.mode = (int)mode;
			break;
		case 'g':
			gr = getgrnam(optarg);
			if (!gr)
				die("--group: no group '%s'", optarg);
			cfg.gid = gr->gr_gid;
			break;
		case 'd':
			cfg.daemonize = true;
			break;
		case 'p':
			cfg.pidfile = optarg;
			break;
		case 'l':
			lvl = log_level_parse(optarg);
			if (lvl < 0)
				die("--log-level: '%s' is not error, warning, info or debug", optarg);
			log_set_level(lvl);
			break;
		case 'h':
			usage(stdout, EXIT_SUCCESS);
			break;
		case 'V':
			printf("umnet-switch %s\n", UMNET_VERSION);
			return EXIT_SUCCESS;
		case 'G':
			if (!*optarg)
				die("--mgmt: empty path (use 'none' for no management socket)");
			cfg.mgmt = strcmp(optarg, "none") ? optarg : "";
			break;
		case 'O':
			if (text_mode_parse(optarg, &mode))
				die("--mgmt-mode: '%s' is not an octal file mode", optarg);
			cfg.mgmt_mode = (int)mode;
			break;
		case 'S':
			if (cfg.n_port_sec >= SWITCHD_MAX_PORTSEC)
				die("--port-security: at most %d", SWITCHD_MAX_PORTSEC);
			if (cmd_portsec_parse(&cfg.port_sec[cfg.n_port_sec], optarg, err,
					       sizeof(err)))
				die("--port-security: %s", err);
			cfg.n_port_sec++;
			break;
		default:
			usage(stderr, EXIT_FAILURE);
		}
	}
	if (optind < argc) {
		fprintf(stderr, "umnet-switch: unexpected argument '%s'\n", argv[optind]);
		usage(stderr, EXIT_FAILURE);
	}
	if (!cfg.n_listen) {
		/* Debian's UML connects here with a plain eth0=daemon */
		mkdir("/var/run/uml-utilities", 0755);
		switchd_config_listen(&cfg, LISTEN_UML, CMD_DEFAULT_CTL);
	}
	return switchd_run(&cfg) ? EXIT_FAILURE : EXIT_SUCCESS;
}
