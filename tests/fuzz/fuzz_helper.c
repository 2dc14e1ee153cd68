// SPDX-License-Identifier: GPL-2.0-or-later
/* fuzz_helper.c - libFuzzer harness: umnet-helper's request (argv) and policy file
 *
 * umnet-helper is the setuid part: its argv and its policy file are the
 * only input it trusts nothing of. The first byte picks what to drive:
 * - argv: the rest, split at NULs, is the helper's argument vector, parsed
 *   by helper_req_parse(). Checked: a refusal explains itself in printable
 *   ASCII only (it reaches a terminal); a request has a known kind, a valid
 *   interface name where it needs one and a netmask of 0..32 bits; the log
 *   text and reply stream stay in their buffers.
 * - policy: the rest is a policy file. Checked: a parse fails closed (an
 *   empty policy and a "file:line: message"), or gives a policy within its
 *   bounds, with no range in reserved space, no host bits, no gateway inside
 *   any guest range, whose normal form (helper_policy_print()) parses back to
 *   the same policy; and what it allows a fuzzed caller is exactly what the
 *   blocks naming that caller list.
 */

#include <errno.h>

#include "fuzz.h"
#include "helper/policy.h"
#include "helper/reply.h"
#include "helper/req.h"
#include "sys/nl.h"

#define ARGS_MAX	16

static void check_printable(const char *s, size_t size)
{
	size_t n = strnlen(s, size);

	FUZZ_CHECK(n < size);
	for (size_t i = 0; i < n; i++)
		FUZZ_CHECK(s[i] >= 0x20 && s[i] < 0x7f);
}

static void fuzz_argv(const uint8_t *data, size_t size)
{
	char *buf = malloc(size + 1), err[256], word[64];
	const char *argv[ARGS_MAX + 1];
	static uint8_t stream[sizeof(int) + HELPER_TEXT_MAX];
	struct helper_req req;
	struct helper_out out;
	int argc = 0, ret;

	if (!buf)
		return;
	memcpy(buf, data, size);
	buf[size] = '\0';
	argv[argc++] = "umnet-helper";
	for (size_t i = 0; i <= size && argc < ARGS_MAX; ) {
		argv[argc++] = buf + i;
		i += strlen(buf + i) + 1;
	}
	argv[argc] = NULL;

	memset(err, 0x55, sizeof(err));
	ret = helper_req_parse(argc, argv, &req, err, sizeof(err));
	if (ret) {
		FUZZ_CHECK(ret == -EINVAL && err[0]);
		check_printable(err, sizeof(err));
	} else {
		FUZZ_CHECK(req.op >= HELPER_OP_TUNTAP_UP && req.op <= HELPER_OP_SLIP_DOWN);
		FUZZ_CHECK(strcmp(helper_op_name(req.op), "?"));
		if (req.op == HELPER_OP_ADD || req.op == HELPER_OP_DEL ||
		    req.op == HELPER_OP_SLIP_DOWN)
			FUZZ_CHECK(text_ifname_is_valid(req.ifname));
		FUZZ_CHECK(req.mask_plen <= 32);
	}

	/* the text sent back to UML, built from what the caller gave */
	helper_out_init(&out);
	for (int i = 1; i < argc; i++) {
		helper_sanitize_text(argv[i], word, sizeof(word));
		check_printable(word, sizeof(word));
		helper_out_add(&out, "* arg %d: %s", i, word);
	}
	FUZZ_CHECK(out.len < sizeof(out.text) && strlen(out.text) == out.len);
	FUZZ_CHECK(helper_reply_stream(&out, stream, sizeof(stream)) == sizeof(int) + out.len + 1);
	free(buf);
}

static bool same_policy(const struct helper_policy *a, const struct helper_policy *b)
{
	if (a->ip_forward != b->ip_forward || a->n_rules != b->n_rules)
		return false;
	for (unsigned i = 0; i < a->n_rules; i++) {
		const struct helper_rule *x = &a->rules[i], *y = &b->rules[i];

		if (x->kind != y->kind || x->by_id != y->by_id ||
		    (x->by_id ? x->id != y->id : strcmp(x->name, y->name)) ||
		    x->n_gateways != y->n_gateways || x->n_guests != y->n_guests)
			return false;
		for (unsigned k = 0; k < x->n_gateways; k++)
			if (x->gateways[k].addr != y->gateways[k].addr ||
			    x->gateways[k].plen != y->gateways[k].plen)
				return false;
		for (unsigned k = 0; k < x->n_guests; k++)
			if (x->guests[k].addr != y->guests[k].addr ||
			    x->guests[k].plen != y->guests[k].plen)
				return false;
	}
	return true;
}

