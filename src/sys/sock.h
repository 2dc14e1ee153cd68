/* SPDX-License-Identifier: GPL-2.0-or-later */
/* sock.h - unix sockets: bind safely (refuse a live one, replace a stale one), connect, accept */
#ifndef UMNET_SOCK_H
#define UMNET_SOCK_H

#include <stdbool.h>
#include <sys/socket.h>
#include <sys/types.h>

#define SOCK_PATH_MAX	108	/* sizeof(sun_path): a path, NUL included */

struct sockaddr_un;

int sock_unix_addr(struct sockaddr_un *sun, const char *path);
int sock_unix_listen(const char *path, int type, int mode, gid_t gid);
int sock_unix_connect(const char *path, int type);
int sock_dir_make(const char *dir, int mode, gid_t gid, bool *created);
int sock_spare_open(void);
int sock_accept(int lfd, int *spare, bool *shed, struct ucred *cred);

#endif /* UMNET_SOCK_H */
