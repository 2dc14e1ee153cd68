/* SPDX-License-Identifier: GPL-2.0-or-later */
/* cli.h - pieces shared by the command-line front-ends: command tables, ids, JSON */
#ifndef UMNET_CLI_H
#define UMNET_CLI_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct nl;

/**
 * struct cli_cmd - one (sub)command of a multi-command tool
 * @name:	keyword, matched exactly
 * @fn:		runs it with argv[0] = @name; returns the exit status
 * @help:	one line for the usage text
 */
struct cli_cmd {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *help;
};

const struct cli_cmd *cli_cmd_find(const struct cli_cmd *cmds, size_t n, const char *name);
void cli_cmds_print(FILE *f, const struct cli_cmd *cmds, size_t n);
int cli_netns_open(const char *s);
int cli_netns_enter(const char *name);
void cli_json_str(FILE *f, const char *s);
void cli_vline(FILE *f, const char *prefix, const char *fmt, va_list ap);
void cli_nl_err(const struct nl *nl, int ret, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif /* UMNET_CLI_H */
