/* SPDX-License-Identifier: GPL-2.0-or-later */
/* listen.h - control and bess sockets: bind safely, refuse a live one, replace a stale one */
#ifndef UMNET_LISTEN_H
#define UMNET_LISTEN_H

#include <stdbool.h>
#include <sys/socket.h>
#include <sys/types.h>

int listen_unix(const char *path, int type, int mode, gid_t gid);
int listen_mkdir(const char *dir, int mode, gid_t gid, bool *created);
int listen_spare_open(void);
int listen_accept(int lfd, int *spare, bool *shed, struct ucred *cred);

#endif /* UMNET_LISTEN_H */
