/* SPDX-License-Identifier: GPL-2.0-or-later */
/* unit.h - a minimal unit test harness: TEST() registers, CHECK*() record failures */
#ifndef UMNET_UNIT_H
#define UMNET_UNIT_H

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

struct unit_test {
	const char *name;
	void (*fn)(void);
	struct unit_test *next;
};

void unit_register(struct unit_test *t);
void unit_fail(const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#define TEST(name)							\
	static void test_##name(void);					\
	static struct unit_test unit_##name = { #name, test_##name, NULL }; \
	__attribute__((constructor)) static void reg_##name(void)	\
	{ unit_register(&unit_##name); }				\
	static void test_##name(void)

#define CHECK(cond)							\
	do { if (!(cond)) unit_fail(__FILE__, __LINE__, "%s", #cond); } while (0)

#define CHECK_EQ(a, b)							\
	do {								\
		long long _a = (long long)(a), _b = (long long)(b);	\
		if (_a != _b)						\
			unit_fail(__FILE__, __LINE__, "%s == %s (%lld != %lld)", \
				  #a, #b, _a, _b);			\
	} while (0)

#define CHECK_STR(a, b)							\
	do {								\
		const char *_a = (a), *_b = (b);			\
		if (!_a || !_b || strcmp(_a, _b))			\
			unit_fail(__FILE__, __LINE__, "%s == %s (\"%s\" != \"%s\")", \
				  #a, #b, _a ? _a : "(null)", _b ? _b : "(null)"); \
	} while (0)

#define CHECK_MEM(a, b, n)						\
	do { if (memcmp((a), (b), (n)))					\
		unit_fail(__FILE__, __LINE__, "memcmp(%s, %s, %s)", #a, #b, #n); \
	} while (0)

#endif /* UMNET_UNIT_H */
