// SPDX-License-Identifier: GPL-2.0-or-later
/* policy.c - umnet-helper's policy file: who may make TAPs and claim which addresses
 *
 * DOC: Theory of operation
 *
 * The policy is the only thing standing between an unprivileged UML user and
 * the host's routing table, so its parser is strict and fails closed: any
 * error refuses the whole file, and umnet-helper then refuses every request
 * (root's included) until the file is fixed. The format, one statement per
 * line:
 *
 *	# comment (also after a statement)
 *	ip_forward yes|no		global, before the first block; default no
 *	user NAME|UID			starts a block for one user
 *	group NAME|GID			starts a block for the members of a group
 *	gateway PREFIX...		(in a block) addresses allowed on a TAP
 *	guest PREFIX...			(in a block) addresses guests may claim
 *
 * PREFIX is a dotted quad with an optional "/LEN" and no host bits set. A
 * caller is allowed at all if a block names them (by uid or user name) or
 * one of their groups (by gid or name); they may then use the union of the
 * gateways and guests of every block that names them.
 *
 * Refused as errors, with "file:line: message": lines over HELPER_LINE_MAX
 * bytes, NUL and other control bytes (tab excepted) and non-ASCII bytes,
 * unknown keywords, missing or extra arguments, bad names, ids and prefixes,
 * a user or group named twice, more than HELPER_RULES_MAX blocks or
 * HELPER_RANGES_MAX ranges of one kind in a block, ranges that overlap
 * within one list, ranges that touch non-unicast space (0/8, 127/8,
 * 224/3), and a gateway that lies in any block's guest range (a guest could
 * then claim some user's gateway address).
 */

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/addr.h"
#include "core/text.h"
#include "helper/policy.h"
#include "sys/nl.h"
#include "sys/util.h"

#define HELPER_TOKENS_MAX	(HELPER_LINE_MAX / 2 + 2)

/* Space no guest or gateway address may come from: "this network",
 * loopback, and multicast/reserved/limited broadcast (224.0.0.0/3)
 */
static const struct helper_range helper_reserved[] = {
	{ 0x00000000U, 8, 0 },
	{ 0x7f000000U, 8, 0 },
	{ 0xe0000000U, 3, 0 },
};

/**
 * helper_range_contains() - Whether an address lies in a range
 * @r:		range
 * @addr:	address, host byte order
 *
 * Return: true if inside
 */
bool helper_range_contains(const struct helper_range *r, uint32_t addr)
{
	return (addr & addr_mask4(r->plen)) == r->addr;
}

/**
 * helper_ranges_overlap() - Whether two ranges share an address
 * @a:		range
 * @b:		range
 *
 * Two prefixes overlap exactly when the shorter one contains the other.
 *
 * Return: true if they overlap
 */
bool helper_ranges_overlap(const struct helper_range *a, const struct helper_range *b)
{
	uint32_t m = addr_mask4(a->plen < b->plen ? a->plen : b->plen);

	return (a->addr & m) == (b->addr & m);
}

/**
 * helper_addr_is_unicast() - Whether an address may belong to a guest or gateway
 * @addr:	address, host byte order
 *
 * Return: false for 0.0.0.0/8, 127.0.0.0/8 and 224.0.0.0/3, true otherwise
 */
bool helper_addr_is_unicast(uint32_t addr)
{
	for (size_t i = 0; i < ARRAY_SIZE(helper_reserved); i++)
		if (helper_range_contains(&helper_reserved[i], addr))
			return false;
	return true;
}

/**
 * helper_range_parse() - Parse "a.b.c.d" or "a.b.c.d/len" strictly
 * @s:		text
 * @r:		result (@r->line is left alone)
 *
 * The address is a strict dotted quad (inet_pton), the length decimal
 * without leading zeros; host bits must be zero. A bare address is a /32.
 *
 * Return: 0, -EINVAL for bad syntax, -ERANGE for a length over 32,
 * -EADDRNOTAVAIL if host bits are set
 */
