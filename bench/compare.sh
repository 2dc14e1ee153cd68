#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# compare.sh - umnet-switch, vde_switch and uml_switch side by side under umnet-bench
#
#   bench/compare.sh [-r REPS] [-d WINDOW_MS] [-o RESULTS] [-s "umnet vde uml"] [-B]
#
#   -B  do not build: use build/bin/umnet-switch and build/bench/umnet-bench as they are
#
#   umnet-bench (one process, one thread, CPU 0)
#     ports: control connection + datagram socket each, as guests have
#       |            |            |
#   umnet-switch  vde_switch   uml_switch      (CPU 1; all three as shipped,
#   --sock DIR    -s DIR       -unix CTL        each on its own sockets in a
#                                               fresh tmp dir, one at a time)
#
# Builds the switch (release) and the generator, then for each repetition
# runs the floors (no switch; a relay process with no logic) and, for each switch in turn (the order rotates
# between repetitions), two fresh switch processes: one for throughput,
# latency, fan-out and stuck peer, one for the MAC flood (a flood leaves the
# classic switches' tables polluted). Prints one table of medians and the
# ratios umnet/vde_switch and umnet/uml_switch; raw result lines are kept in
# RESULTS (default build/bench/results.txt). Needs root only for *BUFFORCE
# and pinning other users' processes; runs in about 4 minutes with -r 3.
#
# Nothing is tuned for the classic switches or against them: same generator,
# same client buffers, same sysctls (net.unix.max_dgram_qlen as the system
# has it; it is printed with the table).

set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
REPS=3
WINDOW_MS=1000
RESULTS=$ROOT/build/bench/results.txt
SWITCHES="umnet vde uml"
BUILD=1
BENCH=$ROOT/build/bench/umnet-bench
UMNET=$ROOT/build/bin/umnet-switch

usage() {
	sed -n '3,6p' "$0" | sed 's/^# \{0,1\}//'
	exit "${1:-1}"
}

while getopts "r:d:o:s:Bh" o; do
	case $o in
	r) REPS=$OPTARG ;;
	d) WINDOW_MS=$OPTARG ;;
	o) RESULTS=$OPTARG ;;
	s) SWITCHES=$OPTARG ;;
	B) BUILD= ;;
	h) usage 0 ;;
	*) usage ;;
	esac
done

for s in $SWITCHES; do
	case $s in
	umnet) ;;
	vde) command -v vde_switch >/dev/null || { echo "vde_switch not installed (vde2)" >&2; exit 1; } ;;
	uml) command -v uml_switch >/dev/null || { echo "uml_switch not installed (uml-utilities)" >&2; exit 1; } ;;
	*) echo "unknown switch '$s' (umnet, vde, uml)" >&2; exit 1 ;;
	esac
done

if [ -n "$BUILD" ]; then
	make -C "$ROOT" --no-print-directory "$UMNET" bench >/dev/null
fi
mkdir -p "$(dirname "$RESULTS")"
: >"$RESULTS"

TMP=$(mktemp -d /tmp/umnet-bench-$$.XXXXXX)
SW_PID=
cleanup() {
	[ -n "$SW_PID" ] && stop_switch
	rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# wait_sock PATH - wait up to 5 s for a listening socket to appear
wait_sock() {
	for _ in $(seq 50); do
		[ -S "$1" ] && return 0
		sleep 0.1
	done
	echo "no socket at $1" >&2
	return 1
}

# start_switch NAME - start a fresh switch; sets SW_PID and EP (bench args)
start_switch() {
	rm -rf "${TMP:?}/$1" "$TMP/$1.ctl" "$TMP/$1.pid"
	case $1 in
	umnet)
		"$UMNET" --sock "$TMP/umnet" -n 300 -l warning </dev/null >>"$TMP/umnet.log" 2>&1 &
		SW_PID=$!
		wait_sock "$TMP/umnet/ctl"
		EP=(--vde "$TMP/umnet")
		;;
	vde)
		# -d: without a terminal on stdin its console would end it
		vde_switch -s "$TMP/vde" -n 300 -d -p "$TMP/vde.pid"
		wait_sock "$TMP/vde/ctl"
		SW_PID=$(cat "$TMP/vde.pid")
		EP=(--vde "$TMP/vde")
		;;
	uml)
		uml_switch -unix "$TMP/uml.ctl" </dev/null >>"$TMP/uml.log" 2>&1 &
		SW_PID=$!
		wait_sock "$TMP/uml.ctl"
		EP=(--uml "$TMP/uml.ctl")
		;;
	esac
}

# stop_switch - SIGTERM the switch we started, by pid, and wait for it
stop_switch() {
	kill -TERM "$SW_PID" 2>/dev/null || true
	for _ in $(seq 50); do
		kill -0 "$SW_PID" 2>/dev/null || break
		sleep 0.1
	done
	kill -KILL "$SW_PID" 2>/dev/null || true
	wait "$SW_PID" 2>/dev/null || true
	SW_PID=
}

# bench NAME TESTS - run umnet-bench against a fresh switch NAME
bench() {
	start_switch "$1"
	timeout 300 "$BENCH" "${EP[@]}" -p "$SW_PID" -n "$1" -a -d "$WINDOW_MS" -t "$2" \
		>>"$RESULTS" || echo "umnet-bench failed against $1" >&2
	stop_switch
}

start=$(date +%s)
for rep in $(seq "$REPS"); do
	order=$SWITCHES
	for _ in $(seq $(((rep - 1) % 3))); do	# rotate: no switch always runs first
		order="${order#* } ${order%% *}"
	done
	echo "repetition $rep/$REPS: floor $order" >&2
	"$BENCH" -n floor -a -d "$WINDOW_MS" -t floor,relay >>"$RESULTS"
	for s in $order; do
		bench "$s" tput,lat,fanout,stuck
		bench "$s" flood
	done
done
elapsed=$(($(date +%s) - start))

echo
echo "umnet-bench: medians of $REPS runs, ${WINDOW_MS} ms windows, $(nproc) CPUs" \
	"($(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //')), kernel $(uname -r)," \
	"net.unix.max_dgram_qlen=$(cat /proc/sys/net/unix/max_dgram_qlen), ${elapsed} s"
awk -f "$ROOT/bench/table.awk" "$RESULTS"
