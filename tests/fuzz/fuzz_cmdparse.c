// SPDX-License-Identifier: GPL-2.0-or-later
/* fuzz_cmdparse.c - libFuzzer harness: the management protocol's request parser
 *
 * The input is one request as a management client sends it (the daemon cuts
 * it at the first newline, so it may hold anything). Checked: every failure
 * says why in a terminated message; a success names a known command whose
 * words and strings point into the request (or at a static level name); and
 * each word survives cmd_quote() and text_split() unchanged, which is what
 * clients rely on to send names and filters with spaces or quotes.
 */

#include <errno.h>

#include "core/cmdparse.h"
#include "core/text.h"
#include "fuzz.h"

static bool in_buf(const struct cmd *cmd, const char *s)
{
	return s >= cmd->buf && s < cmd->buf + sizeof(cmd->buf);
}

static void check_quote(const char *word)
{
	char quoted[2 * CMD_REQ_MAX_BYTES + 3], err[CMD_ERR_BYTES];
	char *argv[2];
	int n;

	n = cmd_quote(word, quoted, sizeof(quoted));
	FUZZ_CHECK(n >= 0 && (size_t)n == strlen(quoted));
	n = text_split(quoted, argv, 2, err, sizeof(err));
	FUZZ_CHECK(n == 1 && !strcmp(argv[0], word));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct cmd cmd;
	char err[CMD_ERR_BYTES];
	int ret;

	memset(err, 0, sizeof(err));
	ret = cmd_parse(data, size, &cmd, err, sizeof(err));
	FUZZ_CHECK(!err[sizeof(err) - 1]);
	if (ret) {
		FUZZ_CHECK(ret == -EMSGSIZE || ret == -EBADMSG || ret == -ENOENT ||
			   ret == -EINVAL || ret == -E2BIG);
		FUZZ_CHECK(err[0]);	/* the client is told why */
		if (ret == -EMSGSIZE || ret == -EBADMSG)
			return 0;
	}
	/* The request was split: its words are in place */
	FUZZ_CHECK(cmd.argc >= 0 && cmd.argc <= CMD_MAX_ARGS);
	for (int i = 0; i < cmd.argc; i++) {
		FUZZ_CHECK(in_buf(&cmd, cmd.argv[i]));
		check_quote(cmd.argv[i]);
	}
	if (ret)
		return 0;

	FUZZ_CHECK(cmd.id < CMD_ID_MAX);
	FUZZ_CHECK(cmd.port <= CMD_PORT_MAX && cmd.port2 <= CMD_PORT_MAX);
	if (cmd.id == CMD_MIRROR)
		FUZZ_CHECK(cmd.port && cmd.port2 && cmd.port != cmd.port2);
	if (cmd.id == CMD_TAP_ADD || cmd.id == CMD_TAP_DEL)
		FUZZ_CHECK(in_buf(&cmd, cmd.name) && strlen(cmd.name) <= CMD_IFNAME_MAX);
	if (cmd.id == CMD_LOG)
		FUZZ_CHECK(cmd.name && !in_buf(&cmd, cmd.name));
	if (cmd.filter)
		FUZZ_CHECK(cmd.id == CMD_CAPTURE && in_buf(&cmd, cmd.filter));
	if (cmd.id == CMD_SECURITY_SET)
		FUZZ_CHECK(cmd.sec.n_mac <= SECFILTER_MAX_MACS && cmd.sec.n_ip <= SECFILTER_MAX_IPS);
	(void)cmd_is_show(&cmd);
	return 0;
}
