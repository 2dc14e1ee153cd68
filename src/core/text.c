// SPDX-License-Identifier: GPL-2.0-or-later
/* text.c - words, numbers, names and JSON strings: the one text toolkit; no I/O
 *
 * DOC: Theory of operation
 *
 * Every line of words umnet reads or writes uses one dialect: the
 * management protocol's requests (cmdparse.c), umnet-ctl's command lines
 * sent to the switch, and umnet-net's steps as `plan` prints them and its
 * state file keeps them (net/step.c). Words are separated by spaces and
 * tabs; double quotes group, anywhere in a word; inside quotes \" \\ \n and
 * \t stand for a quote, a backslash, a newline and a tab, and no other
 * escape exists. text_quote() writes a word so that text_split() reads it
 * back unchanged, quoting only where needed.
 *
 * Numbers are whole decimal numbers in a range (the strtonum idiom); file
 * modes are octal. JSON strings escape everything outside printable ASCII
 * as \u00XX: names from the kernel or a guest need not be UTF-8.
 */

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"

/**
 * text_ulong_parse() - Parse a whole decimal number within a range
 * @s:		text: digits only, no sign or white space
 * @min:	smallest accepted value
 * @max:	largest accepted value
 * @out:	result
 *
 * Return: 0, -EINVAL if @s is not a number, -ERANGE if outside [@min, @max]
 */
int text_ulong_parse(const char *s, unsigned long min, unsigned long max, unsigned long *out)
{
	unsigned long v;
	char *end;

	if (!s || *s < '0' || *s > '9')
		return -EINVAL;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (*end)
		return -EINVAL;
	if (errno == ERANGE || v < min || v > max)
		return -ERANGE;
	*out = v;
	return 0;
}

/**
 * text_mode_parse() - Parse an octal file mode such as 0660
 * @s:		text
 * @mode:	result, at most 07777
 *
 * Return: 0 or -EINVAL
 */
int text_mode_parse(const char *s, unsigned *mode)
{
	unsigned long v;
	char *end;

	if (!s || *s < '0' || *s > '7')
		return -EINVAL;
	errno = 0;
	v = strtoul(s, &end, 8);
	if (*end || errno || v > 07777)
		return -EINVAL;
	*mode = (unsigned)v;
	return 0;
}

/**
 * text_onoff_parse() - Parse "on" or "off"
 * @s:		text
 * @on:		result
 *
 * Return: 0 or -EINVAL
 */
int text_onoff_parse(const char *s, bool *on)
{
	if (s && !strcmp(s, "on"))
		*on = true;
	else if (s && !strcmp(s, "off"))
		*on = false;
	else
		return -EINVAL;
	return 0;
}

/**
 * text_secs_parse() - Parse seconds with up to two decimals: "15", "0.5", "1.25"
 * @s:		text, at most 1000000 seconds
 * @ms:		result in milliseconds (a multiple of 10, the kernel's bridge unit)
 *
 * Return: 0 or -EINVAL
 */
int text_secs_parse(const char *s, long *ms)
{
	char whole[12];
	const char *dot;
	unsigned long w, frac = 0;
	size_t n, fn;

	if (!s)
		return -EINVAL;
	dot = strchr(s, '.');
	n = dot ? (size_t)(dot - s) : strlen(s);
	if (n == 0 || n >= sizeof(whole))
		return -EINVAL;
	memcpy(whole, s, n);
	whole[n] = '\0';
	if (text_ulong_parse(whole, 0, 1000000, &w))
		return -EINVAL;
	if (dot) {
		fn = strlen(dot + 1);
		if (fn == 0 || fn > 2 || text_ulong_parse(dot + 1, 0, 99, &frac))
			return -EINVAL;
		if (fn == 1)
			frac *= 10;
	}
	*ms = (long)(w * 1000 + frac * 10);
	return 0;
}

