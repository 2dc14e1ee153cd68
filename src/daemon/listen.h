/* SPDX-License-Identifier: GPL-2.0-or-later */
/* listen.h - where guests connect: listening sockets, handshakes, accepting out of descriptors */
#ifndef UMNET_LISTEN_H
#define UMNET_LISTEN_H

#include <stdint.h>
#include <sys/types.h>

#define LISTEN_HANDSHAKES	64	/* uml_switch protocol clients in handshake at once */
#define LISTEN_HS_TIMEOUT_MS	5000	/* to send the request */

enum listen_kind {
	LISTEN_UML,	/* uml_switch control protocol (--unix) */
	LISTEN_VDE,	/* the same, VDE socket directory (--sock) */
	LISTEN_BESS,	/* UML vector bess, seqpacket (--bess) */
	LISTEN_STREAM,	/* QEMU -netdev stream (--stream) */
};

/**
 * struct listen_spec - one place guests connect to, as the command line names it
 * @kind:	the protocol
 * @path:	control socket, VDE directory, or socket path
 */
struct listen_spec {
	enum listen_kind kind;
	const char *path;
};

struct dp;
struct listeners;
struct loop;

struct listeners *listen_new(struct loop *loop, struct dp *dp, unsigned max, int mode,
			     gid_t gid);
void listen_free(struct listeners *ls);
int listen_open(struct listeners *ls, const struct listen_spec *spec);
int listen_accept(struct listeners *ls, int lfd, const char *what);
void listen_tick(struct listeners *ls, uint64_t now_ms);

#endif /* UMNET_LISTEN_H */
