// SPDX-License-Identifier: GPL-2.0-or-later
/* umnet-bench.c - load generator for switches that speak the uml_switch/VDE protocol
 *
 * DOC: Theory of operation
 *
 * The generator is a guest as far as a switch can tell: each port is a
 * control connection plus a datagram socket, registered with a v3 request
 * (docs/protocols.md). --uml CTL binds the data socket in the abstract
 * namespace as UML does (for uml_switch and umnet-switch --unix); --vde DIR
 * binds it in DIR as libvdeplug does (for vde_switch -s and umnet-switch
 * --sock). So one binary drives umnet-switch, uml_switch and vde_switch.
 *
 * Load: one thread, one epoll set. Each flow (sender port -> receiver port)
 * sends BATCH frames per sendmmsg() while fewer than --window frames are in
 * flight; receivers are polled for EPOLLIN and read with recvmmsg(). A sender
 * runs as fast as the switch accepts (a unix datagram socket refuses more
 * when the peer's queue or its own send buffer is full: net.unix.
 * max_dgram_qlen for uml_switch's shared socket), and "offered" is what the
 * switch accepted. The window keeps the generator's own receive lag from
 * overrunning a switch's buffers while keeping the pipe full. A sender is
 * polled for EPOLLOUT only while blocked (see flow_tx()). A frame counts as
 * delivered when it reaches its receiver with its exact length and source
 * address: a truncated frame is a lost frame.
 *
 * Timing: each run has a warm-up, then a measured window; after the window
 * senders stop and receivers drain until idle, so that loss is exact. CPU
 * time comes from /proc/PID/task/N/schedstat (field 1, ns on CPU), for the
 * switch and for the generator, over the window only: on a 2-core machine
 * the switch's CPU per delivered frame is the figure that compares, since
 * the generator does the same kernel work per frame as a switch (one send,
 * one receive) and so often sets the rate itself.
 *
 * Tests (one "result" line each, key=value, for bench/compare.sh):
 *   floor   the same load over socketpair()s, no switch: the generator's own
 *           rate and the kernel's cost, the bound for every other figure
 *   relay   A -> a forked relay process -> B over socketpair()s: the least
 *           CPU per frame any switch on unix datagram sockets can spend
 *   tput    A->B at each --sizes entry; "max" probes the largest frame the
 *           switch carries intact (binary search) and runs at that size
 *   lat     ping-pong A->B->A, one frame in flight, RTT p50/p99/p99.9
 *   fanout  N ports as N/2 pairs, each pair one flow (--ports)
 *   flood   A->B alone, then with a third port F sending --flood-macs frames
 *           paced over the window, first from one source (the same load),
 *           then from as many random sources; their destination is F's own
 *           MAC, so they cost the switch learning and nothing else. RSS
 *           before and after the random flood (see test_flood())
 *   stuck   A->B with C->S paced alongside; first S reads, then S stops
 *           reading: the A->B ratio is what a stuck peer costs the others
 *           Both report the switch's CPU per frame in (A's and the paced
 *           ones) in either phase and their ratio, cpu_ratio: rates move
 *           with whatever else the machine runs, CPU per frame much less
 *   --tap-plug DEV is no test: it attaches a TAP as a port (bench/e2e.sh)
 */

#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <getopt.h>
#include <glob.h>
#include <poll.h>
#include <sched.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/ioctl.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <signal.h>

#define REQ_MAGIC	0xfeedfaceU
#define REQ_V3_BYTES	122
#define BATCH		32
#define FRAME_MAX	65536
#define PEERS_MAX	512
#define EPOLL_EVENTS	256
#define ETHERTYPE_LOCAL	0x88b5		/* IEEE local experimental */
#define DRAIN_IDLE_MS	100
#define LAT_MAX_SAMPLES	1000000

struct peer {
	int ctl;		/* control connection, -1 for a socketpair end */
	int data;
	uint8_t mac[6];
};

struct flow {
	struct peer *tx, *rx;
	uint8_t *frame;		/* prebuilt, tx->mac to rx->mac */
	uint64_t sent, got;
	bool writable;		/* false: blocked, polled for EPOLLOUT */
};

/* A sender outside the epoll set, paced: flood or a stuck peer's feed */
struct paced {
	struct peer *tx;
	const uint8_t *dst;
	bool random_src;
	uint64_t total;		/* frames to send over the window */
	uint64_t sent;
};

struct run {
	struct flow *flows;
	unsigned nflows;
	struct peer **drain;	/* more sockets to read and discard */
	unsigned ndrain;
	struct paced *paced;
	size_t size;
	double cap_fps;		/* > 0: each flow sends at most this rate */
	uint64_t t0;		/* start of the run, for cap_fps */
	int ep;
};

struct result {
	uint64_t sent, got;		/* whole run, warm-up included */
	double offered_fps, delivered_fps, gbps, loss_pct;
	double sw_ns, gen_ns;		/* CPU per delivered frame (window) */
	double sw_load;			/* switch CPU in cores during the window */
	double sw_ns_in;		/* CPU per frame in: delivered + paced sent */
	uint64_t paced;			/* paced frames sent in the window */
};

static struct {
	const char *path;	/* control socket (--uml) or directory (--vde) */
	bool vde;
	pid_t pid;
	const char *name;
	unsigned duration_ms;
	unsigned warmup_ms;
	int sockbuf;
	bool pin;
	unsigned flood_macs;
	unsigned paced_fps;
	unsigned lat_ms;
	unsigned window;
} opt = {
	.name = "switch",
	.duration_ms = 1000,
	.warmup_ms = 200,
	.sockbuf = 4 * 1024 * 1024,
	.flood_macs = 100000,
	.paced_fps = 50000,
	.lat_ms = 1000,
	.window = 1024,
};

static uint8_t *rxbuf;
static size_t rxslot;
static struct mmsghdr rxmsg[BATCH], txmsg[BATCH];
static struct iovec rxiov[BATCH], txiov[BATCH];
static unsigned mac_seq;	/* makes MACs unique per test */

static void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

static void die(const char *fmt, ...)
{
	va_list ap;
	int e = errno;

	va_start(ap, fmt);
	fprintf(stderr, "umnet-bench: ");
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, e ? ": %s\n" : "\n", strerror(e));
	exit(2);
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000 + (uint64_t)ts.tv_nsec;
}

/* ---- the process under test: CPU, memory, affinity ---------------------- */

