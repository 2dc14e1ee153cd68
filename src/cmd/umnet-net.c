// SPDX-License-Identifier: GPL-2.0-or-later
/* umnet-net.c - host network set-up for guests from one file: plan, up, down, status */

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "net/apply.h"
#include "net/conf.h"
#include "net/plan.h"
#include "sys/cli.h"
#include "sys/log.h"
#include "sys/nl.h"
#include "sys/util.h"

#include "version.h"

/**
 * struct opts - the command line
 * @defs:	-D macros
 * @n_defs:	entries in @defs
 * @state_dir:	--state-dir
 * @switch_bin:	--switch, or umnet-switch beside this program
 * @json:	-j
 * @quiet:	-q
 * @file:	the configuration file
 */
static struct opts {
	struct net_define defs[NET_MAX_DEFINES];
	size_t n_defs;
	const char *state_dir;
	char switch_bin[PATH_MAX];
	bool json;
	bool quiet;
	const char *file;
} o = { .state_dir = NET_STATE_DIR_DEFAULT };

static int cmd_plan(int argc, char **argv);
static int cmd_up(int argc, char **argv);
static int cmd_down(int argc, char **argv);
static int cmd_status(int argc, char **argv);
static int cmd_check(int argc, char **argv);

static const struct cli_cmd cmds[] = {
	{ "plan", cmd_plan, "print the steps `up` would take; change nothing" },
	{ "up", cmd_up, "take them; if one fails, undo those taken" },
	{ "down", cmd_down, "undo what `up` did, restore what it moved" },
	{ "status", cmd_status, "what is up, and what `up` would still change (-j: JSON)" },
	{ "check", cmd_check, "check the file only, without looking at the host" },
};

static void usage(FILE *f, int status)
{
	fprintf(f,
"Usage: umnet-net [OPTION]... COMMAND FILE\n"
"Host networking for UML and QEMU guests from one configuration file:\n"
"bridged onto the LAN, a private subnet with NAT, or routed with proxy ARP.\n"
"\n"
"Commands:\n");
	cli_cmds_print(f, cmds, ARRAY_SIZE(cmds));
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

static void opt_define(const char *arg)
{
	const char *eq = strchr(arg, '=');
	char *name;

	if (!eq || eq == arg)
		die("-D: '%s' is not NAME=VALUE", arg);
	if (o.n_defs >= NET_MAX_DEFINES)
		die("-D: at most %d", NET_MAX_DEFINES);
	name = strndup(arg, (size_t)(eq - arg));
	if (!name)
		die("out of memory");
	o.defs[o.n_defs].name = name;
	o.defs[o.n_defs++].value = eq + 1;
}

/* umnet-switch in the directory this program runs from */
static void default_switch_bin(void)
{
	static const char bin[] = "umnet-switch";
	ssize_t n = readlink("/proc/self/exe", o.switch_bin, sizeof(o.switch_bin) - sizeof(bin));
	char *slash;

	if (n <= 0) {
		o.switch_bin[0] = '\0';
		return;
	}
	o.switch_bin[n] = '\0';
	slash = strrchr(o.switch_bin, '/');
	if (slash)
		memcpy(slash + 1, bin, sizeof(bin));
}

/* The file argument of a command */
static int cmd_file(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "umnet-net: %s: expected one FILE\n", argv[0]);
		usage(stderr, EXIT_FAILURE);
	}
	o.file = argv[1];
	return 0;
}

static int conf_load(struct net_conf *c)
{
	struct net_diag d;
	int ret = net_conf_load(c, o.file, o.defs, o.n_defs, &d);

	if (ret) {
		fputs(d.text, stderr);
		if (d.n > NET_DIAG_MAX)
			fprintf(stderr, "%s: %u more errors\n", o.file, d.n - NET_DIAG_MAX);
	}
	return ret;
}

/**
 * struct ctx - what a command that touches the host holds
 * @conf:	configuration
 * @x:		executor
 * @host:	snapshot
 * @plan:	plan
 * @lock:	lock descriptor, -1 if not taken
 */
struct ctx {
	struct net_conf conf;
	struct net_exec x;
	struct net_host host;
	struct net_plan plan;
	int lock;
};

static void ctx_fini(struct ctx *c)
{
	net_plan_free(&c->plan);
	net_host_free(&c->host);
	nl_close(c->x.nl);
	if (c->lock >= 0)
		close(c->lock);
}

static int ctx_init(struct ctx *c, bool lock, bool need_conf)
{
	int ret;

	memset(c, 0, sizeof(*c));
	c->lock = -1;
	c->x.state_dir = o.state_dir;
	c->x.switch_bin = o.switch_bin;
	c->x.out = o.quiet ? NULL : stdout;
	ret = conf_load(&c->conf);
	if (ret && need_conf)
		return ret;
	if (ret && net_conf_name(o.file, c->conf.name, sizeof(c->conf.name)))
		return ret;
	c->x.name = c->conf.name;
	if (lock) {
		c->lock = net_lock(&c->x);
		if (c->lock < 0) {
			err("%s/net-%s.lock: %s", o.state_dir, c->conf.name,
			    c->lock == -EWOULDBLOCK ? "another umnet-net is working on this "
			    "configuration" : strerror(-c->lock));
			return c->lock;
		}
	}
	ret = nl_open(&c->x.nl);
	if (ret)
		err("netlink: %s", strerror(-ret));
	return ret;
}

/* Snapshot and plan; errors printed */
static int ctx_plan(struct ctx *c)
{
	int ret = net_host_read(&c->x, &c->conf, &c->host);

	if (ret) {
		err("%s", c->x.err);
		return ret;
	}
	ret = net_plan_up(&c->conf, &c->host, &c->plan);
	if (ret && c->plan.line)
		fprintf(stderr, "%s:%u: %s\n", o.file, c->plan.line, c->plan.err);
	else if (ret)
		fprintf(stderr, "%s: %s\n", o.file, c->plan.err);
	return ret;
}

