// SPDX-License-Identifier: GPL-2.0-or-later
/* fuzz_text.c - libFuzzer harness: the text toolkit (core/text.c, core/addr.c)
 *
 * Input: one byte of options, then text (cut at its first NUL). Every
 * function of the toolkit is given the same text. Checked:
 * - text_split() fails with a reason, or gives at most the words asked for,
 *   each inside the line; every word, and the whole text as one word,
 *   survives text_quote() and text_split() unchanged;
 * - text_json_str() writes printable ASCII only, says how long the whole
 *   literal is, and a short buffer gets a terminated prefix of it;
 * - an address, prefix or MAC that parses formats as text that parses to
 *   the same value; masking keeps the length and is idempotent;
 * - names, numbers and seconds that parse are within their bounds.
 */

#include <errno.h>
#include <sys/socket.h>

#include "core/addr.h"
#include "core/text.h"
#include "fuzz.h"

#define TEXT_MAX	4096

static void check_round_trip(const char *word)
{
	static char quoted[3 * TEXT_MAX + 3];
	char *argv[2], err[128];
	int n;

	n = text_quote(word, quoted, sizeof(quoted));
	FUZZ_CHECK(n >= 0 && (size_t)n == strlen(quoted));
	n = text_split(quoted, argv, 2, err, sizeof(err));
	FUZZ_CHECK(n == 1 && !strcmp(argv[0], word));
}

static void check_split(const char *text, unsigned max)
{
	static char line[TEXT_MAX + 1];
	char *argv[16], err[128] = "";
	size_t len = strlen(text);
	int n;

	memcpy(line, text, len + 1);
	n = text_split(line, argv, max, err, sizeof(err));
	if (n < 0) {
		FUZZ_CHECK(n == -EINVAL || n == -E2BIG);
		FUZZ_CHECK(err[0]);
		return;
	}
	FUZZ_CHECK((unsigned)n <= max);
	for (int i = 0; i < n; i++) {
		FUZZ_CHECK(argv[i] >= line && argv[i] + strlen(argv[i]) <= line + len);
		check_round_trip(argv[i]);
	}
}

static void check_json(const char *text)
{
	static char out[6 * TEXT_MAX + 3], small[16];
	size_t n = text_json_str(out, sizeof(out), text), k;

	FUZZ_CHECK(n == strlen(out) && n >= 2 && out[0] == '"' && out[n - 1] == '"');
	for (size_t i = 0; i < n; i++)
		FUZZ_CHECK(out[i] >= 0x20 && out[i] < 0x7f);
	k = text_json_str(small, sizeof(small), text);
	FUZZ_CHECK(k == n && strlen(small) == (n < sizeof(small) ? n : sizeof(small) - 1));
	FUZZ_CHECK(!strncmp(small, out, strlen(small)));
}

static void check_addr(const char *text, int family)
{
	char out[ADDR_PREFIX_STRLEN], mac_out[ADDR_MAC_STRLEN];
	struct addr_prefix p, q;
	uint8_t mac[ADDR_ETH_ALEN], mac2[ADDR_ETH_ALEN];

	if (!addr_prefix_parse(text, family, &p)) {
		FUZZ_CHECK(p.family == AF_INET || p.family == AF_INET6);
		FUZZ_CHECK(family == AF_UNSPEC || p.family == family);
		FUZZ_CHECK(p.plen <= (p.family == AF_INET ? 32U : 128U));
		FUZZ_CHECK(!addr_prefix_format(&p, out, sizeof(out)));
		FUZZ_CHECK(!addr_prefix_parse(out, p.family, &q));
		FUZZ_CHECK(q.family == p.family && q.plen == p.plen &&
			   !memcmp(q.addr, p.addr, sizeof(p.addr)));
		addr_prefix_mask(&q);
		FUZZ_CHECK(q.plen == p.plen);
		memcpy(&p, &q, sizeof(p));
		addr_prefix_mask(&q);
		FUZZ_CHECK(!memcmp(&p, &q, sizeof(p)));
	}
	if (!addr_mac_parse(text, mac)) {
		addr_mac_format(mac, mac_out);
		FUZZ_CHECK(strlen(mac_out) == ADDR_MAC_STRLEN - 1);
		FUZZ_CHECK(!addr_mac_parse(mac_out, mac2) && !memcmp(mac, mac2, sizeof(mac)));
		FUZZ_CHECK(!strcasecmp(mac_out, text));
	}
}

static void check_names_numbers(const char *text, unsigned long max)
{
	unsigned long v;
	unsigned mode;
	long ms;
	bool on;
	int ret;

	if (text_ifname_is_valid(text))
		FUZZ_CHECK(strlen(text) >= 1 && strlen(text) < TEXT_IFNAMSIZ && !strchr(text, '/'));
	if (text_ifname_is_template(text))
		FUZZ_CHECK(strstr(text, "%d") && strlen(text) < TEXT_IFNAMSIZ);
	ret = text_ulong_parse(text, 0, max, &v);
	FUZZ_CHECK(ret == 0 || ret == -EINVAL || ret == -ERANGE);
	if (!ret)
		FUZZ_CHECK(v <= max);
	if (!text_mode_parse(text, &mode))
		FUZZ_CHECK(mode <= 07777);
	if (!text_secs_parse(text, &ms))
		FUZZ_CHECK(ms >= 0 && ms <= 1000000000L && ms % 10 == 0);
	if (!text_onoff_parse(text, &on))
		FUZZ_CHECK(!strcmp(text, on ? "on" : "off"));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const int families[] = { AF_UNSPEC, AF_INET, AF_INET6, AF_PACKET };
	static char text[TEXT_MAX + 1];
	char err[8];
	uint8_t opt;
	size_t len;

	if (!size)
		return 0;
	opt = data[0];
	len = size - 1 < TEXT_MAX ? size - 1 : TEXT_MAX;
	memcpy(text, data + 1, len);
	text[len] = '\0';

	check_split(text, opt % 16 + 1);
	check_round_trip(text);
	check_json(text);
	check_addr(text, families[opt % 4]);
	check_names_numbers(text, opt & 0x80 ? ~0UL : opt);
	FUZZ_CHECK(text_errf(err, sizeof(err), -EINVAL, "%s", text) == -EINVAL);
	FUZZ_CHECK(strlen(err) < sizeof(err));
	return 0;
}
