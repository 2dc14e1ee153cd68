/* SPDX-License-Identifier: GPL-2.0-or-later */
/* switchd.h - the switch daemon: sockets, event loop and batched datapath around the core */
#ifndef UMNET_SWITCHD_H
#define UMNET_SWITCHD_H

#include <stdbool.h>
#include <sys/types.h>

#define SWITCHD_MAX_LISTEN	16
#define SWITCHD_MAX_TAPS	64
#define SWITCHD_DEFAULT_CTL	"/var/run/uml-utilities/uml_switch.ctl"

/**
 * struct switchd_config - what the command line asked for
 * @unix_ctl:		uml_switch-style control sockets
 * @n_unix:		their number
 * @vde_dir:		VDE-style socket directories (control socket DIR/ctl)
 * @n_vde:		their number
 * @bess:		listening seqpacket sockets for UML vector bess guests
 * @n_bess:		their number
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
 */
struct switchd_config {
	const char *unix_ctl[SWITCHD_MAX_LISTEN];
	unsigned n_unix;
	const char *vde_dir[SWITCHD_MAX_LISTEN];
	unsigned n_vde;
	const char *bess[SWITCHD_MAX_LISTEN];
	unsigned n_bess;
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
};

void switchd_config_init(struct switchd_config *cfg);
int switchd_run(const struct switchd_config *cfg);

#endif /* UMNET_SWITCHD_H */
