/* SPDX-License-Identifier: GPL-2.0-or-later */
/* reply.h - umnet-helper's answers to UML: the log text, the TAP's descriptor, the wire forms
 *
 * The wire facts are in docs/protocols.md ("uml_net helper protocol").
 */
#ifndef UMNET_HELPER_REPLY_H
#define UMNET_HELPER_REPLY_H

#include <stdbool.h>
#include <stddef.h>

#define HELPER_TEXT_MAX		1024	/* log text sent back, NUL included */

/**
 * struct helper_out - log text for the reply, like uml_net's "* command" lines
 * @len:	bytes used, NUL excluded
 * @truncated:	text was dropped for lack of room
 * @text:	the text, always NUL-terminated
 */
struct helper_out {
	size_t len;
	bool truncated;
	char text[HELPER_TEXT_MAX];
};

enum helper_stdout {
	HELPER_STDOUT_OTHER,	/* a terminal, file or pipe (a person): plain text */
	HELPER_STDOUT_STREAM,	/* AF_UNIX SOCK_STREAM: length-prefixed text */
	HELPER_STDOUT_DGRAM,	/* AF_UNIX SOCK_DGRAM: the tuntap reply */
};

void helper_out_init(struct helper_out *o);
void helper_out_add(struct helper_out *o, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
size_t helper_reply_stream(const struct helper_out *o, void *buf, size_t size);
enum helper_stdout helper_stdout_kind(void);
int helper_reply_tap(int sock, const char *ifname, const struct helper_out *o, int tapfd);
int helper_reply_text(int fd, enum helper_stdout kind, const struct helper_out *o);

#endif /* UMNET_HELPER_REPLY_H */
