// SPDX-License-Identifier: GPL-2.0-or-later
/* host.c - umnet-net: read what the planner needs to know about the host
 *
 * Devices, addresses and routes come from netlink dumps (nl.c); bridge
 * options from /sys/class/net/BRIDGE/bridge/ (nl.c does not parse
 * IFLA_BR_*; sysfs shows the namespace /sys was mounted in, which `ip netns
 * exec` and systemd get right); sysctls from /proc/sys/net; our nftables
 * table from libnftables; switches from their pidfiles.
 */

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "core/text.h"
#include "net/apply.h"
#include "sys/nl.h"
#include "sys/snapshot.h"
#include "sys/sysctl.h"
#include "sys/util.h"

#define BRIDGE_SYSFS_UNIT_MS	10	/* sysfs shows clock_t, USER_HZ 100 */

static int sysfs_ulong(const char *bridge, const char *key, unsigned long *v)
{
	char path[128], num[32];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/sys/class/net/%s/bridge/%s", bridge, key);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = read(fd, num, sizeof(num) - 1);
	close(fd);
	if (n <= 0)
		return -EIO;
	num[n] = '\0';
	num[strcspn(num, "\n")] = '\0';
	return text_ulong_parse(num, 0, ~0UL, v) ? -EPROTO : 0;
}

static int host_bridge_opts(const char *name, struct nl_bridge_opts *o)
{
	unsigned long stp = 0, fd = 0, hello = 0, ageing = 0;
	int ret;

	if ((ret = sysfs_ulong(name, "stp_state", &stp)) ||
	    (ret = sysfs_ulong(name, "forward_delay", &fd)) ||
	    (ret = sysfs_ulong(name, "hello_time", &hello)) ||
	    (ret = sysfs_ulong(name, "ageing_time", &ageing)))
		return ret;
	o->stp = stp != 0;	/* 1 kernel STP, 2 user-space STP: both "on" */
	o->forward_delay_ms = (long)(fd * BRIDGE_SYSFS_UNIT_MS);
	o->hello_time_ms = (long)(hello * BRIDGE_SYSFS_UNIT_MS);
	o->ageing_time_ms = (long)(ageing * BRIDGE_SYSFS_UNIT_MS);
	return 0;
}

static void host_proxy_arp_add(struct net_host *h, const char *ifname)
{
	unsigned long v;

	if (h->n_proxy_arp >= NET_HOST_SYSCTLS ||
	    (strcmp(ifname, "default") != 0 && !snapshot_link_by_name(&h->snap, ifname)) ||
	    sysctl_conf_get(AF_INET, ifname, "proxy_arp", &v))
		return;
	snprintf(h->proxy_arp[h->n_proxy_arp].ifname, NL_IFNAMSIZ, "%s", ifname);
	h->proxy_arp[h->n_proxy_arp++].value = v;
}

static int host_err(struct net_exec *x, int ret, const char *what)
{
	const char *k = nl_last_error(x->nl);

	snprintf(x->err, sizeof(x->err), "%s: %s%s%s", what, strerror(-ret), *k ? ": " : "", k);
	return ret;
}

static int host_read_sys(struct net_exec *x, const struct net_conf *c, struct net_host *h)
{
	int fwd;

	for (unsigned i = 0; i < c->n_bridges; i++) {
		const struct nl_link *l = snapshot_link_by_name(&h->snap, c->bridges[i].name);
		struct net_host_bridge *b = &h->bridges[h->n_bridges];

		if (!l || strcmp(l->kind, "bridge") != 0)
			continue;
		b->ifindex = l->ifindex;
		if (host_bridge_opts(l->name, &b->opts))
			return host_err(x, -EIO, "reading bridge options from /sys/class/net");
		h->n_bridges++;
	}
	fwd = sysctl_ip_forward_get(AF_INET);
	if (fwd < 0)
		return host_err(x, fwd, "net.ipv4.ip_forward");
	h->ip_forward = (unsigned long)fwd;
	host_proxy_arp_add(h, "default");
	for (unsigned i = 0; i < c->n_taps; i++)
		host_proxy_arp_add(h, c->taps[i].name);
	for (unsigned i = 0; i < c->n_proxy_arp; i++)
		host_proxy_arp_add(h, c->proxy_arp[i]);
	return 0;
}

