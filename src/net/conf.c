// SPDX-License-Identifier: GPL-2.0-or-later
/* conf.c - umnet-net configuration parser: text in, struct net_conf out, file:line errors
 *
 * DOC: Theory of operation
 *
 * The file is a list of statements, one a line (or separated by ';'), some
 * of them opening a block in braces:
 *
 *	uplink = "eth0"			# a macro; -D uplink=veth0 overrides it
 *	bridge br0 { uplink $uplink; stp off; forward-delay 0 }
 *	tap tap0 { user 1000; bridge br0 }
 *
 * The lexer hands out words (bare, or "quoted" with \" and \\), braces,
 * ends of statements and the end of the file, each with its line; a bare
 * word $NAME is replaced by the macro's value there and then. The parser
 * reads the words of one statement up to its terminator and dispatches on
 * the first. An error is reported as "file:line: message" into a
 * struct net_diag and parsing goes on with the next statement, so one run
 * shows every mistake (up to NET_DIAG_MAX). Cross-references (a TAP's
 * bridge, duplicate names, what NAT and proxy ARP imply) are checked once
 * the whole file is read, against the line of the block concerned.
 *
 * Nothing here touches the system, except that user and group names are
 * looked up in the user database (getpwnam(), getgrnam()).
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
#include "net/conf.h"
#include "sys/util.h"

#define CONF_WORD_MAX		256
#define CONF_WORDS_MAX		8	/* words in one statement */
#define CONF_FILE_MAX		(1 << 20)
#define CONF_FWD_DELAY_MAX_MS	30000	/* BR_MAX_FORWARD_DELAY */
#define CONF_FWD_DELAY_STP_MS	2000	/* BR_MIN_FORWARD_DELAY, with STP on */
#define CONF_HELLO_MIN_MS	1000	/* BR_MIN_HELLO_TIME */
#define CONF_HELLO_MAX_MS	10000	/* BR_MAX_HELLO_TIME */

enum tok { TOK_WORD, TOK_LBRACE, TOK_RBRACE, TOK_EOS, TOK_EOF, TOK_ERR };

/**
 * struct conf_word - one word of a statement
 * @text:	the word, macros expanded
 * @line:	its line
 */
struct conf_word {
	char text[CONF_WORD_MAX];
	unsigned line;
};

/**
 * struct conf_macro - a macro defined in the file
 * @name:	its name
 * @value:	its value
 */
struct conf_macro {
	char name[CONF_WORD_MAX];
	char value[CONF_WORD_MAX];
};

/**
 * struct conf_lex - parser state
 * @file:	file name for messages
 * @p:		next character
 * @end:	end of the text
 * @line:	current line
 * @defs:	command-line macros, which win over the file's
 * @n_defs:	entries in @defs
 * @macros:	macros defined in the file
 * @n_macros:	entries in @macros
 * @diag:	messages
 * @errors:	errors so far
 * @tok_line:	line of the last token read
 */
struct conf_lex {
	const char *file;
	const char *p;
	const char *end;
	unsigned line;
	const struct net_define *defs;
	size_t n_defs;
	struct conf_macro macros[NET_MAX_DEFINES];
	unsigned n_macros;
	struct net_diag *diag;
	unsigned errors;
	unsigned tok_line;
};

