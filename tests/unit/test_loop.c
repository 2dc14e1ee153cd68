// SPDX-License-Identifier: GPL-2.0-or-later
/* test_loop.c - the event loop: callbacks, stale events, paused listeners, hooks */

#include <errno.h>
#include <signal.h>
#include <sys/epoll.h>
#include <unistd.h>

#include "daemon/loop.h"
#include "unit.h"

/**
 * struct rec - what the callbacks and hooks saw
 * @l:		the loop
 * @calls:	callback calls, by arg
 * @last:	events of the last call, by arg
 * @del:	watch id the callback for arg 0 removes, -1 for none
 * @ticks:	tick hook calls
 * @rounds:	round hook calls
 * @stop_after:	rounds after which the round hook stops the loop
 * @signo:	last signal the signal hook saw
 * @fd:		descriptor to drain, by arg; -1 for none
 */
struct rec {
	struct loop *l;
	int fd[4];
	unsigned calls[4];
	uint32_t last[4];
	int del;
	unsigned ticks, rounds, stop_after;
	int signo;
};

static void on_ready(void *opaque, unsigned arg, uint32_t events)
{
	struct rec *r = opaque;
	char buf[16];

	r->calls[arg]++;
	r->last[arg] = events;
	if (arg == 0 && r->del >= 0) {
		loop_del(r->l, r->del);	/* its event of this round must not come */
		r->del = -1;
	}
	if (r->fd[arg] >= 0 && read(r->fd[arg], buf, sizeof(buf)) < 0)
		r->fd[arg] = -1;	/* drained or gone: not read again */
}

static void on_tick(void *opaque, uint64_t now_ms)
{
	struct rec *r = opaque;

	(void)now_ms;
	r->ticks++;
}

static bool on_round(void *opaque)
{
	struct rec *r = opaque;

	if (++r->rounds >= r->stop_after)
		loop_stop(r->l);
	return false;
}

static void on_signal(void *opaque, int signo)
{
	struct rec *r = opaque;

	r->signo = signo;
	loop_stop(r->l);
}

static struct loop *make(struct rec *r, unsigned max, unsigned tick_ms)
{
	const struct loop_hooks hooks = { .signal = on_signal, .tick = on_tick, .round = on_round,
					  .opaque = r };

	memset(r, 0, sizeof(*r));
	r->del = -1;
	for (int i = 0; i < 4; i++)
		r->fd[i] = -1;
	r->stop_after = 1;
	r->l = loop_new(max, tick_ms, &hooks);
	return r->l;
}

TEST(loop_callbacks_and_stale_events)
{
	struct rec r;
	struct loop *l = make(&r, 4, 1000);
	int a[2], b[2], ida, idb;

	CHECK(l != NULL);
	if (!l)
		return;
	CHECK_EQ(pipe(a), 0);
	CHECK_EQ(pipe(b), 0);
	ida = loop_add(l, a[0], EPOLLIN, 0, on_ready, &r, 0);
	idb = loop_add(l, b[0], EPOLLIN, 0, on_ready, &r, 1);
	CHECK(ida >= 0 && idb >= 0 && ida != idb);
	/* both readable in one round; the first callback removes the second */
	CHECK_EQ(write(b[1], "b", 1), 1);
	CHECK_EQ(write(a[1], "a", 1), 1);
	r.del = idb;
	r.stop_after = 1;
	CHECK_EQ(loop_run(l), 0);
	CHECK_EQ(r.rounds, 1);
	/* whichever came first: a's callback ran once; b's at most before a's */
	CHECK_EQ(r.calls[0], 1);
	CHECK(r.last[0] & EPOLLIN);
	CHECK(r.calls[1] <= 1);
	/* a new watch may reuse b's slot: b's old events do not reach it */
	CHECK_EQ(loop_mod(l, idb, EPOLLIN), -EINVAL);
	loop_del(l, -1);
	loop_del(l, ida);
	close(a[0]);
	close(a[1]);
	close(b[0]);
	close(b[1]);
	loop_free(l);
}

TEST(loop_table_is_bounded)
{
	struct rec r;
	struct loop *l = make(&r, 2, 1000);
	int p[2];

	CHECK(l != NULL);
	if (!l)
		return;
	CHECK_EQ(pipe(p), 0);
	CHECK(loop_add(l, p[0], EPOLLIN, 0, on_ready, &r, 0) >= 0);
	CHECK(loop_add(l, p[1], EPOLLOUT, 0, on_ready, &r, 1) >= 0);
	CHECK_EQ(loop_add(l, p[0], EPOLLIN, 0, on_ready, &r, 2), -ENOSPC);
	/* a descriptor epoll refuses leaves the table as it was */
	loop_free(l);
	l = make(&r, 2, 1000);
	CHECK_EQ(loop_add(l, -1, EPOLLIN, 0, on_ready, &r, 0), -EBADF);
	CHECK(loop_add(l, p[0], EPOLLIN, 0, on_ready, &r, 0) >= 0);
	CHECK(loop_add(l, p[1], EPOLLOUT, 0, on_ready, &r, 1) >= 0);
	close(p[0]);
	close(p[1]);
	loop_free(l);
}

TEST(loop_paused_listeners_and_tick)
{
	struct rec r;
	struct loop *l = make(&r, 4, 20);
	int lst[2], other[2], idl, ido;

	CHECK(l != NULL);
	if (!l)
		return;
	CHECK_EQ(pipe(lst), 0);
	CHECK_EQ(pipe(other), 0);
	idl = loop_add(l, lst[0], EPOLLIN, LOOP_LISTENER, on_ready, &r, 0);
	ido = loop_add(l, other[0], EPOLLIN, 0, on_ready, &r, 1);
	CHECK(idl >= 0 && ido >= 0);
	CHECK_EQ(write(lst[1], "l", 1), 1);
	loop_pause_listeners(l, true);
	/* paused: only the tick wakes the loop; the listener stays quiet */
	r.stop_after = 1;
	CHECK_EQ(loop_run(l), 0);
	CHECK_EQ(r.calls[0], 0);
	CHECK(r.ticks >= 1);
	/* a change while paused is kept for later */
	CHECK_EQ(loop_mod(l, idl, EPOLLIN), 0);
	loop_pause_listeners(l, false);
	r.rounds = 0;
	CHECK_EQ(loop_run(l), 0);
	CHECK_EQ(r.calls[0], 1);
	CHECK_EQ(r.calls[1], 0);
	close(lst[0]);
	close(lst[1]);
	close(other[0]);
	close(other[1]);
	loop_free(l);
}

TEST(loop_signals)
{
	struct rec r;
	struct loop *l = make(&r, 1, 1000);
	sigset_t set;

	CHECK(l != NULL);
	if (!l)
		return;
	r.stop_after = 100;
	raise(SIGUSR1);	/* blocked by loop_new(): it waits on the signalfd */
	CHECK_EQ(loop_run(l), 0);
	CHECK_EQ(r.signo, SIGUSR1);
	/* after a fork, the new signalfd takes them as the old one did */
	CHECK_EQ(loop_signals_reopen(l), 0);
	raise(SIGHUP);
	r.signo = 0;
	CHECK_EQ(loop_run(l), 0);
	CHECK_EQ(r.signo, SIGHUP);
	loop_free(l);
	/* the unit test process gets its signals back */
	sigemptyset(&set);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGUSR1);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
}
