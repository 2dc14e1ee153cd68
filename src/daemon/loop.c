// SPDX-License-Identifier: GPL-2.0-or-later
/* loop.c - the switch's one event loop: descriptors with callbacks, signals, a tick
 *
 * DOC: Theory of operation
 *
 * One thread, one epoll set. Whoever owns a descriptor (the datapath for
 * ports, the listeners for sockets and handshakes, the management server
 * for its clients) registers it with a callback, an opaque pointer and a
 * number of its own choosing (a port, a slot), and gets a watch id back.
 * The epoll reference of a watch is its id and a generation: a watch
 * removed during a round (a port closed by an earlier event of the same
 * epoll_wait()) keeps its later events from reaching whoever reuses its id.
 *
 * The watch table is allocated once, sized by the caller from its own
 * bounds (ports, listeners, clients); it never grows. Signals (SIGINT,
 * SIGTERM, SIGHUP, SIGUSR1) arrive through a signalfd, time through a
 * timerfd ticking at a fixed period, both on the same loop. Listening
 * sockets carry LOOP_LISTENER, so that they can be paused together when
 * the process is out of descriptors (daemon/listen.c).
 *
 * Epoll is level-triggered: a callback that leaves work behind is called
 * again next round. After each round the round hook runs (capture streams,
 * frames already read from a stream port); when it says work is waiting,
 * the next epoll_wait() does not block.
 */

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include "daemon/loop.h"
#include "sys/util.h"

#define LOOP_EVENTS		64	/* events taken per epoll_wait() */
#define LOOP_INTERNAL		2	/* watches of its own: signalfd, timerfd */

/**
 * struct watch - one watched descriptor
 * @fd:		descriptor
 * @events:	what the owner asked for (the kernel has 0 while paused)
 * @flags:	LOOP_LISTENER
 * @gen:	generation: its events carry it
 * @fn:		callback
 * @opaque:	its first argument
 * @arg:	its second argument
 * @used:	the slot holds a watch
 */
struct watch {
	int fd;
	uint32_t events;
	unsigned flags;
	uint32_t gen;
	loop_fn fn;
	void *opaque;
	unsigned arg;
	bool used;
};

/**
 * struct loop - the event loop
 * @epfd:	epoll set
 * @sigfd:	signalfd for the signals handled
 * @timerfd:	periodic tick
 * @sig_id:	watch of @sigfd
 * @stop:	leave loop_run() after this round
 * @paused:	LOOP_LISTENER watches are not polled
 * @gen:	last generation given out
 * @hooks:	signal, tick, round
 * @n:		slots in @w
 * @nfree:	entries on @free
 * @free:	stack of free slots
 * @w:		the watches
 */
struct loop {
	int epfd, sigfd, timerfd;
	int sig_id;
	bool stop, paused;
	uint32_t gen;
	struct loop_hooks hooks;
	unsigned n, nfree;
	unsigned *free;
	struct watch w[];
};

static uint64_t watch_ref(const struct loop *l, int id)
{
	return (uint64_t)l->w[id].gen << 32 | (uint32_t)id;
}

/* What the kernel is asked to report for @w */
static uint32_t watch_events(const struct loop *l, const struct watch *w)
{
	return l->paused && (w->flags & LOOP_LISTENER) ? 0 : w->events;
}

/**
 * loop_add() - Watch a descriptor
 * @l:		loop
 * @fd:		descriptor
 * @events:	EPOLLIN, EPOLLOUT, EPOLLRDHUP... (0: hang-ups and errors only)
 * @flags:	LOOP_LISTENER for a listening socket, else 0
 * @fn:		called when it is ready
 * @opaque:	@fn's first argument
 * @arg:	@fn's second argument
 *
 * Return: the watch id (>= 0), -ENOSPC if the table is full, other -errno
 */