int helper_range_parse(const char *s, struct helper_range *r)
{
	struct addr_prefix p;
	uint32_t a;
	int ret;

	ret = addr_prefix_parse(s, AF_INET, &p);
	if (ret)
		return ret;
	memcpy(&a, p.addr, sizeof(a));
	a = ntohl(a);
	if (a & ~addr_mask4(p.plen))
		return -EADDRNOTAVAIL;
	r->addr = a;
	r->plen = p.plen;
	return 0;
}

/**
 * helper_policy_init() - An empty policy: nobody but root may do anything
 * @pol:	policy
 */
void helper_policy_init(struct helper_policy *pol)
{
	memset(pol, 0, sizeof(*pol));
}

/**
 * struct parse - state of one parse
 * @pol:	policy being filled
 * @fname:	file name for messages
 * @line:	current line number
 * @err:	message buffer
 * @errsize:	its size
 * @rule:	current block, NULL before the first
 * @fwd_line:	line of the ip_forward statement, 0 if none yet
 */
struct parse {
	struct helper_policy *pol;
	const char *fname;
	unsigned line;
	char *err;
	size_t errsize;
	struct helper_rule *rule;
	unsigned fwd_line;
};

static int __attribute__((format(printf, 3, 4)))
perr(const struct parse *ps, unsigned line, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (!ps->errsize)
		return -EINVAL;
	n = snprintf(ps->err, ps->errsize, "%s:%u: ", ps->fname, line);
	if (n >= 0 && (size_t)n < ps->errsize) {
		va_start(ap, fmt);
		text_verrf(ps->err + n, ps->errsize - (size_t)n, -EINVAL, fmt, ap);
		va_end(ap);
	}
	return -EINVAL;
}

static bool name_char_is_valid(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_' || c == '.' || c == '-';
}

/* "1000" (an id, no leading zeros, not (uid_t)-1) or a name of
 * [A-Za-z0-9_.-], not starting with '-', at most HELPER_NAME_MAX bytes
 */
static int parse_who(const struct parse *ps, const char *s, struct helper_rule *r)
{
	size_t n = strlen(s);
	bool digits = true;
	unsigned long id;

	for (size_t i = 0; i < n; i++) {
		if (!name_char_is_valid(s[i]))
			return perr(ps, ps->line, "invalid character in name '%.*s'",
				    HELPER_NAME_MAX, s);
		if (s[i] < '0' || s[i] > '9')
			digits = false;
	}
	if (digits) {
		if ((s[0] == '0' && s[1]) || text_ulong_parse(s, 0, 0xfffffffeUL, &id))
			return perr(ps, ps->line, "invalid id '%.*s'", HELPER_NAME_MAX, s);
		r->by_id = true;
		r->id = (uint32_t)id;
		return 0;
	}
	if (n > HELPER_NAME_MAX || s[0] == '-')
		return perr(ps, ps->line, "invalid name '%.*s'", HELPER_NAME_MAX, s);
	memcpy(r->name, s, n + 1);
	return 0;
}

static const char *rule_kind_name(enum helper_rule_kind kind)
{
	return kind == HELPER_RULE_USER ? "user" : "group";
}

static bool rules_same_who(const struct helper_rule *a, const struct helper_rule *b)
{
	if (a->kind != b->kind || a->by_id != b->by_id)
		return false;
	return a->by_id ? a->id == b->id : !strcmp(a->name, b->name);
}

