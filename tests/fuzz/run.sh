#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# run.sh - run libFuzzer harnesses for a bounded time each and summarise them
#
# Usage: tests/fuzz/run.sh build/fuzz/fuzz_NAME...      (`make fuzz` calls it)
#
# Each harness starts from its committed seeds, tests/fuzz/corpus/NAME, and
# grows a scratch corpus in build/fuzz/corpus/NAME (kept between runs, never
# committed by this script). A crash, leak, timeout or broken invariant fails
# the run; the input is kept as build/fuzz/artifacts/NAME-crash-... and can be
# replayed with `build/fuzz/fuzz_NAME FILE`.
#
# Environment:
#   FUZZ_SECONDS=N     time per harness (default 60; CI uses a few seconds;
#                      0 only replays the corpora: a quick regression check)
#   FUZZ_ARGS="..."    extra libFuzzer options, e.g. "-jobs=2 -workers=2"
#   FUZZ_MINIMIZE=1    after the runs, merge each scratch corpus into a
#                      minimal set under build/fuzz/min/NAME (candidates
#                      for new seeds; review before committing)
set -u
cd "$(dirname "$0")/../.."
secs=${FUZZ_SECONDS:-60}
out=build/fuzz
mkdir -p "$out/artifacts" "$out/logs"
export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

if [ $# = 0 ]; then
	for f in "$out"/fuzz_*; do
		[ -x "$f" ] && [[ ${f##*/} != *.* ]] && set -- "$@" "$f"
	done
fi
[ $# -gt 0 ] || { echo "run.sh: no harnesses built (make fuzz builds them)" >&2; exit 1; }
failed=""
printf '%-10s %5s %12s %10s %6s %7s %6s\n' harness secs execs exec/s cov ft corpus
for bin in "$@"; do
	name=${bin##*/fuzz_}
	seeds=tests/fuzz/corpus/$name
	work=$out/corpus/$name
	log=$out/logs/$name.log
	dict=()
	[ -f "tests/fuzz/$name.dict" ] && dict=("-dict=tests/fuzz/$name.dict")
	mkdir -p "$work" "$seeds"
	limit=(-max_total_time="$secs")
	[ "$secs" = 0 ] && limit=(-runs=0)
	# -timeout: one input may take at most 10 s (an endless loop is a bug)
	"$bin" "${limit[@]}" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
		-artifact_prefix="$out/artifacts/$name-" "${dict[@]}" ${FUZZ_ARGS:-} \
		"$work" "$seeds" >"$log" 2>&1
	rc=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
	rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
	last=$(grep -E '^#[0-9]+.*cov: ' "$log" | tail -n 1)
	cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")
	ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")
	corp=$(sed -n 's/.* corp: \([0-9]*\)\/.*/\1/p' <<<"$last")
	printf '%-10s %5s %12s %10s %6s %7s %6s' "$name" "$secs" "${execs:-?}" "${rate:-?}" \
		"${cov:-?}" "${ft:-?}" "${corp:-?}"
	if [ "$rc" = 0 ]; then
		echo
	else
		echo "   FAIL (exit $rc)"
		failed="$failed $name"
		grep -E 'ERROR|invariant|runtime error|SUMMARY|Test unit written' "$log" | head -n 20 |
			sed 's/^/    /'
	fi
	if [ "${FUZZ_MINIMIZE:-0}" = 1 ]; then
		rm -rf "$out/min/$name"
		mkdir -p "$out/min/$name"
		"$bin" -merge=1 "${dict[@]}" "$out/min/$name" "$seeds" "$work" >>"$log" 2>&1
	fi
done
if [ -n "$failed" ]; then
	echo "fuzz: failed:$failed (logs in $out/logs, inputs in $out/artifacts)"
	exit 1
fi
echo "fuzz: $# harnesses, ${secs} s each, no crash"