/* Return: ns on CPU of every thread of @pid (0: this process) */
static uint64_t cpu_ns(pid_t pid)
{
	char pat[64];
	uint64_t sum = 0;
	glob_t g;

	snprintf(pat, sizeof(pat), pid ? "/proc/%d/task/*/schedstat" : "/proc/self/task/*/schedstat",
		 (int)pid);
	if (glob(pat, 0, NULL, &g))
		return 0;
	for (size_t i = 0; i < g.gl_pathc; i++) {
		unsigned long long v;
		FILE *f = fopen(g.gl_pathv[i], "re");

		if (f && fscanf(f, "%llu", &v) == 1)
			sum += v;
		if (f)
			fclose(f);
	}
	globfree(&g);
	return sum;
}

static long rss_kb(pid_t pid)
{
	char path[64], line[128];
	long kb = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	f = fopen(path, "re");
	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "VmRSS: %ld", &kb) == 1)
			break;
	if (f)
		fclose(f);
	return kb;
}

/* Set the affinity of every thread of @pid (0: this process) */
static void pin(pid_t pid, const cpu_set_t *set)
{
	char pat[64];
	glob_t g;

	snprintf(pat, sizeof(pat), pid ? "/proc/%d/task/*" : "/proc/self/task/*", (int)pid);
	if (glob(pat, 0, NULL, &g))
		return;
	for (size_t i = 0; i < g.gl_pathc; i++)
		sched_setaffinity((pid_t)atoi(strrchr(g.gl_pathv[i], '/') + 1), sizeof(*set), set);
	globfree(&g);
}

static cpu_set_t saved_sw, saved_self;

/* Generator on CPU 0 and switch on CPU 1, or both on CPU 0 (@same) */
static void pin_begin(bool same)
{
	cpu_set_t a, b;

	if (!opt.pin || !opt.pid)
		return;
	CPU_ZERO(&a);
	CPU_SET(0, &a);
	CPU_ZERO(&b);
	CPU_SET(same || sysconf(_SC_NPROCESSORS_ONLN) < 2 ? 0 : 1, &b);
	sched_getaffinity(opt.pid, sizeof(saved_sw), &saved_sw);
	sched_getaffinity(0, sizeof(saved_self), &saved_self);
	pin(0, &a);
	pin(opt.pid, &b);
}

static void pin_end(void)
{
	if (!opt.pin || !opt.pid)
		return;
	pin(opt.pid, &saved_sw);
	pin(0, &saved_self);
}

/* ---- ports ---------------------------------------------------------------- */

static void mac_make(uint8_t *mac, unsigned idx)
{
	mac[0] = 0x02;		/* locally administered, unicast */
	mac[1] = 0xbe;
	mac[2] = (uint8_t)mac_seq;
	mac[3] = (uint8_t)(idx >> 8);
	mac[4] = (uint8_t)idx;
	mac[5] = 0x01;
}

/* Without CAP_NET_ADMIN the plain options give what net.core.[rw]mem_max allow */
static void sock_bufs(int fd)
{
	if (setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &opt.sockbuf, sizeof(opt.sockbuf)))
		setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &opt.sockbuf, sizeof(opt.sockbuf));
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &opt.sockbuf, sizeof(opt.sockbuf)))
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &opt.sockbuf, sizeof(opt.sockbuf));
}

/* The client's data address: abstract with an arbitrary tail like UML's, or a
 * file in the switch's directory like libvdeplug's */
static void peer_addr(struct sockaddr_un *me)
{
	static unsigned seq;
	uint32_t v;

	memset(me, 0, sizeof(*me));
	me->sun_family = AF_UNIX;
	if (opt.vde) {
		if (snprintf(me->sun_path, sizeof(me->sun_path), "%s/.bench-%d-%u", opt.path,
			     (int)getpid(), seq++) >= (int)sizeof(me->sun_path))
			die("%s: path too long", opt.path);
		unlink(me->sun_path);
		return;
	}
	memset(me->sun_path + 1, 0xa5, sizeof(me->sun_path) - 1);
	v = (uint32_t)getpid();
	memcpy(me->sun_path + 4, &v, 4);
	v = seq++;
	memcpy(me->sun_path + 8, &v, 4);
}