static int parse_block(struct parse *ps, enum helper_rule_kind kind, char **tok, int ntok)
{
	struct helper_policy *pol = ps->pol;
	struct helper_rule *r;
	int ret;

	if (ntok != 2)
		return perr(ps, ps->line, "%s takes one name or id", rule_kind_name(kind));
	if (pol->n_rules == HELPER_RULES_MAX)
		return perr(ps, ps->line, "more than %d user and group blocks", HELPER_RULES_MAX);
	r = &pol->rules[pol->n_rules];
	memset(r, 0, sizeof(*r));
	r->kind = kind;
	r->line = ps->line;
	ret = parse_who(ps, tok[1], r);
	if (ret)
		return ret;
	for (unsigned i = 0; i < pol->n_rules; i++)
		if (rules_same_who(&pol->rules[i], r))
			return perr(ps, ps->line, "%s %s already has a block at line %u",
				    rule_kind_name(kind), tok[1], pol->rules[i].line);
	pol->n_rules++;
	ps->rule = r;
	return 0;
}

static int range_check_space(const struct parse *ps, const char *what, const char *s,
			     const struct helper_range *r)
{
	for (size_t i = 0; i < ARRAY_SIZE(helper_reserved); i++)
		if (helper_ranges_overlap(r, &helper_reserved[i]))
			return perr(ps, ps->line, "%s %s includes non-unicast addresses",
				    what, s);
	return 0;
}

static int parse_ranges(struct parse *ps, bool gateway, char **tok, int ntok)
{
	const char *what = gateway ? "gateway" : "guest";
	struct helper_rule *r = ps->rule;
	struct helper_range *list, nr;
	unsigned *n;
	int ret;

	if (!r)
		return perr(ps, ps->line, "%s outside a user or group block", what);
	if (ntok < 2)
		return perr(ps, ps->line, "%s needs at least one address or prefix", what);
	list = gateway ? r->gateways : r->guests;
	n = gateway ? &r->n_gateways : &r->n_guests;
	for (int t = 1; t < ntok; t++) {
		ret = helper_range_parse(tok[t], &nr);
		if (ret == -EADDRNOTAVAIL)
			return perr(ps, ps->line, "%s %s has host bits set", what, tok[t]);
		if (ret)
			return perr(ps, ps->line, "%s: invalid address or prefix '%s'", what, tok[t]);
		nr.line = ps->line;
		ret = range_check_space(ps, what, tok[t], &nr);
		if (ret)
			return ret;
		for (unsigned i = 0; i < *n; i++)
			if (helper_ranges_overlap(&list[i], &nr))
				return perr(ps, ps->line, "%s %s overlaps the one at line %u",
					    what, tok[t], list[i].line);
		if (*n == HELPER_RANGES_MAX)
			return perr(ps, ps->line, "more than %d %s ranges in one block",
				    HELPER_RANGES_MAX, what);
		list[(*n)++] = nr;
	}
	return 0;
}

static int parse_ip_forward(struct parse *ps, char **tok, int ntok)
{
	if (ps->rule)
		return perr(ps, ps->line, "ip_forward must come before the first block");
	if (ps->fwd_line)
		return perr(ps, ps->line, "ip_forward already set at line %u", ps->fwd_line);
	if (ntok != 2 || (strcmp(tok[1], "yes") != 0 && strcmp(tok[1], "no") != 0))
		return perr(ps, ps->line, "ip_forward takes yes or no");
	ps->pol->ip_forward = !strcmp(tok[1], "yes");
	ps->fwd_line = ps->line;
	return 0;
}

static int parse_statement(struct parse *ps, char **tok, int ntok)
{
	if (!strcmp(tok[0], "user"))
		return parse_block(ps, HELPER_RULE_USER, tok, ntok);
	if (!strcmp(tok[0], "group"))
		return parse_block(ps, HELPER_RULE_GROUP, tok, ntok);
	if (!strcmp(tok[0], "gateway"))
		return parse_ranges(ps, true, tok, ntok);
	if (!strcmp(tok[0], "guest"))
		return parse_ranges(ps, false, tok, ntok);
	if (!strcmp(tok[0], "ip_forward"))
		return parse_ip_forward(ps, tok, ntok);
	return perr(ps, ps->line, "unknown keyword '%s'", tok[0]);
}

