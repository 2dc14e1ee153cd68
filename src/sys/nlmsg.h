/* SPDX-License-Identifier: GPL-2.0-or-later */
/* nlmsg.h - rtnetlink messages without I/O: builders, reply parsers, reply state
 *
 * Builders write one request into a caller's buffer and return its length,
 * or -EINVAL (bad arguments) or -EMSGSIZE (buffer too small); they never
 * write past @size. Parsers take one message from the kernel, distrust every
 * length in it and return 0 or -EBADMSG. nl.c adds the socket.
 */
#ifndef UMNET_NLMSG_H
#define UMNET_NLMSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sys/nltypes.h"

struct nlmsghdr;

/* Requests */
int nlmsg_link_get(void *buf, size_t size, uint32_t seq, int ifindex, const char *name);
int nlmsg_link_dump(void *buf, size_t size, uint32_t seq);
int nlmsg_link_set(void *buf, size_t size, uint32_t seq, const struct nl_link_change *c);
int nlmsg_link_del(void *buf, size_t size, uint32_t seq, int ifindex);
int nlmsg_bridge(void *buf, size_t size, uint32_t seq, int ifindex, const char *name,
		 const struct nl_bridge_opts *opts);
int nlmsg_veth_add(void *buf, size_t size, uint32_t seq, const char *name, const char *peer,
		   int peer_netns_fd);
int nlmsg_addr(void *buf, size_t size, uint32_t seq, uint16_t type, int ifindex,
	       const struct addr_prefix *p);
int nlmsg_addr_dump(void *buf, size_t size, uint32_t seq, int family);
int nlmsg_route(void *buf, size_t size, uint32_t seq, uint16_t type, const struct nl_route *r);
int nlmsg_route_dump(void *buf, size_t size, uint32_t seq, int family);
int nlmsg_neigh_proxy(void *buf, size_t size, uint32_t seq, bool add, int ifindex,
		      const uint8_t *addr);

/* Replies */
int nlmsg_link_parse(const struct nlmsghdr *nlh, struct nl_link *link);
int nlmsg_addr_parse(const struct nlmsghdr *nlh, struct nl_addr *addr);
int nlmsg_route_parse(const struct nlmsghdr *nlh, struct nl_route *route);

/**
 * struct nlmsg_rx - state of one request while its replies come in
 * @portid:	our port id: replies carry it
 * @seq:	the request's sequence number: replies carry it
 * @cb:		called for each data message of this request, returns 0 or
 *		-errno (after an error, later messages are drained, not passed)
 * @arg:	passed to @cb
 * @err:	first error: from the kernel, from @cb, or -EBADMSG
 * @done:	the final ACK, error or NLMSG_DONE arrived
 * @intr:	a part of the dump carried NLM_F_DUMP_INTR: the set changed
 *		while it was dumped and the result is inconsistent
 * @stale:	messages skipped for a foreign port id or sequence number
 * @errmsg:	extended ack text (error or warning), "" if none
 */
struct nlmsg_rx {
	uint32_t portid;
	uint32_t seq;
	int (*cb)(const struct nlmsghdr *nlh, void *arg);
	void *arg;
	int err;
	bool done;
	bool intr;
	unsigned stale;
	char errmsg[NL_ERRMSG_MAX];
};

void nlmsg_rx_init(struct nlmsg_rx *rx, uint32_t portid, uint32_t seq,
		   int (*cb)(const struct nlmsghdr *nlh, void *arg), void *arg);
int nlmsg_rx_feed(struct nlmsg_rx *rx, const void *buf, size_t len);

#endif /* UMNET_NLMSG_H */
