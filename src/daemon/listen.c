// SPDX-License-Identifier: GPL-2.0-or-later
/* listen.c - where guests connect: listening sockets, handshakes, accepting out of descriptors
 *
 * DOC: Theory of operation
 *
 * Every --unix, --sock, --bess and --stream path is one listener on the
 * event loop. A bess or stream connection is a port at once (port/bess.c,
 * port/stream.c). A uml_switch-protocol client becomes a pending handshake
 * (at most LISTEN_HANDSHAKES at once, LISTEN_HS_TIMEOUT_MS to send its
 * request); a valid request makes a port with its own connected data
 * socket (port/unix.c), which lives as long as the control connection.
 * Malformed requests are refused with a logged reason and the connection
 * closed; nothing a client sends can stop the loop.
 *
 * Descriptor exhaustion: a client that cannot be accepted would leave its
 * listener readable and the loop spinning. listen_accept() refuses it on a
 * descriptor held in reserve (sock_accept()) and logs why; should even that
 * fail, every listener (the management socket's too: LOOP_LISTENER) is
 * paused until the next tick. Existing ports are not touched, and new ones
 * are accepted again as soon as descriptors free up.
 */

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include "core/request.h"
#include "daemon/dp.h"
#include "daemon/listen.h"
#include "daemon/loop.h"
#include "port/port.h"
#include "sys/log.h"
#include "sys/sock.h"
#include "sys/util.h"

/**
 * struct listener - one listening socket
 * @kind:	protocol
 * @fd:		the socket
 * @watch:	its watch on the loop
 * @path:	socket path
 * @dir:	VDE: the socket directory
 * @dir_created: @dir was made by us: removed at the end
 */
struct listener {
	enum listen_kind kind;
	int fd;
	int watch;
	char path[SOCK_PATH_MAX];
	char dir[SOCK_PATH_MAX];
	bool dir_created;
};

/**
 * struct handshake - a uml_switch-protocol client that has not sent its request yet
 * @fd:		its control connection, -1: slot free
 * @watch:	its watch on the loop
 * @listener:	where it connected
 * @len:	bytes of request received
 * @deadline_ms: when it is dropped
 * @buf:	the request so far
 */
struct handshake {
	int fd;
	int watch;
	unsigned listener;
	size_t len;
	uint64_t deadline_ms;
	uint8_t buf[REQ_MAX_BYTES + 1];
};

/**
 * struct listeners - every place guests connect to
 * @loop:	event loop
 * @dp:		datapath new ports join
 * @mode:	permissions of sockets made, -1 for the umask's
 * @gid:	their group, (gid_t)-1 to keep
 * @spare_fd:	descriptor held in reserve for refusing clients, or -1
 * @rl_hs:	rate limit for refusals
 * @rl_fd:	rate limit for descriptor exhaustion
 * @hs:		clients in handshake
 * @n:		listeners open
 * @max:	room in @lst
 * @lst:	the listeners
 */
struct listeners {
	struct loop *loop;
	struct dp *dp;
	int mode;
	gid_t gid;
	int spare_fd;
	struct ratelimit rl_hs, rl_fd;
	struct handshake hs[LISTEN_HANDSHAKES];
	unsigned n, max;
	struct listener lst[];
};

static void hs_event(void *opaque, unsigned i, uint32_t events);

static void listen_close(struct listener *l)
{
	close(l->fd);
	unlink(l->path);
	if (l->dir_created)
		rmdir(l->dir);
}

static void hs_close(struct listeners *ls, unsigned i)
{
	loop_del(ls->loop, ls->hs[i].watch);
	close(ls->hs[i].fd);
	ls->hs[i].fd = -1;
	ls->hs[i].watch = -1;
}

static void hs_fail(struct listeners *ls, unsigned i, const char *why)
{
	struct ucred cred = { 0 };
	socklen_t len = sizeof(cred);

	getsockopt(ls->hs[i].fd, SOL_SOCKET, SO_PEERCRED, &cred, &len);
	if (ratelimit_ok(&ls->rl_hs, now_ms()))
		warn("%s: refused a client (pid %d uid %d): %s", ls->lst[ls->hs[i].listener].path,
		     (int)cred.pid, (int)cred.uid, why);
	hs_close(ls, i);
}

/**
 * listen_accept() - Accept a client; out of descriptors, refuse it and say why
 * @ls:		listeners (their reserve descriptor)
 * @lfd:	listening socket
 * @what:	its name, for the log
 *
 * Return: the new descriptor (nonblocking, close-on-exec), -EAGAIN if none
 * waits, other -errno (logged with a rate limit)
 */