/* The character an escape inside quotes stands for, 0 for none */
static char unescape(char c)
{
	switch (c) {
	case '"':
	case '\\':
		return c;
	case 'n':
		return '\n';
	case 't':
		return '\t';
	default:
		return 0;
	}
}

/**
 * text_split() - Split a line into words, in place
 * @line:	NUL-terminated text; modified
 * @argv:	word pointers (into @line)
 * @max:	size of @argv
 * @err:	error message buffer
 * @errlen:	its size
 *
 * Words are separated by spaces and tabs; double quotes group, and inside
 * them \" \\ \n and \t are the only escapes (see the DOC above).
 *
 * Return: number of words, -EINVAL for an unterminated quote or an unknown
 * escape, -E2BIG for more than @max words
 */
int text_split(char *line, char **argv, unsigned max, char *err, size_t errlen)
{
	char *r = line, *w = line;
	unsigned n = 0;

	for (;;) {
		bool quoted = false;

		while (*r == ' ' || *r == '\t')
			r++;
		if (!*r)
			return (int)n;
		if (n >= max)
			return text_errf(err, errlen, -E2BIG, "more than %u words", max);
		argv[n++] = w;
		while (*r && (quoted || (*r != ' ' && *r != '\t'))) {
			if (*r == '"') {
				quoted = !quoted;
				r++;
			} else if (quoted && *r == '\\') {
				char c = unescape(r[1]);

				if (!c)
					return text_errf(err, errlen, -EINVAL, "inside quotes, only "
							 "\\\", \\\\, \\n and \\t are escapes");
				*w++ = c;
				r += 2;
			} else {
				*w++ = *r++;
			}
		}
		if (quoted)
			return text_errf(err, errlen, -EINVAL, "unterminated quote");
		if (*r)
			r++;	/* the separator; w never passes r */
		*w++ = '\0';
	}
}

static bool word_needs_quotes(const char *s)
{
	if (!*s)
		return true;
	for (; *s; s++)
		if ((unsigned char)*s <= ' ' || *s == '"' || *s == '\\' || *s == '#' ||
		    *s == 0x7f)
			return true;
	return false;
}

/**
 * text_quote() - One word as text_split() reads it back, quoted if needed
 * @word:	the word
 * @out:	output
 * @len:	its size
 *
 * Words that are empty or hold white space, control characters, '"', '\'
 * or '#' are quoted; inside the quotes '"', '\', newline and tab are
 * escaped, every other byte is written as it is.
 *
 * Return: length written (without NUL), or -ENOSPC
 */
int text_quote(const char *word, char *out, size_t len)
{
	bool need = word_needs_quotes(word);
	size_t o = 0;

#define PUT(c) do { if (o < len) out[o] = (c); o++; } while (0)
	if (need)
		PUT('"');
	for (const char *s = word; *s; s++) {
		if (!need) {
			PUT(*s);
			continue;
		}
		switch (*s) {
		case '"':
		case '\\':
			PUT('\\');
			PUT(*s);
			break;
		case '\n':
			PUT('\\');
			PUT('n');
			break;
		case '\t':
			PUT('\\');
			PUT('t');
			break;
		default:
			PUT(*s);
		}
	}
	if (need)
		PUT('"');
#undef PUT
	if (o >= len)
		return -ENOSPC;
	out[o] = '\0';
	return (int)o;
}

/**
 * text_json_str() - A JSON string literal, quotes included (RFC 8259)
 * @out:	output, may be NULL if @size is 0
 * @size:	its size
 * @s:		text; '"' and '\' are escaped, bytes outside printable ASCII
 *		written as \u00XX
 *
 * As snprintf(): writes what fits, always NUL-terminated if @size > 0.
 *
 * Return: the length of the whole literal (without NUL); output was cut
 * short if that is @size or more
 */
