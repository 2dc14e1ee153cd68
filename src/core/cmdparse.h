/* SPDX-License-Identifier: GPL-2.0-or-later */
/* cmdparse.h - the management protocol's requests: split, check, parse; no I/O */
#ifndef UMNET_CMDPARSE_H
#define UMNET_CMDPARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/secfilter.h"

#define CMD_PROTOCOL_VERSION	1
#define CMD_REQ_MAX_BYTES	4096	/* one request line, newline excluded */
#define CMD_MAX_ARGS		64
#define CMD_ERR_BYTES		256
#define CMD_PORT_MAX		65534U
#define CMD_AGING_MAX_S		1000000U
#define CMD_IFNAME_MAX		15	/* IFNAMSIZ - 1 */

/* Where the management socket is: beside the switch's control socket */
#define CMD_DEFAULT_CTL		"/var/run/uml-utilities/uml_switch.ctl"	/* UML eth0=daemon */
#define CMD_MGMT_SUFFIX		".mgmt"		/* CTL.mgmt beside --unix CTL */
#define CMD_MGMT_VDE_NAME	"mgmt"		/* DIR/mgmt in a --sock DIR */

enum cmd_id {
	CMD_HELP,
	CMD_VERSION,
	CMD_PORTS,
	CMD_MACS,
	CMD_STATS,
	CMD_STATS_RESET,
	CMD_PORT_DEL,
	CMD_TAP_ADD,
	CMD_TAP_DEL,
	CMD_HUB,
	CMD_AGING,
	CMD_MAXMACS,
	CMD_LOG,
	CMD_MIRROR,
	CMD_MIRROR_OFF,
	CMD_SECURITY_SHOW,
	CMD_SECURITY_SET,
	CMD_SECURITY_OFF,
	CMD_CAPTURE,
	CMD_SHUTDOWN,
	CMD_ID_MAX,
};

/**
 * struct cmd - one parsed request
 * @id:		what to do
 * @json:	"-j" or "--json" came first: answer in JSON
 * @port:	the port named, 0 for none or all
 * @port2:	CMD_MIRROR: the port that receives the copies
 * @on:		CMD_HUB: on or off
 * @num:	CMD_AGING seconds, CMD_MAXMACS entries
 * @name:	CMD_TAP_*: device; CMD_LOG: level name (points into @buf)
 * @filter:	CMD_CAPTURE: BPF expression, NULL for none (points into @buf)
 * @sec:	CMD_SECURITY_SET: the settings
 * @argc:	words in the request
 * @argv:	the words (point into @buf)
 * @buf:	the request, split in place
 */
struct cmd {
	enum cmd_id id;
	bool json;
	unsigned port;
	unsigned port2;
	bool on;
	unsigned long num;
	const char *name;
	const char *filter;
	struct secfilter sec;
	int argc;
	char *argv[CMD_MAX_ARGS];
	char buf[CMD_REQ_MAX_BYTES + 1];
};

/**
 * struct cmd_def - one entry of the command table
 * @name:	first word of the request, matched exactly
 * @fn:		parses the words after @name into @cmd (sets @cmd->id);
 *		Return: 0 or -EINVAL with a message in @err
 * @help:	"usage  what it does", one line
 */
struct cmd_def {
	const char *name;
	int (*fn)(struct cmd *cmd, int argc, char **argv, char *err, size_t errlen);
	const char *help;
};

extern const struct cmd_def cmd_table[];
extern const unsigned cmd_table_len;

int cmd_portsec_parse(struct secfilter_port *ps, const char *spec, char *err, size_t errlen);
size_t cmd_frame(const uint8_t *buf, size_t len, size_t cap, bool eof);
int cmd_parse(const uint8_t *req, size_t len, struct cmd *cmd, char *err, size_t errlen);
bool cmd_is_show(const struct cmd *cmd);
int cmd_quote(const char *word, char *out, size_t len);
int cmd_mgmt_path(const char *ctl, bool is_dir, char *buf, size_t len);

#endif /* UMNET_CMDPARSE_H */
