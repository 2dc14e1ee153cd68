// SPDX-License-Identifier: GPL-2.0-or-later
/* mgmt.c - the management socket: requests from umnet-ctl, replies, capture streams
 *
 * DOC: Theory of operation
 *
 * The switch listens on a unix stream socket (mode 0600 unless --mgmt-mode
 * says otherwise: whoever can connect can reconfigure the switch). One
 * connection carries one request: a line of text parsed by core/cmdparse.c.
 * The reply is a status line, "ok" or "error: MESSAGE", then for show
 * commands the output (text, or JSON with -j), and the switch closes the
 * connection when it is done. A capture turns the connection into a pcap
 * stream after "ok" until either side closes it. docs/management.md has the
 * protocol.
 *
 * Nothing a management client does can stall the datapath. Every socket is
 * nonblocking; at most MGMT_MAX_CLIENTS are served, each with a reply buffer
 * of MGMT_OUT_BYTES allocated when it connects. Long listings (the MAC
 * table) are produced a buffer at a time from a cursor as the client reads
 * (mgmtshow.c),
 * so the buffer bounds memory whatever the table size; a listing longer than
 * one buffer is therefore not a snapshot. A client gets MGMT_TIMEOUT_MS to
 * send its request and, while a reply is pending, to take some of it;
 * otherwise it is dropped. A capture reader is never dropped for being slow:
 * its frames are (daemon/capture.c).
 *
 * After a reply the switch shuts down its sending side and reads (and
 * discards) until the client closes, for at most MGMT_LINGER_MS: closing
 * with unread input would reset the connection, and a client still writing
 * a refused request (too long, say) would then never read why.
 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "core/cmdparse.h"
#include "core/fdb.h"
#include "core/sw.h"
#include "core/text.h"
#include "daemon/capture.h"
#include "daemon/mgmt.h"
#include "daemon/listen.h"
#include "daemon/loop.h"
#include "daemon/mgmtshow.h"
#include "sys/log.h"
#include "sys/sock.h"
#include "sys/tun.h"
#include "sys/util.h"

#define MGMT_LINGER_MS	1000

enum mgmt_client_state {
	MGMT_CL_READ,		/* waiting for the request line */
	MGMT_CL_REPLY,		/* sending the reply, then closing */
	MGMT_CL_CAPTURE,	/* streaming a capture */
	MGMT_CL_LINGER,		/* reply sent: discarding input until the client closes */
};

/**
 * struct mgmt_client - one management connection
 * @fd:		its socket
 * @watch:	its watch on the loop
 * @state:	where in the request/reply it is
 * @pid:	peer process (SO_PEERCRED)
 * @uid:	peer user
 * @deadline_ms: when it is dropped unless it makes progress
 * @want_out:	EPOLLOUT armed
 * @in_len:	request bytes received
 * @in:		the request
 * @cmd:	the request, parsed
 * @fill:	show command output generator, NULL for none
 * @r:		the reply and the generator's cursor
 * @cap:	capture session, NULL if not capturing
 * @cap_ended:	its port went away (capture_is_ended()) and the deadline to
 *		take the rest runs
 */
struct mgmt_client {
	int fd;
	int watch;
	enum mgmt_client_state state;
	pid_t pid;
	uid_t uid;
	uint64_t deadline_ms;
	bool want_out;
	size_t in_len;
	uint8_t in[CMD_REQ_MAX_BYTES + 2];	/* room for "\r\n" */
	struct cmd cmd;
	mgmt_show_fn fill;
	struct mgmt_reply r;
	struct capture *cap;
	bool cap_ended;
};

/**
 * struct mgmt - the management server
 * @view:	what show commands read
 * @caps:	capture sessions the datapath feeds
 * @ops:	what the daemon does on request
 * @opaque:	@ops' first argument
 * @loop:	event loop
 * @ls:		listeners, for accepting with their reserve descriptor
 * @fd:		listening socket
 * @watch:	its watch on the loop
 * @path:	its path
 * @ncap:	clients capturing
 * @cl:		clients by slot, NULL for free
 * @rl_refuse:	rate limit for "refused" messages
 * @rl_drop:	rate limit for "dropped" messages
 */
