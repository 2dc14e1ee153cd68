// SPDX-License-Identifier: GPL-2.0-or-later
/* netcli.c - umnet-net's commands: plan, up, down, status, check
 *
 * Each command loads the file (src/net/conf.c), takes a snapshot of the
 * host and plans (plan.c), and prints or applies the steps (apply.c). The
 * options come from the command line (src/cmd/umnet-net.c).
 */

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/netcli.h"
#include "core/text.h"
#include "net/apply.h"
#include "net/conf.h"
#include "net/plan.h"
#include "sys/log.h"
#include "sys/nl.h"
#include "sys/util.h"

static const struct netcli_opts *o;	/* of the command that runs */
static const char *file;		/* its FILE argument */

static int cmd_plan(int argc, char **argv);
static int cmd_up(int argc, char **argv);
static int cmd_down(int argc, char **argv);
static int cmd_status(int argc, char **argv);
static int cmd_check(int argc, char **argv);

const struct cli_cmd netcli_cmds[] = {
	{ "plan", cmd_plan, "print the steps `up` would take; change nothing" },
	{ "up", cmd_up, "take them; if one fails, undo those taken" },
	{ "down", cmd_down, "undo what `up` did, restore what it moved" },
	{ "status", cmd_status, "what is up, and what `up` would still change (-j: JSON)" },
	{ "check", cmd_check, "check the file only, without looking at the host" },
};
const size_t netcli_cmds_len = ARRAY_SIZE(netcli_cmds);

/**
 * netcli_opts_init() - Defaults: the state directory, umnet-switch beside this program
 * @opts:	options to fill
 */
void netcli_opts_init(struct netcli_opts *opts)
{
	static const char bin[] = "umnet-switch";
	ssize_t n;
	char *slash;

	memset(opts, 0, sizeof(*opts));
	opts->state_dir = NET_STATE_DIR_DEFAULT;
	n = readlink("/proc/self/exe", opts->switch_bin, sizeof(opts->switch_bin) - sizeof(bin));
	if (n <= 0) {
		opts->switch_bin[0] = '\0';
		return;
	}
	opts->switch_bin[n] = '\0';
	slash = strrchr(opts->switch_bin, '/');
	if (slash)
		memcpy(slash + 1, bin, sizeof(bin));
}

/**
 * netcli_define() - Add a -D NAME=VALUE macro
 * @opts:	options
 * @arg:	"NAME=VALUE", kept (VALUE points into it)
 * @err:	error message buffer
 * @errlen:	its size
 *
 * Return: 0, -EINVAL for a bad argument, -E2BIG for too many, -ENOMEM
 */
int netcli_define(struct netcli_opts *opts, const char *arg, char *err, size_t errlen)
{
	const char *eq = strchr(arg, '=');
	char *name;

	if (!eq || eq == arg)
		return text_errf(err, errlen, -EINVAL, "'%s' is not NAME=VALUE", arg);
	if (opts->n_defs >= NET_MAX_DEFINES)
		return text_errf(err, errlen, -E2BIG, "at most %d", NET_MAX_DEFINES);
	name = strndup(arg, (size_t)(eq - arg));
	if (!name)
		return text_errf(err, errlen, -ENOMEM, "out of memory");
	opts->defs[opts->n_defs].name = name;
	opts->defs[opts->n_defs++].value = eq + 1;
	return 0;
}

/* The file argument of a command */
static int cmd_file(int argc, char **argv)
{
	if (argc != 2) {
		err("%s: expected one FILE", argv[0]);
		return -EINVAL;
	}
	file = argv[1];
	return 0;
}

static int conf_load(struct net_conf *c)
{
	struct net_diag d;
	int ret = net_conf_load(c, file, o->defs, o->n_defs, &d);

	if (ret) {
		fputs(d.text, stderr);
		if (d.n > NET_DIAG_MAX)
			fprintf(stderr, "%s: %u more errors\n", file, d.n - NET_DIAG_MAX);
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
	c->x.state_dir = o->state_dir;
	c->x.switch_bin = o->switch_bin;
	c->x.out = o->quiet ? NULL : stdout;
	ret = conf_load(&c->conf);
	if (ret && need_conf)
		return ret;
	if (ret && net_conf_name(file, c->conf.name, sizeof(c->conf.name)))
		return ret;
	c->x.name = c->conf.name;
	if (lock) {
		c->lock = net_lock(&c->x);
		if (c->lock < 0) {
			err("%s/net-%s.lock: %s", o->state_dir, c->conf.name,
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
		fprintf(stderr, "%s:%u: %s\n", file, c->plan.line, c->plan.err);
	else if (ret)
		fprintf(stderr, "%s: %s\n", file, c->plan.err);
	return ret;
}

static int cmd_plan(int argc, char **argv)
{
	char line[NET_OP_LINE_MAX];
	struct ctx c;
	int ret;

	if (cmd_file(argc, argv))
		return NETCLI_USAGE;
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

	if (cmd_file(argc, argv))
		return NETCLI_USAGE;
	ret = ctx_init(&c, true, true);
	if (!ret)
		ret = ctx_plan(&c);
	if (!ret && !c.plan.n && !o->quiet)
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

	if (cmd_file(argc, argv))
		return NETCLI_USAGE;
	/* The journal is enough: a file broken since `up` must not keep it up */
	ret = ctx_init(&c, true, false);
	if (!ret) {
		ret = net_down(&c.x);
		if (ret == 0 && !o->quiet)
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

	if (o->json) {
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
		printf(" (%zu steps to undo in %s/net-%s.state)", n_undo, o->state_dir, cf->name);
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
		printf("pending: %zu steps (umnet-net plan %s)\n", c->plan.n, file);
	else
		printf("up to date\n");
}

static int cmd_status(int argc, char **argv)
{
	struct net_op *ops = NULL;
	size_t n = 0;
	struct ctx c;
	int ret, parsed;

	if (cmd_file(argc, argv))
		return NETCLI_USAGE;
	ret = ctx_init(&c, false, false);
	if (ret && !c.x.nl) {
		ctx_fini(&c);
		return EXIT_FAILURE;
	}
	parsed = !net_conf_load(&c.conf, file, o->defs, o->n_defs, &(struct net_diag){ 0 });
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
	struct net_conf *c;
	int ret;

	if (cmd_file(argc, argv))
		return NETCLI_USAGE;
	c = malloc(sizeof(*c));
	if (!c) {
		err("out of memory");
		return EXIT_FAILURE;
	}
	ret = conf_load(c);
	if (!ret)
		printf("configuration OK\n");
	free(c);
	return ret ? EXIT_FAILURE : EXIT_SUCCESS;
}

/**
 * netcli_run() - Run one command: COMMAND FILE
 * @opts:	options
 * @argc:	argument count
 * @argv:	the command and its arguments
 *
 * Return: exit status, or NETCLI_USAGE for a command line to correct (an
 * unknown command, a missing FILE: said on stderr)
 */
int netcli_run(const struct netcli_opts *opts, int argc, char **argv)
{
	const struct cli_cmd *cmd = argc ? cli_cmd_find(netcli_cmds, netcli_cmds_len, argv[0]) : NULL;

	if (!cmd) {
		err("unknown command '%s'", argc ? argv[0] : "");
		return NETCLI_USAGE;
	}
	o = opts;
	return cmd->fn(argc, argv);
}
