// SPDX-License-Identifier: GPL-2.0-or-later
/* main.c - run every registered unit test, print "N passed, N failed" */

#include <stdarg.h>
#include <stdlib.h>

#include "unit.h"

static struct unit_test *tests, **tail = &tests;
static unsigned failures_in_test;

void unit_register(struct unit_test *t)
{
	*tail = t;
	tail = &t->next;
}

void unit_fail(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	failures_in_test++;
	fprintf(stderr, "    %s:%d: check failed: ", file, line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int main(int argc, char **argv)
{
	unsigned passed = 0, failed = 0;

	for (struct unit_test *t = tests; t; t = t->next) {
		if (argc > 1 && !strstr(t->name, argv[1]))
			continue;
		failures_in_test = 0;
		t->fn();
		if (failures_in_test) {
			failed++;
			printf("FAIL %s\n", t->name);
		} else {
			passed++;
			printf("ok   %s\n", t->name);
		}
		fflush(stdout);
	}
	printf("unit: %u passed, %u failed\n", passed, failed);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