int loop_add(struct loop *l, int fd, uint32_t events, unsigned flags, loop_fn fn, void *opaque,
	     unsigned arg)
{
	struct epoll_event ev;
	struct watch *w;
	int id;

	if (!l->nfree)
		return -ENOSPC;
	id = (int)l->free[--l->nfree];
	w = &l->w[id];
	*w = (struct watch){ .fd = fd, .events = events, .flags = flags, .gen = ++l->gen,
			     .fn = fn, .opaque = opaque, .arg = arg, .used = true };
	ev.events = watch_events(l, w);
	ev.data.u64 = watch_ref(l, id);
	if (epoll_ctl(l->epfd, EPOLL_CTL_ADD, fd, &ev)) {
		int ret = -errno;

		w->used = false;
		l->free[l->nfree++] = (unsigned)id;
		return ret;
	}
	return id;
}

/**
 * loop_mod() - Change what a watch waits for
 * @l:		loop
 * @id:		watch id
 * @events:	as for loop_add()
 *
 * Return: 0 or -errno
 */
int loop_mod(struct loop *l, int id, uint32_t events)
{
	struct epoll_event ev;
	struct watch *w;

	if (id < 0 || (unsigned)id >= l->n || !l->w[id].used)
		return -EINVAL;
	w = &l->w[id];
	w->events = events;
	ev.events = watch_events(l, w);
	ev.data.u64 = watch_ref(l, id);
	return epoll_ctl(l->epfd, EPOLL_CTL_MOD, w->fd, &ev) ? -errno : 0;
}

/**
 * loop_del() - Stop watching, before the descriptor is closed
 * @l:		loop
 * @id:		watch id; negative for none
 *
 * Events of this round still due to it are not delivered.
 */
void loop_del(struct loop *l, int id)
{
	if (id < 0 || (unsigned)id >= l->n || !l->w[id].used)
		return;
	/* Its descriptor may have been closed already: then it left the set */
	epoll_ctl(l->epfd, EPOLL_CTL_DEL, l->w[id].fd, NULL);
	l->w[id].used = false;
	l->free[l->nfree++] = (unsigned)id;
}

/**
 * loop_pause_listeners() - Stop (or resume) polling every LOOP_LISTENER watch
 * @l:		loop
 * @pause:	true to stop
 */
void loop_pause_listeners(struct loop *l, bool pause)
{
	if (l->paused == pause)
		return;
	l->paused = pause;
	for (unsigned id = 0; id < l->n; id++) {
		struct watch *w = &l->w[id];
		struct epoll_event ev;

		if (!w->used || !(w->flags & LOOP_LISTENER))
			continue;
		ev.events = watch_events(l, w);
		ev.data.u64 = watch_ref(l, (int)id);
		epoll_ctl(l->epfd, EPOLL_CTL_MOD, w->fd, &ev);
	}
}

/* The signals the loop takes through its signalfd */
static void loop_sigmask(sigset_t *mask)
{
	sigemptyset(mask);
	sigaddset(mask, SIGINT);
	sigaddset(mask, SIGTERM);
	sigaddset(mask, SIGHUP);
	sigaddset(mask, SIGUSR1);
}

static void loop_signal(void *opaque, unsigned arg, uint32_t events)
{
	struct loop *l = opaque;
	struct signalfd_siginfo si;

	(void)arg, (void)events;
	while (read(l->sigfd, &si, sizeof(si)) == sizeof(si))
		if (l->hooks.signal)
			l->hooks.signal(l->hooks.opaque, (int)si.ssi_signo);
}

static void loop_timer(void *opaque, unsigned arg, uint32_t events)
{
	struct loop *l = opaque;
	uint64_t exp;

	(void)arg, (void)events;
	if (read(l->timerfd, &exp, sizeof(exp)) < 0 && errno == EAGAIN)
		return;
	if (l->hooks.tick)
		l->hooks.tick(l->hooks.opaque, now_ms());
}

static int loop_signals_open(struct loop *l)
{
	sigset_t mask;
	int id;

	loop_sigmask(&mask);
	l->sigfd = signalfd(-1, &mask, SFD_NONBLOCK | SFD_CLOEXEC);
	if (l->sigfd < 0)
		return -errno;
	id = loop_add(l, l->sigfd, EPOLLIN, 0, loop_signal, l, 0);
	if (id < 0)
		return id;
	l->sig_id = id;
	return 0;
}

/**
 * loop_signals_reopen() - Take the signals again, in a process forked since
 * @l:		loop
 *
 * epoll reports a signalfd ready only for signals of the process that
 * registered it (signalfd(2)): a daemon() child needs its own.
 *
 * Return: 0 or -errno
 */
