// SPDX-License-Identifier: GPL-2.0-or-later
/* sysctl.c - the few network sysctls recipes need, through /proc/sys/net
 *
 * Paths are only ever built from a fixed prefix, a family, an interface name
 * that passed text_ifname_is_valid() (no '/', not "." or "..") or "all" or
 * "default", and a key of lower-case letters, digits and '_': nothing from
 * outside can walk out of /proc/sys/net/ipv[46]/conf/. Files are opened
 * without O_CREAT and with O_NOFOLLOW.
 *
 * /proc/sys/net shows the network namespace of the calling process, so a
 * helper that entered a namespace sets that namespace's sysctls.
 */

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "core/text.h"
#include "sys/nl.h"
#include "sys/sysctl.h"
#include "sys/util.h"

static bool sysctl_key_is_valid(const char *key)
{
	size_t n = key ? strnlen(key, 64) : 0;

	if (n == 0 || n == 64)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((key[i] >= 'a' && key[i] <= 'z') || (key[i] >= '0' && key[i] <= '9') ||
		      key[i] == '_'))
			return false;
	return true;
}

/**
 * sysctl_conf_path() - Build /proc/sys/net/ipv{4,6}/conf/IFNAME/KEY
 * @buf:	output
 * @size:	its size, SYSCTL_PATH_MAX is enough
 * @family:	AF_INET or AF_INET6
 * @ifname:	interface name, "all" or "default"
 * @key:	setting, e.g. "proxy_arp", "forwarding"
 *
 * Return: 0, -EINVAL for a bad family, name or key, -ENAMETOOLONG
 */
int sysctl_conf_path(char *buf, size_t size, int family, const char *ifname, const char *key)
{
	int n;

	if ((family != AF_INET && family != AF_INET6) || !text_ifname_is_valid(ifname) ||
	    !sysctl_key_is_valid(key))
		return -EINVAL;
	n = snprintf(buf, size, "/proc/sys/net/ipv%c/conf/%s/%s",
		     family == AF_INET ? '4' : '6', ifname, key);
	return n < 0 || (size_t)n >= size ? -ENAMETOOLONG : 0;
}

static int sysctl_write(const char *path, unsigned long val)
{
	char num[24];
	int fd, n, ret = 0;

	n = snprintf(num, sizeof(num), "%lu\n", val);
	fd = open(path, O_WRONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	errno = 0;
	if (write(fd, num, (size_t)n) != n)
		ret = errno ? -errno : -EIO;
	if (close(fd) && !ret)
		ret = -errno;
	return ret;
}

static int sysctl_read(const char *path, unsigned long *val)
{
	char num[24];
	ssize_t n;
	int fd, ret;

	fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = read(fd, num, sizeof(num) - 1);
	ret = -errno;
	close(fd);
	if (n < 0)
		return ret ? ret : -EIO;
	num[n] = '\0';
	if (n > 0 && num[n - 1] == '\n')
		num[n - 1] = '\0';
	return text_ulong_parse(num, 0, ~0UL, val) ? -EPROTO : 0;
}

/**
 * sysctl_conf_set() - Write a per-interface setting
 * @family:	AF_INET or AF_INET6
 * @ifname:	interface name, "all" or "default"
 * @key:	setting
 * @val:	value
 *
 * Return: 0, -ENOENT if there is no such interface or setting, -errno
 */
int sysctl_conf_set(int family, const char *ifname, const char *key, unsigned long val)
{
	char path[SYSCTL_PATH_MAX];
	int ret = sysctl_conf_path(path, sizeof(path), family, ifname, key);

	return ret ? ret : sysctl_write(path, val);
}

/**
 * sysctl_conf_get() - Read a per-interface setting
 * @family:	AF_INET or AF_INET6
 * @ifname:	interface name, "all" or "default"
 * @key:	setting
 * @val:	result
 *
 * Return: 0, -ENOENT, -EPROTO if the file does not hold a number, -errno
 */
int sysctl_conf_get(int family, const char *ifname, const char *key, unsigned long *val)
{
	char path[SYSCTL_PATH_MAX];
	int ret = sysctl_conf_path(path, sizeof(path), family, ifname, key);

	return ret ? ret : sysctl_read(path, val);
}

/* net.ipv4.ip_forward is the historical switch; for IPv6 "all" forwarding */
static const char *sysctl_forward_path(int family)
{
	return family == AF_INET ? "/proc/sys/net/ipv4/ip_forward" :
	       family == AF_INET6 ? "/proc/sys/net/ipv6/conf/all/forwarding" : NULL;
}

/**
 * sysctl_ip_forward_set() - Turn routing between interfaces on or off
 * @family:	AF_INET or AF_INET6
 * @on:		true to forward
 *
 * Return: 0 or -errno
 */
int sysctl_ip_forward_set(int family, bool on)
{
	const char *path = sysctl_forward_path(family);

	return path ? sysctl_write(path, on) : -EINVAL;
}

/**
 * sysctl_ip_forward_get() - Whether routing between interfaces is on
 * @family:	AF_INET or AF_INET6
 *
 * Return: 1 on, 0 off, -errno
 */
int sysctl_ip_forward_get(int family)
{
	const char *path = sysctl_forward_path(family);
	unsigned long v = 0;
	int ret;

	if (!path)
		return -EINVAL;
	ret = sysctl_read(path, &v);
	return ret ? ret : v != 0;
}

/**
 * sysctl_proxy_arp_set() - Answer ARP on an interface for addresses routed elsewhere
 * @ifname:	interface name, "all" or "default"
 * @on:		true to answer
 *
 * Return: 0 or -errno
 */
int sysctl_proxy_arp_set(const char *ifname, bool on)
{
	return sysctl_conf_set(AF_INET, ifname, "proxy_arp", on);
}

/**
 * sysctl_proxy_arp_get() - Whether proxy ARP is on for an interface
 * @ifname:	interface name, "all" or "default"
 *
 * Return: 1 on, 0 off, -errno
 */
int sysctl_proxy_arp_get(const char *ifname)
{
	unsigned long v = 0;
	int ret = sysctl_conf_get(AF_INET, ifname, "proxy_arp", &v);

	return ret ? ret : v != 0;
}