/* Check the bytes of one line, cut its comment and split it into tokens */
static int parse_line(struct parse *ps, const char *s, size_t len)
{
	char buf[HELPER_LINE_MAX + 1], *tok[HELPER_TOKENS_MAX], *p;
	int ntok = 0;

	if (len > HELPER_LINE_MAX)
		return perr(ps, ps->line, "line longer than %d bytes", HELPER_LINE_MAX);
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '\0')
			return perr(ps, ps->line, "NUL byte");
		if (c != '\t' && (c < 0x20 || c > 0x7e))
			return perr(ps, ps->line, "invalid byte 0x%02x", c);
	}
	memcpy(buf, s, len);
	buf[len] = '\0';
	p = strchr(buf, '#');
	if (p)
		*p = '\0';
	for (p = buf; *p;) {
		while (*p == ' ' || *p == '\t')
			*p++ = '\0';
		if (!*p)
			break;
		/* A line of HELPER_LINE_MAX bytes has fewer tokens than this */
		tok[ntok++] = p;
		while (*p && *p != ' ' && *p != '\t')
			p++;
	}
	return ntok ? parse_statement(ps, tok, ntok) : 0;
}

/* A gateway inside a guest range would let a guest claim it */
static int check_gateways(const struct parse *ps)
{
	const struct helper_policy *pol = ps->pol;
	char a[ADDR_IP4_STRLEN], b[ADDR_IP4_STRLEN];

	for (unsigned i = 0; i < pol->n_rules; i++)
		for (unsigned g = 0; g < pol->rules[i].n_gateways; g++)
			for (unsigned j = 0; j < pol->n_rules; j++)
				for (unsigned k = 0; k < pol->rules[j].n_guests; k++) {
					const struct helper_range *gw = &pol->rules[i].gateways[g];
					const struct helper_range *gu = &pol->rules[j].guests[k];

					if (!helper_ranges_overlap(gw, gu))
						continue;
					addr_ip4_format(gw->addr, a);
					addr_ip4_format(gu->addr, b);
					return perr(ps, gw->line,
						    "gateway %s/%u overlaps guest range %s/%u at line %u",
						    a, gw->plen, b, gu->plen, gu->line);
				}
	return 0;
}

/**
 * helper_policy_parse() - Parse a policy file's contents
 * @pol:	result; on error it is reset to the empty policy
 * @buf:	the file's bytes (need not be NUL-terminated)
 * @len:	their number, at most HELPER_POLICY_MAX_BYTES
 * @fname:	file name for messages
 * @err:	"file:line: message" on error
 * @errsize:	its size, HELPER_ERR_MAX is enough
 *
 * Return: 0, or -EINVAL with @err set (-EFBIG for an oversize buffer)
 */
int helper_policy_parse(struct helper_policy *pol, const char *buf, size_t len,
			const char *fname, char *err, size_t errsize)
{
	struct parse ps = { .pol = pol, .fname = fname, .err = err, .errsize = errsize };
	size_t pos = 0;
	int ret = 0;

	helper_policy_init(pol);
	if (errsize)
		err[0] = '\0';
	if (len > HELPER_POLICY_MAX_BYTES) {
		perr(&ps, 0, "larger than %d bytes", HELPER_POLICY_MAX_BYTES);
		return -EFBIG;
	}
	while (pos < len && !ret) {
		const char *nl = memchr(buf + pos, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - (buf + pos)) : len - pos;

		ps.line++;
		ret = parse_line(&ps, buf + pos, n);
		pos += n + 1;
	}
	if (!ret)
		ret = check_gateways(&ps);
	if (ret)
		helper_policy_init(pol);
	return ret;
}

static bool rule_names(const struct helper_rule *r, const struct helper_who *who)
{
	if (r->kind == HELPER_RULE_USER)
		return r->by_id ? r->id == who->uid : who->user && !strcmp(r->name, who->user);
	for (unsigned i = 0; i < who->n_groups && i < HELPER_GROUPS_MAX; i++) {
		if (r->by_id ? r->id == who->gids[i] :
			       who->groups[i] && !strcmp(r->name, who->groups[i]))
			return true;
	}
	return false;
}