static void check_ranges(const struct helper_range *list, unsigned n)
{
	FUZZ_CHECK(n <= HELPER_RANGES_MAX);
	for (unsigned k = 0; k < n; k++) {
		const struct helper_range *r = &list[k];
		uint32_t first = r->addr, last = r->addr | (r->plen ? ~(~0U << (32 - r->plen)) : ~0U);

		FUZZ_CHECK(r->plen <= 32);
		FUZZ_CHECK(helper_range_contains(r, r->addr));
		FUZZ_CHECK(helper_addr_is_unicast(first) && helper_addr_is_unicast(last));
	}
}

/* The rules that name @who, by the policy's own definition */
static bool rule_names(const struct helper_rule *r, const struct helper_who *who)
{
	static struct helper_policy one;

	one.n_rules = 1;
	one.rules[0] = *r;
	return helper_policy_allows_user(&one, who);
}

static void check_allows(const struct helper_policy *pol, const struct helper_who *who,
			 uint32_t addr)
{
	bool gw = false, guest = false, in_guest_range = false;

	for (unsigned i = 0; i < pol->n_rules; i++) {
		const struct helper_rule *r = &pol->rules[i];
		bool named = rule_names(r, who);

		for (unsigned k = 0; k < r->n_gateways; k++)
			gw |= named && helper_range_contains(&r->gateways[k], addr);
		for (unsigned k = 0; k < r->n_guests; k++) {
			guest |= named && helper_range_contains(&r->guests[k], addr);
			in_guest_range |= helper_range_contains(&r->guests[k], addr);
		}
	}
	FUZZ_CHECK(helper_policy_allows_gateway(pol, who, addr) == gw);
	FUZZ_CHECK(helper_policy_allows_guest(pol, who, addr) == guest);
	/* nobody's gateway is anybody's guest address */
	FUZZ_CHECK(!(gw && in_guest_range));
	if (gw || guest)
		FUZZ_CHECK(helper_policy_allows_user(pol, who) && helper_addr_is_unicast(addr));
}

static void fuzz_policy(const uint8_t *data, size_t size)
{
	static struct helper_policy pol, back;
	static const char *const names[] = { "alice", "uml", "1000", "kvm" };
	char err[HELPER_ERR_MAX], *text = NULL;
	size_t tlen = 0;
	struct helper_who who = { .uid = 1000, .user = "alice", .n_groups = 3,
				  .gids = { 1000, 27, 4242 }, .groups = { "alice", "uml", NULL } };
	FILE *f;
	int ret;

	memset(err, 0x55, sizeof(err));
	ret = helper_policy_parse(&pol, (const char *)data, size, "fuzz.conf", err, sizeof(err));
	if (ret) {
		FUZZ_CHECK((ret == -EINVAL || ret == -EFBIG) && !strncmp(err, "fuzz.conf:", 10));
		FUZZ_CHECK(strnlen(err, sizeof(err)) < sizeof(err));
		FUZZ_CHECK(!pol.n_rules && !pol.ip_forward);	/* fails closed */
		return;
	}
	FUZZ_CHECK(pol.n_rules <= HELPER_RULES_MAX);
	for (unsigned i = 0; i < pol.n_rules; i++) {
		check_ranges(pol.rules[i].gateways, pol.rules[i].n_gateways);
		check_ranges(pol.rules[i].guests, pol.rules[i].n_guests);
	}

	f = open_memstream(&text, &tlen);
	if (!f)
		return;
	helper_policy_print(&pol, f);
	fclose(f);
	ret = helper_policy_parse(&back, text, tlen, "normal-form", err, sizeof(err));
	FUZZ_CHECK(!ret && same_policy(&pol, &back));
	free(text);

	/* callers and addresses: the first rule's own, neighbours, and fixed ones */
	for (unsigned i = 0; i < 4; i++) {
		who.uid = i == 2 ? 0 : 1000 + i;
		who.user = names[i];
		for (unsigned r = 0; r < pol.n_rules && r < 4; r++) {
			const struct helper_rule *rule = &pol.rules[r];

			for (unsigned k = 0; k < rule->n_gateways && k < 2; k++) {
				check_allows(&pol, &who, rule->gateways[k].addr);
				check_allows(&pol, &who, rule->gateways[k].addr - 1);
			}
			for (unsigned k = 0; k < rule->n_guests && k < 2; k++)
				check_allows(&pol, &who, rule->guests[k].addr + 1);
		}
		check_allows(&pol, &who, 0x0a000001);
		check_allows(&pol, &who, 0x7f000001);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!size)
		return 0;
	if (data[0] & 1)
		fuzz_policy(data + 1, size - 1);
	else
		fuzz_argv(data + 1, size - 1);
	return 0;
}
