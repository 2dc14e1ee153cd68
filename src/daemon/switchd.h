/* SPDX-License-Identifier: GPL-2.0-or-later */
/* switchd.h - the switch daemon: sockets, event loop and batched datapath around the core */
#ifndef UMNET_SWITCHD_H
#define UMNET_SWITCHD_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "core/secfilter.h"

#define SWITCHD_MAX_LISTEN	16
#define SWITCHD_MAX_TAPS	64
#define SWITCHD_MAX_PORTSEC	32

/**
 * struct switchd_config - what the command line asked for
 * @unix_ctl:		uml_switch-style control sockets
 * @n_unix:		their number
 * @vde_dir:		VDE-style socket directories (control socket DIR/ctl)
 * @n_vde:		their number
 * @bess:		listening seqpacket sockets for UML vector bess guests
 * @n_bess:		their number
 * @stream:		listening stream sockets for QEMU -netdev stream guests
 * @n_stream:		their number
 * @tap:		TAP devices to attach
 * @n_tap:		their number
 * @hub:		hub mode
 * @daemonize:		detach and log to syslog
 * @quit_on_stdin_eof:	stop when standard input (a terminal) closes
 * @max_ports:		port bound
 * @max_macs:		MAC table bound
 * @age_s:		MAC aging time in seconds, 0 for never
 * @mode:		permissions of control sockets, -1 for umask
 * @gid:		group of control sockets, (gid_t)-1 to keep
 * @pidfile:		file to write the pid to, or NULL
 * @mgmt:		management socket path, NULL for the default, "" for none
 * @mgmt_mode:		its permissions
 * @version:		version the management socket reports
 * @port_sec:		port security for ports named in advance
 * @n_port_sec:		their number
 */
struct switchd_config {
	const char *unix_ctl[SWITCHD_MAX_LISTEN];
	unsigned n_unix;
	const char *vde_dir[SWITCHD_MAX_LISTEN];
	unsigned n_vde;
	const char *bess[SWITCHD_MAX_LISTEN];
	unsigned n_bess;
	const char *stream[SWITCHD_MAX_LISTEN];
	unsigned n_stream;
	const char *tap[SWITCHD_MAX_TAPS];
	unsigned n_tap;
	bool hub;
	bool daemonize;
	bool quit_on_stdin_eof;
	unsigned max_ports;
	unsigned max_macs;
	unsigned age_s;
	int mode;
	gid_t gid;
	const char *pidfile;
	const char *mgmt;
	int mgmt_mode;
	const char *version;
	struct secfilter_port port_sec[SWITCHD_MAX_PORTSEC];
	unsigned n_port_sec;
};

void switchd_config_init(struct switchd_config *cfg);
int switchd_run(const struct switchd_config *cfg);

/* For the management server (daemon/mgmt.c) */
struct switchd;
struct sw;
struct port;
struct capture_set;

enum switchd_watch {
	SWITCHD_WATCH_MGMT_LISTEN,	/* idx, gen unused */
	SWITCHD_WATCH_MGMT,		/* idx: client slot, gen: its generation */
};

int switchd_watch(struct switchd *d, int fd, uint32_t events, enum switchd_watch type,
		  unsigned gen, unsigned idx, bool modify);
void switchd_unwatch(struct switchd *d, int fd);
int switchd_accept(struct switchd *d, int lfd, const char *what);
const struct switchd_config *switchd_config(const struct switchd *d);
struct sw *switchd_sw(struct switchd *d);
struct capture_set *switchd_captures(struct switchd *d);
unsigned switchd_max_ports(const struct switchd *d);
const struct port *switchd_port(const struct switchd *d, unsigned id);
int switchd_port_del(struct switchd *d, unsigned id);
int switchd_tap_add(struct switchd *d, const char *dev, unsigned *id);
int switchd_tap_del(struct switchd *d, const char *dev);
void switchd_stop(struct switchd *d);

#endif /* UMNET_SWITCHD_H */