static void conf_err(struct conf_lex *lx, unsigned line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void conf_err(struct conf_lex *lx, unsigned line, const char *fmt, ...)
{
	struct net_diag *d = lx->diag;
	size_t used = strlen(d->text);
	va_list ap;
	int n;

	lx->errors++;
	d->n++;
	if (d->n > NET_DIAG_MAX || used + 1 >= sizeof(d->text))
		return;
	n = snprintf(d->text + used, sizeof(d->text) - used, "%s:%u: ", lx->file, line);
	if (n < 0 || (size_t)n >= sizeof(d->text) - used)
		return;
	used += (size_t)n;
	va_start(ap, fmt);
	/* clang-tidy 14 loses va_start() across files in one run (see cli.c) */
	// NOLINTNEXTLINE(clang-analyzer-valist.Uninitialized)
	n = vsnprintf(d->text + used, sizeof(d->text) - used, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	used = strlen(d->text);
	if (used + 1 < sizeof(d->text)) {
		d->text[used] = '\n';
		d->text[used + 1] = '\0';
	} else {
		d->text[used - 1] = '\n';
	}
}

/* Macros: the command line first, then the file */
static const char *conf_macro_get(const struct conf_lex *lx, const char *name)
{
	for (size_t i = 0; i < lx->n_defs; i++)
		if (!strcmp(lx->defs[i].name, name))
			return lx->defs[i].value;
	for (unsigned i = 0; i < lx->n_macros; i++)
		if (!strcmp(lx->macros[i].name, name))
			return lx->macros[i].value;
	return NULL;
}

static bool word_char_is_plain(char c)
{
	return c != ' ' && c != '\t' && c != '\r' && c != '\n' && c != '{' && c != '}' &&
	       c != ';' && c != '#' && c != '"' && c != '\0';
}

/* A "quoted" word: lx->p is past the opening quote */
static enum tok conf_lex_quoted(struct conf_lex *lx, struct conf_word *w)
{
	size_t n = 0;

	while (lx->p < lx->end && *lx->p != '"') {
		char c = *lx->p++;

		if (c == '\n' || c == '\0') {
			conf_err(lx, lx->line, "unterminated quoted string");
			if (c == '\n')
				lx->line++;
			return TOK_ERR;
		}
		if (c == '\\' && lx->p < lx->end && (*lx->p == '"' || *lx->p == '\\'))
			c = *lx->p++;
		if (n + 1 >= sizeof(w->text)) {
			conf_err(lx, lx->line, "word too long (at most %zu bytes)",
				 sizeof(w->text) - 1);
			return TOK_ERR;
		}
		w->text[n++] = c;
	}
	if (lx->p == lx->end) {
		conf_err(lx, lx->line, "unterminated quoted string");
		return TOK_ERR;
	}
	lx->p++;
	w->text[n] = '\0';
	return TOK_WORD;
}

static enum tok conf_lex_plain(struct conf_lex *lx, struct conf_word *w)
{
	const char *start = lx->p, *val;
	size_t n;

	while (lx->p < lx->end && word_char_is_plain(*lx->p))
		lx->p++;
	n = (size_t)(lx->p - start);
	if (n >= sizeof(w->text)) {
		conf_err(lx, lx->line, "word too long (at most %zu bytes)", sizeof(w->text) - 1);
		return TOK_ERR;
	}
	memcpy(w->text, start, n);
	w->text[n] = '\0';
	if (w->text[0] != '$')
		return TOK_WORD;
	val = conf_macro_get(lx, w->text + 1);
	if (!val) {
		conf_err(lx, lx->line, "macro '%s' is not defined", w->text + 1);
		return TOK_ERR;
	}
	snprintf(w->text, sizeof(w->text), "%s", val);
	return TOK_WORD;
}

/* Next token; a word goes into @w */
static enum tok conf_lex_next(struct conf_lex *lx, struct conf_word *w)
{
	for (;;) {
		if (lx->p >= lx->end) {
			lx->tok_line = lx->line;
			return TOK_EOF;
		}
		switch (*lx->p) {
		case ' ':
		case '\t':
		case '\r':
			lx->p++;
			continue;
		case '#':
			while (lx->p < lx->end && *lx->p != '\n')
				lx->p++;
			continue;
		case '\n':
			lx->tok_line = lx->line++;
			lx->p++;
			return TOK_EOS;
		case ';':
			lx->tok_line = lx->line;
			lx->p++;
			return TOK_EOS;
		case '{':
			lx->tok_line = lx->line;
			lx->p++;
			return TOK_LBRACE;
		case '}':
			lx->tok_line = lx->line;
			lx->p++;
			return TOK_RBRACE;
		case '\0':
			conf_err(lx, lx->line, "NUL byte in the file");
			lx->p = lx->end;
			return TOK_ERR;
		default:
			break;
		}
		lx->tok_line = w->line = lx->line;
		if (*lx->p == '"') {
			lx->p++;
			return conf_lex_quoted(lx, w);
		}
		return conf_lex_plain(lx, w);
	}
}

/* Read the words of one statement; returns how many, *@term is what ended
 * it (TOK_EOS, TOK_LBRACE, TOK_RBRACE or TOK_EOF). A lexical error or too
 * many words skip to the end of the statement and return -1.
 */
static int conf_words(struct conf_lex *lx, struct conf_word *w, enum tok *term)
{
	int n = 0;
	bool bad = false;

	for (;;) {
		struct conf_word scratch;
		struct conf_word *cur = n < CONF_WORDS_MAX ? &w[n] : &scratch;
		enum tok t = conf_lex_next(lx, cur);

		if (t == TOK_ERR) {
			bad = true;
			continue;
		}
		if (t != TOK_WORD) {
			*term = t;
			return bad ? -1 : n;
		}
		if (n == CONF_WORDS_MAX && !bad) {
			conf_err(lx, cur->line, "too many words in one statement");
			bad = true;
		}
		if (n < CONF_WORDS_MAX)
			n++;
	}
}

/* Argument checks shared by the blocks */

/* Copy a string whose length was checked against @size already */
static void str_set(char *dst, size_t size, const char *src)
{
	size_t n = strnlen(src, size - 1);

	memcpy(dst, src, n);
	dst[n] = '\0';
}

static bool conf_nargs(struct conf_lex *lx, const struct conf_word *w, int n, int want)
{
	if (n == want + 1)
		return true;
	if (n <= want)
		conf_err(lx, w[0].line, "%s: missing argument", w[0].text);
	else
		conf_err(lx, w[want + 1].line, "%s: unexpected '%s'", w[0].text,
			 w[want + 1].text);
	return false;
}

static bool conf_ifname(struct conf_lex *lx, const struct conf_word *w, char *out)
{
	if (!text_ifname_is_valid(w->text)) {
		conf_err(lx, w->line, "'%s' is not a valid interface name (1 to 15 characters, "
			 "no '/', ':', '%%' or spaces)", w->text);
		return false;
	}
	str_set(out, NL_IFNAMSIZ, w->text);
	return true;
}

static bool conf_onoff(struct conf_lex *lx, const struct conf_word *w, bool *on)
{
	if (text_onoff_parse(w[1].text, on)) {
		conf_err(lx, w[1].line, "%s: '%s' is not on or off", w[0].text, w[1].text);
		return false;
	}
	return true;
}

/* An address with a prefix length ("10.0.3.1/24"), or with @bare_ok a
 * bare address taken as a host (/32, /128)
 */
static bool conf_prefix(struct conf_lex *lx, const struct conf_word *w, bool bare_ok,
			struct addr_prefix *p)
{
	int ret = addr_prefix_parse(w[1].text, AF_UNSPEC, p);

	if (ret || (!bare_ok && !strchr(w[1].text, '/'))) {
		conf_err(lx, w[1].line, "%s: '%s' is not an address%s", w[0].text, w[1].text,
			 bare_ok ? "" : " with a prefix length, like 192.168.100.1/24");
		return false;
	}
	return true;
}

static bool conf_add_prefix(struct conf_lex *lx, const struct conf_word *w, bool bare_ok,
			    struct addr_prefix *v, unsigned *n, unsigned max)
{
	struct addr_prefix p;

	if (!conf_prefix(lx, w, bare_ok, &p))
		return false;
	if (*n >= max) {
		conf_err(lx, w[0].line, "%s: at most %u", w[0].text, max);
		return false;
	}
	v[(*n)++] = p;
	return true;
}

static bool conf_secs(struct conf_lex *lx, const struct conf_word *w, long *ms)
{
	if (text_secs_parse(w[1].text, ms)) {
		conf_err(lx, w[1].line, "%s: '%s' is not a number of seconds (e.g. 2 or 0.5)",
			 w[0].text, w[1].text);
		return false;
	}
	return true;
}

static bool conf_id(struct conf_lex *lx, const struct conf_word *w, bool group, uint32_t *id)
{
	if (id_parse(w[1].text, group, id)) {
		conf_err(lx, w[1].line, "%s: no %s '%s'", w[0].text, group ? "group" : "user",
			 w[1].text);
		return false;
	}
	return true;
}

/* Blocks */

static void conf_bridge_opt(struct conf_lex *lx, struct net_bridge_conf *b,
			    const struct conf_word *w, int n)
{
	const char *k = w[0].text;
	bool on;

	if (!conf_nargs(lx, w, n, 1))
		return;
	if (!strcmp(k, "uplink")) {
		if (b->uplink[0])
			conf_err(lx, w[0].line, "bridge %s: one uplink only", b->name);
		else
			conf_ifname(lx, &w[1], b->uplink);
	} else if (!strcmp(k, "address")) {
		conf_add_prefix(lx, w, false, b->addrs, &b->n_addrs, NET_MAX_ADDRS);
	} else if (!strcmp(k, "stp")) {
		if (conf_onoff(lx, w, &on))
			b->opts.stp = on;
	} else if (!strcmp(k, "forward-delay")) {
		conf_secs(lx, w, &b->opts.forward_delay_ms);
	} else if (!strcmp(k, "hello-time")) {
		if (conf_secs(lx, w, &b->opts.hello_time_ms) &&
		    (b->opts.hello_time_ms < CONF_HELLO_MIN_MS ||
		     b->opts.hello_time_ms > CONF_HELLO_MAX_MS)) {
			conf_err(lx, w[1].line, "hello-time must be 1 to 10 s (the kernel refuses "
				 "0)");
			b->opts.hello_time_ms = -1;
		}
	} else if (!strcmp(k, "ageing-time")) {
		conf_secs(lx, w, &b->opts.ageing_time_ms);
	} else {
		conf_err(lx, w[0].line, "bridge %s: unknown option '%s'", b->name, k);
	}
}

static void conf_tap_opt(struct conf_lex *lx, struct net_tap_conf *t, const struct conf_word *w,
			 int n)
{
	const char *k = w[0].text;
	bool on;

	if (!conf_nargs(lx, w, n, 1))
		return;
	if (!strcmp(k, "user")) {
		t->has_owner = conf_id(lx, w, false, &t->owner);
	} else if (!strcmp(k, "group")) {
		t->has_group = conf_id(lx, w, true, &t->group);
	} else if (!strcmp(k, "bridge")) {
		conf_ifname(lx, &w[1], t->bridge);
	} else if (!strcmp(k, "address")) {
		conf_add_prefix(lx, w, false, t->addrs, &t->n_addrs, NET_MAX_ADDRS);
	} else if (!strcmp(k, "route")) {
		conf_add_prefix(lx, w, true, t->routes, &t->n_routes, NET_MAX_ROUTES);
	} else if (!strcmp(k, "proxy-arp")) {
		if (conf_onoff(lx, w, &on))
			t->proxy_arp = on;
	} else {
		conf_err(lx, w[0].line, "tap %s: unknown option '%s'", t->name, k);
	}
}

static void conf_switch_opt(struct conf_lex *lx, struct net_switch_conf *s,
			    struct net_tap_conf *t, const struct conf_word *w, int n)
{
	const char *k = w[0].text;

	if (!conf_nargs(lx, w, n, 1))
		return;
	if (!strcmp(k, "tap")) {
		conf_ifname(lx, &w[1], t->name);
	} else if (!strcmp(k, "bridge")) {
		conf_ifname(lx, &w[1], t->bridge);
	} else if (!strcmp(k, "address")) {
		conf_add_prefix(lx, w, false, t->addrs, &t->n_addrs, NET_MAX_ADDRS);
	} else if (!strcmp(k, "unix")) {
		if (w[1].text[0] != '/' || strlen(w[1].text) >= sizeof(s->unix_path))
			conf_err(lx, w[1].line, "unix: '%s' is not an absolute path of at most "
				 "%zu bytes", w[1].text, sizeof(s->unix_path) - 1);
		else
			str_set(s->unix_path, sizeof(s->unix_path), w[1].text);
	} else if (!strcmp(k, "hub")) {
		conf_onoff(lx, w, &s->hub);
	} else {
		conf_err(lx, w[0].line, "switch %s: unknown option '%s'", s->name, k);
	}
}

static void conf_nat_opt(struct conf_lex *lx, struct net_nat_conf *nat,
			 const struct conf_word *w, int n)
{
	const char *k = w[0].text;

	if (!conf_nargs(lx, w, n, 1))
		return;
	if (!strcmp(k, "out")) {
		conf_ifname(lx, &w[1], nat->out);
	} else if (!strcmp(k, "source")) {
		unsigned before = nat->n_sources;

		if (conf_add_prefix(lx, w, true, nat->sources, &nat->n_sources,
				    NET_MAX_NAT_SOURCES) &&
		    nat->sources[before].family != AF_INET) {
			conf_err(lx, w[1].line, "source: NAT is for IPv4 networks only");
			nat->n_sources--;
		}
	} else {
		conf_err(lx, w[0].line, "nat: unknown option '%s'", k);
	}
}

/* BLK_SKIP: a block whose header was wrong; its options are read and dropped */
enum conf_block { BLK_BRIDGE, BLK_TAP, BLK_SWITCH, BLK_NAT, BLK_SKIP };

/**
 * struct conf_blk - the block being read
 * @kind:	what it is
 * @bridge:	for BLK_BRIDGE
 * @tap:	for BLK_TAP, and the TAP of a BLK_SWITCH
 * @sw:		for BLK_SWITCH
 */
struct conf_blk {
	enum conf_block kind;
	struct net_bridge_conf *bridge;
	struct net_tap_conf *tap;
	struct net_switch_conf *sw;
};

static void conf_block_opt(struct conf_lex *lx, struct net_conf *c, struct conf_blk *b,
			   const struct conf_word *w, int n)
{
	switch (b->kind) {
	case BLK_BRIDGE:
		conf_bridge_opt(lx, b->bridge, w, n);
		break;
	case BLK_TAP:
		conf_tap_opt(lx, b->tap, w, n);
		break;
	case BLK_SWITCH:
		conf_switch_opt(lx, b->sw, b->tap, w, n);
		break;
	case BLK_NAT:
		conf_nat_opt(lx, &c->nat, w, n);
		break;
	case BLK_SKIP:
		break;
	}
}

/* Statements up to the closing brace of a block opened on line @line */
static void conf_block(struct conf_lex *lx, struct net_conf *c, struct conf_blk *b,
		       unsigned line)
{
	struct conf_word w[CONF_WORDS_MAX];

	for (;;) {
		enum tok term;
		int n = conf_words(lx, w, &term);

		if (n > 0)
			conf_block_opt(lx, c, b, w, n);
		if (term == TOK_RBRACE)
			return;
		if (term == TOK_EOF) {
			conf_err(lx, line, "block has no closing '}'");
			return;
		}
		if (term == TOK_LBRACE)
			conf_err(lx, lx->tok_line, "unexpected '{' (blocks do not nest)");
	}
}

static void tap_conf_init(struct net_tap_conf *t, unsigned line)
{
	memset(t, 0, sizeof(*t));
	t->proxy_arp = -1;
	t->line = line;
}

/* Start a block `KIND NAME {` or `nat {`; NULL kind-specific pointers if full */
static bool conf_block_start(struct conf_lex *lx, struct net_conf *c, const struct conf_word *w,
			     int n, struct conf_blk *b)
{
	const char *k = w[0].text;
	bool named = strcmp(k, "nat") != 0;

	memset(b, 0, sizeof(*b));
	if (n != (named ? 2 : 1)) {
		conf_err(lx, w[0].line, named ? "%s: expected '%s NAME {'" : "%s: expected '%s {'",
			 k, k);
		return false;
	}
	if (!strcmp(k, "bridge")) {
		struct net_bridge_conf tmp = { .opts = NL_BRIDGE_OPTS_INIT, .line = w[0].line };

		if (!conf_ifname(lx, &w[1], tmp.name))
			return false;
		if (c->n_bridges >= NET_MAX_BRIDGES) {
			conf_err(lx, w[0].line, "at most %d bridges", NET_MAX_BRIDGES);
			return false;
		}
		b->kind = BLK_BRIDGE;
		b->bridge = &c->bridges[c->n_bridges++];
		*b->bridge = tmp;
		return true;
	}
	if (!strcmp(k, "nat")) {
		if (c->nat.on) {
			conf_err(lx, w[0].line, "nat: only one block (line %u has one)", c->nat.line);
			return false;
		}
		c->nat.on = true;
		c->nat.line = w[0].line;
		b->kind = BLK_NAT;
		return true;
	}
	if (c->n_taps >= NET_MAX_TAPS) {
		conf_err(lx, w[0].line, "at most %d TAPs (switches included)", NET_MAX_TAPS);
		return false;
	}
	if (!strcmp(k, "tap")) {
		struct net_tap_conf *t = &c->taps[c->n_taps];

		tap_conf_init(t, w[0].line);
		if (!conf_ifname(lx, &w[1], t->name))
			return false;
		c->n_taps++;
		b->kind = BLK_TAP;
		b->tap = t;
		return true;
	}
	/* switch NAME: its TAP is an entry of c->taps, named by `tap` */
	if (strlen(w[1].text) >= NET_NAME_MAX || !text_ifname_is_valid(w[1].text)) {
		conf_err(lx, w[1].line, "switch: '%s' is not a valid name", w[1].text);
		return false;
	}
	if (c->n_switches >= NET_MAX_SWITCHES) {
		conf_err(lx, w[0].line, "at most %d switches", NET_MAX_SWITCHES);
		return false;
	}
	b->kind = BLK_SWITCH;
	b->sw = &c->switches[c->n_switches++];
	memset(b->sw, 0, sizeof(*b->sw));
	str_set(b->sw->name, sizeof(b->sw->name), w[1].text);
	b->sw->line = w[0].line;
	b->sw->tap = c->n_taps;
	b->tap = &c->taps[c->n_taps++];
	tap_conf_init(b->tap, w[0].line);
	/* the switch runs as root and opens the TAP: no owner needed */
	return true;
}

static void conf_macro_def(struct conf_lex *lx, const struct conf_word *w)
{
	const char *name = w[0].text;

	for (const char *p = name; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '_')) {
			conf_err(lx, w[0].line, "'%s' is not a macro name (letters, digits, '_')",
				 name);
			return;
		}
	for (unsigned i = 0; i < lx->n_macros; i++)
		if (!strcmp(lx->macros[i].name, name)) {
			snprintf(lx->macros[i].value, sizeof(lx->macros[i].value), "%s", w[2].text);
			return;
		}
	if (lx->n_macros >= NET_MAX_DEFINES) {
		conf_err(lx, w[0].line, "at most %d macros", NET_MAX_DEFINES);
		return;
	}
	snprintf(lx->macros[lx->n_macros].name, CONF_WORD_MAX, "%s", name);
	snprintf(lx->macros[lx->n_macros].value, CONF_WORD_MAX, "%s", w[2].text);
	lx->n_macros++;
}

static void conf_toplevel(struct conf_lex *lx, struct net_conf *c, const struct conf_word *w,
			  int n, enum tok term)
{
	const char *k = w[0].text;
	bool on;

	if (!strcmp(k, "bridge") || !strcmp(k, "tap") || !strcmp(k, "switch") ||
	    !strcmp(k, "nat")) {
		struct conf_blk b;

		if (term != TOK_LBRACE) {
			conf_err(lx, w[0].line, "%s: expected '{'", k);
			return;
		}
		if (conf_block_start(lx, c, w, n, &b))
			conf_block(lx, c, &b, w[0].line);
		else
			conf_block(lx, c, &(struct conf_blk){ .kind = BLK_SKIP }, w[0].line);
		return;
	}
	if (term == TOK_LBRACE) {
		conf_err(lx, w[0].line, "'%s' takes no block", k);
		conf_block(lx, c, &(struct conf_blk){ .kind = BLK_SKIP }, w[0].line);
		return;
	}
	if (n == 3 && !strcmp(w[1].text, "=")) {
		conf_macro_def(lx, w);
	} else if (!strcmp(k, "forward")) {
		if (conf_nargs(lx, w, n, 1) && conf_onoff(lx, w, &on))
			c->forward = on;
	} else if (!strcmp(k, "proxy-arp")) {
		if (!conf_nargs(lx, w, n, 1))
			return;
		if (c->n_proxy_arp >= NET_MAX_PROXY_ARP)
			conf_err(lx, w[0].line, "proxy-arp: at most %d interfaces",
				 NET_MAX_PROXY_ARP);
		else if (conf_ifname(lx, &w[1], c->proxy_arp[c->n_proxy_arp]))
			c->proxy_arp_line[c->n_proxy_arp++] = w[0].line;
	} else if (!strcmp(k, "dhcp")) {
		conf_err(lx, w[0].line, "dhcp: not supported yet; run a DHCP server on the "
			 "bridge (see umnet-net(8))");
	} else {
		conf_err(lx, w[0].line, "unknown keyword '%s'", k);
	}
}

/* Checks across the file, once it is read */

static bool name_taken(const struct net_conf *c, const char *name, const void *self)
{
	for (unsigned i = 0; i < c->n_bridges; i++)
		if ((const void *)&c->bridges[i] != self && !strcmp(c->bridges[i].name, name))
			return true;
	for (unsigned i = 0; i < c->n_taps; i++)
		if ((const void *)&c->taps[i] != self && !strcmp(c->taps[i].name, name))
			return true;
	return false;
}

static void conf_check_bridge(struct conf_lex *lx, const struct net_conf *c,
			      const struct net_bridge_conf *b)
{
	const struct nl_bridge_opts *o = &b->opts;

	if (name_taken(c, b->name, b))
		conf_err(lx, b->line, "bridge %s: the name is used twice", b->name);
	if (b->uplink[0] && name_taken(c, b->uplink, NULL))
		conf_err(lx, b->line, "bridge %s: uplink %s is a device this file creates",
			 b->name, b->uplink);
	for (unsigned i = 0; i < c->n_bridges && b->uplink[0]; i++)
		if (&c->bridges[i] < b && !strcmp(c->bridges[i].uplink, b->uplink))
			conf_err(lx, b->line, "bridge %s: uplink %s is taken over by bridge %s",
				 b->name, b->uplink, c->bridges[i].name);
	if (o->forward_delay_ms > CONF_FWD_DELAY_MAX_MS)
		conf_err(lx, b->line, "bridge %s: forward-delay must be at most 30 s", b->name);
	else if (o->stp == 1 && o->forward_delay_ms >= 0 &&
		 o->forward_delay_ms < CONF_FWD_DELAY_STP_MS)
		conf_err(lx, b->line, "bridge %s: forward-delay must be 2 to 30 s with stp on",
			 b->name);
}

static void conf_check_tap(struct conf_lex *lx, const struct net_conf *c,
			   const struct net_tap_conf *t, bool is_switch)
{
	const char *what = is_switch ? "switch TAP" : "tap";

	if (!t->name[0]) {
		conf_err(lx, t->line, "switch: no 'tap NAME' to attach the switch with");
		return;
	}
	if (name_taken(c, t->name, t))
		conf_err(lx, t->line, "%s %s: the name is used twice", what, t->name);
	if (t->bridge[0] && !net_conf_bridge(c, t->bridge))
		conf_err(lx, t->line, "%s %s: bridge %s is not declared in this file", what,
			 t->name, t->bridge);
	if (t->bridge[0] && (t->n_addrs || t->n_routes))
		conf_err(lx, t->line, "%s %s: a bridge port takes no address or route (give "
			 "them to the bridge)", what, t->name);
	if (is_switch && !t->bridge[0] && !t->n_addrs)
		conf_err(lx, t->line, "switch: its TAP %s needs a bridge or an address",
			 t->name);
}

static void conf_nat_defaults(struct conf_lex *lx, struct net_conf *c)
{
	struct net_nat_conf *nat = &c->nat;

	if (!nat->out[0])
		conf_err(lx, nat->line, "nat: no 'out IFNAME' to masquerade out of");
	if (nat->n_sources)
		return;
	/* Default: the IPv4 networks of the addresses given to bridges and TAPs */
	for (unsigned i = 0; i < c->n_bridges; i++)
		for (unsigned j = 0; j < c->bridges[i].n_addrs; j++)
			if (c->bridges[i].addrs[j].family == AF_INET &&
			    nat->n_sources < NET_MAX_NAT_SOURCES)
				nat->sources[nat->n_sources++] = c->bridges[i].addrs[j];
	for (unsigned i = 0; i < c->n_taps; i++)
		for (unsigned j = 0; j < c->taps[i].n_addrs; j++)
			if (c->taps[i].addrs[j].family == AF_INET &&
			    nat->n_sources < NET_MAX_NAT_SOURCES)
				nat->sources[nat->n_sources++] = c->taps[i].addrs[j];
	if (!nat->n_sources)
		conf_err(lx, nat->line, "nat: no 'source NETWORK', and no IPv4 address on a "
			 "bridge or TAP to take it from");
}

static void conf_check(struct conf_lex *lx, struct net_conf *c, int forward_line)
{
	bool routed = c->nat.on || c->n_proxy_arp > 0;

	for (unsigned i = 0; i < c->n_bridges; i++)
		conf_check_bridge(lx, c, &c->bridges[i]);
	for (unsigned i = 0; i < c->n_taps; i++) {
		bool is_switch = false;

		for (unsigned j = 0; j < c->n_switches; j++)
			is_switch |= c->switches[j].tap == i;
		conf_check_tap(lx, c, &c->taps[i], is_switch);
		routed |= c->taps[i].n_routes > 0;
	}
	for (unsigned i = 0; i < c->n_switches; i++) {
		if (!c->switches[i].unix_path[0])
			conf_err(lx, c->switches[i].line, "switch %s: no 'unix PATH' for guests "
				 "to connect to", c->switches[i].name);
		for (unsigned j = 0; j < i; j++)
			if (!strcmp(c->switches[i].name, c->switches[j].name))
				conf_err(lx, c->switches[i].line, "switch %s: the name is used "
					 "twice", c->switches[i].name);
	}
	if (c->nat.on) {
		conf_nat_defaults(lx, c);
		for (unsigned i = 0; i < c->nat.n_sources; i++)
			addr_prefix_mask(&c->nat.sources[i]);	/* nft wants 10.0.3.0/24 */
	}
	if (routed && c->forward == 0 && forward_line)
		conf_err(lx, (unsigned)forward_line, "forward off: NAT, proxy ARP and guest "
			 "routes need IPv4 forwarding");
	if (routed)
		c->forward = 1;
	if (c->forward < 0)
		c->forward = 0;
}

/**
 * net_conf_name() - A configuration's name, from its file name
 * @path:	"/etc/umnet/bridged.conf"
 * @name:	output, "bridged"; NET_NAME_MAX bytes are enough
 * @size:	its size
 *
 * The name keys the state file and the nftables table: letters, digits,
 * '_' and '-', at most NET_NAME_MAX - 1 characters.
 *
 * Return: 0, -EINVAL if the file name does not make a valid name
 */
int net_conf_name(const char *path, char *name, size_t size)
{
	const char *base = strrchr(path, '/');
	size_t n;

	base = base ? base + 1 : path;
	n = strlen(base);
	if (n > 5 && !strcmp(base + n - 5, ".conf"))
		n -= 5;
	if (n == 0 || n >= NET_NAME_MAX || n >= size)
		return -EINVAL;
	for (size_t i = 0; i < n; i++)
		if (!((base[i] >= 'a' && base[i] <= 'z') || (base[i] >= 'A' && base[i] <= 'Z') ||
		      (base[i] >= '0' && base[i] <= '9') || base[i] == '_' || base[i] == '-'))
			return -EINVAL;
	memcpy(name, base, n);
	name[n] = '\0';
	return 0;
}

/**
 * net_conf_parse() - Parse a configuration held in memory
 * @conf:	result
 * @file:	file name, for messages and the configuration's name
 * @text:	the text
 * @len:	its length
 * @defs:	macros from the command line, overriding the file's
 * @n_defs:	entries in @defs
 * @diag:	"file:line: message" lines for every error found
 *
 * Return: 0, or -EINVAL with @diag filled in
 */
int net_conf_parse(struct net_conf *conf, const char *file, const char *text, size_t len,
		   const struct net_define *defs, size_t n_defs, struct net_diag *diag)
{
	struct conf_lex *lx = calloc(1, sizeof(*lx));
	struct conf_word w[CONF_WORDS_MAX];
	int forward_line = 0, ret;

	memset(conf, 0, sizeof(*conf));
	memset(diag, 0, sizeof(*diag));
	conf->forward = -1;
	if (!lx)
		return -ENOMEM;
	*lx = (struct conf_lex){ .file = file, .p = text, .end = text + len, .line = 1,
				 .defs = defs, .n_defs = n_defs, .diag = diag };
	if (net_conf_name(file, conf->name, sizeof(conf->name)))
		conf_err(lx, 1, "the file name must be NAME.conf, NAME of letters, digits, '_' "
			 "and '-', at most %d characters", NET_NAME_MAX - 1);
	for (;;) {
		enum tok term;
		int n = conf_words(lx, w, &term);

		if (n > 0) {
			if (!strcmp(w[0].text, "forward"))
				forward_line = (int)w[0].line;
			conf_toplevel(lx, conf, w, n, term);
		} else if (n == 0 && (term == TOK_LBRACE || term == TOK_RBRACE)) {
			conf_err(lx, lx->tok_line, "unexpected '%c'",
				 term == TOK_LBRACE ? '{' : '}');
		}
		if (term == TOK_EOF)
			break;
	}
	/* Also after errors: a bad value should not hide the next one */
	conf_check(lx, conf, forward_line);
	ret = lx->errors ? -EINVAL : 0;
	free(lx);
	return ret;
}

/**
 * net_conf_load() - Read and parse a configuration file
 * @conf:	result
 * @path:	the file
 * @defs:	macros from the command line
 * @n_defs:	entries in @defs
 * @diag:	messages; a file that cannot be read gives "path: strerror"
 *
 * Return: 0, -EINVAL for errors in the file, -errno if it cannot be read
 */
int net_conf_load(struct net_conf *conf, const char *path, const struct net_define *defs,
		  size_t n_defs, struct net_diag *diag)
{
	char *buf = NULL;
	size_t len = 0;
	ssize_t n;
	int fd, ret;

	memset(diag, 0, sizeof(*diag));
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		ret = -errno;
		goto fail;
	}
	buf = malloc(CONF_FILE_MAX);
	if (!buf) {
		ret = -ENOMEM;
		close(fd);
		goto fail;
	}
	while ((n = read(fd, buf + len, CONF_FILE_MAX - len)) > 0)
		len += (size_t)n;
	ret = n < 0 ? -errno : len == CONF_FILE_MAX ? -EFBIG : 0;
	close(fd);
	if (!ret)
		ret = net_conf_parse(conf, path, buf, len, defs, n_defs, diag);
	free(buf);
	if (ret != -EINVAL && ret)
		goto fail;
	return ret;
fail:
	diag->n = 1;
	snprintf(diag->text, sizeof(diag->text), "%s: %s\n", path, strerror(-ret));
	return ret;
}

/**
 * net_conf_bridge() - Find a bridge of the configuration by name
 * @conf:	configuration
 * @name:	bridge name
 *
 * Return: the bridge, NULL if the file declares none of that name
 */
const struct net_bridge_conf *net_conf_bridge(const struct net_conf *conf, const char *name)
{
	for (unsigned i = 0; i < conf->n_bridges; i++)
		if (!strcmp(conf->bridges[i].name, name))
			return &conf->bridges[i];
	return NULL;
}
