/* SPDX-License-Identifier: GPL-2.0-or-later */
/* capture.h - pcap streams of forwarded frames: BPF filter, bounded buffer, drop counts */
#ifndef UMNET_CAPTURE_H
#define UMNET_CAPTURE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#define CAPTURE_MAX		8		/* sessions at once */
#define CAPTURE_BUF_BYTES	(1024 * 1024)	/* per session, between switch and reader */
#define CAPTURE_SNAPLEN		262144		/* pcap header; frames are never cut */
#define CAPTURE_ALL		0		/* port number meaning every port's ingress */

struct capture;

/**
 * struct capture_info - a session as shown by `stats`
 * @port:	port captured, CAPTURE_ALL for all
 * @reader:	process id of the reader
 * @filter:	BPF expression, "" for none
 * @frames:	frames written to the stream
 * @bytes:	their bytes (frames only)
 * @dropped:	frames lost because the reader fell behind
 * @pending:	bytes buffered, not yet taken by the reader
 */
struct capture_info {
	unsigned port;
	int reader;
	const char *filter;
	uint64_t frames, bytes, dropped;
	size_t pending;
};

/**
 * struct capture_set - the sessions the datapath feeds
 * @c:		sessions, @n of them
 * @n:		number of sessions; 0 keeps the datapath's fast path
 * @ts:		wall clock time of the current receive batch
 */
struct capture_set {
	struct capture *c[CAPTURE_MAX];
	unsigned n;
	struct timespec ts;
};

struct capture *capture_new(unsigned port, const char *filter, const char *preamble,
			    int reader, char *err, size_t errlen);
void capture_free(struct capture *c);
void capture_frame(struct capture *c, const struct timespec *ts, const uint8_t *f, size_t len);
int capture_send(struct capture *c, int fd);
bool capture_is_pending(const struct capture *c);
bool capture_is_ended(const struct capture *c);
void capture_get_info(const struct capture *c, struct capture_info *info);

int capture_set_add(struct capture_set *s, struct capture *c);
void capture_set_del(struct capture_set *s, struct capture *c);
void capture_set_port_gone(struct capture_set *s, unsigned port);
void capture_set_stamp(struct capture_set *s);
void capture_set_rx(struct capture_set *s, unsigned port, const uint8_t *f, size_t len);
void capture_set_tx(struct capture_set *s, unsigned port, const uint8_t *f, size_t len);

#endif /* UMNET_CAPTURE_H */