struct mgmt {
	struct mgmt_view view;
	struct capture_set *caps;
	const struct mgmt_ops *ops;
	void *opaque;
	struct loop *loop;
	struct listeners *ls;
	int fd;
	int watch;
	char path[SOCK_PATH_MAX];
	unsigned ncap;
	struct mgmt_client *cl[MGMT_MAX_CLIENTS];
	struct ratelimit rl_refuse, rl_drop;
};

/* ---- commands ------------------------------------------------------------- */

#define ERR(...)	text_errf(err, errlen, -EINVAL, __VA_ARGS__)

typedef int (*cmd_fn)(struct mgmt *m, struct mgmt_client *c, char *err, size_t errlen);

static int need_port(struct mgmt *m, unsigned id, char *err, size_t errlen)
{
	if (!m->ops->port(m->opaque, id))
		return ERR("no port %u", id);
	return 0;
}

static int do_help(struct mgmt *m, struct mgmt_client *c, char *err, size_t errlen)
{
	(void)m, (void)err, (void)errlen;
	c->fill = mgmt_show_help;
	return 0;
}

static int do_version(struct mgmt *m, struct mgmt_client *c, char *err, size_t errlen)
{
	(void)m, (void)err, (void)errlen;
	c->fill = mgmt_show_version;
	return 0;
}

static int do_ports(struct mgmt *m, struct mgmt_client *c, char *err, size_t errlen)
{
	(void)m, (void)err, (void)errlen;
	c->fill = mgmt_show_ports;
	return 0;
}

static int do_macs(struct mgmt *m, struct mgmt_client *c, char *err, size_t errlen)
{
	if (c->cmd.port && need_port(m, c->cmd.port, err, errlen))
		return -ENOENT;
	c->fill = mgmt_show_macs;
	return 0;
}

static int do_stats(struct mgmt *m, struct mgmt_client *c, char *err, size_t errlen)
{
	if (c->cmd.port && need_port(m, c->cmd.port, err, errlen))
		return -ENOENT;
	c->fill = mgmt_show_stats;
	return 0;
}

static int do_stats_reset(struct mgmt *m, struct mgmt_client *c, char *err, size_t errlen)
{
	struct sw *sw = m->view.sw;

	if (c->cmd.port) {
		if (need_port(m, c->cmd.port, err, errlen))
			return -ENOENT;
		sw_stats_reset(sw, c->cmd.port);
		return 0;
	}
	for (unsigned id = 1; id <= m->view.max_ports; id++)
		if (m->ops->port(m->opaque, id))
			sw_stats_reset(sw, id);
	return 0;
}

static int do_port_del(struct mgmt *m, struct mgmt_client *c, char *err, size_t errlen)
{
	if (m->ops->port_del(m->opaque, c->cmd.port))
		return ERR("no port %u", c->cmd.port);
	return 0;
}

static int do_tap_add(struct mgmt *m, struct mgmt_client *c, char *err, size_t errlen)
{
	unsigned id = 0;
	int ret = m->ops->tap_add(m->opaque, c->cmd.name, &id);

	if (ret == -EEXIST)
		return ERR("tap %s is attached already", c->cmd.name);
	if (ret == -ENOSPC)
		return ERR("tap %s: every port is in use", c->cmd.name);
	if (ret) {
		snprintf(err, errlen, "tap %s: %s%s%s", c->cmd.name, strerror(-ret),
			 *tun_open_hint(ret) ? ": " : "", tun_open_hint(ret));
		return ret;
	}
	return 0;
}

static int do_tap_del(struct mgmt *m, struct mgmt_client *c, char *err, size_t errlen)
{
	if (m->ops->tap_del(m->opaque, c->cmd.name))
		return ERR("no port is tap %s", c->cmd.name);
	return 0;
}

static int do_hub(struct mgmt *m, struct mgmt_client *c, char *err, size_t errlen)
{
	(void)err, (void)errlen;
	sw_set_hub(m->view.sw, c->cmd.on);
	return 0;
}

static int do_aging(struct mgmt *m, struct mgmt_client *c, char *err, size_t errlen)
{
	(void)err, (void)errlen;
	fdb_set_age(sw_fdb(m->view.sw), (uint64_t)c->cmd.num * 1000);
	return 0;
}

static int do_maxmacs(struct mgmt *m, struct mgmt_client *c, char *err, size_t errlen)
{
	int ret = fdb_set_max(sw_fdb(m->view.sw), (unsigned)c->cmd.num);

	if (ret)
		snprintf(err, errlen, "maxmacs %lu: %s", c->cmd.num, strerror(-ret));
	return ret;
}

