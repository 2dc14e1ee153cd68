// SPDX-License-Identifier: GPL-2.0-or-later
/* switchd.c - the switch daemon: its configuration, and the run from setup to shutdown
 *
 * DOC: Theory of operation
 *
 * The daemon is four parts on one event loop (daemon/loop.c), put together
 * here and nowhere else:
 *
 *	dp.c		the port table and the datapath around the core
 *	listen.c	listening sockets and handshakes: where ports come from
 *	mgmt.c		the management socket; it reads the core directly and
 *			asks the daemon for the rest through struct mgmt_ops
 *	capture.c	capture sessions, fed by the datapath, owned by mgmt
 *
 * This file opens them in order (datapath, listeners, TAPs, management
 * socket), runs the loop, and answers its hooks: signals (SIGUSR1 logs
 * the tables, SIGINT/SIGTERM stop), the once-a-second tick (MAC aging,
 * handshake and client timeouts, the descriptor reserve) and the end of
 * each round (frames already read from stream ports, capture streams).
 */

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>

#include "core/cmdparse.h"
#include "core/fdb.h"
#include "core/sw.h"
#include "daemon/dp.h"
#include "daemon/listen.h"
#include "daemon/loop.h"
#include "daemon/mgmt.h"
#include "daemon/switchd.h"
#include "sys/log.h"
#include "sys/sock.h"
#include "sys/tun.h"
#include "sys/util.h"

#define TICK_MS		1000

/**
 * struct switchd - the running daemon
 * @cfg:	configuration
 * @loop:	event loop
 * @dp:		datapath and port table
 * @ls:		listeners
 * @mgmt:	management server, NULL for none
 * @stdin_watch: the watch of standard input (uml_switch's terminal), or -1
 */
struct switchd {
	const struct switchd_config *cfg;
	struct loop *loop;
	struct dp *dp;
	struct listeners *ls;
	struct mgmt *mgmt;
	int stdin_watch;
};

/* ---- the loop's hooks ---------------------------------------------------- */

static void switchd_signal(void *opaque, int signo)
{
	struct switchd *d = opaque;

	switch (signo) {
	case SIGUSR1:
		dp_dump(d->dp);
		break;
	case SIGHUP:
		break;
	default:
		info("signal %d: shutting down", signo);
		loop_stop(d->loop);
	}
}

static void switchd_tick(void *opaque, uint64_t now)
{
	struct switchd *d = opaque;

	dp_tick(d->dp, now);
	listen_tick(d->ls, now);
	mgmt_tick(d->mgmt, now);
}

static bool switchd_round(void *opaque)
{
	struct switchd *d = opaque;
	bool pending = dp_rx_more(d->dp);

	mgmt_flush(d->mgmt);	/* capture streams: once per round */
	return pending;
}

/* loop_fn: uml_switch compatibility: end of input on the terminal stops the switch */
static void switchd_stdin(void *opaque, unsigned arg, uint32_t events)
{
	struct switchd *d = opaque;
	char buf[256];
	ssize_t n = read(STDIN_FILENO, buf, sizeof(buf));

	(void)arg, (void)events;
	if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) {
		info("end of input on the terminal: shutting down");
		loop_stop(d->loop);
		loop_del(d->loop, d->stdin_watch);
		d->stdin_watch = -1;
	}
}

/* ---- what the management server asks of the daemon --------------------------- */

static const struct port *switchd_port(void *opaque, unsigned id)
{
	return dp_port(((struct switchd *)opaque)->dp, id);
}

static int switchd_port_del(void *opaque, unsigned id)
{
	return dp_port_del(((struct switchd *)opaque)->dp, id);
}

static int switchd_tap_add(void *opaque, const char *dev, unsigned *id)
{
	return dp_tap_add(((struct switchd *)opaque)->dp, dev, id);
}

static int switchd_tap_del(void *opaque, const char *dev)
{
	return dp_tap_del(((struct switchd *)opaque)->dp, dev);
}

static void switchd_stop(void *opaque)
{
	loop_stop(((struct switchd *)opaque)->loop);
}

static const struct mgmt_ops switchd_mgmt_ops = {
	.port = switchd_port,
	.port_del = switchd_port_del,
	.tap_add = switchd_tap_add,
	.tap_del = switchd_tap_del,
	.stop = switchd_stop,
};