/**
 * helper_policy_allows_user() - Whether a block names the caller or a group of theirs
 * @pol:	policy
 * @who:	caller
 *
 * Return: true if the caller may use the helper at all
 */
bool helper_policy_allows_user(const struct helper_policy *pol, const struct helper_who *who)
{
	for (unsigned i = 0; i < pol->n_rules; i++)
		if (rule_names(&pol->rules[i], who))
			return true;
	return false;
}

static bool policy_allows(const struct helper_policy *pol, const struct helper_who *who,
			  uint32_t addr, bool gateway)
{
	for (unsigned i = 0; i < pol->n_rules; i++) {
		const struct helper_rule *r = &pol->rules[i];
		const struct helper_range *list = gateway ? r->gateways : r->guests;
		unsigned n = gateway ? r->n_gateways : r->n_guests;

		if (!rule_names(r, who))
			continue;
		for (unsigned k = 0; k < n; k++)
			if (helper_range_contains(&list[k], addr))
				return true;
	}
	return false;
}

/**
 * helper_policy_allows_gateway() - Whether the caller may put an address on a TAP
 * @pol:	policy
 * @who:	caller
 * @addr:	gateway address, host byte order
 *
 * Return: true if a block naming the caller lists it
 */
bool helper_policy_allows_gateway(const struct helper_policy *pol, const struct helper_who *who,
				  uint32_t addr)
{
	return policy_allows(pol, who, addr, true);
}

/**
 * helper_policy_allows_guest() - Whether the caller's guest may claim an address
 * @pol:	policy
 * @who:	caller
 * @addr:	guest address, host byte order
 *
 * Return: true if a block naming the caller lists it
 */
bool helper_policy_allows_guest(const struct helper_policy *pol, const struct helper_who *who,
				uint32_t addr)
{
	return policy_allows(pol, who, addr, false);
}

static void print_ranges(FILE *f, const char *what, const struct helper_range *list, unsigned n)
{
	char a[ADDR_IP4_STRLEN];

	for (unsigned i = 0; i < n; i++) {
		addr_ip4_format(list[i].addr, a);
		fprintf(f, "\t%s %s/%u\n", what, a, list[i].plen);
	}
}

/**
 * helper_policy_print() - Write a policy in normal form (umnet-helper --check)
 * @pol:	policy
 * @f:		output
 */
void helper_policy_print(const struct helper_policy *pol, FILE *f)
{
	fprintf(f, "ip_forward %s\n", pol->ip_forward ? "yes" : "no");
	for (unsigned i = 0; i < pol->n_rules; i++) {
		const struct helper_rule *r = &pol->rules[i];

		if (r->by_id)
			fprintf(f, "%s %u\n", rule_kind_name(r->kind), r->id);
		else
			fprintf(f, "%s %s\n", rule_kind_name(r->kind), r->name);
		print_ranges(f, "gateway", r->gateways, r->n_gateways);
		print_ranges(f, "guest", r->guests, r->n_guests);
	}
}

/*
 * The policy file is opened one path component at a time (openat with
 * O_NOFOLLOW), and every directory on the way and the file itself must be
 * owned by root and not writable by group or others, so nobody but root
 * can have written or swapped it. A directory writable by all is accepted
 * only with the sticky bit (as /tmp): there only root may rename or remove
 * root's entries.
 */

#define HELPER_PATH_MAX		4096

