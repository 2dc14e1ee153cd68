#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# run.sh - all tests: unit tests (sanitizer build), then integration tests
set -u
cd "$(dirname "$0")/.."
export UMNET_BIN=${UMNET_BIN:-$PWD/build/asan/bin}
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

echo "== unit tests"
build/asan/tests/unit-tests >build/unit.log 2>&1
urc=$?
grep -E '^(FAIL|    )' build/unit.log
tail -n 1 build/unit.log
read -r up uf < <(tail -n 1 build/unit.log | sed -E 's/^unit: ([0-9]+) passed, ([0-9]+) failed.*/\1 \2/')
[ "$urc" = 0 ] || [ "${uf:-0}" != 0 ] || uf=1	# crashed before its summary

echo "== integration tests"
tests/run-int.sh | tee build/int.log
irc=${PIPESTATUS[0]}
read -r ip if is < <(tail -n 1 build/int.log | sed -E 's/^integration: ([0-9]+) passed, ([0-9]+) failed, ([0-9]+) skipped/\1 \2 \3/')

p=$(( ${up:-0} + ${ip:-0} )) f=$(( ${uf:-1} + ${if:-1} ))
echo "total: $p passed, $f failed, ${is:-0} skipped"
[ "$urc" = 0 ] && [ "$irc" = 0 ] && [ "$f" = 0 ]