/* ---- setup and teardown ----------------------------------------------------- */

/**
 * switchd_mgmt_path() - Where the management socket goes by default
 * @cfg:	switch configuration
 * @buf:	output
 * @len:	its size
 *
 * Beside the first control socket: CTL.mgmt for --unix CTL, else DIR/mgmt
 * for --sock DIR, else PATH.mgmt for --bess or --stream PATH
 * (cmd_mgmt_path(), the rule umnet-ctl follows too).
 *
 * Return: 0, -ENAMETOOLONG if the path does not fit a unix socket address,
 * -ENOENT if there is no control socket at all
 */
int switchd_mgmt_path(const struct switchd_config *cfg, char *buf, size_t len)
{
	static const enum listen_kind order[] = { LISTEN_UML, LISTEN_VDE, LISTEN_BESS,
						  LISTEN_STREAM };

	if (len > SOCK_PATH_MAX)
		len = SOCK_PATH_MAX;
	for (size_t k = 0; k < ARRAY_SIZE(order); k++)
		for (unsigned i = 0; i < cfg->n_listen; i++)
			if (cfg->listen[i].kind == order[k])
				return cmd_mgmt_path(cfg->listen[i].path, order[k] == LISTEN_VDE,
						     buf, len);
	return -ENOENT;
}

/* The management socket: a failure is fatal only if --mgmt named it */
static int switchd_mgmt_open(struct switchd *d)
{
	const struct mgmt_env env = {
		.sw = dp_sw(d->dp), .max_ports = dp_max_ports(d->dp), .caps = dp_captures(d->dp),
		.version = d->cfg->version, .ops = &switchd_mgmt_ops, .opaque = d,
		.loop = d->loop, .ls = d->ls,
	};
	const char *path = d->cfg->mgmt;
	char def[SOCK_PATH_MAX];
	int ret;

	if (path && !*path)
		return 0;
	if (!path) {
		if (switchd_mgmt_path(d->cfg, def, sizeof(def))) {
			warn("no management socket: the default path is too long for a unix "
			     "socket; give one with --mgmt PATH");
			return 0;
		}
		path = def;
	}
	d->mgmt = mgmt_open(&env, path, d->cfg->mgmt_mode, d->cfg->gid, &ret);
	if (d->mgmt) {
		info("management socket %s", path);
		return 0;
	}
	logmsg(d->cfg->mgmt ? LOG_ERR : LOG_WARNING, false, "%s: no management socket: %s",
	       path, ret == -EADDRINUSE ? "another switch is already serving it" :
	       ret == -EEXIST ? "exists and is not a socket; not touching it" : strerror(-ret));
	return d->cfg->mgmt ? ret : 0;
}

static int switchd_open_all(struct switchd *d)
{
	const struct switchd_config *cfg = d->cfg;
	int ret = 0;

	for (unsigned i = 0; !ret && i < cfg->n_listen; i++)
		ret = listen_open(d->ls, &cfg->listen[i]);
	for (unsigned i = 0; !ret && i < cfg->n_tap; i++) {
		unsigned id;

		ret = dp_tap_add(d->dp, cfg->tap[i], &id);
		if (ret == -EEXIST)
			err("tap %s: given twice", cfg->tap[i]);
		else if (ret)
			err("tap %s: %s%s%s", cfg->tap[i], strerror(-ret),
			    *tun_open_hint(ret) ? ": " : "", tun_open_hint(ret));
	}
	return ret ? ret : switchd_mgmt_open(d);
}

static void switchd_fini(struct switchd *d)
{
	mgmt_close(d->mgmt);
	dp_free(d->dp);
	listen_free(d->ls);
	if (d->cfg->pidfile)
		unlink(d->cfg->pidfile);
	loop_free(d->loop);
}

