/* SPDX-License-Identifier: GPL-2.0-or-later */
/* mgmtshow.h - management clients' state and the show commands' output (internal to mgmt) */
#ifndef UMNET_MGMTSHOW_H
#define UMNET_MGMTSHOW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "core/cmdparse.h"
#include "daemon/mgmt.h"
#include "sys/log.h"
#include "sys/sock.h"

struct capture;

enum mgmt_client_state {
	MGMT_CL_READ,	/* waiting for the request line */
	MGMT_CL_REPLY,	/* sending the reply, then closing */
	MGMT_CL_CAPTURE,	/* streaming a capture */
	MGMT_CL_LINGER,	/* reply sent: discarding input until the client closes */
};

struct mgmt_client;
/* Fill the reply buffer from the cursor; return true once everything is out */
typedef bool (*mgmt_fill_fn)(struct mgmt *m, struct mgmt_client *c);

/**
 * struct mgmt_client - one management connection
 * @fd:		its socket
 * @gen:	generation, tells events of a reused slot apart
 * @state:	where in the request/reply it is
 * @pid:	peer process (SO_PEERCRED)
 * @uid:	peer user
 * @deadline_ms: when it is dropped unless it makes progress
 * @want_out:	EPOLLOUT armed
 * @in_len:	request bytes received
 * @in:		the request
 * @cmd:	the request, parsed
 * @fill:	show command output generator, NULL for none
 * @fill_done:	@fill has produced everything
 * @cursor:	@fill's position (port, table slot, ...)
 * @phase:	@fill's section (header, items, footer, ...)
 * @first:	the next JSON array element is the first
 * @overflow:	the current record did not fit in @out
 * @out_len:	bytes in @out
 * @out_off:	bytes of @out already sent
 * @out:	reply buffer
 * @cap:	capture session, NULL if not capturing
 * @cap_ended:	its port went away: close once drained
 */
struct mgmt_client {
	int fd;
	unsigned gen;
	enum mgmt_client_state state;
	pid_t pid;
	uid_t uid;
	uint64_t deadline_ms;
	bool want_out;
	size_t in_len;
	uint8_t in[CMD_REQ_MAX_BYTES + 2];	/* room for "\r\n" */
	struct cmd cmd;
	mgmt_fill_fn fill;
	bool fill_done;
	unsigned cursor, phase;
	bool first, overflow;
	size_t out_len, out_off;
	char out[MGMT_OUT_BYTES];
	struct capture *cap;
	bool cap_ended;			/* its port went away: close once drained */
};

/**
 * struct mgmt - the management server
 * @d:		daemon
 * @fd:		listening socket
 * @path:	its path
 * @gen:	last client generation given out
 * @ncap:	clients capturing
 * @cl:		clients by slot, NULL for free
 * @rl_refuse:	rate limit for "refused" messages
 * @rl_drop:	rate limit for "dropped" messages
 */
struct mgmt {
	struct switchd *d;
	int fd;
	char path[SOCK_PATH_MAX];
	unsigned gen;
	unsigned ncap;
	struct mgmt_client *cl[MGMT_MAX_CLIENTS];
	struct ratelimit rl_refuse, rl_drop;
};

void mgmt_put(struct mgmt_client *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
bool mgmt_show_help(struct mgmt *m, struct mgmt_client *c);
bool mgmt_show_version(struct mgmt *m, struct mgmt_client *c);
bool mgmt_show_ports(struct mgmt *m, struct mgmt_client *c);
bool mgmt_show_macs(struct mgmt *m, struct mgmt_client *c);
bool mgmt_show_stats(struct mgmt *m, struct mgmt_client *c);
bool mgmt_show_security(struct mgmt *m, struct mgmt_client *c);

#endif /* UMNET_MGMTSHOW_H */
