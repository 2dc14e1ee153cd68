/* SPDX-License-Identifier: GPL-2.0-or-later */
/* ctlcli.h - umnet-ctl's client side: one request to a switch, its answer to stdout */
#ifndef UMNET_CTLCLI_H
#define UMNET_CTLCLI_H

#include <stdbool.h>

#include "core/cmdparse.h"

#define CTLCLI_DEFAULT_SOCK	CMD_DEFAULT_CTL CMD_MGMT_SUFFIX

int ctlcli_run(const char *sock, bool json, int argc, char **argv);

#endif /* UMNET_CTLCLI_H */