size_t text_json_str(char *out, size_t size, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	size_t o = 0;

#define PUT(c) do { if (o + 1 < size) out[o] = (c); o++; } while (0)
	PUT('"');
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\') {
			PUT('\\');
			PUT((char)*p);
		} else if (*p < 0x20 || *p >= 0x7f) {
			PUT('\\');
			PUT('u');
			PUT('0');
			PUT('0');
			PUT(hex[*p >> 4]);
			PUT(hex[*p & 0xf]);
		} else {
			PUT((char)*p);
		}
	}
	PUT('"');
#undef PUT
	if (size)
		out[o < size ? o : size - 1] = '\0';
	return o;
}

/**
 * text_errf() - Say what went wrong in an error buffer, and return the error
 * @err:	error message buffer, may be NULL
 * @errlen:	its size
 * @ret:	what to return
 * @fmt:	printf format
 *
 * Return: @ret, so that a parser can write `return text_errf(err, ...)`
 */
int text_errf(char *err, size_t errlen, int ret, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	text_verrf(err, errlen, ret, fmt, ap);
	va_end(ap);
	return ret;
}

/**
 * text_verrf() - text_errf() with a va_list
 * @err:	error message buffer, may be NULL
 * @errlen:	its size
 * @ret:	what to return
 * @fmt:	printf format
 * @ap:		its arguments
 *
 * Return: @ret
 */
int text_verrf(char *err, size_t errlen, int ret, const char *fmt, va_list ap)
{
	if (!err || !errlen)
		return ret;
	/* clang-tidy 14 loses va_start() in every file after the first it
	 * analyses in one run (make check) and then flags this call */
	// NOLINTNEXTLINE(clang-analyzer-valist.Uninitialized)
	if (vsnprintf(err, errlen, fmt, ap) < 0)
		err[0] = '\0';
	return ret;
}

static bool ifname_char_is_valid(unsigned char c)
{
	/* The kernel refuses '/', ':' and white space (dev_valid_name()); we
	 * also refuse '%' (a name template) and control characters, which
	 * would reach terminals and logs
	 */
	return c > 0x20 && c != 0x7f && c != '/' && c != ':' && c != '%';
}

/**
 * text_ifname_is_valid() - Whether a string can name a network device
 * @name:	candidate, may be NULL
 *
 * 1 to 15 bytes, not "." or "..", none of '/', ':', '%', white space or
 * control characters. Such a name is also safe as a /proc/sys path element.
 *
 * Return: true if valid
 */
bool text_ifname_is_valid(const char *name)
{
	size_t n;

	if (!name)
		return false;
	n = strnlen(name, TEXT_IFNAMSIZ);
	if (n == 0 || n >= TEXT_IFNAMSIZ || !strcmp(name, ".") || !strcmp(name, ".."))
		return false;
	for (size_t i = 0; i < n; i++)
		if (!ifname_char_is_valid((unsigned char)name[i]))
			return false;
	return true;
}

/**
 * text_ifname_is_template() - Whether a string is a name template like "tap%d"
 * @name:	candidate, may be NULL
 *
 * Exactly one "%d", which the kernel replaces with the lowest free number,
 * otherwise the rules of text_ifname_is_valid(), at most 15 bytes as given.
 *
 * Return: true if a valid template
 */
bool text_ifname_is_template(const char *name)
{
	char probe[TEXT_IFNAMSIZ];
	const char *p;
	size_t n;

	if (!name || (n = strnlen(name, TEXT_IFNAMSIZ)) >= TEXT_IFNAMSIZ)
		return false;
	p = strchr(name, '%');
	if (!p || p[1] != 'd' || strchr(p + 2, '%'))
		return false;
	/* "%d" -> "0": one byte shorter, so it fits */
	memcpy(probe, name, (size_t)(p - name));
	probe[p - name] = '0';
	memcpy(probe + (p - name) + 1, p + 2, n - (size_t)(p - name) - 1);
	return text_ifname_is_valid(probe);
}
