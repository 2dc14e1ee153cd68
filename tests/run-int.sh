#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# run-int.sh - run the integration tests: tests/int/<group>/<name>.sh
#
# Exit status of a test: 0 pass, 77 skip (it says why), anything else fail.
# UMNET_REQUIRE_ALL=1 (CI) turns every skip into a failure.
# UMNET_TESTS=REGEX runs only the tests whose group/name matches.
# UMNET_JOBS=N runs N tests at once (default 1: guests are heavy on 2 cores).
# Logs: build/test-logs/<group>-<name>.log; a failing test's log is printed.
set -u
cd "$(dirname "$0")/.."
export UMNET_BIN=${UMNET_BIN:-$PWD/build/asan/bin}
export UMNET_BUILD=${UMNET_BUILD:-$PWD/build}
logs=$UMNET_BUILD/test-logs
mkdir -p "$logs"
jobs=${UMNET_JOBS:-1}

pass=0 fail=0 skip=0
failed_names=""

run_one() {
	local t=$1 name log start rc
	name=$(echo "$t" | sed 's|tests/int/||; s|\.sh$||; s|/|-|')
	log=$logs/$name.log
	start=$(date +%s)
	timeout -k 10 "${UMNET_TEST_TIMEOUT:-600}" "$t" >"$log" 2>&1 </dev/null
	rc=$?
	echo "$rc $(( $(date +%s) - start )) $name" >"$log.rc"
}

tests=$(ls tests/int/*/*.sh 2>/dev/null | grep -E "${UMNET_TESTS:-.}" || true)
running=0
for t in $tests; do
	run_one "$t" &
	running=$((running + 1))
	if [ "$running" -ge "$jobs" ]; then
		wait -n
		running=$((running - 1))
	fi
done
wait

for t in $tests; do
	name=$(echo "$t" | sed 's|tests/int/||; s|\.sh$||; s|/|-|')
	read -r rc secs _ <"$logs/$name.log.rc"
	if [ "$rc" = 0 ]; then
		pass=$((pass + 1))
		echo "ok   $name (${secs}s)"
	elif [ "$rc" = 77 ] && [ "${UMNET_REQUIRE_ALL:-0}" != 1 ]; then
		skip=$((skip + 1))
		echo "SKIP $name: $(grep -m1 -i 'skip' "$logs/$name.log" | sed 's/^.*SKIP:\? *//')"
	else
		fail=$((fail + 1))
		failed_names="$failed_names $name"
		[ "$rc" = 77 ] && echo "FAIL $name: skipped, but UMNET_REQUIRE_ALL=1 requires it to run" \
			|| echo "FAIL $name (exit $rc, ${secs}s)"
		echo "---- last lines of $logs/$name.log"
		tail -n 40 "$logs/$name.log" | sed 's/^/    /'
		echo "----"
	fi
done
[ -n "$failed_names" ] && echo "failed:$failed_names"
echo "integration: $pass passed, $fail failed, $skip skipped"
[ "$fail" = 0 ]
