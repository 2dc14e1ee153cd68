// SPDX-License-Identifier: GPL-2.0-or-later
/* capture.c - pcap streams of forwarded frames: BPF filter, bounded buffer, drop counts
 *
 * DOC: Theory of operation
 *
 * A capture session turns frames the datapath hands it into a classic pcap
 * stream (LINKTYPE_ETHERNET, microsecond timestamps, native byte order; the
 * magic tells readers which) in a byte ring of CAPTURE_BUF_BYTES allocated
 * when the session starts. The management server pushes the ring to the
 * reader's socket without blocking, once per event loop round, and waits for
 * EPOLLOUT when the socket is full.
 *
 * A frame either fits in the ring whole, with its record header, or is not
 * written at all and counted as dropped: a reader that falls behind loses
 * capture frames, never guest frames, and the datapath never waits for it.
 * The cost per frame for a session is a BPF run (if filtered) and one copy.
 *
 * Filters are compiled by libpcap (pcap_open_dead + pcap_compile) for
 * Ethernet, so any tcpdump expression works, and run with
 * pcap_offline_filter(), which is the plain BPF interpreter: no syscalls, no
 * allocation per frame.
 *
 * What a session sees: "all" captures every frame the switch accepted, once,
 * as it came in; a port captures the frames the switch accepted from that
 * port and the frames it switched to that port. Frames dropped on ingress
 * (runts, port security) are counted in `stats`, not captured.
 */

#include <errno.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>

#include "daemon/capture.h"

#define PCAP_MAGIC_US		0xa1b2c3d4U
#define PCAP_LINKTYPE_ETHERNET	1

struct capture {
	unsigned port;
	int reader;
	bool ended;
	bool filtered;
	struct bpf_program prog;
	char *filter;
	uint8_t *buf;
	size_t size, head, len;		/* ring: data at [head, head + len) mod size */
	uint64_t frames, bytes, dropped;
};

static bool ring_put(struct capture *c, const void *p1, size_t n1, const void *p2, size_t n2)
{
	const void *src[2] = { p1, p2 };
	size_t n[2] = { n1, n2 };

	if (c->size - c->len < n1 + n2)
		return false;
	for (int k = 0; k < 2; k++) {
		size_t tail = (c->head + c->len) % c->size;
		size_t first = c->size - tail < n[k] ? c->size - tail : n[k];

		if (!n[k])
			continue;
		memcpy(c->buf + tail, src[k], first);
		memcpy(c->buf, (const uint8_t *)src[k] + first, n[k] - first);
		c->len += n[k];
	}
	return true;
}

/**
 * capture_new() - Start a session
 * @port:	port to capture, CAPTURE_ALL for every port's ingress
 * @filter:	BPF expression (tcpdump syntax), NULL or "" for none
 * @preamble:	text to send before the pcap header (the protocol's "ok\n")
 * @reader:	process id of the reader, for `stats`
 * @err:	error message buffer
 * @errlen:	its size
 *
 * Return: the session (caller frees with capture_free()), NULL with a message
 * in @err: a filter that does not compile, or no memory
 */
struct capture *capture_new(unsigned port, const char *filter, const char *preamble,
			    int reader, char *err, size_t errlen)
{
	struct {
		uint32_t magic;
		uint16_t major, minor;
		int32_t thiszone;
		uint32_t sigfigs, snaplen, linktype;
	} hdr = { PCAP_MAGIC_US, 2, 4, 0, 0, CAPTURE_SNAPLEN, PCAP_LINKTYPE_ETHERNET };
	struct capture *c = calloc(1, sizeof(*c));

	if (!c || !(c->buf = malloc(CAPTURE_BUF_BYTES)) ||
	    !(c->filter = strdup(filter ? filter : ""))) {
		snprintf(err, errlen, "out of memory");
		capture_free(c);
		return NULL;
	}
	c->size = CAPTURE_BUF_BYTES;
	c->port = port;
	c->reader = reader;
	if (c->filter[0]) {
		pcap_t *p = pcap_open_dead(DLT_EN10MB, CAPTURE_SNAPLEN);
		int ret;

		if (!p) {
			snprintf(err, errlen, "out of memory");
			capture_free(c);
			return NULL;
		}
		ret = pcap_compile(p, &c->prog, c->filter, 1, PCAP_NETMASK_UNKNOWN);
		if (ret)
			snprintf(err, errlen, "filter '%s': %s", c->filter, pcap_geterr(p));
		pcap_close(p);
		if (ret) {
			capture_free(c);
			return NULL;
		}
		c->filtered = true;
	}
	ring_put(c, preamble, preamble ? strlen(preamble) : 0, &hdr, sizeof(hdr));
	return c;
}

/**
 * capture_free() - End a session
 * @c:		session, may be NULL
 */
void capture_free(struct capture *c)
{
	if (!c)
		return;
	if (c->filtered)
		pcap_freecode(&c->prog);
	free(c->filter);
	free(c->buf);
	free(c);
}

/**
 * capture_frame() - Add a frame to the stream if it passes the filter
 * @c:		session
 * @ts:		its time
 * @f:		frame
 * @len:	its length (at most FRAME_MAX_BYTES, below the snap length)
 *
 * A frame that does not fit in the buffer is counted as dropped.
 */
