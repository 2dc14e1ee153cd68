/* SPDX-License-Identifier: GPL-2.0-or-later */
/* util.h - small system helpers: clocks, descriptors, limits, user and group ids */
#ifndef UMNET_UTIL_H
#define UMNET_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

uint64_t now_ms(void);
int fd_set_nonblock(int fd);
int fd_set_cloexec(int fd);
int fd_write_all(int fd, const void *buf, size_t len);
int sock_set_bufs(int fd, int bytes);
int rlimit_nofile_raise(void);
int id_parse(const char *s, bool group, uint32_t *id);

#endif /* UMNET_UTIL_H */
