// SPDX-License-Identifier: GPL-2.0-or-later
/* swsoak.c - soak and fault peers for umnet-switch: load, churn, faults, loss measurement
 *
 * Speaks the control protocol as UML does (v3, 124 bytes) or, with --vde, as
 * libvdeplug does (packed v3 and a description); data sockets are abstract,
 * so a peer killed at any point leaves no file behind. Nothing here fails
 * on the switch's account: refusals are counted, not fatal. Modes:
 *
 *   measure SECS PPS   ports A and B each send PPS numbered frames a second
 *                      (60 to 1514 bytes) to the other and count what they
 *                      get: "a->b sent N received M lost L dup D reorder R"
 *   flood SECS         one port sending as fast as the switch takes frames
 *                      from random sources (1% of them group addresses) to
 *                      the --sink MAC, one in 16 to an unknown address and
 *                      one in 16 broadcast; sizes mostly 60 to 1514 bytes,
 *                      some runts (0 to 13), 64 KiB and oversize (to 128 KiB)
 *   sink SECS MAC      one port that sends one frame from MAC, then never reads
 *   churn SECS [KIDS]  opens and closes ports back to back, with faults: half
 *                      requests, garbage, hang-ups before and after the
 *                      handshake, data or control socket closed first,
 *                      taken or bad port numbers, v1/v2 requests; and up to
 *                      KIDS (default 4) child peers at once, SIGKILLed at a
 *                      random moment of their handshake or burst (frames
 *                      go where flood sends them). With --stream, CTL is an
 *                      umnet-switch --stream socket and the peers are QEMU
 *                      -netdev stream ones: frames behind a 4-byte length,
 *                      hang-ups in the middle of a length or of a frame,
 *                      lengths past the largest frame (the switch hangs up),
 *                      children killed in the middle of a write
 *   hold N SECS        opens N ports one after the other, prints "held K
 *                      refused R", keeps them (never reading) for SECS or
 *                      until SIGTERM
 *   ctl LINE           sends LINE to a management socket (CTL), prints the reply
 *
 * --seed N makes the random choices repeatable (the seed is printed);
 * --sink MAC is where hostile frames go (default: broadcast).
 */

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAGIC		0xfeedfaceU
#define TAG		0x554d534bU	/* "UMSK": a measured frame */
#define MAX_FRAME	(128 * 1024)
#define ETH_MAX		65536

struct peer {
	int ctl, data;
};

static bool opt_vde, opt_stream;
static uint64_t rng_state;
static uint8_t frame_buf[MAX_FRAME], rx_buf[ETH_MAX + 16];

static uint64_t rnd(void)
{
	/* xorshift64*: fast, repeatable with --seed */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dULL;
}

static unsigned rnd_below(unsigned n)
{
	return n ? (unsigned)(rnd() % n) : 0;
}

static uint64_t now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000 + (uint64_t)ts.tv_nsec / 1000;
}

static int unix_connect(const char *path, int type)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, type | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return -1;
	snprintf(sun.sun_path, sizeof(sun.sun_path), "%s", path);
	if (connect(fd, (struct sockaddr *)&sun, sizeof(sun))) {
		close(fd);
		return -1;
	}
	return fd;
}

/* The request UML or libvdeplug sends; @me is the client's data address */
static size_t build_request(uint8_t *req, const struct sockaddr_un *me, unsigned version,
			    unsigned port)
{
	uint32_t v = MAGIC;

	memset(req, 0, 256);
	memcpy(req, &v, 4);
	if (version == 1) {
		/* magic, type 0, MAC, sockaddr_un */
		memcpy(req + 8, "\x52\x54\x00\x99\x00\x01", 6);
		memcpy(req + 14, me, sizeof(*me));
		return 124;
	}
	v = version;
	memcpy(req + 4, &v, 4);
	v = port << 8;
	memcpy(req + 8, &v, 4);
	memcpy(req + 12, me, sizeof(*me));
	if (opt_vde) {
		memcpy(req + 122, "swsoak", 6);
		return 128;
	}
	return 124;
}

