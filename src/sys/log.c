// SPDX-License-Identifier: GPL-2.0-or-later
/* log.c - one logging API: stderr in the foreground, syslog when daemonized */

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sys/log.h"

static const char *log_ident = "umnet";
static bool log_syslog;
static int log_level = LOG_INFO;

static const char *const level_names[] = {
	[LOG_ERR] = "error", [LOG_WARNING] = "warning",
	[LOG_INFO] = "info", [LOG_DEBUG] = "debug",
};

/**
 * log_init() - Choose the program name and the log sink
 * @ident:	program name used as prefix or syslog ident
 * @use_syslog:	send messages to syslog (daemon mode) instead of stderr
 */
void log_init(const char *ident, bool use_syslog)
{
	log_ident = ident;
	log_syslog = use_syslog;
	if (use_syslog)
		openlog(ident, LOG_PID | LOG_NDELAY, LOG_DAEMON);
}

/**
 * log_set_level() - Set the most verbose level that is still printed
 * @level:	LOG_ERR .. LOG_DEBUG
 */
void log_set_level(int level)
{
	log_level = level;
}

/**
 * log_get_level() - Current level
 *
 * Return: LOG_ERR .. LOG_DEBUG
 */
int log_get_level(void)
{
	return log_level;
}

/**
 * log_level_parse() - Parse a level name
 * @name:	"error", "warning", "info" or "debug"
 *
 * Return: the level, -EINVAL for an unknown name
 */
int log_level_parse(const char *name)
{
	for (size_t i = 0; i < sizeof(level_names) / sizeof(level_names[0]); i++)
		if (level_names[i] && !strcasecmp(name, level_names[i]))
			return (int)i;
	return -EINVAL;
}

/**
 * log_level_name() - Name of a level
 * @level:	LOG_ERR .. LOG_DEBUG
 *
 * Return: static string
 */
const char *log_level_name(int level)
{
	if (level < 0 || (size_t)level >= sizeof(level_names) / sizeof(level_names[0]) ||
	    !level_names[level])
		return "?";
	return level_names[level];
}

static void vlogmsg(int level, bool with_errno, const char *fmt, va_list ap)
{
	int saved = errno;
	char buf[1024];
	int n;

	if (level > log_level)
		return;
	n = vsnprintf(buf, sizeof(buf), fmt, ap); /* NOLINT(clang-analyzer-valist.Uninitialized): callers va_start() it */
	if (n < 0)
		return;
	if (with_errno && (size_t)n < sizeof(buf))
		snprintf(buf + n, sizeof(buf) - (size_t)n, ": %s", strerror(saved));

	if (log_syslog)
		syslog(level, "%s", buf);
	else
		fprintf(stderr, "%s: %s\n", log_ident, buf);
	errno = saved;
}

/**
 * logmsg() - Log one message
 * @level:	syslog level
 * @with_errno:	append ": strerror(errno)"
 * @fmt:	printf format
 */
void logmsg(int level, bool with_errno, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlogmsg(level, with_errno, fmt, ap);
	va_end(ap);
}

/**
 * die() - Log an error during setup and exit with status 1
 * @fmt:	printf format
 */
void die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlogmsg(LOG_ERR, false, fmt, ap);
	va_end(ap);
	exit(EXIT_FAILURE);
}

/**
 * die_perror() - Like die(), with ": strerror(errno)" appended
 * @fmt:	printf format
 */
void die_perror(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlogmsg(LOG_ERR, true, fmt, ap);
	va_end(ap);
	exit(EXIT_FAILURE);
}

/**
 * ratelimit_ok() - Whether a rate-limited message may be printed now
 * @rl:		limiter state
 * @now_ms:	monotonic time
 *
 * Return: true if the message may be printed. Suppressed messages are counted
 * in @rl->suppressed; the caller may report and reset that count.
 */
bool ratelimit_ok(struct ratelimit *rl, uint64_t now_ms)
{
	if (now_ms - rl->start_ms >= rl->interval_ms) {
		rl->start_ms = now_ms;
		rl->count = 0;
	}
	if (rl->count < rl->burst) {
		rl->count++;
		return true;
	}
	rl->suppressed++;
	return false;
}
