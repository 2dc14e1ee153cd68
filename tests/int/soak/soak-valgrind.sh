#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# soak-valgrind.sh - the soak (soak.bash) with the release build under valgrind
#
#   swsoak measure, churn x2, flood x2, sink x2 --- valgrind umnet-switch (release)
#
# ASan builds the checks into the binary; valgrind checks the binary users
# run (-O2, no instrumentation), so each sees what the other cannot. Any
# valgrind error (invalid access, uninitialised value in a branch or a
# syscall, a leak at exit) makes valgrind exit 1 and fails the test.
# Valgrind slows the switch some 20 to 50 times, so the load is lighter and
# shorter: SOAK_VALGRIND_MINUTES (default 0.5). Loss between A and B is
# reported, and bounded only loosely (SOAK_MAX_LOSS_PPM, default 50000):
# a slowed switch drops frames by design when queues fill.
. "$(dirname "$0")/../lib.sh"

need_cmd valgrind
UMNET_BIN=${UMNET_VALGRIND_BIN:-$UMNET_ROOT/build/bin}
[ -x "$UMNET_BIN/umnet-switch" ] ||
	skip "no release build in $UMNET_BIN (make bins unit builds it)"
. "$(dirname "$0")/../lib-switch.sh"
. "$(dirname "$0")/soak.bash"

SWITCH_WRAP="valgrind --error-exitcode=1 --leak-check=full --show-leak-kinds=definite,indirect
	--errors-for-leak-kinds=definite,indirect --track-origins=yes --num-callers=30"
SWITCH_WRAP=$(echo $SWITCH_WRAP)
SWITCH_START_TIMEOUT=60
SOAK_PPS=${SOAK_PPS:-200}
SOAK_KIDS=${SOAK_KIDS:-1}
SOAK_MAX_LOSS_PPM=${SOAK_MAX_LOSS_PPM:-50000}
# valgrind's own heap is part of the RSS: leaks are its leak check's job
SOAK_RSS_SLACK_KB=${SOAK_RSS_SLACK_KB:-65536}
soak_run "$(awk -v m="${SOAK_VALGRIND_MINUTES:-0.5}" 'BEGIN { printf "%d", m * 60 }')"
grep -E '==[0-9]+== +(ERROR SUMMARY|in use at exit|total heap usage|All heap blocks|definitely lost)' \
	"$(switch_log s)" >&2
grep -q 'ERROR SUMMARY: 0 errors' "$(switch_log s)" || {
	cat "$(switch_log s)" >&2
	fail "valgrind reported errors"
}