static int do_log(struct mgmt *m, struct mgmt_client *c, char *err, size_t errlen)
{
	int lvl = log_level_parse(c->cmd.name);

	(void)m;
	if (lvl < 0)
		return ERR("unknown log level %s", c->cmd.name);
	log_set_level(lvl);
	return 0;
}

static int do_mirror(struct mgmt *m, struct mgmt_client *c, char *err, size_t errlen)
{
	if (need_port(m, c->cmd.port, err, errlen) || need_port(m, c->cmd.port2, err, errlen))
		return -ENOENT;
	if (sw_set_mirror(m->view.sw, c->cmd.port, c->cmd.port2))
		return ERR("cannot mirror port %u to port %u", c->cmd.port, c->cmd.port2);
	return 0;
}

static int do_mirror_off(struct mgmt *m, struct mgmt_client *c, char *err, size_t errlen)
{
	struct sw *sw = m->view.sw;

	if (c->cmd.port) {
		if (sw_mirror(sw, c->cmd.port) < 0)
			return ERR("port %u is not mirrored", c->cmd.port);
		sw_set_mirror(sw, c->cmd.port, SW_MIRROR_OFF);
		return 0;
	}
	for (unsigned id = 1; id <= m->view.max_ports; id++)
		sw_set_mirror(sw, id, SW_MIRROR_OFF);
	return 0;
}

static int do_security_show(struct mgmt *m, struct mgmt_client *c, char *err, size_t errlen)
{
	if (c->cmd.port && need_port(m, c->cmd.port, err, errlen))
		return -ENOENT;
	c->fill = mgmt_show_security;
	return 0;
}

static int do_security_set(struct mgmt *m, struct mgmt_client *c, char *err, size_t errlen)
{
	const struct secfilter *sf = c->cmd.id == CMD_SECURITY_SET ? &c->cmd.sec : NULL;
	int ret;

	if (need_port(m, c->cmd.port, err, errlen))
		return -ENOENT;
	ret = sw_set_security(m->view.sw, c->cmd.port, sf);
	if (ret)
		snprintf(err, errlen, "port %u: %s", c->cmd.port, strerror(-ret));
	return ret;
}

static int do_capture(struct mgmt *m, struct mgmt_client *c, char *err, size_t errlen)
{
	if (c->cmd.port && need_port(m, c->cmd.port, err, errlen))
		return -ENOENT;
	if (m->caps->n >= CAPTURE_MAX)
		return ERR("%d captures run already", CAPTURE_MAX);
	c->cap = capture_new(c->cmd.port, c->cmd.filter, "ok\n", (int)c->pid, err, errlen);
	if (!c->cap)
		return -EINVAL;
	capture_set_add(m->caps, c->cap);
	m->ncap++;
	c->state = MGMT_CL_CAPTURE;
	return 0;
}

static int do_shutdown(struct mgmt *m, struct mgmt_client *c, char *err, size_t errlen)
{
	(void)c, (void)err, (void)errlen;
	info("shutting down on a management request");
	m->ops->stop(m->opaque);
	return 0;
}

static const cmd_fn mgmt_cmds[CMD_ID_MAX] = {
	[CMD_HELP] = do_help,
	[CMD_VERSION] = do_version,
	[CMD_PORTS] = do_ports,
	[CMD_MACS] = do_macs,
	[CMD_STATS] = do_stats,
	[CMD_STATS_RESET] = do_stats_reset,
	[CMD_PORT_DEL] = do_port_del,
	[CMD_TAP_ADD] = do_tap_add,
	[CMD_TAP_DEL] = do_tap_del,
	[CMD_HUB] = do_hub,
	[CMD_AGING] = do_aging,
	[CMD_MAXMACS] = do_maxmacs,
	[CMD_LOG] = do_log,
	[CMD_MIRROR] = do_mirror,
	[CMD_MIRROR_OFF] = do_mirror_off,
	[CMD_SECURITY_SHOW] = do_security_show,
	[CMD_SECURITY_SET] = do_security_set,
	[CMD_SECURITY_OFF] = do_security_set,
	[CMD_CAPTURE] = do_capture,
	[CMD_SHUTDOWN] = do_shutdown,
};