static int switchd_init(struct switchd *d, const struct switchd_config *cfg)
{
	const struct loop_hooks hooks = {
		.signal = switchd_signal, .tick = switchd_tick, .round = switchd_round, .opaque = d,
	};
	const struct dp_config dpc = {
		.max_ports = cfg->max_ports, .max_macs = cfg->max_macs,
		.age_ms = (uint64_t)cfg->age_s * 1000, .hub = cfg->hub,
		.port_sec = cfg->port_sec, .n_port_sec = cfg->n_port_sec,
	};
	/* Every descriptor the loop may watch at once: two per port (data and
	 * control connection), listeners and handshakes, the management
	 * socket and its clients, standard input */
	unsigned watches = 2 * cfg->max_ports + cfg->n_listen + LISTEN_HANDSHAKES +
			   MGMT_MAX_CLIENTS + 2;

	memset(d, 0, sizeof(*d));
	d->cfg = cfg;
	d->stdin_watch = -1;
	d->loop = loop_new(watches, TICK_MS, &hooks);
	if (!d->loop) {
		err_perror("event loop setup");
		return -EIO;
	}
	d->dp = dp_new(&dpc, d->loop);
	if (!d->dp)
		return -ENOMEM;
	d->ls = listen_new(d->loop, d->dp, cfg->n_listen, cfg->mode, cfg->gid);
	if (!d->ls) {
		err("out of memory");
		return -ENOMEM;
	}
	return 0;
}

static void switchd_pidfile(const char *path)
{
	FILE *f = fopen(path, "we");

	if (!f) {
		warn_perror("%s", path);
		return;
	}
	fprintf(f, "%d\n", (int)getpid());
	fclose(f);
}

/**
 * switchd_config_init() - Defaults: what umnet-switch does with no options
 * @cfg:	configuration to fill
 */
void switchd_config_init(struct switchd_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->max_ports = SW_PORTS_DEFAULT;
	cfg->max_macs = FDB_MAX_DEFAULT;
	cfg->age_s = FDB_AGE_DEFAULT_MS / 1000;
	cfg->mode = -1;
	cfg->gid = (gid_t)-1;
	cfg->mgmt_mode = MGMT_MODE_DEFAULT;
}

/**
 * switchd_config_listen() - Add a place for guests to connect to
 * @cfg:	configuration
 * @kind:	protocol
 * @path:	control socket, VDE directory or socket path (kept, not copied)
 *
 * Return: 0, -ENOSPC if SWITCHD_MAX_LISTEN are there already
 */
int switchd_config_listen(struct switchd_config *cfg, enum listen_kind kind, const char *path)
{
	if (cfg->n_listen >= SWITCHD_MAX_LISTEN)
		return -ENOSPC;
	cfg->listen[cfg->n_listen++] = (struct listen_spec){ .kind = kind, .path = path };
	return 0;
}

/**
 * switchd_run() - Run the switch until SIGINT/SIGTERM (or end of terminal input)
 * @cfg:	configuration
 *
 * Return: 0 after a clean shutdown, -errno if setup failed (already logged)
 */
int switchd_run(const struct switchd_config *cfg)
{
	struct switchd d;
	int ret, nofile;

	nofile = rlimit_nofile_raise();
	if (nofile > 0 && (unsigned)nofile < cfg->max_ports * 2 + 64)
		warn("descriptor limit %d is low for %u ports: ports past it will be refused",
		     nofile, cfg->max_ports);

	ret = switchd_init(&d, cfg);
	if (!ret)
		ret = switchd_open_all(&d);
	if (ret) {
		switchd_fini(&d);
		return ret;
	}
	if (cfg->daemonize) {
		log_init("umnet-switch", true);
		if (daemon(0, 0)) {
			ret = -errno;
			err_perror("daemon");
			switchd_fini(&d);
			return ret;
		}
		ret = loop_signals_reopen(d.loop);
		if (ret) {
			err("signalfd: %s", strerror(-ret));
			switchd_fini(&d);
			return ret;
		}
	} else if (cfg->quit_on_stdin_eof && isatty(STDIN_FILENO)) {
		d.stdin_watch = loop_add(d.loop, STDIN_FILENO, EPOLLIN, 0, switchd_stdin, &d, 0);
	}
	if (cfg->pidfile)
		switchd_pidfile(cfg->pidfile);
	info("%s mode, up to %u ports, %u MACs, aging %u s", cfg->hub ? "hub" : "switch",
	     cfg->max_ports, cfg->max_macs, cfg->age_s);

	ret = loop_run(d.loop);
	if (ret)
		err("epoll_wait: %s", strerror(-ret));
	switchd_fini(&d);
	return 0;
}
