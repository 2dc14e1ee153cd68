// SPDX-License-Identifier: GPL-2.0-or-later
/* nft.c - the little of nftables umnet-net needs, through libnftables
 *
 * umnet-net only ever touches its own table (ip umnet-NAME): it loads it
 * whole, lists it and deletes it, never another table's rules. libnftables
 * speaks nft's own language, so the commands are text; its messages are
 * kept for the caller (the kernel's reason included).
 */

#include <errno.h>
#include <nftables/libnftables.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "net/apply.h"

/* First line of nft's error text, without the "Error: " prefix */
static void nft_err_copy(const char *text, char *err, size_t size)
{
	size_t n;

	if (!size)
		return;
	if (!text)
		text = "";
	if (!strncmp(text, "Error: ", 7))
		text += 7;
	n = strcspn(text, "\n");
	snprintf(err, size, "%.*s", (int)n, text);
}

static int nft_run(const char *cmds, char **out, char *err, size_t err_size)
{
	struct nft_ctx *ctx = nft_ctx_new(NFT_CTX_DEFAULT);
	int ret;

	if (out)
		*out = NULL;
	if (err_size)
		err[0] = '\0';
	if (!ctx)
		return -ENOMEM;
	if (nft_ctx_buffer_output(ctx) || nft_ctx_buffer_error(ctx)) {
		nft_ctx_free(ctx);
		return -ENOMEM;
	}
	ret = nft_run_cmd_from_buffer(ctx, cmds);
	if (ret) {
		const char *e = nft_ctx_get_error_buffer(ctx);

		nft_err_copy(e, err, err_size);
		ret = e && strstr(e, "No such file or directory") ? -ENOENT : -EIO;
	} else if (out) {
		*out = strdup(nft_ctx_get_output_buffer(ctx));
		if (!*out)
			ret = -ENOMEM;
	}
	nft_ctx_free(ctx);
	return ret;
}

/**
 * net_nft_run() - Run nft commands as one transaction
 * @cmds:	commands, ';' or newline separated
 * @err:	nft's error message on failure
 * @err_size:	its size
 *
 * Return: 0, -ENOENT if an object named does not exist, -EIO for other
 * failures (see @err), -ENOMEM
 */
int net_nft_run(const char *cmds, char *err, size_t err_size)
{
	return nft_run(cmds, NULL, err, err_size);
}

/**
 * net_nft_list_table() - List one table of family ip
 * @table:	its name
 * @text:	the listing, as `nft list table` prints it; NULL if the table
 *		does not exist; caller frees with free()
 * @err:	nft's error message on failure
 * @err_size:	its size
 *
 * Return: 0 (also when there is no such table), -EIO, -ENOMEM
 */
int net_nft_list_table(const char *table, char **text, char *err, size_t err_size)
{
	char cmd[128];
	int ret;

	snprintf(cmd, sizeof(cmd), "list table ip %s", table);
	ret = nft_run(cmd, text, err, err_size);
	if (ret == -ENOENT) {
		if (err_size)
			err[0] = '\0';
		return 0;
	}
	return ret;
}
