/* SPDX-License-Identifier: GPL-2.0-or-later */
/* mgmt.h - the management socket: requests from umnet-ctl, replies, capture streams */
#ifndef UMNET_MGMT_H
#define UMNET_MGMT_H

#include <stdint.h>
#include <sys/types.h>

#define MGMT_MAX_CLIENTS	16
#define MGMT_TIMEOUT_MS		5000		/* to send a request; to take reply bytes */
#define MGMT_MODE_DEFAULT	0600

struct capture_set;
struct listeners;
struct loop;
struct mgmt;
struct port;
struct sw;

/**
 * struct mgmt_ops - what the management server asks of the daemon
 * @port:	a port by number, NULL if none
 * @port_del:	disconnect a port; 0 or -ENOENT
 * @tap_add:	attach a TAP (made if missing) as a new port; 0 with its number
 *		in @id, -EEXIST if attached, -ENOSPC if every port is in use,
 *		or the -errno of opening it
 * @tap_del:	detach a TAP's port; 0 or -ENOENT
 * @stop:	stop the switch after this round
 */
struct mgmt_ops {
	const struct port *(*port)(void *opaque, unsigned id);
	int (*port_del)(void *opaque, unsigned id);
	int (*tap_add)(void *opaque, const char *dev, unsigned *id);
	int (*tap_del)(void *opaque, const char *dev);
	void (*stop)(void *opaque);
};

/**
 * struct mgmt_env - what the management server works with
 * @sw:		the switching core, read and tuned directly
 * @max_ports:	port numbers are 1..this
 * @caps:	capture sessions the datapath feeds; the server adds its own
 * @version:	the switch's version, for `version`
 * @ops:	the daemon's actions
 * @opaque:	their first argument
 * @loop:	event loop for the server's sockets
 * @ls:		listeners: clients are accepted with their reserve descriptor
 */
struct mgmt_env {
	struct sw *sw;
	unsigned max_ports;
	struct capture_set *caps;
	const char *version;
	const struct mgmt_ops *ops;
	void *opaque;
	struct loop *loop;
	struct listeners *ls;
};

struct mgmt *mgmt_open(const struct mgmt_env *env, const char *path, int mode, gid_t gid,
		       int *err);
void mgmt_close(struct mgmt *m);
void mgmt_tick(struct mgmt *m, uint64_t now_ms);
void mgmt_flush(struct mgmt *m);

#endif /* UMNET_MGMT_H */