/* Owned by root, and only root can write it (or a sticky directory) */
static int check_owner_mode(int fd, bool dir, const char *what, char *err, size_t errsize)
{
	struct stat st;

	if (fstat(fd, &st))
		return -errno;
	if (dir ? !S_ISDIR(st.st_mode) : !S_ISREG(st.st_mode)) {
		snprintf(err, errsize, "%s is not a %s", what, dir ? "directory" : "regular file");
		return -EPERM;
	}
	if (st.st_uid != 0) {
		snprintf(err, errsize, "%s is not owned by root", what);
		return -EPERM;
	}
	if ((st.st_mode & (S_IWGRP | S_IWOTH)) && !(dir && (st.st_mode & S_ISVTX))) {
		snprintf(err, errsize, "%s is writable by group or others", what);
		return -EPERM;
	}
	return 0;
}

/* Open @path for reading through directories that only root can change */
static int open_trusted(const char *path, char *err, size_t errsize)
{
	char buf[HELPER_PATH_MAX], shown[HELPER_PATH_MAX], *comp, *next;
	int dirfd, fd, ret;

	if (path[0] != '/' || strlen(path) >= sizeof(buf)) {
		snprintf(err, errsize, "policy path must be absolute and shorter than %d bytes",
			 HELPER_PATH_MAX);
		return -EINVAL;
	}
	memcpy(buf, path, strlen(path) + 1);
	dirfd = open("/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dirfd < 0)
		return -errno;
	ret = check_owner_mode(dirfd, true, "/", err, errsize);
	for (comp = buf + 1; !ret; comp = next) {
		while (*comp == '/')
			comp++;
		next = strchr(comp, '/');
		if (next)
			*next++ = '\0';
		if (!*comp || !strcmp(comp, ".") || !strcmp(comp, "..")) {
			snprintf(err, errsize, "policy path must name a file without . or ..");
			ret = -EINVAL;
			break;
		}
		/* O_NOFOLLOW: a symbolic link anywhere on the way is refused */
		fd = openat(dirfd, comp, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY |
			    (next ? O_DIRECTORY : O_NONBLOCK));
		if (fd < 0) {
			ret = -errno;
			break;
		}
		close(dirfd);
		dirfd = fd;
		/* Name the directory by its path: buf has NULs where path has '/' */
		snprintf(shown, sizeof(shown), "%.*s", (int)(comp - buf + strlen(comp)), path);
		ret = check_owner_mode(fd, next != NULL, shown, err, errsize);
		if (!next)
			return ret ? (close(fd), ret) : fd;
	}
	close(dirfd);
	return ret;
}

/**
 * helper_policy_load() - Read and parse the policy file, if there is one
 * @path:	absolute path
 * @pol:	result
 * @err:	message on error ("file:line: ..." for syntax)
 * @errsize:	its size
 *
 * Return: 0 if read, 1 if it does not exist (@pol is then empty), -errno
 * with @err set if it may not be trusted or does not parse
 */
int helper_policy_load(const char *path, struct helper_policy *pol, char *err, size_t errsize)
{
	size_t len = 0;
	char *buf;
	ssize_t n;
	int fd, ret;

	helper_policy_init(pol);
	err[0] = '\0';
	fd = open_trusted(path, err, errsize);
	if (fd == -ENOENT)
		return 1;
	if (fd < 0) {
		if (fd == -ELOOP)
			snprintf(err, errsize, "%s: a symbolic link is on the path", path);
		else if (!err[0])
			snprintf(err, errsize, "%s: %s", path, strerror(-fd));
		return fd;
	}
	buf = malloc(HELPER_POLICY_MAX_BYTES + 1);
	if (!buf) {
		close(fd);
		return -ENOMEM;
	}
	do {
		n = read(fd, buf + len, HELPER_POLICY_MAX_BYTES + 1 - len);
		if (n > 0)
			len += (size_t)n;
	} while ((n > 0 || (n < 0 && errno == EINTR)) && len <= HELPER_POLICY_MAX_BYTES);
	ret = n < 0 ? -errno : 0;
	close(fd);
	if (ret)
		snprintf(err, errsize, "%s: %s", path, strerror(-ret));
	else
		ret = helper_policy_parse(pol, buf, len, path, err, errsize);
	free(buf);
	return ret;
}
