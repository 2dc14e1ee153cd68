// SPDX-License-Identifier: GPL-2.0-or-later
/* mgmtshow.c - the show commands' output: text or JSON, a buffer at a time
 *
 * Each mgmt_show_*() fills the client's reply buffer from its cursor with
 * whole records (a line, or a JSON array element) and returns true once the
 * output is complete. A record that does not fit is rolled back and produced
 * again when the client has taken what is buffered (mgmt.c), so that the
 * buffer bounds memory whatever the size of the tables shown.
 */

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "core/addr.h"
#include "core/fdb.h"
#include "core/sw.h"
#include "core/text.h"
#include "daemon/capture.h"
#include "daemon/mgmtshow.h"
#include "daemon/switchd.h"
#include "port/port.h"
#include "sys/util.h"

/* ---- output ----------------------------------------------------------------- */

static void __attribute__((format(printf, 2, 0))) vput(struct mgmt_client *c, const char *fmt,
							 va_list ap)
{
	size_t room = sizeof(c->out) - c->out_len;
	int n;

	if (c->overflow)
		return;
	/* clang-tidy 14 flags @ap as uninitialised when it analysed another file
	 * first (never when run on this one alone): a false positive */
	n = vsnprintf(c->out + c->out_len, room, fmt, ap); // NOLINT(clang-analyzer-valist.Uninitialized)
	if (n < 0 || (size_t)n >= room)
		c->overflow = true;	/* the record is rolled back: see rec_end() */
	else
		c->out_len += (size_t)n;
}

/**
 * mgmt_put() - Append text to a client's reply buffer
 * @c:		client
 * @fmt:	printf format
 *
 * If it does not fit, nothing is appended and @c->overflow is set (a record
 * is then rolled back, see rec_end()).
 */
void mgmt_put(struct mgmt_client *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vput(c, fmt, ap);
	va_end(ap);
}

/* A JSON string (text_json_str()), or an overflow as mgmt_put() has it */
static void put_json_str(struct mgmt_client *c, const char *s)
{
	size_t room = sizeof(c->out) - c->out_len;
	size_t n;

	if (c->overflow)
		return;
	n = text_json_str(c->out + c->out_len, room, s);
	if (n >= room)
		c->overflow = true;	/* the record is rolled back: see rec_end() */
	else
		c->out_len += n;
}

/* Start a record: returns the mark to roll back to if it does not fit */
static size_t rec_begin(struct mgmt_client *c)
{
	c->overflow = false;
	return c->out_len;
}

/* End a record of a list: false (and rolled back) if it did not fit; once it
 * did, the next JSON element needs a separator (see put_sep()) */
static bool rec_end(struct mgmt_client *c, size_t mark)
{
	if (!c->overflow) {
		c->first = false;
		return true;
	}
	c->out_len = mark;
	c->overflow = false;
	return false;
}

/* Close a list. Return: true once the output is complete */
static bool list_end(struct mgmt_client *c)
{
	if (c->cmd.json)
		mgmt_put(c, "]}\n");
	return !c->overflow;
}

/* JSON array element separator */
static void put_sep(struct mgmt_client *c)
{
	if (!c->first)
		mgmt_put(c, ",");
}

/* ---- show commands: resumable generators ------------------------------------ */

/**
 * mgmt_show_help() - List the commands
 * @m:		server
 * @c:		client, cursor and JSON flag in it
 *
 * Shows one line each from cmd_table.
 *
 * Return: true once the output is complete, false when the buffer is full
 */
bool mgmt_show_help(struct mgmt *m, struct mgmt_client *c)
{
	(void)m;
	if (c->phase == 0) {
		if (c->cmd.json)
			mgmt_put(c, "{\"commands\":[");
		c->phase = 1;
		c->first = true;
	}
	for (; c->cursor < cmd_table_len; c->cursor++) {
		const struct cmd_def *def = &cmd_table[c->cursor];
		size_t mark = rec_begin(c);

		if (c->cmd.json) {
			put_sep(c);
			mgmt_put(c, "{\"name\":");
			put_json_str(c, def->name);
			mgmt_put(c, ",\"help\":");
			put_json_str(c, def->help);
			mgmt_put(c, "}");
		} else {
			mgmt_put(c, "%s\n", def->help);
		}
		if (!rec_end(c, mark))
			return false;
	}
	return list_end(c);
}

