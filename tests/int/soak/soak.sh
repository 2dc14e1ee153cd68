#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# soak.sh - the switch (ASan build) under churn, faults, floods and stalled readers
#
#   swsoak measure (A <-> B, counted) ------+
#   swsoak churn x3 (uml, vde, stream) -----+
#   swsoak flood x2: runts, 64 KiB, > 64 KiB +-- umnet-switch (ASan)
#   swsoak sink x2: never read -------------+
#
# SOAK_MINUTES (default 1) of load after a warm-up; see soak.bash for the
# phases and knobs, docs/robustness.md for figures. A long run:
#   SOAK_MINUTES=30 UMNET_TEST_TIMEOUT=2400 UMNET_TESTS='soak/soak\.sh' tests/run-int.sh
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../lib-switch.sh"
. "$(dirname "$0")/soak.bash"

# ASan keeps freed memory in quarantine (256 MiB by default) to catch use
# after free; thousands of ports free their queues, so RSS would climb
# towards that cap and say nothing about leaks. A smaller quarantine lets
# RSS settle after the warm-up; LeakSanitizer still checks at exit.
export ASAN_OPTIONS="$ASAN_OPTIONS:quarantine_size_mb=16:allocator_release_to_os_interval_ms=1000"

soak_run "$(awk -v m="${SOAK_MINUTES:-1}" 'BEGIN { printf "%d", m * 60 }')"
