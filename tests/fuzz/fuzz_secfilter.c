// SPDX-License-Identifier: GPL-2.0-or-later
/* fuzz_secfilter.c - libFuzzer harness: port security settings and the frame check
 *
 * Input: a 2-byte length, that many bytes of settings text (split into words
 * at spaces and NULs, as a shell or text_split() would hand them over), and
 * the rest is a frame. Checked:
 * - settings that parse print (secfilter_format()) as words that parse back
 *   to the same filter; settings that do not parse say why;
 * - the frame check reads only the frame's bytes (an exact-size copy, for
 *   ASan), returns a known verdict, passes everything with an empty filter,
 *   and never passes a frame whose source MAC is outside a MAC lock.
 * When the settings do not parse, a fixed filter locking both MACs and IPv4
 * and IPv6 addresses is used, so that every frame reaches the deep checks.
 */

#include <errno.h>

#include "core/secfilter.h"
#include "fuzz.h"

#define MAX_WORDS	64

static int split(char *text, size_t len, char **argv)
{
	int argc = 0;

	for (size_t i = 0; i < len && argc < MAX_WORDS; ) {
		while (i < len && (text[i] == ' ' || !text[i]))
			text[i++] = '\0';
		if (i >= len)
			break;
		argv[argc++] = &text[i];
		while (i < len && text[i] && text[i] != ' ')
			i++;
	}
	return argc;
}

static bool same(const struct secfilter *a, const struct secfilter *b)
{
	if (a->n_mac != b->n_mac || a->ip_lock != b->ip_lock || a->n_ip != b->n_ip ||
	    a->max_macs != b->max_macs)
		return false;
	if (memcmp(a->mac, b->mac, a->n_mac * sizeof(a->mac[0])))
		return false;
	for (unsigned i = 0; i < a->n_ip; i++)
		if (a->ip[i].family != b->ip[i].family || a->ip[i].prefix != b->ip[i].prefix ||
		    memcmp(a->ip[i].addr, b->ip[i].addr, 16))
			return false;
	return true;
}

static void check_roundtrip(const struct secfilter *sf)
{
	char text[SECFILTER_FMT_BYTES], err[256] = "";
	char *argv[MAX_WORDS];
	struct secfilter back;
	size_t n;
	int argc;

	n = secfilter_format(sf, text, sizeof(text));
	FUZZ_CHECK(n < sizeof(text) && strlen(text) == n);
	if (secfilter_is_empty(sf)) {
		FUZZ_CHECK(!strcmp(text, "none"));
		return;
	}
	argc = split(text, n, argv);
	FUZZ_CHECK(!secfilter_parse(&back, argc, argv, err, sizeof(err)));
	FUZZ_CHECK(same(sf, &back));
}

static void check_frame(const struct secfilter *sf, const uint8_t *f, size_t len)
{
	enum secfilter_verdict v = secfilter_check(sf, f, len);

	FUZZ_CHECK(v < SECFILTER_VERDICT_MAX);
	if (!sf->n_mac && !sf->ip_lock)
		FUZZ_CHECK(v == SECFILTER_PASS);
	else if (len < 14)
		FUZZ_CHECK(v == SECFILTER_DROP_MAC);
	if (v == SECFILTER_PASS && sf->n_mac) {
		bool found = false;

		for (unsigned i = 0; i < sf->n_mac; i++)
			found |= !memcmp(sf->mac[i], f + 6, 6);
		FUZZ_CHECK(found);
	}
}

static void fixed_filter(struct secfilter *sf)
{
	static const uint8_t v6[16] = { 0xfe, 0x80 };

	secfilter_init(sf);
	sf->n_mac = 2;
	memcpy(sf->mac[0], "\x52\x54\x00\x12\x34\x56", 6);
	memcpy(sf->mac[1], "\x02\x00\x00\x00\x00\x01", 6);
	sf->ip_lock = true;
	sf->n_ip = 3;
	sf->ip[0] = (struct secfilter_ip){ .family = 4, .prefix = 32, .addr = { 10, 0, 0, 2 } };
	sf->ip[1] = (struct secfilter_ip){ .family = 4, .prefix = 24, .addr = { 192, 168, 1 } };
	sf->ip[2].family = 6;
	sf->ip[2].prefix = 64;
	memcpy(sf->ip[2].addr, v6, 16);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = { data, size };
	size_t tlen = fuzz_u16(&in) % 2048, flen;
	char *text = malloc(tlen + 1), err[256];
	char *argv[MAX_WORDS];
	struct secfilter sf, none;
	uint8_t *frame;
	int argc, ret;

	if (!text)
		return 0;
	tlen = fuzz_bytes(&in, (uint8_t *)text, tlen);
	text[tlen] = '\0';
	argc = split(text, tlen, argv);
	memset(err, 0, sizeof(err));
	ret = secfilter_parse(&sf, argc, argv, err, sizeof(err));
	FUZZ_CHECK(!err[sizeof(err) - 1]);
	if (ret) {
		FUZZ_CHECK((ret == -EINVAL || ret == -E2BIG) && err[0]);
		fixed_filter(&sf);
	} else {
		FUZZ_CHECK(sf.n_mac <= SECFILTER_MAX_MACS && sf.n_ip <= SECFILTER_MAX_IPS);
		FUZZ_CHECK(sf.ip_lock == (sf.n_ip > 0));
		check_roundtrip(&sf);
	}
	free(text);

	flen = in.n;
	frame = malloc(flen ? flen : 1);
	if (!frame)
		return 0;
	fuzz_bytes(&in, frame, flen);
	check_frame(&sf, frame, flen);
	secfilter_init(&none);
	check_frame(&none, frame, flen);
	free(frame);
	return 0;
}