static void peer_open(struct peer *p, unsigned idx)
{
	struct timeval tv = { .tv_sec = 5 };
	struct sockaddr_un ctl, me, sw;
	uint8_t req[REQ_V3_BYTES + 16] = { 0 };
	size_t len = opt.vde ? REQ_V3_BYTES + 11 : REQ_V3_BYTES + 2;
	uint32_t v;

	p->ctl = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	p->data = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (p->ctl < 0 || p->data < 0)
		die("socket");
	memset(&ctl, 0, sizeof(ctl));
	ctl.sun_family = AF_UNIX;
	snprintf(ctl.sun_path, sizeof(ctl.sun_path), opt.vde ? "%s/ctl" : "%s", opt.path);
	setsockopt(p->ctl, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	/* a switch just started may have bound its socket and not listen yet */
	for (int tries = 0; connect(p->ctl, (struct sockaddr *)&ctl, sizeof(ctl)); tries++) {
		if ((errno != ECONNREFUSED && errno != ENOENT) || tries == 50)
			die("connect %s", ctl.sun_path);
		usleep(100000);
	}
	peer_addr(&me);
	if (bind(p->data, (struct sockaddr *)&me, sizeof(me)))
		die("bind data socket");

	v = REQ_MAGIC;
	memcpy(req, &v, 4);
	v = 3;
	memcpy(req + 4, &v, 4);
	memcpy(req + 12, &me, sizeof(me));	/* type 0: new control */
	memcpy(req + REQ_V3_BYTES, "umnet-bench", 11);
	if (write(p->ctl, req, len) != (ssize_t)len)
		die("send request");
	if (recv(p->ctl, &sw, sizeof(sw), MSG_WAITALL) != (ssize_t)sizeof(sw))
		die("no 110-byte reply from %s", ctl.sun_path);
	if (connect(p->data, (struct sockaddr *)&sw, sizeof(sw)))
		die("connect data socket");
	if (opt.vde)
		unlink(me.sun_path);
	sock_bufs(p->data);
	mac_make(p->mac, idx);
}

static void peer_close(struct peer *p)
{
	if (p->ctl >= 0)
		close(p->ctl);
	close(p->data);
}

/* The floor: pairs of connected sockets, no switch in between */
static void peer_pair(struct peer *a, struct peer *b, unsigned idx)
{
	int sv[2];

	if (socketpair(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, sv))
		die("socketpair");
	a->ctl = b->ctl = -1;
	a->data = sv[0];
	b->data = sv[1];
	sock_bufs(sv[0]);
	sock_bufs(sv[1]);
	mac_make(a->mac, idx);
	mac_make(b->mac, idx + 1);
}

static void frame_fill(uint8_t *f, size_t size, const uint8_t *dst, const uint8_t *src)
{
	memset(f, 0, size);
	memcpy(f, dst, 6);
	memcpy(f + 6, src, 6);
	f[12] = ETHERTYPE_LOCAL >> 8;
	f[13] = ETHERTYPE_LOCAL & 0xff;
}

/* Send one frame, waiting up to 1 s for room: control-path sends only */
static bool send_one(int fd, const uint8_t *f, size_t len)
{
	struct pollfd pfd = { .fd = fd, .events = POLLOUT };

	for (int tries = 0; tries < 100; tries++) {
		if (send(fd, f, len, MSG_DONTWAIT) == (ssize_t)len)
			return true;
		if (errno != EAGAIN && errno != ENOBUFS)
			return false;
		poll(&pfd, 1, 10);
	}
	return false;
}

static void drain_all(struct peer *p, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		while (recv(p[i].data, rxbuf, rxslot, MSG_DONTWAIT) >= 0)
			;
}

/* Let the switch learn where each receiver is: one broadcast from each */
static void announce(struct peer *p, unsigned n, unsigned step)
{
	static const uint8_t bc[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	uint8_t f[64];

	for (unsigned i = step - 1; i < n; i += step) {
		frame_fill(f, sizeof(f), bc, p[i].mac);
		if (!send_one(p[i].data, f, sizeof(f)))
			die("announce");
		if (!(i % 16))
			drain_all(p, n);
	}
	usleep(50000);
	drain_all(p, n);
	usleep(20000);
	drain_all(p, n);
}

/* ---- the load engine ------------------------------------------------------- */

static void rx_setup(size_t size)
{
	free(rxbuf);
	rxslot = size + 64;		/* room to see that a frame came longer */
	rxbuf = malloc(rxslot * BATCH);
	if (!rxbuf)
		die("malloc");
	for (unsigned i = 0; i < BATCH; i++) {
		rxiov[i].iov_base = rxbuf + i * rxslot;
		rxiov[i].iov_len = rxslot;
		rxmsg[i].msg_hdr.msg_iov = &rxiov[i];
		rxmsg[i].msg_hdr.msg_iovlen = 1;
		txmsg[i].msg_hdr.msg_iov = &txiov[i];
		txmsg[i].msg_hdr.msg_iovlen = 1;
	}
}

/* Frames @fl may send now: a batch, less what the window holds back */
static unsigned flow_room(const struct flow *fl)
{
	uint64_t inflight = fl->sent - fl->got;

	if (!fl->writable)
		return 0;
	if (!opt.window)
		return BATCH;
	if (inflight >= opt.window)
		return 0;
	return opt.window - inflight < BATCH ? (unsigned)(opt.window - inflight) : BATCH;
}

/*
 * A sender is polled for EPOLLOUT only while it is blocked: a socket in an
 * epoll set for output makes every frame the switch reads from it wake the
 * generator's epoll (sock_wfree -> unix_write_space), a cost charged to the
 * switch that a guest, which does not wait for output, never causes.
 */
static void flow_tx(const struct run *r, unsigned idx, unsigned room)
{
	struct flow *fl = &r->flows[idx];
	struct epoll_event ev = { .events = EPOLLOUT, .data.u64 = idx };
	int n;

	for (unsigned i = 0; i < room; i++) {
		txiov[i].iov_base = fl->frame;
		txiov[i].iov_len = r->size;
	}
	n = sendmmsg(fl->tx->data, txmsg, room, MSG_DONTWAIT);
	if (n < 0 && errno != EAGAIN && errno != ENOBUFS)
		die("sendmmsg");
	if (n > 0)
		fl->sent += (unsigned)n;
	if (n < (int)room) {
		fl->writable = false;
		if (epoll_ctl(r->ep, EPOLL_CTL_ADD, fl->tx->data, &ev))
			die("epoll_ctl");
	}
}

static int flow_rx(struct flow *fl, size_t size)
{
	int n = recvmmsg(fl->rx->data, rxmsg, BATCH, MSG_DONTWAIT, NULL);

	for (int i = 0; i < n; i++)
		if (rxmsg[i].msg_len == size &&
		    !memcmp((uint8_t *)rxiov[i].iov_base + 6, fl->tx->mac, 6))
			fl->got++;
	return n;
}

static uint64_t xorshift(void)
{
	static uint64_t s = 0x9e3779b97f4a7c15ULL;

	s ^= s << 13;
	s ^= s >> 7;
	s ^= s << 17;
	return s;
}

/* Send what the pacing schedule owes at @frac of the window, in bursts of a
 * batch as a busy guest sends: a trickle of single frames would cost the
 * switch (and the generator) a wakeup per frame and measure that instead */
static void paced_tx(struct paced *pc, uint8_t *frames, double frac)
{
	uint64_t due = (uint64_t)((double)pc->total * (frac > 1 ? 1 : frac));

	while (due >= pc->sent + BATCH || (due == pc->total && pc->sent < due)) {
		unsigned k;
		int n;

		for (k = 0; k < BATCH && pc->sent + k < due; k++) {
			uint8_t *f = frames + k * 64;
			uint64_t r = xorshift();

			frame_fill(f, 64, pc->dst, pc->tx->mac);
			if (pc->random_src) {
				memcpy(f + 6, &r, 6);
				f[6] = (uint8_t)((f[6] & 0xfc) | 0x02);	/* unicast, local */
			}
			txiov[k].iov_base = f;
			txiov[k].iov_len = 64;
		}
		n = sendmmsg(pc->tx->data, txmsg, k, MSG_DONTWAIT);
		if (n <= 0)
			return;		/* full: the next call catches up */
		pc->sent += (unsigned)n;
	}
}

static int run_epoll(const struct run *r)
{
	int ep = epoll_create1(EPOLL_CLOEXEC);

	if (ep < 0)
		die("epoll_create1");
	for (unsigned i = 0; i < r->nflows; i++) {
		struct epoll_event in = { .events = EPOLLIN, .data.u64 = 1ULL << 32 | i };

		if (epoll_ctl(ep, EPOLL_CTL_ADD, r->flows[i].rx->data, &in))
			die("epoll_ctl");
	}
	for (unsigned i = 0; i < r->ndrain; i++) {
		struct epoll_event in = { .events = EPOLLIN, .data.u64 = 2ULL << 32 | i };

		if (epoll_ctl(ep, EPOLL_CTL_ADD, r->drain[i]->data, &in))
			die("epoll_ctl");
	}
	return ep;
}

static void run_totals(const struct run *r, uint64_t *sent, uint64_t *got)
{
	*sent = *got = 0;
	for (unsigned i = 0; i < r->nflows; i++) {
		*sent += r->flows[i].sent;
		*got += r->flows[i].got;
	}
}

/* Read everything still in flight until nothing came for DRAIN_IDLE_MS */
static void run_drain(const struct run *r, int ep)
{
	struct epoll_event ev[EPOLL_EVENTS];
	int n;

	for (unsigned i = 0; i < r->nflows; i++)
		if (!r->flows[i].writable)
			epoll_ctl(ep, EPOLL_CTL_DEL, r->flows[i].tx->data, NULL);
	while ((n = epoll_wait(ep, ev, EPOLL_EVENTS, DRAIN_IDLE_MS)) > 0) {
		for (int i = 0; i < n; i++) {
			unsigned kind = (unsigned)(ev[i].data.u64 >> 32), idx = (unsigned)ev[i].data.u64;

			if (kind == 1)
				flow_rx(&r->flows[idx], r->size);
			else if (kind == 2)
				while (recvmmsg(r->drain[idx]->data, rxmsg, BATCH, MSG_DONTWAIT, NULL) > 0)
					;
		}
	}
}

static void run_dispatch(const struct run *r, const struct epoll_event *ev)
{
	unsigned kind = (unsigned)(ev->data.u64 >> 32), idx = (unsigned)ev->data.u64;

	if (kind == 0) {
		r->flows[idx].writable = true;
		epoll_ctl(r->ep, EPOLL_CTL_DEL, r->flows[idx].tx->data, NULL);
	}
	else if (kind == 1)
		flow_rx(&r->flows[idx], r->size);
	else
		recvmmsg(r->drain[idx]->data, rxmsg, BATCH, MSG_DONTWAIT, NULL);
}

/* What a capped flow may send by @now: its schedule since the run began */
static unsigned flow_capped(const struct run *r, const struct flow *fl, unsigned room,
			    uint64_t now)
{
	uint64_t due;

	if (r->cap_fps <= 0)
		return room;
	due = (uint64_t)(r->cap_fps * (double)(now - r->t0) / 1e9);
	if (fl->sent >= due)
		return 0;
	return due - fl->sent < room ? (unsigned)(due - fl->sent) : room;
}

/* Send on every flow that may; Return: whether one may still send now */
static bool run_send(const struct run *r, uint64_t now)
{
	bool more = false;

	for (unsigned i = 0; i < r->nflows; i++) {
		struct flow *fl = &r->flows[i];
		unsigned room = flow_capped(r, fl, flow_room(fl), now);

		if (room)
			flow_tx(r, i, room);
		more |= flow_capped(r, fl, flow_room(fl), now) > 0;
	}
	return more;
}

/**
 * run_load() - Drive the flows of @r: warm-up, measured window, drain
 * @r:		flows and options
 * @res:	filled with the window's rates and CPU, and whole-run loss
 */
static void run_load(struct run *r, struct result *res)
{
	struct epoll_event ev[EPOLL_EVENTS];
	uint64_t t0 = now_ns(), win0 = t0 + (uint64_t)opt.warmup_ms * 1000000;
	uint64_t win1 = win0 + (uint64_t)opt.duration_ms * 1000000, now = t0;
	uint64_t s0 = 0, g0 = 0, s1, g1, sw0 = 0, gen0 = 0, sw1, gen1, p0 = 0, p1;
	uint8_t paced_frames[BATCH * 64];
	bool in_window = false, more = true;
	int ep = r->ep = run_epoll(r);

	r->t0 = t0;
	for (unsigned i = 0; i < r->nflows; i++)
		r->flows[i].writable = true;
	while (now < win1) {
		int n = epoll_wait(ep, ev, EPOLL_EVENTS, more ? 0 : 1);

		for (int i = 0; i < n; i++)
			run_dispatch(r, &ev[i]);
		now = now_ns();
		more = run_send(r, now);
		if (!in_window && now >= win0) {
			in_window = true;
			run_totals(r, &s0, &g0);
			sw0 = opt.pid ? cpu_ns(opt.pid) : 0;
			gen0 = cpu_ns(0);
			p0 = r->paced ? r->paced->sent : 0;
			win0 = now;
		}
		if (in_window && r->paced)
			paced_tx(r->paced, paced_frames, (double)(now - win0) / (double)(win1 - win0));
	}
	run_totals(r, &s1, &g1);
	sw1 = opt.pid ? cpu_ns(opt.pid) : 0;
	gen1 = cpu_ns(0);
	p1 = r->paced ? r->paced->sent : 0;
	/* the schedule's last burst, outside the window: the whole count, for the record */
	for (unsigned i = 0; r->paced && r->paced->sent < r->paced->total && i < 1000; i++) {
		paced_tx(r->paced, paced_frames, 1);
		if (r->paced->sent < r->paced->total)
			usleep(1000);
	}
	run_drain(r, ep);
	close(ep);

	memset(res, 0, sizeof(*res));
	run_totals(r, &res->sent, &res->got);
	res->offered_fps = (double)(s1 - s0) * 1e9 / (double)(now - win0);
	res->delivered_fps = (double)(g1 - g0) * 1e9 / (double)(now - win0);
	res->gbps = res->delivered_fps * (double)r->size * 8 / 1e9;
	/* late frames of an earlier run may land here: never below zero */
	if (res->sent > res->got)
		res->loss_pct = 100.0 * (double)(res->sent - res->got) / (double)res->sent;
	if (g1 > g0) {
		res->sw_ns = (double)(sw1 - sw0) / (double)(g1 - g0);
		res->gen_ns = (double)(gen1 - gen0) / (double)(g1 - g0);
	}
	res->sw_load = (double)(sw1 - sw0) / (double)(now - win0);
	res->paced = p1 - p0;
	if (g1 - g0 + p1 - p0)
		res->sw_ns_in = (double)(sw1 - sw0) / (double)(g1 - g0 + p1 - p0);
}

static void print_result(const char *test, size_t size, unsigned ports, const struct result *res,
			 const char *extra)
{
	printf("result switch=%s test=%s size=%zu ports=%u offered_fps=%.0f delivered_fps=%.0f "
	       "gbps=%.3f loss_pct=%.3f sw_ns=%.0f gen_ns=%.0f sw_load=%.2f%s%s\n",
	       opt.name, test, size, ports, res->offered_fps, res->delivered_fps, res->gbps,
	       res->loss_pct, res->sw_ns, res->gen_ns, res->sw_load, extra ? " " : "",
	       extra ? extra : "");
	fflush(stdout);
}

/* ---- tests ----------------------------------------------------------------- */

static void flows_make(struct flow *fl, struct peer *p, unsigned nflows, size_t size)
{
	for (unsigned i = 0; i < nflows; i++) {
		fl[i].tx = &p[2 * i];
		fl[i].rx = &p[2 * i + 1];
		fl[i].sent = fl[i].got = 0;
		fl[i].frame = malloc(size);
		if (!fl[i].frame)
			die("malloc");
		frame_fill(fl[i].frame, size, fl[i].rx->mac, fl[i].tx->mac);
	}
}

static void flows_free(struct flow *fl, unsigned nflows)
{
	for (unsigned i = 0; i < nflows; i++)
		free(fl[i].frame);
}

/* @nports ports as pairs 0->1, 2->3, ...; through the switch or not (@floor) */
static void test_pairs(const char *test, unsigned nports, size_t size, bool floor)
{
	static struct peer p[PEERS_MAX];
	static struct flow fl[PEERS_MAX / 2];
	struct run r = { .flows = fl, .nflows = nports / 2, .size = size };
	struct result res;

	mac_seq++;
	rx_setup(size);
	for (unsigned i = 0; i < nports; i += 2) {
		if (floor) {
			peer_pair(&p[i], &p[i + 1], i);
		} else {
			peer_open(&p[i], i);
			peer_open(&p[i + 1], i + 1);
		}
	}
	if (!floor)
		announce(p, nports, 2);
	flows_make(fl, p, nports / 2, size);
	pin_begin(false);
	run_load(&r, &res);
	pin_end();
	print_result(test, size, nports, &res, NULL);
	flows_free(fl, nports / 2);
	for (unsigned i = 0; i < nports; i++)
		peer_close(&p[i]);
}

/* The relay: what forwarding costs with nothing but the kernel's work */
static void relay_child(int in, int out)
{
	for (;;) {
		int n = recvmmsg(in, rxmsg, BATCH, MSG_WAITFORONE, NULL), sent = 0;

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			_exit(0);
		for (int i = 0; i < n; i++) {
			txiov[i].iov_base = rxiov[i].iov_base;
			txiov[i].iov_len = rxmsg[i].msg_len;
		}
		while (sent < n) {
			int k = sendmmsg(out, txmsg + sent, (unsigned)(n - sent), 0);

			if (k < 0 && errno != EINTR)
				_exit(1);
			sent += k > 0 ? k : 0;
		}
	}
}

/*
 * A -> relay -> B: a child process on the switch's CPU receives batches with
 * one blocking recvmmsg() and sends them on with one sendmmsg(), over
 * socketpair()s. Its CPU per frame is the least any switch built on unix
 * datagram sockets can spend, whatever its design: the floor for the switch
 * figures, as "floor" is for the generator's.
 */
static void test_relay(size_t size)
{
	int s1[2], s2[2], fl_a;
	struct peer p[2];
	struct flow fl;
	struct run r = { .flows = &fl, .nflows = 1, .size = size };
	struct result res;
	pid_t child, saved = opt.pid;

	mac_seq++;
	rx_setup(size);
	if (socketpair(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0, s1) ||
	    socketpair(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0, s2))
		die("socketpair");
	for (int i = 0; i < 2; i++) {
		sock_bufs(s1[i]);
		sock_bufs(s2[i]);
	}
	child = fork();
	if (child < 0)
		die("fork");
	if (!child) {
		close(s1[0]);
		close(s2[1]);
		relay_child(s1[1], s2[0]);
	}
	close(s1[1]);
	close(s2[0]);
	fl_a = fcntl(s1[0], F_GETFL);
	fcntl(s1[0], F_SETFL, fl_a | O_NONBLOCK);
	fcntl(s2[1], F_SETFL, fcntl(s2[1], F_GETFL) | O_NONBLOCK);
	p[0] = (struct peer){ .ctl = -1, .data = s1[0] };
	p[1] = (struct peer){ .ctl = -1, .data = s2[1] };
	mac_make(p[0].mac, 0);
	mac_make(p[1].mac, 1);
	flows_make(&fl, p, 1, size);
	opt.pid = child;
	pin_begin(false);
	run_load(&r, &res);
	pin_end();
	print_result("relay", size, 2, &res, NULL);
	opt.pid = saved;
	kill(child, SIGTERM);
	waitpid(child, NULL, 0);
	flows_free(&fl, 1);
	close(s1[0]);
	close(s2[1]);
}

/* Does a frame of @size cross from a to b intact? */
static bool probe_size(struct peer *a, struct peer *b, uint8_t *f, size_t size, uint32_t tag)
{
	struct pollfd pfd = { .fd = b->data, .events = POLLIN };
	uint64_t end = now_ns() + 200000000ULL;

	frame_fill(f, size, b->mac, a->mac);
	memcpy(f + 14, &tag, 4);
	if (!send_one(a->data, f, size))
		return false;
	while (now_ns() < end) {
		ssize_t n;

		if (poll(&pfd, 1, 50) <= 0)
			continue;
		n = recv(b->data, rxbuf, rxslot, MSG_DONTWAIT | MSG_TRUNC);
		if (n >= 18 && !memcmp(rxbuf + 14, &tag, 4))
			return (size_t)n == size;
	}
	return false;
}

/* Return: the largest frame size (bytes) the switch carries intact */
static size_t probe_max(void)
{
	struct peer p[2];
	size_t lo = 64, hi = FRAME_MAX + 1;
	uint32_t tag = 1;
	uint8_t *f = malloc(FRAME_MAX);

	mac_seq++;
	rx_setup(FRAME_MAX);
	peer_open(&p[0], 0);
	peer_open(&p[1], 1);
	announce(p, 2, 1);
	if (!f || !probe_size(&p[0], &p[1], f, lo, tag++))
		die("64-byte frames do not cross the switch");
	while (hi - lo > 1) {		/* lo is carried, hi is not */
		size_t mid = lo + (hi - lo) / 2;

		if (probe_size(&p[0], &p[1], f, mid, tag++))
			lo = mid;
		else
			hi = mid;
	}
	free(f);
	peer_close(&p[0]);
	peer_close(&p[1]);
	return lo;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

static bool wait_frame(int fd)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };

	for (;;) {
		if (recv(fd, rxbuf, rxslot, MSG_DONTWAIT) >= 0)
			return true;
		if (errno != EAGAIN || poll(&pfd, 1, 1000) <= 0)
			return false;
	}
}

/* One frame in flight, A->B then B->A; both ends and the switch on CPU 0 */
static void test_lat(void)
{
	uint32_t *rtt = malloc(LAT_MAX_SAMPLES * sizeof(*rtt));
	uint8_t fab[64], fba[64];
	struct peer p[2];
	uint64_t end;
	unsigned n = 0, lost = 0;
	char extra[160];

	mac_seq++;
	rx_setup(64);
	peer_open(&p[0], 0);
	peer_open(&p[1], 1);
	announce(p, 2, 1);
	frame_fill(fab, 64, p[1].mac, p[0].mac);
	frame_fill(fba, 64, p[0].mac, p[1].mac);
	pin_begin(true);
	end = now_ns() + (uint64_t)opt.lat_ms * 1000000;
	for (unsigned i = 0; rtt && n < LAT_MAX_SAMPLES; i++) {
		uint64_t t = now_ns();

		if (t >= end)
			break;
		if (!send_one(p[0].data, fab, 64) || !wait_frame(p[1].data) ||
		    !send_one(p[1].data, fba, 64) || !wait_frame(p[0].data)) {
			if (++lost > 10)
				break;
			continue;
		}
		if (i >= 100)		/* warm-up */
			rtt[n++] = (uint32_t)(now_ns() - t);
	}
	pin_end();
	if (!n)
		die("latency: no round trip completed");
	qsort(rtt, n, sizeof(*rtt), cmp_u32);
	snprintf(extra, sizeof(extra), "samples=%u lost=%u p50_us=%.2f p99_us=%.2f p999_us=%.2f",
		 n, lost, rtt[n / 2] / 1e3, rtt[(size_t)n * 99 / 100] / 1e3,
		 rtt[(size_t)n * 999 / 1000] / 1e3);
	printf("result switch=%s test=lat size=64 ports=2 %s\n", opt.name, extra);
	fflush(stdout);
	free(rtt);
	peer_close(&p[0]);
	peer_close(&p[1]);
}

/* A->B rate while @pc (which may be NULL) is paced alongside */
static void run_phase(struct run *r, struct paced *pc, uint64_t total, struct result *res)
{
	for (unsigned i = 0; i < r->nflows; i++)
		r->flows[i].sent = r->flows[i].got = 0;
	if (pc) {
		pc->sent = 0;
		pc->total = total;
	}
	r->paced = pc;
	run_load(r, res);
}

static void print_ratio(const char *test, unsigned ports, const struct result *res,
			const struct result *ref, const struct result *idle,
			const struct paced *pc, long rss0, long rss1)
{
	char extra[256];

	snprintf(extra, sizeof(extra),
		 "cpu_in_ns=%.0f ref_cpu_in_ns=%.0f cpu_ratio=%.3f "
		 "ref_fps=%.0f ratio=%.3f idle_fps=%.0f ratio_idle=%.3f paced_sent=%llu "
		 "rss0_kb=%ld rss1_kb=%ld", res->sw_ns_in, ref->sw_ns_in,
		 ref->sw_ns_in > 0 ? res->sw_ns_in / ref->sw_ns_in : 0, ref->delivered_fps,
		 ref->delivered_fps > 0 ? res->delivered_fps / ref->delivered_fps : 0,
		 idle->delivered_fps,
		 idle->delivered_fps > 0 ? res->delivered_fps / idle->delivered_fps : 0,
		 (unsigned long long)pc->sent, rss0, rss1);
	print_result(test, 64, ports, res, extra);
}

/*
 * Flood, in five phases of one window each, with ports A, B and F:
 *   idle    A->B alone
 *   fixed   F alone sends --flood-macs frames paced over the window, all
 *           from one source: what a frame that is learned and dropped costs
 *   random  the same from as many random sources: learning new MACs, or
 *           refusing them once the table is full (umnet)
 *   after   A->B alone again, with whatever the flood left in the table
 *   during  A->B while F floods new random sources again
 * and two more in which A sends at a fixed rate, half of what the switch
 * delivered in the idle phase, so that the machine has room for the flood:
 *   capped  A->B at that rate alone, before any flood
 *   capflood the same while F floods new random sources
 * Their destination is F's own MAC, so flood frames cost learning and a
 * lookup, never a send. CPU per frame is what compares (rates move with the
 * machine's other load): learn_ratio = random/fixed per flood frame,
 * after_ratio = after/idle per A->B frame; ratio = during/idle A->B rate, at
 * full speed, where the flood's own frames take their share of both CPUs;
 * cap_ratio = capflood/capped delivered: whether forwarding between the
 * others keeps up while the flood goes on.
 */
static void test_flood(void)
{
	struct peer p[3], *drain[1] = { &p[2] };
	struct flow fl;
	struct paced pc = { .tx = &p[2], .dst = p[2].mac };
	struct run r = { .flows = &fl, .nflows = 1, .size = 64, .drain = drain, .ndrain = 1 };
	struct result idle, fixed, rnd, after, during, capped, capflood;
	char extra[600];
	long rss0, rss1;

	mac_seq++;
	rx_setup(64);
	for (unsigned i = 0; i < 3; i++)
		peer_open(&p[i], i);
	announce(p, 3, 1);
	flows_make(&fl, p, 1, 64);
	pin_begin(false);
	run_phase(&r, NULL, 0, &idle);
	r.cap_fps = idle.delivered_fps / 2;
	run_phase(&r, NULL, 0, &capped);
	r.cap_fps = 0;
	r.nflows = 0;
	run_phase(&r, &pc, opt.flood_macs, &fixed);
	rss0 = opt.pid ? rss_kb(opt.pid) : -1;
	pc.random_src = true;
	run_phase(&r, &pc, opt.flood_macs, &rnd);
	r.nflows = 1;
	run_phase(&r, NULL, 0, &after);
	run_phase(&r, &pc, opt.flood_macs, &during);
	r.cap_fps = idle.delivered_fps / 2;
	run_phase(&r, &pc, opt.flood_macs, &capflood);
	r.cap_fps = 0;
	rss1 = opt.pid ? rss_kb(opt.pid) : -1;
	pin_end();

	snprintf(extra, sizeof(extra),
		 "idle_fps=%.0f idle_ns=%.0f fixed_ns=%.0f random_ns=%.0f learn_ratio=%.3f "
		 "after_fps=%.0f after_ns=%.0f after_ratio=%.3f ratio=%.3f paced_sent=%llu "
		 "rss0_kb=%ld rss1_kb=%ld cap_fps=%.0f capped_fps=%.0f capflood_fps=%.0f "
		 "cap_ratio=%.3f capflood_loss_pct=%.3f", idle.delivered_fps, idle.sw_ns, fixed.sw_ns_in,
		 rnd.sw_ns_in, fixed.sw_ns_in > 0 ? rnd.sw_ns_in / fixed.sw_ns_in : 0,
		 after.delivered_fps, after.sw_ns, idle.sw_ns > 0 ? after.sw_ns / idle.sw_ns : 0,
		 idle.delivered_fps > 0 ? during.delivered_fps / idle.delivered_fps : 0,
		 (unsigned long long)rnd.paced, rss0, rss1, idle.delivered_fps / 2,
		 capped.delivered_fps, capflood.delivered_fps,
		 capped.delivered_fps > 0 ? capflood.delivered_fps / capped.delivered_fps : 0,
		 capflood.loss_pct);
	print_result("flood", 64, 3, &during, extra);
	flows_free(&fl, 1);
	for (unsigned i = 0; i < 3; i++)
		peer_close(&p[i]);
}

/*
 * Stuck peer: A->B with C->S paced at --paced-fps alongside; first S reads
 * (ref), then S stops reading. ratio = stuck/ref is what a peer that stops
 * reading costs the others.
 */
static void test_stuck(void)
{
	struct peer p[4], *drain[2] = { &p[2], &p[3] };
	struct flow fl;
	struct paced pc = { .tx = &p[2], .dst = p[3].mac };
	struct run r = { .flows = &fl, .nflows = 1, .size = 64, .drain = drain, .ndrain = 2 };
	uint64_t total = (uint64_t)opt.paced_fps * opt.duration_ms / 1000;
	struct result idle, ref, res;
	long rss0, rss1;

	mac_seq++;
	rx_setup(64);
	for (unsigned i = 0; i < 4; i++)
		peer_open(&p[i], i);
	announce(p, 4, 1);
	flows_make(&fl, p, 1, 64);
	pin_begin(false);
	run_phase(&r, NULL, 0, &idle);
	run_phase(&r, &pc, total, &ref);
	rss0 = opt.pid ? rss_kb(opt.pid) : -1;
	r.ndrain = 1;			/* S stops reading */
	run_phase(&r, &pc, total, &res);
	rss1 = opt.pid ? rss_kb(opt.pid) : -1;
	pin_end();
	print_ratio("stuck", 4, &res, &ref, &idle, &pc, rss0, rss1);
	flows_free(&fl, 1);
	for (unsigned i = 0; i < 4; i++)
		peer_close(&p[i]);
}

/* ---- command line ---------------------------------------------------------- */

static void usage(FILE *f, int status)
{
	fprintf(f,
"Usage: umnet-bench [--uml CTL | --vde DIR] [OPTION]...\n"
"Drive a uml_switch/VDE-protocol switch as guests would and measure it.\n"
"\n"
"  -u, --uml CTL           uml_switch-style control socket (UML data sockets)\n"
"  -s, --vde DIR           VDE socket directory (libvdeplug data sockets)\n"
"  -p, --pid PID           the switch process: CPU time, RSS, pinning\n"
"  -n, --name NAME         label for result lines (default \"switch\")\n"
"  -t, --tests LIST        floor,relay,tput,lat,fanout,flood,stuck (default:\n"
"                          all; floor and relay need no switch)\n"
"  -S, --sizes LIST        tput frame sizes, \"max\" = largest carried\n"
"                          (default 64,512,1500,max)\n"
"  -P, --ports LIST        fanout port counts (default 2,16,64,256)\n"
"  -d, --duration-ms N     measured window per run (default 1000)\n"
"  -w, --warmup-ms N       warm-up per run (default 200)\n"
"  -l, --latency-ms N      ping-pong duration (default 1000)\n"
"  -F, --flood-macs N      random source MACs in the flood test (default 100000)\n"
"  -r, --paced-fps N       stuck test: frames/s fed to the stuck peer (default 50000)\n"
"  -W, --window N          frames in flight per flow, 0 for no limit (default 1024)\n"
"  -b, --sockbuf BYTES     client socket buffers (default 4 MiB)\n"
"  -a, --pin               generator on CPU 0, switch on CPU 1 (latency: both CPU 0)\n"
"  -T, --tap-plug DEV      no tests: attach TAP DEV to the switch as a port and\n"
"                          forward until SIGTERM (for bench/e2e.sh)\n"
"  -h, --help              this help\n"
"\n"
"Prints one \"result key=value...\" line per measurement (see bench/compare.sh).\n");
	exit(status);
}

static unsigned num(const char *opt_name, const char *s, unsigned long min, unsigned long max)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || *end || end == s || v < min || v > max) {
		fprintf(stderr, "umnet-bench: %s: '%s' is not a number from %lu to %lu\n",
			opt_name, s, min, max);
		exit(1);
	}
	return (unsigned)v;
}