/* ---- clients -------------------------------------------------------------- */

static void client_close(struct mgmt *m, unsigned i)
{
	struct mgmt_client *c = m->cl[i];

	if (c->cap) {
		capture_set_del(m->caps, c->cap);
		capture_free(c->cap);
		m->ncap--;
	}
	loop_del(m->loop, c->watch);
	close(c->fd);
	free(c);
	m->cl[i] = NULL;
}

static void client_want_out(struct mgmt *m, unsigned i, bool on)
{
	struct mgmt_client *c = m->cl[i];

	if (c->want_out == on)
		return;
	c->want_out = on;
	loop_mod(m->loop, c->watch, on ? EPOLLOUT : 0);
}

/* The reply is out: let the client see the end of it, then read to its end */
static void client_linger(struct mgmt *m, unsigned i)
{
	struct mgmt_client *c = m->cl[i];

	if (shutdown(c->fd, SHUT_WR) || loop_mod(m->loop, c->watch, EPOLLIN | EPOLLRDHUP)) {
		client_close(m, i);
		return;
	}
	c->state = MGMT_CL_LINGER;
	c->want_out = false;
	c->deadline_ms = now_ms() + MGMT_LINGER_MS;
}

static void client_drain(struct mgmt *m, unsigned i)
{
	char buf[4096];

	for (int k = 0; k < 16; k++) {
		ssize_t n = recv(m->cl[i]->fd, buf, sizeof(buf), MSG_DONTWAIT);

		if (n < 0 && (errno == EAGAIN || errno == EINTR))
			return;
		if (n <= 0)
			break;
	}
	client_close(m, i);	/* end of input, an error, or a flood: enough */
}

/* Send what is buffered, refill from the generator, close when done */
static void client_write(struct mgmt *m, unsigned i)
{
	struct mgmt_client *c = m->cl[i];

	for (;;) {
		if (c->r.off < c->r.len) {
			ssize_t n = send(c->fd, c->r.out + c->r.off, c->r.len - c->r.off,
					 MSG_DONTWAIT | MSG_NOSIGNAL);

			if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
				client_want_out(m, i, true);
				return;
			}
			if (n < 0) {
				client_close(m, i);	/* the client went away: nothing to tell */
				return;
			}
			c->r.off += (size_t)n;
			c->deadline_ms = now_ms() + MGMT_TIMEOUT_MS;
			continue;
		}
		if (!c->fill || c->r.done) {
			client_linger(m, i);
			return;
		}
		c->r.off = c->r.len = 0;
		c->r.done = c->fill(&c->r, &m->view);
		if (!c->r.len && !c->r.done)
			c->r.done = true;	/* a record larger than the buffer: stop */
	}
}

static void client_exec(struct mgmt *m, unsigned i, size_t len)
{
	struct mgmt_client *c = m->cl[i];
	char err[CMD_ERR_BYTES] = "";
	int ret;

	c->state = MGMT_CL_REPLY;
	c->deadline_ms = now_ms() + MGMT_TIMEOUT_MS;
	ret = cmd_parse(c->in, len, &c->cmd, err, sizeof(err));
	if (!ret && !mgmt_cmds[c->cmd.id]) {
		snprintf(err, sizeof(err), "%s: not implemented", c->cmd.argv[0]);
		ret = -ENOSYS;
	}
	if (!ret)
		ret = mgmt_cmds[c->cmd.id](m, c, err, sizeof(err));
	if (!ret && !cmd_is_show(&c->cmd)) {
		while (len && (c->in[len - 1] == '\n' || c->in[len - 1] == '\r'))
			len--;
		info("management: pid %d uid %d: %.*s", (int)c->pid, (int)c->uid, (int)len,
		     (const char *)c->in);
	}
	if (c->state == MGMT_CL_CAPTURE) {
		loop_mod(m->loop, c->watch, 0);
		mgmt_flush(m);
		return;
	}
	if (ret) {
		c->fill = NULL;
		mgmt_put(&c->r, "error: %s\n", err[0] ? err : strerror(-ret));
	} else {
		mgmt_put(&c->r, "ok\n");
		if (c->fill)
			c->r.done = c->fill(&c->r, &m->view);
	}
	loop_mod(m->loop, c->watch, 0);
	client_write(m, i);
}