void capture_frame(struct capture *c, const struct timespec *ts, const uint8_t *f, size_t len)
{
	struct pcap_pkthdr ph;
	uint32_t rec[4];

	if (c->filtered) {
		ph.ts.tv_sec = ts->tv_sec;
		ph.ts.tv_usec = ts->tv_nsec / 1000;
		ph.caplen = ph.len = (bpf_u_int32)len;
		if (!pcap_offline_filter(&c->prog, &ph, f))
			return;
	}
	rec[0] = (uint32_t)ts->tv_sec;
	rec[1] = (uint32_t)(ts->tv_nsec / 1000);
	rec[2] = rec[3] = (uint32_t)len;
	if (!ring_put(c, rec, sizeof(rec), f, len)) {
		c->dropped++;
		return;
	}
	c->frames++;
	c->bytes += len;
}

/**
 * capture_send() - Push buffered bytes to the reader without blocking
 * @c:		session
 * @fd:		the reader's stream socket
 *
 * Return: 0 if the buffer is now empty, 1 if the socket is full (wait for
 * EPOLLOUT), -errno if the reader is gone
 */
int capture_send(struct capture *c, int fd)
{
	while (c->len) {
		size_t first = c->size - c->head < c->len ? c->size - c->head : c->len;
		struct iovec iov[2] = {
			{ c->buf + c->head, first },
			{ c->buf, c->len - first },
		};
		struct msghdr mh = { .msg_iov = iov, .msg_iovlen = c->len > first ? 2 : 1 };
		ssize_t n = sendmsg(fd, &mh, MSG_DONTWAIT | MSG_NOSIGNAL);

		if (n < 0) {
			if (errno == EAGAIN || errno == EINTR)
				return 1;
			return -errno;
		}
		c->head = (c->head + (size_t)n) % c->size;
		c->len -= (size_t)n;
	}
	c->head = 0;
	return 0;
}

/**
 * capture_is_pending() - Whether bytes wait for the reader
 * @c:		session
 *
 * Return: true if the buffer is not empty
 */
bool capture_is_pending(const struct capture *c)
{
	return c->len;
}

/**
 * capture_is_ended() - Whether the session's port went away
 * @c:		session
 *
 * Return: true once capture_set_port_gone() ended it: what is buffered is
 * all there will be
 */
bool capture_is_ended(const struct capture *c)
{
	return c->ended;
}

/**
 * capture_get_info() - Counters and settings of a session
 * @c:		session
 * @info:	filled; @info->filter is owned by the session
 */
void capture_get_info(const struct capture *c, struct capture_info *info)
{
	info->port = c->port;
	info->reader = c->reader;
	info->filter = c->filter;
	info->frames = c->frames;
	info->bytes = c->bytes;
	info->dropped = c->dropped;
	info->pending = c->len;
}

/**
 * capture_set_add() - Have the datapath feed a session
 * @s:		set
 * @c:		session (still owned by the caller)
 *
 * Return: 0, or -EBUSY if CAPTURE_MAX sessions run
 */
int capture_set_add(struct capture_set *s, struct capture *c)
{
	if (s->n >= CAPTURE_MAX)
		return -EBUSY;
	s->c[s->n++] = c;
	return 0;
}

/**
 * capture_set_del() - Stop feeding a session
 * @s:		set
 * @c:		session, may be absent
 */
void capture_set_del(struct capture_set *s, struct capture *c)
{
	for (unsigned i = 0; i < s->n; i++) {
		if (s->c[i] == c) {
			s->c[i] = s->c[--s->n];
			return;
		}
	}
}

/**
 * capture_set_port_gone() - End the sessions of a port that went away
 * @s:		set
 * @port:	port number
 *
 * They leave the set and are marked ended (capture_is_ended()): their
 * readers get what is buffered, then end of file.
 */
void capture_set_port_gone(struct capture_set *s, unsigned port)
{
	for (unsigned i = 0; i < s->n; ) {
		if (s->c[i]->port == port) {
			s->c[i]->ended = true;
			s->c[i] = s->c[--s->n];
		} else {
			i++;
		}
	}
}

/**
 * capture_set_stamp() - Take the time for the frames of one receive batch
 * @s:		set
 */
void capture_set_stamp(struct capture_set *s)
{
	clock_gettime(CLOCK_REALTIME, &s->ts);
}

/**
 * capture_set_rx() - A frame the switch accepted from a port
 * @s:		set
 * @port:	ingress port
 * @f:		frame
 * @len:	its length
 */
void capture_set_rx(struct capture_set *s, unsigned port, const uint8_t *f, size_t len)
{
	for (unsigned i = 0; i < s->n; i++)
		if (s->c[i]->port == CAPTURE_ALL || s->c[i]->port == port)
			capture_frame(s->c[i], &s->ts, f, len);
}

/**
 * capture_set_tx() - A frame the switch sends out of a port
 * @s:		set
 * @port:	egress port
 * @f:		frame
 * @len:	its length
 */
void capture_set_tx(struct capture_set *s, unsigned port, const uint8_t *f, size_t len)
{
	for (unsigned i = 0; i < s->n; i++)
		if (s->c[i]->port == port)
			capture_frame(s->c[i], &s->ts, f, len);
}