int loop_signals_reopen(struct loop *l)
{
	loop_del(l, l->sig_id);
	close(l->sigfd);
	l->sigfd = -1;
	l->sig_id = -1;
	return loop_signals_open(l);
}

/**
 * loop_new() - Set up the loop: epoll, signals, the tick
 * @max_watches: descriptors the owner may watch at once
 * @tick_ms:	tick period
 * @hooks:	signal, tick and round hooks (copied)
 *
 * Blocks the handled signals (they arrive through the loop) and ignores
 * SIGPIPE (a peer gone is an EPIPE to handle, not a death).
 *
 * Return: the loop (loop_free()), NULL with errno set
 */
struct loop *loop_new(unsigned max_watches, unsigned tick_ms, const struct loop_hooks *hooks)
{
	unsigned n = max_watches + LOOP_INTERNAL;
	struct timespec period = { .tv_sec = tick_ms / 1000,
				   .tv_nsec = (long)(tick_ms % 1000) * 1000000 };
	struct itimerspec its = { .it_interval = period, .it_value = period };
	struct loop *l = calloc(1, sizeof(*l) + (size_t)n * sizeof(struct watch));
	sigset_t mask;
	int ret, id;

	if (!l)
		return NULL;
	l->epfd = l->sigfd = l->timerfd = -1;
	l->sig_id = -1;
	l->hooks = *hooks;
	l->n = n;
	l->free = calloc(n, sizeof(*l->free));
	if (!l->free) {
		loop_free(l);
		errno = ENOMEM;
		return NULL;
	}
	for (unsigned i = 0; i < n; i++)
		l->free[l->nfree++] = n - 1 - i;	/* low ids first */
	loop_sigmask(&mask);
	sigprocmask(SIG_BLOCK, &mask, NULL);
	signal(SIGPIPE, SIG_IGN);
	l->epfd = epoll_create1(EPOLL_CLOEXEC);
	l->timerfd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
	if (l->epfd < 0 || l->timerfd < 0 || timerfd_settime(l->timerfd, 0, &its, NULL)) {
		ret = -errno;
		goto fail;
	}
	ret = loop_signals_open(l);
	if (ret)
		goto fail;
	id = loop_add(l, l->timerfd, EPOLLIN, 0, loop_timer, l, 0);
	if (id < 0) {
		ret = id;
		goto fail;
	}
	return l;
fail:
	loop_free(l);
	errno = -ret;
	return NULL;
}

/**
 * loop_free() - Close the loop's own descriptors (not the watched ones)
 * @l:		loop, may be NULL
 */
void loop_free(struct loop *l)
{
	if (!l)
		return;
	if (l->epfd >= 0)
		close(l->epfd);
	if (l->sigfd >= 0)
		close(l->sigfd);
	if (l->timerfd >= 0)
		close(l->timerfd);
	free(l->free);
	free(l);
}

static void loop_dispatch(struct loop *l, const struct epoll_event *ev)
{
	unsigned id = (uint32_t)ev->data.u64;
	uint32_t gen = (uint32_t)(ev->data.u64 >> 32);
	struct watch *w;

	if (id >= l->n)
		return;
	w = &l->w[id];
	if (!w->used || w->gen != gen)
		return;		/* removed earlier in this round */
	w->fn(w->opaque, w->arg, ev->events);
}

/**
 * loop_run() - Dispatch events until loop_stop()
 * @l:		loop
 *
 * Return: 0 after loop_stop(), -errno if epoll_wait() failed
 */
int loop_run(struct loop *l)
{
	struct epoll_event ev[LOOP_EVENTS];
	bool pending = false;

	l->stop = false;
	while (!l->stop) {
		int n = epoll_wait(l->epfd, ev, LOOP_EVENTS, pending ? 0 : -1);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		for (int i = 0; i < n && !l->stop; i++)
			loop_dispatch(l, &ev[i]);
		if (!l->stop && l->hooks.round)
			pending = l->hooks.round(l->hooks.opaque);
	}
	return 0;
}

/**
 * loop_stop() - Leave the running loop_run() after the current round
 * @l:		loop
 */
void loop_stop(struct loop *l)
{
	l->stop = true;
}
