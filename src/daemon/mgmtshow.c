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
#include "port/port.h"
#include "sys/log.h"
#include "sys/util.h"

/* ---- output ----------------------------------------------------------------- */

static void __attribute__((format(printf, 2, 0))) vput(struct mgmt_reply *r, const char *fmt,
							 va_list ap)
{
	size_t room = sizeof(r->out) - r->len;
	int n;

	if (r->overflow)
		return;
	/* clang-tidy 14 flags @ap as uninitialised when it analysed another file
	 * first (never when run on this one alone): a false positive */
	n = vsnprintf(r->out + r->len, room, fmt, ap); // NOLINT(clang-analyzer-valist.Uninitialized)
	if (n < 0 || (size_t)n >= room)
		r->overflow = true;	/* the record is rolled back: see rec_end() */
	else
		r->len += (size_t)n;
}

/**
 * mgmt_put() - Append text to a reply buffer
 * @r:		reply
 * @fmt:	printf format
 *
 * If it does not fit, nothing is appended and @r->overflow is set (a record
 * is then rolled back, see rec_end()).
 */
void mgmt_put(struct mgmt_reply *r, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vput(r, fmt, ap);
	va_end(ap);
}

/* A JSON string (text_json_str()), or an overflow as mgmt_put() has it */
static void put_json_str(struct mgmt_reply *r, const char *s)
{
	size_t room = sizeof(r->out) - r->len;
	size_t n;

	if (r->overflow)
		return;
	n = text_json_str(r->out + r->len, room, s);
	if (n >= room)
		r->overflow = true;	/* the record is rolled back: see rec_end() */
	else
		r->len += n;
}

/* Start a record: returns the mark to roll back to if it does not fit */
static size_t rec_begin(struct mgmt_reply *r)
{
	r->overflow = false;
	return r->len;
}

/* End a record of a list: false (and rolled back) if it did not fit; once it
 * did, the next JSON element needs a separator (see put_sep()) */
static bool rec_end(struct mgmt_reply *r, size_t mark)
{
	if (!r->overflow) {
		r->first = false;
		return true;
	}
	r->len = mark;
	r->overflow = false;
	return false;
}

/* Close a list. Return: true once the output is complete */
static bool list_end(struct mgmt_reply *r)
{
	if (r->cmd->json)
		mgmt_put(r, "]}\n");
	return !r->overflow;
}

/* JSON array element separator */
static void put_sep(struct mgmt_reply *r)
{
	if (!r->first)
		mgmt_put(r, ",");
}

/* ---- show commands: resumable generators ------------------------------------ */

/**
 * mgmt_show_help() - List the commands
 * @r:		reply: buffer, cursor and the command (JSON or not)
 * @v:		what the switch has
 *
 * Shows one line each from cmd_table.
 *
 * Return: true once the output is complete, false when the buffer is full
 */
bool mgmt_show_help(struct mgmt_reply *r, const struct mgmt_view *v)
{
	(void)v;
	if (r->phase == 0) {
		if (r->cmd->json)
			mgmt_put(r, "{\"commands\":[");
		r->phase = 1;
		r->first = true;
	}
	for (; r->cursor < cmd_table_len; r->cursor++) {
		const struct cmd_def *def = &cmd_table[r->cursor];
		size_t mark = rec_begin(r);

		if (r->cmd->json) {
			put_sep(r);
			mgmt_put(r, "{\"name\":");
			put_json_str(r, def->name);
			mgmt_put(r, ",\"help\":");
			put_json_str(r, def->help);
			mgmt_put(r, "}");
		} else {
			mgmt_put(r, "%s\n", def->help);
		}
		if (!rec_end(r, mark))
			return false;
	}
	return list_end(r);
}

/**
 * mgmt_show_version() - Switch and protocol version
 * @r:		reply: buffer, cursor and the command (JSON or not)
 * @v:		what the switch has
 *
 * Return: true once the output is complete, false when the buffer is full
 */
