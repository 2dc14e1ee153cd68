/* SPDX-License-Identifier: GPL-2.0-or-later */
/* mgmt.h - the management socket: requests from umnet-ctl, replies, capture streams */
#ifndef UMNET_MGMT_H
#define UMNET_MGMT_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define MGMT_MAX_CLIENTS	16
#define MGMT_TIMEOUT_MS		5000		/* to send a request; to take reply bytes */
#define MGMT_OUT_BYTES		(64 * 1024)	/* reply buffer per client */
#define MGMT_MODE_DEFAULT	0600

struct mgmt;
struct switchd;
struct switchd_config;

int mgmt_default_path(const struct switchd_config *cfg, char *buf, size_t len);
struct mgmt *mgmt_open(struct switchd *d, const char *path, int mode, gid_t gid, int *err);
void mgmt_close(struct mgmt *m);
void mgmt_listen_event(struct mgmt *m);
void mgmt_client_event(struct mgmt *m, unsigned gen, unsigned idx, uint32_t events);
void mgmt_tick(struct mgmt *m, uint64_t now_ms);
void mgmt_flush(struct mgmt *m);
void mgmt_port_gone(struct mgmt *m, unsigned id);

#endif /* UMNET_MGMT_H */
