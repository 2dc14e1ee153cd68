/* SPDX-License-Identifier: GPL-2.0-or-later */
/* req.h - umnet-helper: one uml_net request from argv (no I/O)
 *
 * The wire facts are in docs/protocols.md ("uml_net helper protocol").
 */
#ifndef UMNET_HELPER_REQ_H
#define UMNET_HELPER_REQ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define HELPER_PROTO_VERSION	"4"	/* UML_NET_VERSION */
#define HELPER_IFNAMSIZ		16	/* the name field of the tuntap reply */

enum helper_op {
	HELPER_OP_TUNTAP_UP = 1,	/* tuntap up [GATE] */
	HELPER_OP_ADD,			/* add TAP ADDR MASK */
	HELPER_OP_DEL,			/* del TAP ADDR MASK */
	HELPER_OP_SLIP_UP,		/* slip up [GATE] */
	HELPER_OP_SLIP_DOWN,		/* slip down IFNAME */
};

/**
 * struct helper_req - one validated request
 * @op:		what to do
 * @has_gate:	@gate is set (tuntap/slip up with a non-empty gateway)
 * @gate:	gateway address for the host side, host byte order
 * @ifname:	the TAP (add, del) or SLIP device (slip down)
 * @addr:	guest address (add, del), host byte order
 * @mask_plen:	guest netmask as a prefix length (add, del)
 */
struct helper_req {
	enum helper_op op;
	bool has_gate;
	uint32_t gate;
	char ifname[HELPER_IFNAMSIZ];
	uint32_t addr;
	unsigned mask_plen;
};

int helper_req_parse(int argc, const char *const *argv, struct helper_req *req,
		     char *err, size_t errsize);
const char *helper_op_name(enum helper_op op);
int helper_ip4_parse(const char *s, uint32_t *addr);
int helper_mask_parse(const char *s, unsigned *plen);

void helper_sanitize_text(const char *in, char *out, size_t size);

#endif /* UMNET_HELPER_REQ_H */
