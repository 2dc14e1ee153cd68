/* SPDX-License-Identifier: GPL-2.0-or-later */
/* log.h - one logging API: stderr in the foreground, syslog when daemonized */
#ifndef UMNET_LOG_H
#define UMNET_LOG_H

#include <stdbool.h>
#include <stdint.h>
#include <syslog.h>

enum log_level {
	LOG_LVL_ERR = LOG_ERR,
	LOG_LVL_WARN = LOG_WARNING,
	LOG_LVL_INFO = LOG_INFO,
	LOG_LVL_DEBUG = LOG_DEBUG,
};

void log_init(const char *ident, bool use_syslog);
void log_set_level(int level);
int log_get_level(void);
int log_level_parse(const char *name);
const char *log_level_name(int level);
void logmsg(int level, bool with_errno, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
void die_perror(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

#define err(...)		logmsg(LOG_ERR, false, __VA_ARGS__)
#define warn(...)		logmsg(LOG_WARNING, false, __VA_ARGS__)
#define info(...)		logmsg(LOG_INFO, false, __VA_ARGS__)
#define debug(...)		logmsg(LOG_DEBUG, false, __VA_ARGS__)
#define err_perror(...)		logmsg(LOG_ERR, true, __VA_ARGS__)
#define warn_perror(...)	logmsg(LOG_WARNING, true, __VA_ARGS__)

/**
 * struct ratelimit - allow a burst of messages per interval, count the rest
 * @interval_ms:	length of one window
 * @burst:		messages allowed per window
 * @start_ms:		start of the current window
 * @count:		messages seen in the current window
 * @suppressed:		messages dropped since the last one printed
 */
struct ratelimit {
	uint64_t interval_ms;
	unsigned burst;
	uint64_t start_ms;
	unsigned count;
	unsigned long suppressed;
};

#define RATELIMIT_INIT(ms, n)	{ .interval_ms = (ms), .burst = (n) }

bool ratelimit_ok(struct ratelimit *rl, uint64_t now_ms);

#endif /* UMNET_LOG_H */
