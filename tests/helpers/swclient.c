// SPDX-License-Identifier: GPL-2.0-or-later
/* swclient.c - a scriptable switch client for tests: well-behaved and hostile peers
 *
 * Speaks the control protocol like UML (v3, abstract data socket with
 * uninitialised-looking tail bytes) or like libvdeplug (--vde: packed v3 with
 * a description, filesystem data socket). Modes:
 *
 *   pair N          two ports A and B; A sends N frames to B; prints
 *                   "sent N received M" (B's count, after a grace period)
 *   flood N         one port sending N broadcast frames from random sources;
 *                   with --to-self, addressed to the port's own first source
 *                   instead: the switch learns every source, forwards nothing
 *   noread SECONDS  one port that registers, then never reads
 *   garbage         connect, send random bytes; prints "closed" when the
 *                   switch hangs up
 *   hold SECONDS    register and keep the port open, reading and discarding
 *   partial SECONDS connect, send the first 6 bytes of a request, wait
 */

#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#define MAGIC 0xfeedface

struct peer {
	int ctl, data;
	struct sockaddr_un sw;
	char path[108];
};

static int opt_vde, opt_size = 64, opt_to_self;

static void die(const char *what)
{
	perror(what);
	exit(2);
}

static uint64_t now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000 + (uint64_t)ts.tv_nsec / 1000;
}

static void peer_open(struct peer *p, const char *ctl_path)
{
	static unsigned seq;
	struct sockaddr_un sun, me;
	uint8_t req[122 + 64];
	size_t len = 122;
	uint32_t v;
	ssize_t n;

	memset(p, 0, sizeof(*p));
	p->ctl = socket(AF_UNIX, SOCK_STREAM, 0);
	p->data = socket(AF_UNIX, SOCK_DGRAM, 0);
	if (p->ctl < 0 || p->data < 0)
		die("socket");
	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	snprintf(sun.sun_path, sizeof(sun.sun_path), "%s", ctl_path);
	if (connect(p->ctl, (struct sockaddr *)&sun, sizeof(sun)))
		die("connect control socket");

	memset(&me, 0, sizeof(me));
	me.sun_family = AF_UNIX;
	if (opt_vde) {
		snprintf(me.sun_path, sizeof(me.sun_path), "/tmp/.swclient-%d-%u", getpid(), seq++);
		unlink(me.sun_path);
		strcpy(p->path, me.sun_path);
	} else {
		/* like UML: abstract, pid inside, the rest of the 108 bytes "garbage" */
		memset(me.sun_path, 0xa5, sizeof(me.sun_path));
		me.sun_path[0] = 0;
		v = (uint32_t)getpid();
		memcpy(me.sun_path + 4, &v, 4);
		v = seq++;
		memcpy(me.sun_path + 8, &v, 4);
	}
	if (bind(p->data, (struct sockaddr *)&me, sizeof(me)))
		die("bind data socket");

	memset(req, 0, sizeof(req));
	v = MAGIC;
	memcpy(req, &v, 4);
	v = 3;
	memcpy(req + 4, &v, 4);
	memcpy(req + 12, &me, sizeof(me));
	if (opt_vde) {
		memcpy(req + 122, "swclient", 8);
		len += 8;
	} else {
		len = 124;
	}
	if (write(p->ctl, req, len) != (ssize_t)len)
		die("write request");
	n = read(p->ctl, &p->sw, sizeof(p->sw));
	if (n != (ssize_t)sizeof(p->sw)) {
		fprintf(stderr, "swclient: short reply (%zd bytes)\n", n);
		exit(2);
	}
	if (connect(p->data, (struct sockaddr *)&p->sw, sizeof(p->sw)))
		die("connect data socket");
	if (p->path[0])
		unlink(p->path);	/* as libvdeplug does once connected */
}

static void frame(uint8_t *f, const uint8_t *dst, const uint8_t *src, uint32_t seq)
{
	memset(f, 0, (size_t)opt_size);
	memcpy(f, dst, 6);
	memcpy(f + 6, src, 6);
	f[12] = 0x88;
	f[13] = 0xb5;		/* local experimental ethertype */
	memcpy(f + 14, &seq, 4);
}

/* Count frames (from @src only, if given) until nothing came for @timeout_ms
 * or until @until_us */
static unsigned drain_from(int fd, int timeout_ms, uint64_t until_us, const uint8_t *src)
{
	uint8_t buf[70000];
	unsigned got = 0;
	ssize_t n;

	for (;;) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		int t = timeout_ms;

		if (until_us) {
			uint64_t now = now_us();

			if (now >= until_us)
				break;
			t = (int)((until_us - now) / 1000) + 1;
		}
		if (poll(&pfd, 1, t) <= 0)
			break;
		while ((n = recv(fd, buf, sizeof(buf), MSG_DONTWAIT)) >= 0)
			if (!src || (n >= 14 && !memcmp(buf + 6, src, 6)))
				got++;
	}
	return got;
}

static unsigned drain(int fd, int timeout_ms, uint64_t until_us)
{
	return drain_from(fd, timeout_ms, until_us, NULL);
}

