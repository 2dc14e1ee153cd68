/* SPDX-License-Identifier: GPL-2.0-or-later */
/* loop.h - the switch's one event loop: descriptors with callbacks, signals, a tick */
#ifndef UMNET_LOOP_H
#define UMNET_LOOP_H

#include <stdbool.h>
#include <stdint.h>

#define LOOP_LISTENER	0x1	/* loop_add() flag: paused by loop_pause_listeners() */

struct loop;

/**
 * typedef loop_fn - A watched descriptor is ready
 * @opaque:	as given to loop_add()
 * @arg:	as given to loop_add() (a port number, a client slot, ...)
 * @events:	EPOLLIN, EPOLLOUT, EPOLLHUP, ...
 */
typedef void (*loop_fn)(void *opaque, unsigned arg, uint32_t events);

/**
 * struct loop_hooks - what the loop calls besides the watchers
 * @signal:	SIGINT, SIGTERM, SIGHUP or SIGUSR1 arrived
 * @tick:	every tick period, with the monotonic time
 * @round:	after each round of events; true if work is waiting that no
 *		descriptor will announce (frames already read), so that the
 *		next round does not block
 * @opaque:	passed to each
 */
struct loop_hooks {
	void (*signal)(void *opaque, int signo);
	void (*tick)(void *opaque, uint64_t now_ms);
	bool (*round)(void *opaque);
	void *opaque;
};

struct loop *loop_new(unsigned max_watches, unsigned tick_ms, const struct loop_hooks *hooks);
void loop_free(struct loop *l);
int loop_add(struct loop *l, int fd, uint32_t events, unsigned flags, loop_fn fn, void *opaque,
	     unsigned arg);
int loop_mod(struct loop *l, int id, uint32_t events);
void loop_del(struct loop *l, int id);
void loop_pause_listeners(struct loop *l, bool pause);
int loop_signals_reopen(struct loop *l);
int loop_run(struct loop *l);
void loop_stop(struct loop *l);

#endif /* UMNET_LOOP_H */