/**
 * mgmt_show_version() - Switch and protocol version
 * @m:		server
 * @c:		client, cursor and JSON flag in it
 *
 * Return: true once the output is complete, false when the buffer is full
 */
bool mgmt_show_version(struct mgmt *m, struct mgmt_client *c)
{
	const char *v = switchd_config(m->d)->version;

	if (!v)
		v = "unknown";
	if (c->cmd.json)
		mgmt_put(c, "{\"version\":\"%s\",\"protocol\":%d}\n", v, CMD_PROTOCOL_VERSION);
	else
		mgmt_put(c, "umnet-switch %s, management protocol %d\n", v, CMD_PROTOCOL_VERSION);
	return true;
}

/* The UML instance id, from umid= on the peer's command line, if given */
static void peer_umid(pid_t pid, char *buf, size_t len)
{
	char path[32], cmdline[4096];
	ssize_t n;
	int fd;

	buf[0] = '\0';
	if (pid <= 0)
		return;
	snprintf(path, sizeof(path), "/proc/%d/cmdline", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;		/* gone, or another namespace: nothing to show */
	n = read(fd, cmdline, sizeof(cmdline) - 1);
	close(fd);
	if (n <= 0)
		return;
	cmdline[n] = '\0';
	for (char *a = cmdline; a < cmdline + n; a += strlen(a) + 1) {
		size_t i;

		if (strncmp(a, "umid=", 5) != 0)
			continue;
		for (i = 0; a[5 + i] && i + 1 < len; i++)
			buf[i] = a[5 + i] > ' ' && a[5 + i] < 0x7f ? a[5 + i] : '?';
		buf[i] = '\0';
		return;
	}
}

static void port_flags(struct mgmt *m, const struct port *p, char *buf, size_t len)
{
	struct sw *sw = switchd_sw(m->d);
	int mirror = sw_mirror(sw, p->id);
	int n = 0;

	buf[0] = '\0';
	if (sw_security(sw, p->id))
		n = snprintf(buf, len, "secured");
	if (mirror > 0 && n >= 0 && (size_t)n < len)
		snprintf(buf + n, len - (size_t)n, "%smirror->%d", n ? "," : "", mirror);
	if (!buf[0])
		snprintf(buf, len, "-");
}

static void show_port(struct mgmt *m, struct mgmt_client *c, const struct port *p)
{
	struct sw *sw = switchd_sw(m->d);
	unsigned macs = fdb_port_count(sw_fdb(sw), p->id);
	const char *state = txq_is_empty(&p->txq) ? "up" : "blocked";
	char umid[64], flags[48];
	int mirror = sw_mirror(sw, p->id);

	peer_umid(p->pid, umid, sizeof(umid));
	if (!c->cmd.json) {
		port_flags(m, p, flags, sizeof(flags));
		mgmt_put(c, "%-4u %-5s %-5u %-8s %-18s %-30s %s%s%s\n", p->id, p->ops->kind, macs, state,
		    flags, p->name, p->peer, umid[0] ? " umid " : "", umid);
		return;
	}
	put_sep(c);
	mgmt_put(c, "{\"id\":%u,\"kind\":", p->id);
	put_json_str(c, p->ops->kind);
	mgmt_put(c, ",\"name\":");
	put_json_str(c, p->name);
	mgmt_put(c, ",\"peer\":");
	put_json_str(c, p->peer);
	if (p->pid > 0)
		mgmt_put(c, ",\"pid\":%d", (int)p->pid);
	if (p->uid != (uid_t)-1)
		mgmt_put(c, ",\"uid\":%u", (unsigned)p->uid);
	if (umid[0]) {
		mgmt_put(c, ",\"umid\":");
		put_json_str(c, umid);
	}
	mgmt_put(c, ",\"macs\":%u,\"state\":\"%s\",\"tx_queue\":%u,\"security\":%s", macs, state,
	    p->txq.frames, sw_security(sw, p->id) ? "true" : "false");
	if (mirror > 0)
		mgmt_put(c, ",\"mirror_to\":%d", mirror);
	mgmt_put(c, "}");
}

/**
 * mgmt_show_ports() - The port table
 * @m:		server
 * @c:		client, cursor and JSON flag in it
 *
 * Shows id, kind, MACs, state, flags, name, peer (umid from the UML command line).
 *
 * Return: true once the output is complete, false when the buffer is full
 */
bool mgmt_show_ports(struct mgmt *m, struct mgmt_client *c)
{
	unsigned max = switchd_max_ports(m->d);

	if (c->phase == 0) {
		if (c->cmd.json)
			mgmt_put(c, "{\"ports\":[");
		else
			mgmt_put(c, "%-4s %-5s %-5s %-8s %-18s %-30s %s\n", "ID", "KIND", "MACS", "STATE",
			    "FLAGS", "NAME", "PEER");
		c->phase = 1;
		c->cursor = 1;
		c->first = true;
	}
	for (; c->cursor <= max; c->cursor++) {
		const struct port *p = switchd_port(m->d, c->cursor);
		size_t mark;

		if (!p)
			continue;
		mark = rec_begin(c);
		show_port(m, c, p);
		if (!rec_end(c, mark))
			return false;
	}
	return list_end(c);
}

/**
 * mgmt_show_macs() - The MAC table
 * @m:		server
 * @c:		client, cursor and JSON flag in it
 *
 * Shows all entries, or those of @c->cmd.port.
 *
 * Return: true once the output is complete, false when the buffer is full
 */
bool mgmt_show_macs(struct mgmt *m, struct mgmt_client *c)
{
	const struct fdb *fdb = sw_fdb(switchd_sw(m->d));
	uint64_t now = now_ms();
	struct fdb_info e;

	if (c->phase == 0) {
		if (c->cmd.json)
			mgmt_put(c, "{\"macs\":[");
		else
			mgmt_put(c, "%-18s %-5s %-5s %s\n", "MAC", "VLAN", "PORT", "AGE");
		c->phase = 1;
		c->cursor = 0;
		c->first = true;
	}
	for (;;) {
		unsigned pos = c->cursor;
		size_t mark;
		char mac[ADDR_MAC_STRLEN];

		if (!fdb_next(fdb, &pos, now, &e))
			break;
		if (c->cmd.port && e.port != c->cmd.port) {
			c->cursor = pos;
			continue;
		}
		addr_mac_format(e.mac, mac);
		mark = rec_begin(c);
		if (c->cmd.json) {
			put_sep(c);
			mgmt_put(c, "{\"mac\":\"%s\",\"vlan\":%u,\"port\":%u,\"age_ms\":%llu}", mac, e.vlan,
			    e.port, (unsigned long long)e.age_ms);
		} else {
			mgmt_put(c, "%-18s %-5u %-5u %llu\n", mac, e.vlan, e.port,
			    (unsigned long long)(e.age_ms / 1000));
		}
		if (!rec_end(c, mark))
			return false;
		c->cursor = pos;
	}
	return list_end(c);
}

static void show_stats_switch(struct mgmt *m, struct mgmt_client *c)
{
	struct sw *sw = switchd_sw(m->d);
	const struct fdb *fdb = sw_fdb(sw);
	const char *mode = sw_get_hub(sw) ? "hub" : "switch";

	if (c->cmd.json) {
		mgmt_put(c, "{\"switch\":{\"mode\":\"%s\",\"ports\":%u,\"max_ports\":%u,\"macs\":%u,"
		    "\"max_macs\":%u,\"aging_s\":%llu,\"log_level\":\"%s\"},\"ports\":[", mode,
		    sw_port_count(sw), switchd_max_ports(m->d), fdb_count(fdb), fdb_get_max(fdb),
		    (unsigned long long)(fdb_get_age(fdb) / 1000), log_level_name(log_get_level()));
		return;
	}
	mgmt_put(c, "switch: %s mode, ports %u of %u, macs %u of %u, aging %llu s, log %s\n", mode,
	    sw_port_count(sw), switchd_max_ports(m->d), fdb_count(fdb), fdb_get_max(fdb),
	    (unsigned long long)(fdb_get_age(fdb) / 1000), log_level_name(log_get_level()));
	mgmt_put(c, "%-4s %10s %12s %10s %12s %7s %7s  %s\n", "PORT", "RX_FRAMES", "RX_BYTES",
	    "TX_FRAMES", "TX_BYTES", "DROPS", "TXQ_HWM", "NAME");
}

static void show_stats_port(struct mgmt_client *c, const struct port *p, const struct sw_stats *st)
{
	uint64_t drops = 0;

	for (int r = 0; r < SW_DROP_MAX; r++)
		drops += st->drops[r];
	if (c->cmd.json) {
		put_sep(c);
		mgmt_put(c, "{\"id\":%u,\"name\":", p->id);
		put_json_str(c, p->name);
		mgmt_put(c, ",\"rx_frames\":%llu,\"rx_bytes\":%llu,\"tx_frames\":%llu,\"tx_bytes\":%llu,"
		    "\"tx_queue_hwm\":%llu,\"learn_refused\":%llu,\"drops\":{",
		    (unsigned long long)st->rx_frames, (unsigned long long)st->rx_bytes,
		    (unsigned long long)st->tx_frames, (unsigned long long)st->tx_bytes,
		    (unsigned long long)st->tx_queue_hwm, (unsigned long long)st->learn_refused);
		for (int r = 0; r < SW_DROP_MAX; r++)
			mgmt_put(c, "%s\"%s\":%llu", r ? "," : "", sw_drop_names[r],
			    (unsigned long long)st->drops[r]);
		mgmt_put(c, "}}");
		return;
	}
	mgmt_put(c, "%-4u %10llu %12llu %10llu %12llu %7llu %7llu  %s\n", p->id,
	    (unsigned long long)st->rx_frames, (unsigned long long)st->rx_bytes,
	    (unsigned long long)st->tx_frames, (unsigned long long)st->tx_bytes,
	    (unsigned long long)drops, (unsigned long long)st->tx_queue_hwm, p->name);
	if (!drops && !st->learn_refused)
		return;
	mgmt_put(c, "     drops:");
	for (int r = 0; r < SW_DROP_MAX; r++)
		if (st->drops[r])
			mgmt_put(c, " %s %llu", sw_drop_names[r], (unsigned long long)st->drops[r]);
	if (st->learn_refused)
		mgmt_put(c, " (learn_refused %llu)", (unsigned long long)st->learn_refused);
	mgmt_put(c, "\n");
}

static void show_stats_capture(struct mgmt *m, struct mgmt_client *c, const struct mgmt_client *cc)
{
	struct capture_info ci;
	char port[16] = "all";

	(void)m;
	capture_get_info(cc->cap, &ci);
	if (ci.port != CAPTURE_ALL)
		snprintf(port, sizeof(port), "%u", ci.port);
	if (c->cmd.json) {
		put_sep(c);
		mgmt_put(c, "{\"port\":\"%s\",\"pid\":%d,\"filter\":", port, (int)cc->pid);
		put_json_str(c, ci.filter);
		mgmt_put(c, ",\"frames\":%llu,\"bytes\":%llu,\"dropped\":%llu,\"pending_bytes\":%zu}",
		    (unsigned long long)ci.frames, (unsigned long long)ci.bytes,
		    (unsigned long long)ci.dropped, ci.pending);
		return;
	}
	mgmt_put(c, "capture %s by pid %d%s%s%s: %llu frames, %llu dropped (reader behind), "
	    "%zu bytes pending\n", port, (int)cc->pid, ci.filter[0] ? " filter \"" : "",
	    ci.filter, ci.filter[0] ? "\"" : "", (unsigned long long)ci.frames,
	    (unsigned long long)ci.dropped, ci.pending);
}

/**
 * mgmt_show_stats() - Counters
 * @m:		server
 * @c:		client, cursor and JSON flag in it
 *
 * Shows the switch, every port (or @c->cmd.port), capture sessions.
 *
 * Return: true once the output is complete, false when the buffer is full
 */
bool mgmt_show_stats(struct mgmt *m, struct mgmt_client *c)
{
	struct sw *sw = switchd_sw(m->d);
	unsigned max = switchd_max_ports(m->d);

	if (c->phase == 0) {
		show_stats_switch(m, c);
		c->phase = 1;
		c->cursor = c->cmd.port ? c->cmd.port : 1;
		c->first = true;
	}
	for (; c->phase == 1 && c->cursor <= max; c->cursor++) {
		const struct port *p = switchd_port(m->d, c->cursor);
		size_t mark;

		if (c->cmd.port && c->cursor != c->cmd.port)
			break;
		if (!p)
			continue;
		mark = rec_begin(c);
		show_stats_port(c, p, sw_port_stats(sw, p->id));
		if (!rec_end(c, mark))
			return false;
	}
	if (c->phase == 1) {
		if (c->cmd.json)
			mgmt_put(c, "],\"captures\":[");
		c->phase = 2;
		c->cursor = 0;
		c->first = true;
	}
	for (; c->cursor < MGMT_MAX_CLIENTS; c->cursor++) {
		const struct mgmt_client *cc = m->cl[c->cursor];
		size_t mark;

		if (!cc || !cc->cap)
			continue;
		mark = rec_begin(c);
		show_stats_capture(m, c, cc);
		if (!rec_end(c, mark))
			return false;
	}
	return list_end(c);
}

static void show_security_port(struct mgmt_client *c, unsigned id, const struct secfilter *sf)
{
	static const struct secfilter none;
	char buf[SECFILTER_FMT_BYTES];

	if (!sf)
		sf = &none;
	if (!c->cmd.json) {
		secfilter_format(sf, buf, sizeof(buf));
		mgmt_put(c, "%-4u %s\n", id, buf);
		return;
	}
	put_sep(c);
	mgmt_put(c, "{\"port\":%u,\"mac\":[", id);
	for (unsigned i = 0; i < sf->n_mac; i++) {
		addr_mac_format(sf->mac[i], buf);
		mgmt_put(c, "%s\"%s\"", i ? "," : "", buf);
	}
	mgmt_put(c, "],\"ip\":[");
	for (unsigned i = 0; i < sf->n_ip; i++)
		if (secfilter_format_ip(&sf->ip[i], buf, sizeof(buf)) > 0)
			mgmt_put(c, "%s\"%s\"", i ? "," : "", buf);
	mgmt_put(c, "],\"max_macs\":%u}", sf->max_macs);
}

/**
 * mgmt_show_security() - Port security settings
 * @m:		server
 * @c:		client, cursor and JSON flag in it
 *
 * Shows of every locked port, or of @c->cmd.port.
 *
 * Return: true once the output is complete, false when the buffer is full
 */
bool mgmt_show_security(struct mgmt *m, struct mgmt_client *c)
{
	struct sw *sw = switchd_sw(m->d);
	unsigned max = switchd_max_ports(m->d);

	if (c->phase == 0) {
		if (c->cmd.json)
			mgmt_put(c, "{\"security\":[");
		else
			mgmt_put(c, "%-4s %s\n", "PORT", "SECURITY");
		c->phase = 1;
		c->cursor = c->cmd.port ? c->cmd.port : 1;
		c->first = true;
	}
	for (; c->cursor <= max; c->cursor++) {
		const struct secfilter *sf = sw_security(sw, c->cursor);
		size_t mark;

		if (c->cmd.port && c->cursor != c->cmd.port)
			break;
		if (!switchd_port(m->d, c->cursor) || (!sf && !c->cmd.port))
			continue;
		mark = rec_begin(c);
		show_security_port(c, c->cursor, sf);
		if (!rec_end(c, mark))
			return false;
	}
	return list_end(c);
}