static int mode_pair(const char *ctl, unsigned n)
{
	const uint8_t a[6] = { 0x52, 0x54, 0x00, 0xaa, 0x00, 0x01 };
	const uint8_t b[6] = { 0x52, 0x54, 0x00, 0xaa, 0x00, 0x02 };
	const uint8_t bc[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	struct peer pa, pb;
	uint8_t f[70000];
	unsigned sent = 0, got = 0;

	peer_open(&pa, ctl);
	peer_open(&pb, ctl);
	/* B announces itself so that A's frames to it are unicast */
	frame(f, bc, b, 0);
	send(pb.data, f, (size_t)opt_size, 0);
	frame(f, bc, a, 0);
	send(pa.data, f, (size_t)opt_size, 0);
	usleep(100000);
	drain(pa.data, 0, 0);
	drain(pb.data, 0, 0);

	for (unsigned i = 0; i < n; i++) {
		frame(f, b, a, i + 1);
		while (send(pa.data, f, (size_t)opt_size, 0) < 0) {
			if (errno != EAGAIN && errno != ENOBUFS)
				die("send");
			usleep(100);
		}
		sent++;
		/* keep B's queue drained as a guest would */
		if (!(i % 64))
			got += drain_from(pb.data, 0, 0, a);
	}
	got += drain_from(pb.data, 500, 0, a);
	printf("sent %u received %u\n", sent, got);
	return 0;
}

static int mode_flood(const char *ctl, unsigned n)
{
	const uint8_t bc[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	struct peer p;
	uint8_t f[2048], src[6];

	uint8_t self[6] = { 0x52, 0x54, 0x00, 0xab, (uint8_t)(getpid() >> 8), (uint8_t)getpid() };
	const uint8_t *dst = opt_to_self ? self : bc;

	peer_open(&p, ctl);
	if (opt_to_self) {
		frame(f, bc, self, 0);
		send(p.data, f, (size_t)opt_size, 0);
	}
	for (unsigned i = 0; i < n; i++) {
		if (getrandom(src, 6, 0) != 6)
			die("getrandom");
		src[0] = (uint8_t)((src[0] & 0xfe) | 0x02);	/* unicast, local */
		frame(f, dst, src, i);
		while (send(p.data, f, (size_t)opt_size, MSG_DONTWAIT) < 0) {
			if (errno != EAGAIN && errno != ENOBUFS)
				die("send");
			drain(p.data, 1, 0);
		}
		if (!(i % 256))
			drain(p.data, 0, 0);
	}
	printf("flooded %u\n", n);
	return 0;
}

static int mode_garbage(const char *ctl)
{
	struct sockaddr_un sun;
	uint8_t junk[200];
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);
	char c;

	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	snprintf(sun.sun_path, sizeof(sun.sun_path), "%s", ctl);
	if (connect(fd, (struct sockaddr *)&sun, sizeof(sun)))
		die("connect");
	if (getrandom(junk, sizeof(junk), 0) != sizeof(junk))
		die("getrandom");
	junk[0] = 'X';			/* never the magic */
	if (write(fd, junk, sizeof(junk)) < 0)
		die("write");
	if (read(fd, &c, 1) == 0)
		printf("closed\n");
	return 0;
}

static int mode_partial(const char *ctl, unsigned secs)
{
	struct sockaddr_un sun;
	uint32_t magic = MAGIC;
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);
	char c;

	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	snprintf(sun.sun_path, sizeof(sun.sun_path), "%s", ctl);
	if (connect(fd, (struct sockaddr *)&sun, sizeof(sun)))
		die("connect");
	if (write(fd, &magic, 4) != 4 || write(fd, "\x03\x00", 2) != 2)
		die("write");
	alarm(secs);
	if (read(fd, &c, 1) == 0)
		printf("closed\n");
	return 0;
}

int main(int argc, char **argv)
{
	const char *ctl, *mode;
	unsigned n;
	int i = 1;

	for (; i < argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "--vde"))
			opt_vde = 1;
		else if (!strcmp(argv[i], "--to-self"))
			opt_to_self = 1;
		else if (!strcmp(argv[i], "--size") && i + 1 < argc)
			opt_size = atoi(argv[++i]);
		else
			break;
	}
	if (argc - i < 2 || opt_size < 14 || opt_size > 65535) {
		fprintf(stderr, "usage: swclient [--vde] [--size N] [--to-self] CTL pair|flood|noread|garbage|hold|partial [N]\n");
		return 2;
	}
	ctl = argv[i];
	mode = argv[i + 1];
	n = argc - i > 2 ? (unsigned)strtoul(argv[i + 2], NULL, 10) : 0;

	if (!strcmp(mode, "pair"))
		return mode_pair(ctl, n);
	if (!strcmp(mode, "flood"))
		return mode_flood(ctl, n);
	if (!strcmp(mode, "garbage"))
		return mode_garbage(ctl);
	if (!strcmp(mode, "partial"))
		return mode_partial(ctl, n);
	if (!strcmp(mode, "noread") || !strcmp(mode, "hold")) {
		struct peer p;

		peer_open(&p, ctl);
		printf("registered\n");
		fflush(stdout);
		if (!strcmp(mode, "noread"))
			sleep(n);
		else
			drain(p.data, 0, now_us() + (uint64_t)n * 1000000);
		return 0;
	}
	fprintf(stderr, "swclient: unknown mode %s\n", mode);
	return 2;
}
