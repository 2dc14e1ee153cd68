// SPDX-License-Identifier: GPL-2.0-or-later
/* cli.c - pieces shared by the command-line front-ends: command tables, ids, JSON */

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/text.h"
#include "sys/log.h"
#include "sys/nl.h"
#include "sys/util.h"

/**
 * cli_cmd_find() - Look a keyword up in a command table
 * @cmds:	table
 * @n:		entries
 * @name:	keyword; only an exact match counts (no prefixes)
 *
 * Return: the entry, NULL if none
 */
const struct cli_cmd *cli_cmd_find(const struct cli_cmd *cmds, size_t n, const char *name)
{
	for (size_t i = 0; name && i < n; i++)
		if (!strcmp(cmds[i].name, name))
			return &cmds[i];
	return NULL;
}

/**
 * cli_cmds_print() - List a command table, one "  name  help" line each
 * @f:		output
 * @cmds:	table
 * @n:		entries
 */
void cli_cmds_print(FILE *f, const struct cli_cmd *cmds, size_t n)
{
	for (size_t i = 0; i < n; i++)
		fprintf(f, "  %-10s %s\n", cmds[i].name, cmds[i].help);
}

/**
 * cli_netns_open() - Open a network namespace by name or path
 * @s:		"NAME" for /run/netns/NAME (as ip-netns(8) names them), or a
 *		path with a '/', such as /proc/PID/ns/net
 *
 * Return: the descriptor, -EINVAL for a bad name, -errno
 */
int cli_netns_open(const char *s)
{
	char path[96];
	int fd;

	if (!s || !*s)
		return -EINVAL;
	if (strchr(s, '/')) {
		fd = open(s, O_RDONLY | O_CLOEXEC);
		return fd < 0 ? -errno : fd;
	}
	/* A bare name is one path element under /run/netns: no escaping it */
	if (!strcmp(s, ".") || !strcmp(s, "..") || strlen(s) > 64)
		return -EINVAL;
	snprintf(path, sizeof(path), "/run/netns/%s", s);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	return fd < 0 ? -errno : fd;
}

/**
 * cli_netns_enter() - Enter a network namespace for the rest of the run (ip -n)
 * @name:	"NAME" under /run/netns, or a path (cli_netns_open())
 *
 * Every socket, TAP and /proc/sys/net file opened after this belongs to it.
 * Errors are printed, with a hint where one helps.
 *
 * Return: 0 or -errno
 */
int cli_netns_enter(const char *name)
{
	int fd = cli_netns_open(name), ret = 0;

	if (fd == -EINVAL) {
		err("-n: bad namespace name '%s'", name);
		return -EINVAL;
	}
	if (fd < 0) {
		err("-n %s: %s%s", name, strerror(-fd),
		    fd == -ENOENT && !strchr(name, '/') ? " (no /run/netns/ entry: see ip netns list)" : "");
		return fd;
	}
	if (setns(fd, CLONE_NEWNET)) {
		ret = -errno;
		err("-n %s: cannot enter it: %s%s", name, strerror(errno),
		    errno == EPERM ? " (needs CAP_SYS_ADMIN)" : errno == EINVAL ? " (not a network namespace)" : "");
	}
	close(fd);
	return ret;
}

/**
 * cli_json_str() - Write a JSON string literal
 * @f:		output
 * @s:		text, escaped as text_json_str() does
 */
void cli_json_str(FILE *f, const char *s)
{
	char buf[256], *big = NULL, *out = buf;
	size_t n = text_json_str(buf, sizeof(buf), s);

	if (n >= sizeof(buf)) {
		big = malloc(n + 1);
		if (!big) {
			fputs("\"\"", f);	/* out of memory: an empty string, still JSON */
			return;
		}
		text_json_str(big, n + 1, s);
		out = big;
	}
	fputs(out, f);
	free(big);
}

/**
 * cli_vline() - Print "PREFIX: message\n"
 * @f:		output
 * @prefix:	program name or such, NULL for none
 * @fmt:	printf format
 * @ap:		its arguments
 */
void cli_vline(FILE *f, const char *prefix, const char *fmt, va_list ap)
{
	if (prefix)
		fprintf(f, "%s: ", prefix);
	vfprintf(f, fmt, ap);
	fputc('\n', f);
}

/**
 * cli_nl_err() - Report a failed netlink call with the kernel's own words
 * @nl:		handle, for nl_last_error(); may be NULL
 * @ret:	-errno of the call
 * @fmt:	what failed, printf format
 *
 * Prints "WHAT: strerror" and, if the kernel sent one, ": kernel text".
 */
void cli_nl_err(const struct nl *nl, int ret, const char *fmt, ...)
{
	const char *text = nl_last_error(nl);
	char what[256];
	va_list ap;

	va_start(ap, fmt);
	text_verrf(what, sizeof(what), 0, fmt, ap);
	va_end(ap);
	err("%s: %s%s%s", what, strerror(-ret), *text ? ": " : "", text);
}