static int cmd_plan(int argc, char **argv)
{
	char line[NET_OP_LINE_MAX];
	struct ctx c;
	int ret;

	cmd_file(argc, argv);
	ret = ctx_init(&c, false, true);
	if (!ret)
		ret = ctx_plan(&c);
	for (size_t i = 0; !ret && i < c.plan.n; i++)
		if (!net_op_format(&c.plan.steps[i].op, line, sizeof(line)))
			printf("%s\n", line);
	if (!ret && !c.plan.n)
		printf("nothing to do\n");
	ctx_fini(&c);
	return ret ? EXIT_FAILURE : EXIT_SUCCESS;
}

static int cmd_up(int argc, char **argv)
{
	struct ctx c;
	int ret;

	cmd_file(argc, argv);
	ret = ctx_init(&c, true, true);
	if (!ret)
		ret = ctx_plan(&c);
	if (!ret && !c.plan.n && !o.quiet)
		printf("nothing to do\n");
	if (!ret && c.plan.n) {
		ret = net_apply(&c.x, &c.plan);
		if (ret)
			err("%s: up failed: %s", c.conf.name, c.x.err);
	}
	ctx_fini(&c);
	return ret ? EXIT_FAILURE : EXIT_SUCCESS;
}

static int cmd_down(int argc, char **argv)
{
	struct ctx c;
	int ret;

	cmd_file(argc, argv);
	/* The journal is enough: a file broken since `up` must not keep it up */
	ret = ctx_init(&c, true, false);
	if (!ret) {
		ret = net_down(&c.x);
		if (ret == 0 && !o.quiet)
			printf("nothing to do\n");
		if (ret < 0)
			err("%s: down: %s", c.conf.name,
			    ret == -EIO ? "some steps failed; they are kept for another `down`" :
			    ret == -EBADMSG ? c.x.err : strerror(-ret));
	}
	ctx_fini(&c);
	return ret < 0 ? EXIT_FAILURE : EXIT_SUCCESS;
}

static void status_print(const struct ctx *c, size_t n_undo, int parsed)
{
	const struct net_conf *cf = &c->conf;

	if (o.json) {
		printf("{\"name\":");
		cli_json_str(stdout, cf->name);
		printf(",\"up\":%s,\"undo_steps\":%zu,\"pending_steps\":", n_undo ? "true" : "false",
		       n_undo);
		if (parsed)
			printf("%zu", c->plan.n);
		else
			printf("null");
		printf(",\"switches\":[");
		for (unsigned i = 0; i < cf->n_switches; i++) {
			printf("%s{\"name\":", i ? "," : "");
			cli_json_str(stdout, cf->switches[i].name);
			printf(",\"pid\":%d}", net_switch_pid(&c->x, cf->switches[i].name));
		}
		printf("]}\n");
		return;
	}
	printf("%s: %s", cf->name, n_undo ? "up" : "down");
	if (n_undo)
		printf(" (%zu steps to undo in %s/net-%s.state)", n_undo, o.state_dir, cf->name);
	printf("\n");
	for (unsigned i = 0; i < cf->n_switches; i++) {
		int pid = net_switch_pid(&c->x, cf->switches[i].name);

		if (pid > 0)
			printf("switch %s: running, pid %d\n", cf->switches[i].name, pid);
		else
			printf("switch %s: not running\n", cf->switches[i].name);
	}
	if (!parsed)
		printf("pending: unknown (see the errors above)\n");
	else if (c->plan.n)
		printf("pending: %zu steps (umnet-net plan %s)\n", c->plan.n, o.file);
	else
		printf("up to date\n");
}

static int cmd_status(int argc, char **argv)
{
	struct net_op *ops = NULL;
	size_t n = 0;
	struct ctx c;
	int ret, parsed;

	cmd_file(argc, argv);
	ret = ctx_init(&c, false, false);
	if (ret && !c.x.nl) {
		ctx_fini(&c);
		return EXIT_FAILURE;
	}
	parsed = !net_conf_load(&c.conf, o.file, o.defs, o.n_defs, &(struct net_diag){ 0 });
	ret = net_state_read(&c.x, &ops, &n);
	if (ret)
		err("%s", ret == -EBADMSG ? c.x.err : strerror(-ret));
	/* A plan that fails (printed) leaves the pending steps unknown */
	if (!ret && parsed && ctx_plan(&c))
		parsed = 0;
	if (!ret)
		status_print(&c, n, parsed);
	free(ops);
	ctx_fini(&c);
	return ret ? EXIT_FAILURE : EXIT_SUCCESS;
}

static int cmd_check(int argc, char **argv)
{
	struct net_conf *c = malloc(sizeof(*c));
	int ret;

	cmd_file(argc, argv);
	if (!c)
		die("out of memory");
	ret = conf_load(c);
	if (!ret)
		printf("configuration OK\n");
	free(c);
	return ret ? EXIT_FAILURE : EXIT_SUCCESS;
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
	const struct cli_cmd *cmd;
	int c;

	log_init("umnet-net", false);
	default_switch_bin();
	while ((c = getopt_long(argc, argv, "+D:s:jqhV", lopts, NULL)) != -1) {
		switch (c) {
		case 'D':
			opt_define(optarg);
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
	cmd = cli_cmd_find(cmds, ARRAY_SIZE(cmds), argv[optind]);
	if (!cmd) {
		err("unknown command '%s'", argv[optind]);
		usage(stderr, EXIT_FAILURE);
	}
	return cmd->fn(argc - optind, argv + optind);
}
