/* SPDX-License-Identifier: GPL-2.0-or-later */
/* text.h - words, numbers, names and JSON strings: the one text toolkit; no I/O */
#ifndef UMNET_TEXT_H
#define UMNET_TEXT_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TEXT_IFNAMSIZ		16	/* IFNAMSIZ: 15 characters and NUL */

int text_ulong_parse(const char *s, unsigned long min, unsigned long max, unsigned long *out);
int text_mode_parse(const char *s, unsigned *mode);
int text_onoff_parse(const char *s, bool *on);
int text_secs_parse(const char *s, long *ms);

int text_split(char *line, char **argv, unsigned max, char *err, size_t errlen);
int text_quote(const char *word, char *out, size_t len);
size_t text_json_str(char *out, size_t size, const char *s);
int text_errf(char *err, size_t errlen, int ret, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
int text_verrf(char *err, size_t errlen, int ret, const char *fmt, va_list ap)
	__attribute__((format(printf, 4, 0)));

bool text_ifname_is_valid(const char *name);
bool text_ifname_is_template(const char *name);

#endif /* UMNET_TEXT_H */