/**
 * net_host_read() - Take a snapshot of what the configuration touches
 * @x:		executor (netlink handle, state directory)
 * @conf:	configuration
 * @host:	result; caller frees with net_host_free(), also on failure
 *
 * Return: 0 or -errno (@x->err says what failed)
 */
int net_host_read(struct net_exec *x, const struct net_conf *conf, struct net_host *host)
{
	char table[NET_KEY_MAX], nerr[NET_ERR_MAX], what[32];
	int ret;

	memset(host, 0, sizeof(*host));
	ret = snapshot_load(&host->snap, x->nl, SNAPSHOT_ALL, AF_UNSPEC);
	if (ret) {
		snprintf(what, sizeof(what), "listing %s", host->snap.failed);
		return host_err(x, ret, what);
	}
	ret = host_read_sys(x, conf, host);
	if (ret)
		return ret;
	if (conf->nat.on) {
		net_nft_table(conf, table, sizeof(table));
		ret = net_nft_list_table(table, &host->nft_table, nerr, sizeof(nerr));
		if (ret) {
			snprintf(x->err, sizeof(x->err), "nftables: list table ip %s: %.300s", table,
				 nerr[0] ? nerr : strerror(-ret));
			return ret;
		}
	}
	for (unsigned i = 0; i < conf->n_switches; i++)
		host->switch_running[i] = net_switch_pid(x, conf->switches[i].name) > 0;
	return 0;
}

/**
 * net_host_free() - Free a snapshot's arrays
 * @host:	snapshot, may be NULL
 */
void net_host_free(struct net_host *host)
{
	if (!host)
		return;
	snapshot_free(&host->snap);
	free(host->nft_table);
	memset(host, 0, sizeof(*host));
}

/**
 * net_switch_pidfile() - Path of a switch's pidfile: STATE_DIR/net-NAME.SWITCH.pid
 * @x:		executor
 * @sw:		switch name
 * @buf:	output
 * @size:	its size
 *
 * Return: 0 or -ENAMETOOLONG
 */
int net_switch_pidfile(const struct net_exec *x, const char *sw, char *buf, size_t size)
{
	int n = snprintf(buf, size, "%s/net-%s.%s.pid", x->state_dir, x->name, sw);

	return n < 0 || (size_t)n >= size ? -ENAMETOOLONG : 0;
}

/**
 * net_pid_is_switch() - Whether a process is a live umnet-switch
 * @pid:	process id
 *
 * A zombie counts as gone: it is not our child, and whoever inherited it
 * may be slow to reap it.
 *
 * Return: true if @pid runs umnet-switch
 */
bool net_pid_is_switch(pid_t pid)
{
	char path[64], exe[PATH_MAX], stat[256];
	const char *base, *paren;
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/exe", (int)pid);
	n = readlink(path, exe, sizeof(exe) - 1);
	if (n <= 0)
		return false;
	exe[n] = '\0';
	base = strrchr(exe, '/');
	base = base ? base + 1 : exe;
	if (strncmp(base, "umnet-switch", 12) != 0)
		return false;
	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	n = read(fd, stat, sizeof(stat) - 1);
	close(fd);
	if (n <= 0)
		return false;
	stat[n] = '\0';
	paren = strrchr(stat, ')');
	return paren && paren[1] == ' ' && paren[2] != 'Z' && paren[2] != 'X';
}

/**
 * net_switch_pid() - The running umnet-switch a pidfile names
 * @x:		executor
 * @sw:		switch name
 *
 * Return: its pid, 0 if there is no pidfile or the process is gone or is
 * no umnet-switch, -errno
 */
int net_switch_pid(const struct net_exec *x, const char *sw)
{
	char path[PATH_MAX], num[24];
	unsigned long pid;
	ssize_t n;
	int fd, ret = net_switch_pidfile(x, sw, path, sizeof(path));

	if (ret)
		return ret;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return errno == ENOENT ? 0 : -errno;
	n = read(fd, num, sizeof(num) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	num[n] = '\0';
	num[strcspn(num, "\n")] = '\0';
	if (text_ulong_parse(num, 2, INT32_MAX, &pid))
		return 0;
	return net_pid_is_switch((pid_t)pid) ? (int)pid : 0;
}