static bool list_has(const char *list, const char *word)
{
	size_t n = strlen(word);

	for (const char *s = list; s && *s; s = strchr(s, ',') ? strchr(s, ',') + 1 : NULL)
		if (!strncmp(s, word, n) && (s[n] == ',' || !s[n]))
			return true;
	return false;
}

/* ---- a TAP as a guest: the second endpoint of uml_switch in bench/e2e.sh -- */

static volatile sig_atomic_t plug_stop;

static void plug_signal(int sig)
{
	(void)sig;
	plug_stop = 1;
}

static int tap_open(const char *dev)
{
	struct ifreq ifr = { .ifr_flags = IFF_TAP | IFF_NO_PI };
	int fd = open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC);

	if (fd < 0)
		die("/dev/net/tun");
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", dev);
	if (ioctl(fd, TUNSETIFF, &ifr))
		die("TUNSETIFF %s", dev);
	return fd;
}

/*
 * uml_switch carries one TAP of its own; a second one needs a process that
 * is a guest on one side and a TAP on the other, as vde_plug2tap is for VDE.
 * This is that process, plainly: poll(), one frame per read and write, drop
 * when the other side is full. Runs until SIGTERM.
 */
static void tap_plug(const char *dev)
{
	struct peer p;
	struct pollfd pfd[2];
	uint8_t *buf = malloc(FRAME_MAX);
	int tap = tap_open(dev);

	peer_open(&p, 0);
	signal(SIGTERM, plug_signal);
	signal(SIGINT, plug_signal);
	pfd[0] = (struct pollfd){ .fd = tap, .events = POLLIN };
	pfd[1] = (struct pollfd){ .fd = p.data, .events = POLLIN };
	while (buf && !plug_stop) {
		ssize_t n;

		if (poll(pfd, 2, -1) < 0)
			continue;
		if (pfd[0].revents & POLLIN) {
			while ((n = read(tap, buf, FRAME_MAX)) > 0)
				send(p.data, buf, (size_t)n, MSG_DONTWAIT);
		}
		if (pfd[1].revents & POLLIN) {
			while ((n = recv(p.data, buf, FRAME_MAX, MSG_DONTWAIT)) > 0)
				if (write(tap, buf, (size_t)n) < 0 && errno != EAGAIN && errno != EIO)
					die("write %s", dev);
		}
		if ((pfd[0].revents | pfd[1].revents) & (POLLERR | POLLHUP | POLLNVAL))
			break;
	}
	free(buf);
	peer_close(&p);
	close(tap);
}

