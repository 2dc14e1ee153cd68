/* SPDX-License-Identifier: GPL-2.0-or-later */
/* sysctl.h - the few network sysctls recipes need, through /proc/sys/net */
#ifndef UMNET_SYSCTL_H
#define UMNET_SYSCTL_H

#include <stdbool.h>
#include <stddef.h>

#define SYSCTL_PATH_MAX		128

int sysctl_conf_path(char *buf, size_t size, int family, const char *ifname, const char *key);
int sysctl_conf_set(int family, const char *ifname, const char *key, unsigned long val);
int sysctl_conf_get(int family, const char *ifname, const char *key, unsigned long *val);
int sysctl_ip_forward_set(int family, bool on);
int sysctl_ip_forward_get(int family);
int sysctl_proxy_arp_set(const char *ifname, bool on);
int sysctl_proxy_arp_get(const char *ifname);

#endif /* UMNET_SYSCTL_H */