int listen_accept(struct listeners *ls, int lfd, const char *what)
{
	struct rlimit rl = { 0 };
	struct ucred cred;
	bool shed;
	int fd = sock_accept(lfd, &ls->spare_fd, &shed, &cred);

	if (fd >= 0 || fd == -EAGAIN)
		return fd;
	getrlimit(RLIMIT_NOFILE, &rl);
	if (shed) {
		if (ratelimit_ok(&ls->rl_fd, now_ms()))
			warn("%s: refused a client (pid %d uid %d): out of file descriptors "
			     "(limit %llu, %u ports); connected ports keep working, new ones "
			     "are accepted again once some close", what, (int)cred.pid,
			     (int)cred.uid, (unsigned long long)rl.rlim_cur, dp_port_count(ls->dp));
		return fd;
	}
	/* No way to refuse the client: rather than spin on a listener that
	 * stays readable, stop polling listeners until the next tick */
	if (ratelimit_ok(&ls->rl_fd, now_ms()))
		warn("%s: cannot accept a client: %s (descriptor limit %llu); not accepting "
		     "new clients for a second", what, strerror(-fd),
		     (unsigned long long)rl.rlim_cur);
	loop_pause_listeners(ls->loop, true);
	return fd;
}

/* loop_fn: a listener is readable */
static void listen_event(void *opaque, unsigned li, uint32_t events)
{
	struct listeners *ls = opaque;
	int fd = listen_accept(ls, ls->lst[li].fd, ls->lst[li].path);
	unsigned i;

	(void)events;
	if (fd < 0)
		return;
	if (ls->lst[li].kind == LISTEN_BESS || ls->lst[li].kind == LISTEN_STREAM) {
		struct port *p = ls->lst[li].kind == LISTEN_BESS ? port_bess_open(fd, ls->lst[li].path)
								 : port_stream_open(fd, ls->lst[li].path);
		unsigned id = dp_port_id_alloc(ls->dp, 0);

		if (!p || !id) {
			warn("%s: refused a guest: %s", ls->lst[li].path,
			     p ? "all ports in use" : "out of memory");
			if (p)
				port_free(p);
			else
				close(fd);
			return;
		}
		p->id = id;
		if (dp_port_add(ls->dp, p)) {
			warn("%s: cannot add port", ls->lst[li].path);
			port_free(p);
		}
		return;
	}
	for (i = 0; i < LISTEN_HANDSHAKES && ls->hs[i].fd >= 0; i++)
		;
	if (i == LISTEN_HANDSHAKES) {
		if (ratelimit_ok(&ls->rl_hs, now_ms()))
			warn("%s: too many clients in handshake, refusing one", ls->lst[li].path);
		close(fd);
		return;
	}
	ls->hs[i].fd = fd;
	ls->hs[i].listener = li;
	ls->hs[i].len = 0;
	ls->hs[i].deadline_ms = now_ms() + LISTEN_HS_TIMEOUT_MS;
	ls->hs[i].watch = loop_add(ls->loop, fd, EPOLLIN, 0, hs_event, ls, i);
	if (ls->hs[i].watch < 0) {
		close(fd);
		ls->hs[i].fd = -1;
	}
}

/* loop_fn: a client in handshake sent something */
static void hs_event(void *opaque, unsigned i, uint32_t events)
{
	struct listeners *ls = opaque;
	struct handshake *h = &ls->hs[i];
	const struct listener *l = &ls->lst[h->listener];
	struct request req;
	struct port *p;
	unsigned id;
	ssize_t n;
	int ret;

	(void)events;
	if (h->fd < 0)
		return;
	n = recv(h->fd, h->buf + h->len, sizeof(h->buf) - h->len, MSG_DONTWAIT);
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n <= 0) {
		hs_fail(ls, i, n ? strerror(errno) : "closed before sending a request");
		return;
	}
	h->len += (size_t)n;
	ret = request_parse(h->buf, h->len, &req);
	if (ret == -EAGAIN)
		return;
	if (ret) {
		hs_fail(ls, i, request_strerror(ret));
		return;
	}

	id = dp_port_id_alloc(ls->dp, req.port);
	if (!id) {
		hs_fail(ls, i, req.port ? "the requested port is in use or out of range"
				       : "all ports in use");
		return;
	}
	p = port_unix_open(&req, h->fd, l->kind == LISTEN_VDE, l->path,
			   l->kind == LISTEN_VDE ? l->dir : NULL, id, &ret);
	if (!p) {
		hs_fail(ls, i, ret == -ECONNREFUSED || ret == -ENOENT
			? "its data socket does not exist or does not listen"
			: ret == -EMFILE || ret == -ENFILE
			? "out of file descriptors for its data socket; connected ports keep "
			  "working, new ones are accepted again once some close"
			: strerror(-ret));
		return;
	}
	loop_del(ls->loop, h->watch);
	h->fd = -1;		/* the port owns it now */
	h->watch = -1;
	ret = port_unix_reply(p, p->ctl_fd);
	if (!ret)
		ret = dp_port_add(ls->dp, p);
	if (ret) {
		warn("%s: client pid %d lost during handshake: %s", l->path, (int)p->pid,
		     strerror(-ret));
		port_free(p);
	}
}

