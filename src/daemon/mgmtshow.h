/* SPDX-License-Identifier: GPL-2.0-or-later */
/* mgmtshow.h - the show commands' output: text or JSON, a buffer at a time */
#ifndef UMNET_MGMTSHOW_H
#define UMNET_MGMTSHOW_H

#include <stdbool.h>
#include <stddef.h>

#include "core/cmdparse.h"

#define MGMT_OUT_BYTES		(64 * 1024)	/* reply buffer per client */

struct capture_set;
struct port;
struct sw;

/**
 * struct mgmt_view - what the show commands read
 * @sw:		the switching core
 * @port:	a port by number, NULL if none (the daemon's port table)
 * @opaque:	@port's first argument
 * @max_ports:	port numbers are 1..this
 * @caps:	capture sessions running
 * @version:	the switch's version, NULL if unknown
 */
struct mgmt_view {
	struct sw *sw;
	const struct port *(*port)(void *opaque, unsigned id);
	void *opaque;
	unsigned max_ports;
	const struct capture_set *caps;
	const char *version;
};

/**
 * struct mgmt_reply - a reply on its way to a client, and where its output stands
 * @cmd:	the request, parsed
 * @done:	the show command has produced everything
 * @cursor:	its position (port, table slot, ...)
 * @phase:	its section (header, items, footer, ...)
 * @first:	the next JSON array element is the first
 * @overflow:	the current record did not fit in @out
 * @len:	bytes in @out
 * @off:	bytes of @out already sent
 * @out:	reply buffer
 */
struct mgmt_reply {
	const struct cmd *cmd;
	bool done;
	unsigned cursor, phase;
	bool first, overflow;
	size_t len, off;
	char out[MGMT_OUT_BYTES];
};

/* Fill the reply buffer from the cursor; return true once everything is out */
typedef bool (*mgmt_show_fn)(struct mgmt_reply *r, const struct mgmt_view *v);

void mgmt_put(struct mgmt_reply *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
bool mgmt_show_help(struct mgmt_reply *r, const struct mgmt_view *v);
bool mgmt_show_version(struct mgmt_reply *r, const struct mgmt_view *v);
bool mgmt_show_ports(struct mgmt_reply *r, const struct mgmt_view *v);
bool mgmt_show_macs(struct mgmt_reply *r, const struct mgmt_view *v);
bool mgmt_show_stats(struct mgmt_reply *r, const struct mgmt_view *v);
bool mgmt_show_security(struct mgmt_reply *r, const struct mgmt_view *v);

#endif /* UMNET_MGMTSHOW_H */
