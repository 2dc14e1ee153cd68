/* SPDX-License-Identifier: GPL-2.0-or-later */
/* switchd.h - the switch daemon: its configuration, and the run from setup to shutdown */
#ifndef UMNET_SWITCHD_H
#define UMNET_SWITCHD_H

#include <stdbool.h>
#include <sys/types.h>

#include "core/secfilter.h"
#include "daemon/listen.h"

#define SWITCHD_MAX_LISTEN	64	/* --unix, --sock, --bess, --stream in all */
#define SWITCHD_MAX_TAPS	64
#define SWITCHD_MAX_PORTSEC	32

/**
 * struct switchd_config - what the command line asked for
 * @listen:		where guests connect, in command-line order
 * @n_listen:		their number
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
	struct listen_spec listen[SWITCHD_MAX_LISTEN];
	unsigned n_listen;
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
int switchd_config_listen(struct switchd_config *cfg, enum listen_kind kind, const char *path);
int switchd_mgmt_path(const struct switchd_config *cfg, char *buf, size_t len);
int switchd_run(const struct switchd_config *cfg);

#endif /* UMNET_SWITCHD_H */