static void run_tests(const char *tests, const char *sizes, const char *ports)
{
	char buf[256], *save = NULL;

	if (list_has(tests, "floor"))
		test_pairs("floor", 2, 64, true);
	if (list_has(tests, "relay")) {
		test_relay(64);
		test_relay(1500);
	}
	if (!opt.path)
		return;
	if (list_has(tests, "tput")) {
		snprintf(buf, sizeof(buf), "%s", sizes);
		for (char *s = strtok_r(buf, ",", &save); s; s = strtok_r(NULL, ",", &save)) {
			size_t size = strcmp(s, "max") ? num("--sizes", s, 14, FRAME_MAX) : probe_max();

			test_pairs(strcmp(s, "max") ? "tput" : "tput_max", 2, size, false);
		}
	}
	if (list_has(tests, "lat"))
		test_lat();
	if (list_has(tests, "fanout")) {
		snprintf(buf, sizeof(buf), "%s", ports);
		for (char *s = strtok_r(buf, ",", &save); s; s = strtok_r(NULL, ",", &save))
			test_pairs("fanout", 2 * (num("--ports", s, 2, PEERS_MAX) / 2), 64, false);
	}
	if (list_has(tests, "flood"))
		test_flood();
	if (list_has(tests, "stuck"))
		test_stuck();
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "uml", required_argument, NULL, 'u' },
		{ "vde", required_argument, NULL, 's' },
		{ "pid", required_argument, NULL, 'p' },
		{ "name", required_argument, NULL, 'n' },
		{ "tests", required_argument, NULL, 't' },
		{ "sizes", required_argument, NULL, 'S' },
		{ "ports", required_argument, NULL, 'P' },
		{ "duration-ms", required_argument, NULL, 'd' },
		{ "warmup-ms", required_argument, NULL, 'w' },
		{ "latency-ms", required_argument, NULL, 'l' },
		{ "flood-macs", required_argument, NULL, 'F' },
		{ "paced-fps", required_argument, NULL, 'r' },
		{ "sockbuf", required_argument, NULL, 'b' },
		{ "window", required_argument, NULL, 'W' },
		{ "pin", no_argument, NULL, 'a' },
		{ "tap-plug", required_argument, NULL, 'T' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	const char *tests = "floor,relay,tput,lat,fanout,flood,stuck";
	const char *sizes = "64,512,1500,max", *ports = "2,16,64,256";
	const char *plug_dev = NULL;
	struct rlimit rl;
	int c;

	while ((c = getopt_long(argc, argv, "u:s:p:n:t:S:P:d:w:l:F:r:b:W:aT:h", opts, NULL)) != -1) {
		switch (c) {
		case 'u':
		case 's':
			if (opt.path) {
				fprintf(stderr, "umnet-bench: --uml conflicts with --vde\n");
				exit(1);
			}
			opt.path = optarg;
			opt.vde = c == 's';
			break;
		case 'p': opt.pid = (pid_t)num("--pid", optarg, 1, 1U << 22); break;
		case 'n': opt.name = optarg; break;
		case 't': tests = optarg; break;
		case 'S': sizes = optarg; break;
		case 'P': ports = optarg; break;
		case 'd': opt.duration_ms = num("--duration-ms", optarg, 10, 600000); break;
		case 'w': opt.warmup_ms = num("--warmup-ms", optarg, 0, 60000); break;
		case 'l': opt.lat_ms = num("--latency-ms", optarg, 10, 600000); break;
		case 'F': opt.flood_macs = num("--flood-macs", optarg, 1, 100000000); break;
		case 'r': opt.paced_fps = num("--paced-fps", optarg, 1, 100000000); break;
		case 'b': opt.sockbuf = (int)num("--sockbuf", optarg, 4096, 1U << 30); break;
		case 'W': opt.window = num("--window", optarg, 0, 1U << 24); break;
		case 'a': opt.pin = true; break;
		case 'T': plug_dev = optarg; break;
		case 'h': usage(stdout, 0); break;
		default: usage(stderr, 1);
		}
	}
	if (optind < argc)
		usage(stderr, 1);
	if (plug_dev) {
		if (!opt.path)
			die("--tap-plug needs --uml or --vde");
		tap_plug(plug_dev);
		return 0;
	}
	if (!opt.path && strcmp(tests, "floor") && strcmp(tests, "relay") &&
	    strcmp(tests, "floor,relay")) {
		fprintf(stderr, "umnet-bench: --uml or --vde is needed (only floor and relay run alone)\n");
		exit(1);
	}
	if (!getrlimit(RLIMIT_NOFILE, &rl)) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
	run_tests(tests, sizes, ports);
	return 0;
}