static void client_read(struct mgmt *m, unsigned i)
{
	struct mgmt_client *c = m->cl[i];
	size_t len;
	ssize_t n;

	n = recv(c->fd, c->in + c->in_len, sizeof(c->in) - c->in_len, MSG_DONTWAIT);
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n < 0 || (n == 0 && !c->in_len)) {
		client_close(m, i);
		return;
	}
	c->in_len += (size_t)n;
	len = cmd_frame(c->in, c->in_len, sizeof(c->in), n == 0);
	if (len)
		client_exec(m, i, len);
}

static void mgmt_client_event(void *opaque, unsigned idx, uint32_t events);

/* loop_fn: accept a management client */
static void mgmt_listen_event(void *opaque, unsigned arg, uint32_t events)
{
	struct mgmt *m = opaque;
	struct ucred cred = { .pid = 0, .uid = (uid_t)-1 };
	socklen_t clen = sizeof(cred);
	struct mgmt_client *c;
	unsigned i;
	int fd;

	(void)arg, (void)events;
	/* out of descriptors, this refuses the client rather than spin */
	fd = listen_accept(m->ls, m->fd, "management socket");
	if (fd < 0)
		return;		/* EAGAIN, a client that gave up already, or logged */
	getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &clen);
	for (i = 0; i < MGMT_MAX_CLIENTS && m->cl[i]; i++)
		;
	c = i < MGMT_MAX_CLIENTS ? calloc(1, sizeof(*c)) : NULL;
	if (!c) {
		static const char busy[] = "error: too many management clients, try again\n";

		if (ratelimit_ok(&m->rl_refuse, now_ms()))
			warn("management: refused pid %d: %s", (int)cred.pid,
			     i < MGMT_MAX_CLIENTS ? "out of memory" : "too many clients");
		/* best effort: a fresh socket takes this much without blocking */
		if (send(fd, busy, sizeof(busy) - 1, MSG_DONTWAIT | MSG_NOSIGNAL) < 0)
			debug("management: cannot tell pid %d: %s", (int)cred.pid, strerror(errno));
		close(fd);
		return;
	}
	c->fd = fd;
	c->pid = cred.pid;
	c->uid = cred.uid;
	c->state = MGMT_CL_READ;
	c->deadline_ms = now_ms() + MGMT_TIMEOUT_MS;
	c->r.cmd = &c->cmd;
	m->cl[i] = c;
	c->watch = loop_add(m->loop, fd, EPOLLIN | EPOLLRDHUP, 0, mgmt_client_event, m, i);
	if (c->watch < 0)
		client_close(m, i);
}

/* loop_fn: a management client is ready */
static void mgmt_client_event(void *opaque, unsigned idx, uint32_t events)
{
	struct mgmt *m = opaque;
	struct mgmt_client *c = idx < MGMT_MAX_CLIENTS ? m->cl[idx] : NULL;

	if (!c)
		return;
	switch (c->state) {
	case MGMT_CL_READ:
		client_read(m, idx);
		break;
	case MGMT_CL_REPLY:
		if (events & (EPOLLERR | EPOLLHUP))
			client_close(m, idx);
		else if (events & EPOLLOUT)
			client_write(m, idx);
		break;
	case MGMT_CL_LINGER:
		client_drain(m, idx);
		break;
	case MGMT_CL_CAPTURE:
		if (events & (EPOLLERR | EPOLLHUP)) {
			debug("management: capture reader pid %d gone", (int)c->pid);
			client_close(m, idx);
		} else if (events & EPOLLOUT) {
			client_want_out(m, idx, false);
			mgmt_flush(m);
		}
		break;
	}
}

/**
 * mgmt_flush() - Push capture streams to their readers; once per loop round
 * @m:		server, may be NULL
 *
 * A reader whose socket is full gets EPOLLOUT armed and is skipped until
 * then; one that is gone, or whose port went away and has everything, is
 * closed.
 */
void mgmt_flush(struct mgmt *m)
{
	if (!m || !m->ncap)
		return;
	for (unsigned i = 0; i < MGMT_MAX_CLIENTS; i++) {
		struct mgmt_client *c = m->cl[i];
		int ret = 0;

		if (!c || !c->cap || c->want_out)
			continue;
		if (capture_is_pending(c->cap))
			ret = capture_send(c->cap, c->fd);
		if (ret > 0)
			client_want_out(m, i, true);
		else if (ret < 0 || capture_is_ended(c->cap))
			client_close(m, i);
	}
}