bool mgmt_show_version(struct mgmt_reply *r, const struct mgmt_view *v)
{
	const char *version = v->version ? v->version : "unknown";

	if (r->cmd->json)
		mgmt_put(r, "{\"version\":\"%s\",\"protocol\":%d}\n", version,
			 CMD_PROTOCOL_VERSION);
	else
		mgmt_put(r, "umnet-switch %s, management protocol %d\n", version,
			 CMD_PROTOCOL_VERSION);
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

static void port_flags(const struct mgmt_view *v, const struct port *p, char *buf, size_t len)
{
	struct sw *sw = v->sw;
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

static void show_port(struct mgmt_reply *r, const struct mgmt_view *v, const struct port *p)
{
	struct sw *sw = v->sw;
	unsigned macs = fdb_port_count(sw_fdb(sw), p->id);
	const char *state = txq_is_empty(&p->txq) ? "up" : "blocked";
	char umid[64], flags[48];
	int mirror = sw_mirror(sw, p->id);

	peer_umid(p->pid, umid, sizeof(umid));
	if (!r->cmd->json) {
		port_flags(v, p, flags, sizeof(flags));
		mgmt_put(r, "%-4u %-5s %-5u %-8s %-18s %-30s %s%s%s\n", p->id, p->ops->kind, macs, state,
		    flags, p->name, p->peer, umid[0] ? " umid " : "", umid);
		return;
	}
	put_sep(r);
	mgmt_put(r, "{\"id\":%u,\"kind\":", p->id);
	put_json_str(r, p->ops->kind);
	mgmt_put(r, ",\"name\":");
	put_json_str(r, p->name);
	mgmt_put(r, ",\"peer\":");
	put_json_str(r, p->peer);
	if (p->pid > 0)
		mgmt_put(r, ",\"pid\":%d", (int)p->pid);
	if (p->uid != (uid_t)-1)
		mgmt_put(r, ",\"uid\":%u", (unsigned)p->uid);
	if (umid[0]) {
		mgmt_put(r, ",\"umid\":");
		put_json_str(r, umid);
	}
	mgmt_put(r, ",\"macs\":%u,\"state\":\"%s\",\"tx_queue\":%u,\"security\":%s", macs, state,
	    p->txq.frames, sw_security(sw, p->id) ? "true" : "false");
	if (mirror > 0)
		mgmt_put(r, ",\"mirror_to\":%d", mirror);
	mgmt_put(r, "}");
}

/**
 * mgmt_show_ports() - The port table
 * @r:		reply: buffer, cursor and the command (JSON or not)
 * @v:		what the switch has
 *
 * Shows id, kind, MACs, state, flags, name, peer (umid from the UML command line).
 *
 * Return: true once the output is complete, false when the buffer is full
 */
bool mgmt_show_ports(struct mgmt_reply *r, const struct mgmt_view *v)
{
	unsigned max = v->max_ports;

	if (r->phase == 0) {
		if (r->cmd->json)
			mgmt_put(r, "{\"ports\":[");
		else
			mgmt_put(r, "%-4s %-5s %-5s %-8s %-18s %-30s %s\n", "ID", "KIND", "MACS", "STATE",
			    "FLAGS", "NAME", "PEER");
		r->phase = 1;
		r->cursor = 1;
		r->first = true;
	}
	for (; r->cursor <= max; r->cursor++) {
		const struct port *p = v->port(v->opaque, r->cursor);
		size_t mark;

		if (!p)
			continue;
		mark = rec_begin(r);
		show_port(r, v, p);
		if (!rec_end(r, mark))
			return false;
	}
	return list_end(r);
}

/**
 * mgmt_show_macs() - The MAC table
 * @r:		reply: buffer, cursor and the command (JSON or not)
 * @v:		what the switch has
 *
 * Shows all entries, or those of @r->cmd->port.
 *
 * Return: true once the output is complete, false when the buffer is full
 */
bool mgmt_show_macs(struct mgmt_reply *r, const struct mgmt_view *v)
{
	const struct fdb *fdb = sw_fdb(v->sw);
	uint64_t now = now_ms();
	struct fdb_info e;

	if (r->phase == 0) {
		if (r->cmd->json)
			mgmt_put(r, "{\"macs\":[");
		else
			mgmt_put(r, "%-18s %-5s %-5s %s\n", "MAC", "VLAN", "PORT", "AGE");
		r->phase = 1;
		r->cursor = 0;
		r->first = true;
	}
	for (;;) {
		unsigned pos = r->cursor;
		size_t mark;
		char mac[ADDR_MAC_STRLEN];

		if (!fdb_next(fdb, &pos, now, &e))
			break;
		if (r->cmd->port && e.port != r->cmd->port) {
			r->cursor = pos;
			continue;
		}
		addr_mac_format(e.mac, mac);
		mark = rec_begin(r);
		if (r->cmd->json) {
			put_sep(r);
			mgmt_put(r, "{\"mac\":\"%s\",\"vlan\":%u,\"port\":%u,\"age_ms\":%llu}", mac, e.vlan,
			    e.port, (unsigned long long)e.age_ms);
		} else {
			mgmt_put(r, "%-18s %-5u %-5u %llu\n", mac, e.vlan, e.port,
			    (unsigned long long)(e.age_ms / 1000));
		}
		if (!rec_end(r, mark))
			return false;
		r->cursor = pos;
	}
	return list_end(r);
}

static void show_stats_switch(struct mgmt_reply *r, const struct mgmt_view *v)
{
	struct sw *sw = v->sw;
	const struct fdb *fdb = sw_fdb(sw);
	const char *mode = sw_get_hub(sw) ? "hub" : "switch";

	if (r->cmd->json) {
		mgmt_put(r, "{\"switch\":{\"mode\":\"%s\",\"ports\":%u,\"max_ports\":%u,\"macs\":%u,"
		    "\"max_macs\":%u,\"aging_s\":%llu,\"log_level\":\"%s\"},\"ports\":[", mode,
		    sw_port_count(sw), v->max_ports, fdb_count(fdb), fdb_get_max(fdb),
		    (unsigned long long)(fdb_get_age(fdb) / 1000), log_level_name(log_get_level()));
		return;
	}
	mgmt_put(r, "switch: %s mode, ports %u of %u, macs %u of %u, aging %llu s, log %s\n", mode,
	    sw_port_count(sw), v->max_ports, fdb_count(fdb), fdb_get_max(fdb),
	    (unsigned long long)(fdb_get_age(fdb) / 1000), log_level_name(log_get_level()));
	mgmt_put(r, "%-4s %10s %12s %10s %12s %7s %7s  %s\n", "PORT", "RX_FRAMES", "RX_BYTES",
	    "TX_FRAMES", "TX_BYTES", "DROPS", "TXQ_HWM", "NAME");
}

static void show_stats_port(struct mgmt_reply *r, const struct port *p, const struct sw_stats *st)
{
	uint64_t drops = 0;

	for (int k = 0; k < SW_DROP_MAX; k++)
		drops += st->drops[k];
	if (r->cmd->json) {
		put_sep(r);
		mgmt_put(r, "{\"id\":%u,\"name\":", p->id);
		put_json_str(r, p->name);
		mgmt_put(r, ",\"rx_frames\":%llu,\"rx_bytes\":%llu,\"tx_frames\":%llu,\"tx_bytes\":%llu,"
		    "\"tx_queue_hwm\":%llu,\"learn_refused\":%llu,\"drops\":{",
		    (unsigned long long)st->rx_frames, (unsigned long long)st->rx_bytes,
		    (unsigned long long)st->tx_frames, (unsigned long long)st->tx_bytes,
		    (unsigned long long)st->tx_queue_hwm, (unsigned long long)st->learn_refused);
		for (int k = 0; k < SW_DROP_MAX; k++)
			mgmt_put(r, "%s\"%s\":%llu", k ? "," : "", sw_drop_names[k],
			    (unsigned long long)st->drops[k]);
		mgmt_put(r, "}}");
		return;
	}
	mgmt_put(r, "%-4u %10llu %12llu %10llu %12llu %7llu %7llu  %s\n", p->id,
	    (unsigned long long)st->rx_frames, (unsigned long long)st->rx_bytes,
	    (unsigned long long)st->tx_frames, (unsigned long long)st->tx_bytes,
	    (unsigned long long)drops, (unsigned long long)st->tx_queue_hwm, p->name);
	if (!drops && !st->learn_refused)
		return;
	mgmt_put(r, "     drops:");
	for (int k = 0; k < SW_DROP_MAX; k++)
		if (st->drops[k])
			mgmt_put(r, " %s %llu", sw_drop_names[k], (unsigned long long)st->drops[k]);
	if (st->learn_refused)
		mgmt_put(r, " (learn_refused %llu)", (unsigned long long)st->learn_refused);
	mgmt_put(r, "\n");
}

static void show_stats_capture(struct mgmt_reply *r, const struct capture *cap)
{
	struct capture_info ci;
	char port[16] = "all";

	capture_get_info(cap, &ci);
	if (ci.port != CAPTURE_ALL)
		snprintf(port, sizeof(port), "%u", ci.port);
	if (r->cmd->json) {
		put_sep(r);
		mgmt_put(r, "{\"port\":\"%s\",\"pid\":%d,\"filter\":", port, ci.reader);
		put_json_str(r, ci.filter);
		mgmt_put(r, ",\"frames\":%llu,\"bytes\":%llu,\"dropped\":%llu,\"pending_bytes\":%zu}",
		    (unsigned long long)ci.frames, (unsigned long long)ci.bytes,
		    (unsigned long long)ci.dropped, ci.pending);
		return;
	}
	mgmt_put(r, "capture %s by pid %d%s%s%s: %llu frames, %llu dropped (reader behind), "
	    "%zu bytes pending\n", port, ci.reader, ci.filter[0] ? " filter \"" : "",
	    ci.filter, ci.filter[0] ? "\"" : "", (unsigned long long)ci.frames,
	    (unsigned long long)ci.dropped, ci.pending);
}

/**
 * mgmt_show_stats() - Counters
 * @r:		reply: buffer, cursor and the command (JSON or not)
 * @v:		what the switch has
 *
 * Shows the switch, every port (or @r->cmd->port), capture sessions.
 *
 * Return: true once the output is complete, false when the buffer is full
 */
bool mgmt_show_stats(struct mgmt_reply *r, const struct mgmt_view *v)
{
	struct sw *sw = v->sw;
	unsigned max = v->max_ports;

	if (r->phase == 0) {
		show_stats_switch(r, v);
		r->phase = 1;
		r->cursor = r->cmd->port ? r->cmd->port : 1;
		r->first = true;
	}
	for (; r->phase == 1 && r->cursor <= max; r->cursor++) {
		const struct port *p = v->port(v->opaque, r->cursor);
		size_t mark;

		if (r->cmd->port && r->cursor != r->cmd->port)
			break;
		if (!p)
			continue;
		mark = rec_begin(r);
		show_stats_port(r, p, sw_port_stats(sw, p->id));
		if (!rec_end(r, mark))
			return false;
	}
	if (r->phase == 1) {
		if (r->cmd->json)
			mgmt_put(r, "],\"captures\":[");
		r->phase = 2;
		r->cursor = 0;
		r->first = true;
	}
	for (; r->cursor < v->caps->n; r->cursor++) {
		size_t mark = rec_begin(r);

		show_stats_capture(r, v->caps->c[r->cursor]);
		if (!rec_end(r, mark))
			return false;
	}
	return list_end(r);
}

static void show_security_port(struct mgmt_reply *r, unsigned id, const struct secfilter *sf)
{
	static const struct secfilter none;
	char buf[SECFILTER_FMT_BYTES];

	if (!sf)
		sf = &none;
	if (!r->cmd->json) {
		secfilter_format(sf, buf, sizeof(buf));
		mgmt_put(r, "%-4u %s\n", id, buf);
		return;
	}
	put_sep(r);
	mgmt_put(r, "{\"port\":%u,\"mac\":[", id);
	for (unsigned i = 0; i < sf->n_mac; i++) {
		addr_mac_format(sf->mac[i], buf);
		mgmt_put(r, "%s\"%s\"", i ? "," : "", buf);
	}
	mgmt_put(r, "],\"ip\":[");
	for (unsigned i = 0; i < sf->n_ip; i++)
		if (secfilter_format_ip(&sf->ip[i], buf, sizeof(buf)) > 0)
			mgmt_put(r, "%s\"%s\"", i ? "," : "", buf);
	mgmt_put(r, "],\"max_macs\":%u}", sf->max_macs);
}

/**
 * mgmt_show_security() - Port security settings
 * @r:		reply: buffer, cursor and the command (JSON or not)
 * @v:		what the switch has
 *
 * Shows of every locked port, or of @r->cmd->port.
 *
 * Return: true once the output is complete, false when the buffer is full
 */
bool mgmt_show_security(struct mgmt_reply *r, const struct mgmt_view *v)
{
	struct sw *sw = v->sw;
	unsigned max = v->max_ports;

	if (r->phase == 0) {
		if (r->cmd->json)
			mgmt_put(r, "{\"security\":[");
		else
			mgmt_put(r, "%-4s %s\n", "PORT", "SECURITY");
		r->phase = 1;
		r->cursor = r->cmd->port ? r->cmd->port : 1;
		r->first = true;
	}
	for (; r->cursor <= max; r->cursor++) {
		const struct secfilter *sf = sw_security(sw, r->cursor);
		size_t mark;

		if (r->cmd->port && r->cursor != r->cmd->port)
			break;
		if (!v->port(v->opaque, r->cursor) || (!sf && !r->cmd->port))
			continue;
		mark = rec_begin(r);
		show_security_port(r, r->cursor, sf);
		if (!rec_end(r, mark))
			return false;
	}
	return list_end(r);
}