static void data_addr(struct sockaddr_un *me)
{
	static unsigned seq;
	uint32_t v;

	memset(me, 0, sizeof(*me));
	me->sun_family = AF_UNIX;
	/* abstract, unique, and like UML the rest of the 108 bytes filled */
	memset(me->sun_path, 0x5a, sizeof(me->sun_path));
	me->sun_path[0] = 0;
	memcpy(me->sun_path + 1, "swsoak", 6);
	v = (uint32_t)getpid();
	memcpy(me->sun_path + 8, &v, 4);
	v = seq++;
	memcpy(me->sun_path + 12, &v, 4);
	v = (uint32_t)rnd();
	memcpy(me->sun_path + 16, &v, 4);
}

/* Register a port. Return: 0, or -1 if the switch refused (or is not there) */
static int peer_open(struct peer *p, const char *ctl, unsigned version, unsigned port)
{
	struct timeval tv = { .tv_sec = 6 };	/* the switch gives up after 5 s */
	struct sockaddr_un me, sw;
	uint8_t req[256];
	size_t len;
	int sndbuf = 1 << 20;

	p->ctl = unix_connect(ctl, SOCK_STREAM);
	p->data = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (p->ctl < 0 || p->data < 0)
		goto fail;
	setsockopt(p->ctl, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(p->data, SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof(sndbuf));
	data_addr(&me);
	if (bind(p->data, (struct sockaddr *)&me, sizeof(me)))
		goto fail;
	len = build_request(req, &me, version, port);
	if (send(p->ctl, req, len, MSG_NOSIGNAL) != (ssize_t)len)
		goto fail;
	if (recv(p->ctl, &sw, sizeof(sw), MSG_WAITALL) != (ssize_t)sizeof(sw))
		goto fail;
	if (connect(p->data, (struct sockaddr *)&sw, sizeof(sw)))
		goto fail;
	return 0;
fail:
	if (p->ctl >= 0)
		close(p->ctl);
	if (p->data >= 0)
		close(p->data);
	p->ctl = p->data = -1;
	return -1;
}

static void peer_close(struct peer *p)
{
	if (p->data >= 0)
		close(p->data);
	if (p->ctl >= 0)
		close(p->ctl);
	p->ctl = p->data = -1;
}

static void random_mac(uint8_t *mac)
{
	uint64_t r = rnd();

	memcpy(mac, &r, 6);
	mac[0] = (uint8_t)((mac[0] & 0xfe) | 0x02);	/* unicast, locally administered */
}

/* A size as floods and churn send them: runts, maximum and oversize too */
static size_t random_size(void)
{
	unsigned r = rnd_below(100);

	if (r < 4)
		return rnd_below(14);				/* runt */
	if (r < 7)
		return ETH_MAX;					/* the largest frame */
	if (r < 9)
		return ETH_MAX + 1 + rnd_below(MAX_FRAME - ETH_MAX);	/* oversize */
	return 60 + rnd_below(1455);
}

/* Where hostile traffic goes: --sink MAC (default: broadcast) */
static uint8_t sink_mac[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

/* The sink, one in 16 frames to an unknown address, one in 16 broadcast */
static void pick_dst(uint8_t *dst)
{
	unsigned r = rnd_below(16);

	memcpy(dst, sink_mac, 6);
	if (r == 0)
		random_mac(dst);
	else if (r == 1)
		memset(dst, 0xff, 6);
}

static void fill_frame(uint8_t *f, size_t len, const uint8_t *dst, const uint8_t *src)
{
	uint8_t hdr[14];

	memcpy(hdr, dst, 6);
	memcpy(hdr + 6, src, 6);
	hdr[12] = 0x88;
	hdr[13] = 0xb6;		/* local experimental ethertype: not measured */
	memcpy(f, hdr, len < 14 ? len : 14);
}

/* Read what is waiting, at most a batch: others may send without end */
static unsigned drain(int fd)
{
	unsigned n = 0;

	while (n < 256 && recv(fd, rx_buf, sizeof(rx_buf), MSG_DONTWAIT) >= 0)
		n++;
	return n;
}

/* ---- measure ------------------------------------------------------------- */

struct dir {
	const char *name;
	struct peer *tx, *rx;
	const uint8_t *src, *dst;
	uint32_t sent, received, dup, reorder, highest;
	uint8_t *seen;		/* bitmap of sequence numbers received */
	uint32_t max_seq;
};

static bool dir_send(struct dir *d)
{
	size_t len = 60 + (d->sent * 7919u) % 1455;
	uint32_t v[3] = { TAG, d->sent + 1, 0 };

	if (d->sent >= d->max_seq)
		return false;
	memset(frame_buf, (int)(d->sent & 0xff), len);
	memcpy(frame_buf, d->dst, 6);
	memcpy(frame_buf + 6, d->src, 6);
	frame_buf[12] = 0x88;
	frame_buf[13] = 0xb5;
	memcpy(frame_buf + 14, v, sizeof(v));
	if (send(d->tx->data, frame_buf, len, MSG_DONTWAIT) < 0)
		return false;	/* EAGAIN: the switch's queue is full, retry */
	d->sent++;
	return true;
}

static void dir_recv(struct dir *d)
{
	ssize_t n;

	while ((n = recv(d->rx->data, rx_buf, sizeof(rx_buf), MSG_DONTWAIT)) >= 0) {
		uint32_t v[2];

		if (n < 22 || memcmp(rx_buf + 6, d->src, 6))
			continue;
		memcpy(v, rx_buf + 14, sizeof(v));
		if (v[0] != TAG || !v[1] || v[1] > d->max_seq)
			continue;
		if (d->seen[v[1] / 8] & (1 << v[1] % 8)) {
			d->dup++;
			continue;
		}
		d->seen[v[1] / 8] |= (uint8_t)(1 << v[1] % 8);
		d->received++;
		if (v[1] < d->highest)
			d->reorder++;
		else
			d->highest = v[1];
	}
}

static int mode_measure(const char *ctl, unsigned secs, unsigned pps)
{
	/* not swclient's 52:54:00:aa:00:0x: both may run on one switch */
	static const uint8_t ma[6] = { 0x52, 0x54, 0x00, 0x5e, 0x00, 0x01 };
	static const uint8_t mb[6] = { 0x52, 0x54, 0x00, 0x5e, 0x00, 0x02 };
	struct peer a, b;
	struct dir ab = { .name = "a->b", .tx = &a, .rx = &b, .src = ma, .dst = mb };
	struct dir ba = { .name = "b->a", .tx = &b, .rx = &a, .src = mb, .dst = ma };
	struct dir *dirs[2] = { &ab, &ba };
	uint64_t t0, end, last = 0;
	uint64_t lost = 0, sent = 0;

	if (peer_open(&a, ctl, 3, 0) || peer_open(&b, ctl, 3, 0)) {
		fprintf(stderr, "swsoak: measure: the switch refused a port\n");
		return 1;
	}
	for (int i = 0; i < 2; i++) {
		dirs[i]->max_seq = (uint32_t)((uint64_t)secs * pps + pps + 16);
		dirs[i]->seen = calloc(dirs[i]->max_seq / 8 + 1, 1);
		if (!dirs[i]->seen)
			return 2;
	}
	/* both announce themselves, so that what follows is unicast */
	fill_frame(frame_buf, 60, (const uint8_t *)"\xff\xff\xff\xff\xff\xff", ma);
	send(a.data, frame_buf, 60, 0);
	fill_frame(frame_buf, 60, (const uint8_t *)"\xff\xff\xff\xff\xff\xff", mb);
	send(b.data, frame_buf, 60, 0);
	usleep(200000);
	drain(a.data);
	drain(b.data);
	printf("measuring\n");
	fflush(stdout);

	t0 = now_us();
	end = t0 + (uint64_t)secs * 1000000;
	for (uint64_t now = t0; ; now = now_us()) {
		struct pollfd pfd[2] = { { a.data, POLLIN, 0 }, { b.data, POLLIN, 0 } };
		uint64_t due = now < end ? (now - t0) * pps / 1000000 : 0;

		for (int i = 0; i < 2; i++)
			while (dirs[i]->sent < due && dir_send(dirs[i]))
				;
		if (now >= end) {
			if (!last)
				last = now;
			if (now - last > 1000000)
				break;		/* a second of grace for frames in flight */
		}
		poll(pfd, 2, 1);
		for (int i = 0; i < 2; i++)
			dir_recv(dirs[i]);
	}
	for (int i = 0; i < 2; i++) {
		struct dir *d = dirs[i];

		printf("%s sent %u received %u lost %u dup %u reorder %u\n", d->name, d->sent,
		       d->received, d->sent - d->received, d->dup, d->reorder);
		lost += d->sent - d->received;
		sent += d->sent;
		free(d->seen);
	}
	printf("measure sent %llu lost %llu loss_ppm %llu\n", (unsigned long long)sent,
	       (unsigned long long)lost, (unsigned long long)(sent ? lost * 1000000 / sent : 0));
	return 0;
}

/* ---- flood, sink ----------------------------------------------------------- */

static int mode_flood(const char *ctl, unsigned secs)
{
	unsigned long long sent = 0, runt = 0, max = 0, over = 0, refused = 0;
	uint64_t end = now_us() + (uint64_t)secs * 1000000;
	struct peer p;
	uint8_t src[6], dst[6];

	if (peer_open(&p, ctl, 3, 0)) {
		fprintf(stderr, "swsoak: flood: the switch refused the port\n");
		return 1;
	}
	while (now_us() < end) {
		size_t len = random_size();

		random_mac(src);
		if (!rnd_below(100))
			src[0] |= 1;	/* a group source: the switch must drop it */
		pick_dst(dst);
		fill_frame(frame_buf, len, dst, src);
		if (send(p.data, frame_buf, len, MSG_DONTWAIT) < 0) {
			if (errno == EAGAIN || errno == ENOBUFS) {
				struct pollfd pfd = { p.data, POLLOUT, 0 };

				poll(&pfd, 1, 10);
			} else {
				refused++;	/* EMSGSIZE beyond the socket buffer */
			}
			drain(p.data);
			continue;
		}
		sent++;
		runt += len < 14;
		max += len == ETH_MAX;
		over += len > ETH_MAX;
		if (!(sent % 64))
			drain(p.data);
	}
	printf("flood sent %llu runt %llu max %llu oversize %llu refused %llu\n", sent, runt,
	       max, over, refused);
	return 0;
}

static int mode_sink(const char *ctl, unsigned secs, const uint8_t *mac)
{
	struct peer p;

	if (peer_open(&p, ctl, 3, 0)) {
		fprintf(stderr, "swsoak: sink: the switch refused the port\n");
		return 1;
	}
	fill_frame(frame_buf, 60, (const uint8_t *)"\xff\xff\xff\xff\xff\xff", mac);
	send(p.data, frame_buf, 60, 0);
	printf("sink registered\n");
	fflush(stdout);
	sleep(secs);
	return 0;
}

/* ---- churn ------------------------------------------------------------------ */

enum ep {
	EP_FULL,		/* a port: frames, then hang up */
	EP_DATA_FIRST,		/* a port whose data socket goes first */
	EP_CTL_FIRST,		/* a port whose control connection goes first */
	EP_HALF,		/* part of a request, then hang up */
	EP_GARBAGE,		/* random bytes, up to past the request bound */
	EP_CONNECT,		/* connect, hang up */
	EP_TAKEN,		/* a VDE request for a port number likely in use */
	EP_OLD,			/* a v1 request, or a v2 one (refused) */
	EP_MAX,
};

static const char *const ep_names[EP_MAX] = {
	"full", "data_first", "ctl_first", "half_request", "garbage", "connect_only",
	"port_taken", "v1_v2",
};

/* Frames to the sink, one in 16 to an unknown address, one in 16 broadcast */
static void burst(struct peer *p, unsigned n)
{
	uint8_t src[6], dst[6];

	random_mac(src);
	for (unsigned i = 0; i < n; i++) {
		size_t len = random_size();

		pick_dst(dst);
		fill_frame(frame_buf, len, dst, src);
		if (send(p->data, frame_buf, len, MSG_DONTWAIT) < 0 && errno != EAGAIN &&
		    errno != EMSGSIZE && errno != ENOBUFS)
			break;
	}
}

static void half_request(const char *ctl, bool byte_by_byte)
{
	struct sockaddr_un me;
	uint8_t req[256];
	size_t len, cut;
	int fd = unix_connect(ctl, SOCK_STREAM);

	if (fd < 0)
		return;
	data_addr(&me);
	len = build_request(req, &me, 3, 0);
	cut = rnd_below((unsigned)len);
	for (size_t o = 0; o < cut; o += byte_by_byte ? 1 : cut) {
		if (send(fd, req + o, byte_by_byte ? 1 : cut, MSG_NOSIGNAL) < 0)
			break;
		if (byte_by_byte)
			usleep(200);
	}
	close(fd);
}

/* Return: true if a port was registered */
static bool episode(const char *ctl, enum ep kind)
{
	struct peer p;
	uint8_t junk[600];
	int fd;

	switch (kind) {
	case EP_FULL:
	case EP_DATA_FIRST:
	case EP_CTL_FIRST:
		if (peer_open(&p, ctl, 3, 0))
			return false;
		burst(&p, rnd_below(20));
		if (kind == EP_DATA_FIRST) {
			close(p.data);
			p.data = -1;
			usleep(rnd_below(2000));
		} else if (kind == EP_CTL_FIRST) {
			close(p.ctl);
			p.ctl = -1;
			burst(&p, rnd_below(5));
		}
		drain(p.data >= 0 ? p.data : p.ctl);
		peer_close(&p);
		return true;
	case EP_HALF:
		half_request(ctl, false);
		return false;
	case EP_GARBAGE:
		fd = unix_connect(ctl, SOCK_STREAM);
		if (fd >= 0) {
			size_t n = 1 + rnd_below(sizeof(junk));

			for (size_t i = 0; i < n; i++)
				junk[i] = (uint8_t)rnd();
			if (rnd_below(2))
				memcpy(junk, "\xce\xfa\xed\xfe", n < 4 ? n : 4);	/* magic */
			send(fd, junk, n, MSG_NOSIGNAL);
			close(fd);
		}
		return false;
	case EP_CONNECT:
		fd = unix_connect(ctl, SOCK_STREAM);
		if (fd >= 0)
			close(fd);
		return false;
	case EP_TAKEN:
		if (peer_open(&p, ctl, 3, 1 + rnd_below(8)))
			return false;
		peer_close(&p);
		return true;
	case EP_OLD:
		if (peer_open(&p, ctl, rnd_below(2) ? 1 : 2, 0))
			return false;
		peer_close(&p);
		return true;
	default:
		return false;
	}
}

/* ---- churn on a stream socket (--stream) ------------------------------------ */

enum sep {
	SEP_FULL,		/* frames, then hang up */
	SEP_CUT_HDR,		/* part of a length, then hang up */
	SEP_CUT_FRAME,		/* a length and part of its frame, then hang up */
	SEP_OUT_OF_STEP,	/* a length past the largest frame: the switch hangs up */
	SEP_CONNECT,		/* connect, hang up */
	SEP_MAX,
};

_Static_assert((int)SEP_MAX <= (int)EP_MAX, "mode_churn() counts either kind in count[EP_MAX]");

static const char *const sep_names[SEP_MAX] = {
	"full", "cut_header", "cut_frame", "out_of_step", "connect_only",
};

/* Frame @len bytes (to where flood sends them, from @src) behind its length
 * into frame_buf. Return: the bytes to send */
static size_t stream_put(size_t len, const uint8_t *src)
{
	uint8_t dst[6];

	pick_dst(dst);
	frame_buf[0] = (uint8_t)(len >> 24);
	frame_buf[1] = (uint8_t)(len >> 16);
	frame_buf[2] = (uint8_t)(len >> 8);
	frame_buf[3] = (uint8_t)len;
	fill_frame(frame_buf + 4, len, dst, src);
	return 4 + len;
}

/* @n frames of sizes as floods send them, none past the largest. Return:
 * false once the switch took only part of one (the stream is out of step) */
static bool stream_burst(int fd, unsigned n, int flags)
{
	uint8_t src[6];

	random_mac(src);
	for (unsigned i = 0; i < n; i++) {
		size_t len;

		do
			len = random_size();
		while (len > ETH_MAX);
		len = stream_put(len, src);
		if (send(fd, frame_buf, len, flags | MSG_NOSIGNAL) != (ssize_t)len)
			return false;
	}
	return true;
}

/* Return: true if a port was opened (every accepted connection is one) */
static bool stream_episode(const char *path, enum sep kind)
{
	uint8_t src[6];
	size_t len, cut;
	int fd = unix_connect(path, SOCK_STREAM);

	if (fd < 0)
		return false;
	random_mac(src);
	switch (kind) {
	case SEP_FULL:
		stream_burst(fd, rnd_below(20), MSG_DONTWAIT);
		drain(fd);
		break;
	case SEP_CUT_HDR:
		stream_put(60, src);
		send(fd, frame_buf, 1 + rnd_below(3), MSG_NOSIGNAL);
		break;
	case SEP_CUT_FRAME:
		len = stream_put(14 + rnd_below(ETH_MAX - 13), src);
		cut = 4 + rnd_below((unsigned)len - 4);
		send(fd, frame_buf, cut, MSG_NOSIGNAL | MSG_DONTWAIT);
		break;
	case SEP_OUT_OF_STEP: {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		uint64_t end = now_us() + 1000000;

		stream_burst(fd, rnd_below(3), MSG_DONTWAIT);
		len = ETH_MAX + 1 + (size_t)(rnd() % (0xffffffffu - ETH_MAX));
		stream_put(60, src);
		frame_buf[0] = (uint8_t)(len >> 24);
		frame_buf[1] = (uint8_t)(len >> 16);
		frame_buf[2] = (uint8_t)(len >> 8);
		frame_buf[3] = (uint8_t)len;
		send(fd, frame_buf, 64, MSG_NOSIGNAL | MSG_DONTWAIT);
		/* wait (a second at most) for the switch to hang up */
		while (now_us() < end && poll(&pfd, 1, 100) >= 0)
			if ((pfd.revents & (POLLIN | POLLHUP)) &&
			    recv(fd, rx_buf, sizeof(rx_buf), MSG_DONTWAIT) == 0)
				break;
		break;
	}
	default:
		break;
	}
	close(fd);
	return true;
}

/* A child peer that the parent SIGKILLs at a random moment */
static pid_t kid_start(const char *ctl)
{
	pid_t pid = fork();
	struct peer p;

	if (pid)
		return pid;
	/* never outlive the parent, nor a second */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() == 1)
		_exit(0);
	alarm(1);
	rng_state ^= (uint64_t)getpid() << 32;
	if (opt_stream) {
		int fd = unix_connect(ctl, SOCK_STREAM);

		while (fd >= 0 && stream_burst(fd, 64, 0))
			;	/* killed in the middle of a write */
	} else if (rnd_below(3) == 0) {
		half_request(ctl, true);	/* killed mid-handshake */
	} else if (!peer_open(&p, ctl, 3, 0)) {
		for (;;)
			burst(&p, 64);	/* killed mid-burst */
	}
	_exit(0);
}

static int mode_churn(const char *ctl, unsigned secs, unsigned kids)
{
	unsigned kinds = opt_stream ? SEP_MAX : EP_MAX;
	const char *const *names = opt_stream ? sep_names : ep_names;
	unsigned long long count[EP_MAX] = { 0 }, ports = 0, killed = 0;
	uint64_t end = now_us() + (uint64_t)secs * 1000000;
	pid_t kid[64] = { 0 };
	uint64_t kill_at[64] = { 0 };

	if (kids > 64)
		kids = 64;
	while (now_us() < end) {
		unsigned kind = rnd_below(kinds);

		count[kind]++;
		ports += opt_stream ? stream_episode(ctl, (enum sep)kind) : episode(ctl, (enum ep)kind);
		for (unsigned i = 0; i < kids; i++) {
			uint64_t now = now_us();

			if (kid[i] && now >= kill_at[i]) {
				kill(kid[i], SIGKILL);
				waitpid(kid[i], NULL, 0);
				kid[i] = 0;
				killed++;
			}
			if (!kid[i] && now < end) {
				kid[i] = kid_start(ctl);
				kill_at[i] = now + 1000 + rnd_below(30000);
			}
		}
	}
	for (unsigned i = 0; i < kids; i++) {
		if (kid[i]) {
			kill(kid[i], SIGKILL);
			waitpid(kid[i], NULL, 0);
			killed++;
		}
	}
	printf("churn ports %llu killed %llu", ports, killed);
	for (unsigned i = 0; i < kinds; i++)
		printf(" %s %llu", names[i], count[i]);
	printf("\n");
	return 0;
}

/* ---- hold, ctl ---------------------------------------------------------------- */

static volatile sig_atomic_t stop;

static void on_term(int sig)
{
	(void)sig;
	stop = 1;
}

static int mode_hold(const char *ctl, unsigned n, unsigned secs)
{
	struct peer *p = calloc(n ? n : 1, sizeof(*p));
	unsigned held = 0, refused = 0;
	uint64_t end;

	if (!p)
		return 2;
	signal(SIGTERM, on_term);
	for (unsigned i = 0; i < n; i++) {
		if (peer_open(&p[held], ctl, 3, 0))
			refused++;
		else
			held++;
	}
	printf("held %u refused %u\n", held, refused);
	fflush(stdout);
	end = now_us() + (uint64_t)secs * 1000000;
	while (!stop && now_us() < end)
		usleep(20000);
	for (unsigned i = 0; i < held; i++)
		peer_close(&p[i]);
	free(p);
	return 0;
}

static int mode_ctl(const char *path, const char *line)
{
	int fd = unix_connect(path, SOCK_STREAM);
	char buf[4096];
	ssize_t n;

	if (fd < 0) {
		perror("swsoak: management socket");
		return 1;
	}
	if (send(fd, line, strlen(line), MSG_NOSIGNAL) < 0 || send(fd, "\n", 1, MSG_NOSIGNAL) < 0)
		return 1;
	while ((n = recv(fd, buf, sizeof(buf), 0)) > 0)
		fwrite(buf, 1, (size_t)n, stdout);
	close(fd);
	return 0;
}

static int parse_mac(const char *s, uint8_t *mac)
{
	unsigned v[6];

	if (sscanf(s, "%x:%x:%x:%x:%x:%x", &v[0], &v[1], &v[2], &v[3], &v[4], &v[5]) != 6)
		return -1;
	for (int i = 0; i < 6; i++)
		mac[i] = (uint8_t)v[i];
	return 0;
}

static void usage(void)
{
	fprintf(stderr, "usage: swsoak [--vde] [--seed N] [--sink MAC] CTL measure SECS PPS | flood SECS |\n"
		"       sink SECS MAC | churn SECS [KIDS] | hold N SECS | ctl LINE\n"
		"       swsoak --stream [--seed N] [--sink MAC] PATH churn SECS [KIDS]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	uint64_t seed = (uint64_t)getpid() << 32 ^ now_us();
	uint8_t mac[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	const char *ctl, *mode;
	unsigned a1, a2;
	int i = 1;

	for (; i < argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "--vde"))
			opt_vde = true;
		else if (!strcmp(argv[i], "--stream"))
			opt_stream = true;
		else if (!strcmp(argv[i], "--seed") && i + 1 < argc)
			seed = strtoull(argv[++i], NULL, 0);
		else if (!strcmp(argv[i], "--sink") && i + 1 < argc && !parse_mac(argv[++i], mac))
			memcpy(sink_mac, mac, 6);
		else
			usage();
	}
	if (argc - i < 2)
		usage();
	ctl = argv[i];
	mode = argv[i + 1];
	a1 = argc - i > 2 ? (unsigned)strtoul(argv[i + 2], NULL, 10) : 0;
	a2 = argc - i > 3 ? (unsigned)strtoul(argv[i + 3], NULL, 10) : 0;
	rng_state = seed ? seed : 1;
	signal(SIGPIPE, SIG_IGN);
	setvbuf(stdout, NULL, _IOLBF, 0);
	fprintf(stderr, "swsoak %s: seed %llu\n", mode, (unsigned long long)seed);

	if (!strcmp(mode, "measure"))
		return mode_measure(ctl, a1, a2 ? a2 : 1000);
	if (!strcmp(mode, "flood"))
		return mode_flood(ctl, a1);
	if (!strcmp(mode, "sink")) {
		if (argc - i < 4 || parse_mac(argv[i + 3], mac))
			usage();
		return mode_sink(ctl, a1, mac);
	}
	if (opt_stream && strcmp(mode, "churn"))
		usage();
	if (!strcmp(mode, "churn"))
		return mode_churn(ctl, a1, argc - i > 3 ? a2 : 4);
	if (!strcmp(mode, "hold"))
		return mode_hold(ctl, a1, a2);
	if (!strcmp(mode, "ctl") && argc - i > 2)
		return mode_ctl(ctl, argv[i + 2]);
	usage();
	return 2;
}