/**
 * mgmt_tick() - Drop clients that are too slow to ask or to read
 * @m:		server, may be NULL
 * @now_ms:	current time
 */
void mgmt_tick(struct mgmt *m, uint64_t now_ms)
{
	for (unsigned i = 0; m && i < MGMT_MAX_CLIENTS; i++) {
		struct mgmt_client *c = m->cl[i];

		if (c && c->cap && !c->cap_ended && capture_is_ended(c->cap)) {
			/* its port went away: the reader has this long to take the rest */
			c->cap_ended = true;
			c->deadline_ms = now_ms + MGMT_TIMEOUT_MS;
		}
		if (!c || (c->state == MGMT_CL_CAPTURE && !c->cap_ended) || now_ms < c->deadline_ms)
			continue;
		if (c->state != MGMT_CL_LINGER && ratelimit_ok(&m->rl_drop, now_ms))
			warn("management: dropped pid %d: %s for %d s", (int)c->pid,
			     c->state == MGMT_CL_READ ? "no complete request" : "output not read",
			     MGMT_TIMEOUT_MS / 1000);
		client_close(m, i);
	}
}

/* ---- setup ---------------------------------------------------------------- */

/**
 * mgmt_open() - Listen on the management socket
 * @env:	what the server reads and asks (copied)
 * @path:	socket path
 * @mode:	its permissions
 * @gid:	its group, (gid_t)-1 to keep
 * @err:	-errno on failure (-EADDRINUSE: a live switch serves it; -EEXIST:
 *		not a socket)
 *
 * Return: the server (caller frees with mgmt_close()), NULL on failure
 */
struct mgmt *mgmt_open(const struct mgmt_env *env, const char *path, int mode, gid_t gid,
		       int *err)
{
	struct mgmt *m = calloc(1, sizeof(*m));
	int fd;

	if (!m) {
		*err = -ENOMEM;
		return NULL;
	}
	if (snprintf(m->path, sizeof(m->path), "%s", path) >= (int)sizeof(m->path)) {
		free(m);
		*err = -ENAMETOOLONG;
		return NULL;
	}
	fd = sock_unix_listen(path, SOCK_STREAM, mode, gid);
	if (fd < 0) {
		free(m);
		*err = fd;
		return NULL;
	}
	m->view = (struct mgmt_view){
		.sw = env->sw, .port = env->ops->port, .opaque = env->opaque,
		.max_ports = env->max_ports, .caps = env->caps, .version = env->version,
	};
	m->caps = env->caps;
	m->ops = env->ops;
	m->opaque = env->opaque;
	m->loop = env->loop;
	m->ls = env->ls;
	m->fd = fd;
	m->rl_refuse = (struct ratelimit)RATELIMIT_INIT(10000, 5);
	m->rl_drop = (struct ratelimit)RATELIMIT_INIT(10000, 5);
	/* a listener: paused with the others when out of descriptors */
	m->watch = loop_add(m->loop, fd, EPOLLIN, LOOP_LISTENER, mgmt_listen_event, m, 0);
	*err = m->watch < 0 ? m->watch : 0;
	if (*err) {
		close(fd);
		unlink(m->path);
		free(m);
		return NULL;
	}
	return m;
}

/**
 * mgmt_close() - Close every client and the socket, and remove it
 * @m:		server, may be NULL
 *
 * Replies still buffered get one last nonblocking send (the "ok" of
 * "shutdown"); capture readers get end of file.
 */
void mgmt_close(struct mgmt *m)
{
	if (!m)
		return;
	for (unsigned i = 0; i < MGMT_MAX_CLIENTS; i++) {
		struct mgmt_client *c = m->cl[i];

		if (!c)
			continue;
		if (c->state == MGMT_CL_REPLY && c->r.off < c->r.len &&
		    send(c->fd, c->r.out + c->r.off, c->r.len - c->r.off,
			 MSG_DONTWAIT | MSG_NOSIGNAL) < 0)
			debug("management: last reply to pid %d lost: %s", (int)c->pid,
			      strerror(errno));
		if (c->cap)
			capture_send(c->cap, c->fd);
		client_close(m, i);
	}
	loop_del(m->loop, m->watch);
	close(m->fd);
	unlink(m->path);
	free(m);
}