/* The socket's path; a VDE directory is made if missing. Errors are logged */
static int listen_path(struct listeners *ls, struct listener *l, const char *arg)
{
	int ret;

	if (l->kind != LISTEN_VDE) {
		if (snprintf(l->path, sizeof(l->path), "%s", arg) < (int)sizeof(l->path))
			return 0;
		err("%s: path too long for a unix socket", arg);
		return -ENAMETOOLONG;
	}
	if (snprintf(l->dir, sizeof(l->dir), "%s", arg) >= (int)sizeof(l->dir) ||
	    snprintf(l->path, sizeof(l->path), "%s/ctl", arg) >= (int)sizeof(l->path)) {
		err("%s: path too long for a unix socket", arg);
		return -ENAMETOOLONG;
	}
	ret = sock_dir_make(l->dir, ls->mode, ls->gid, &l->dir_created);
	if (ret)
		err("%s: cannot create socket directory: %s", arg, strerror(-ret));
	return ret;
}

static const char *listen_kind_name(enum listen_kind kind)
{
	return kind == LISTEN_UML ? "uml_switch protocol" :
	       kind == LISTEN_VDE ? "VDE socket directory" :
	       kind == LISTEN_BESS ? "bess seqpacket" : "QEMU stream";
}

/**
 * listen_open() - Listen where the command line says
 * @ls:		listeners
 * @spec:	kind and path
 *
 * A VDE directory is made if missing. A path a live switch serves is
 * refused, a stale socket replaced, anything else left alone; every
 * failure is logged with what to do about it.
 *
 * Return: 0 or -errno
 */
int listen_open(struct listeners *ls, const struct listen_spec *spec)
{
	struct listener *l = &ls->lst[ls->n];
	int type = spec->kind == LISTEN_BESS ? SOCK_SEQPACKET : SOCK_STREAM;
	int ret, id;

	if (ls->n >= ls->max)
		return -ENOSPC;
	*l = (struct listener){ .kind = spec->kind, .fd = -1, .watch = -1 };
	ret = listen_path(ls, l, spec->path);
	if (ret)
		return ret;
	ret = sock_unix_listen(l->path, type, ls->mode, ls->gid);
	if (ret == -EADDRINUSE) {
		err("%s: another switch is already serving this socket; stop it first "
		    "or choose another path", l->path);
	} else if (ret == -EEXIST) {
		err("%s: exists and is not a socket; not touching it", l->path);
	} else if (ret < 0) {
		err("%s: cannot listen: %s", l->path, strerror(-ret));
	}
	if (ret < 0) {
		if (l->dir_created)
			rmdir(l->dir);
		return ret;
	}
	l->fd = ret;
	id = loop_add(ls->loop, l->fd, EPOLLIN, LOOP_LISTENER, listen_event, ls, ls->n);
	if (id < 0) {
		listen_close(l);
		return id;
	}
	l->watch = id;
	ls->n++;
	info("listening on %s (%s)", l->path, listen_kind_name(l->kind));
	return 0;
}

/**
 * listen_tick() - Periodic work: handshake timeouts, the reserve, paused listeners
 * @ls:		listeners
 * @now_ms:	monotonic time
 */
void listen_tick(struct listeners *ls, uint64_t now_ms)
{
	if (ls->spare_fd < 0)
		ls->spare_fd = sock_spare_open();
	loop_pause_listeners(ls->loop, false);
	for (unsigned i = 0; i < LISTEN_HANDSHAKES; i++)
		if (ls->hs[i].fd >= 0 && now_ms >= ls->hs[i].deadline_ms)
			hs_fail(ls, i, "no complete request within 5 s");
}

/**
 * listen_new() - Room for @max listeners, none open yet
 * @loop:	event loop
 * @dp:		datapath new ports join
 * @max:	listeners that will be opened at most
 * @mode:	permissions of the sockets, -1 for the umask's
 * @gid:	their group, (gid_t)-1 to keep
 *
 * Return: the listeners (listen_free()), NULL if out of memory
 */
struct listeners *listen_new(struct loop *loop, struct dp *dp, unsigned max, int mode, gid_t gid)
{
	struct listeners *ls = calloc(1, sizeof(*ls) + (size_t)max * sizeof(struct listener));

	if (!ls)
		return NULL;
	ls->loop = loop;
	ls->dp = dp;
	ls->max = max;
	ls->mode = mode;
	ls->gid = gid;
	ls->rl_hs = (struct ratelimit)RATELIMIT_INIT(10000, 10);
	ls->rl_fd = (struct ratelimit)RATELIMIT_INIT(10000, 5);
	for (unsigned i = 0; i < LISTEN_HANDSHAKES; i++) {
		ls->hs[i].fd = -1;
		ls->hs[i].watch = -1;
	}
	ls->spare_fd = sock_spare_open();	/* without it: pause instead of refuse */
	return ls;
}

/**
 * listen_free() - Close every listener and handshake, remove the sockets
 * @ls:		listeners, may be NULL
 */
void listen_free(struct listeners *ls)
{
	if (!ls)
		return;
	for (unsigned i = 0; i < LISTEN_HANDSHAKES; i++)
		if (ls->hs[i].fd >= 0)
			hs_close(ls, i);
	for (unsigned i = 0; i < ls->n; i++) {
		loop_del(ls->loop, ls->lst[i].watch);
		listen_close(&ls->lst[i]);
	}
	if (ls->spare_fd >= 0)
		close(ls->spare_fd);
	free(ls);
}
