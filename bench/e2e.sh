#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# e2e.sh - iperf3 between two network namespaces through each switch, TAP to TAP
#
#   bench/e2e.sh [-t SECONDS] [-r REPS] [-s "bridge umnet vde uml"] [-T "tcp1 tcp4 udp64"]
#                [-o RESULTS] [-B]
#
#   netns umnet-PID-a          netns umnet-PID-s                 netns umnet-PID-b
#   ta 10.199.0.1/24 ==TAP fd== [ switch process ] ==TAP fd== tb 10.199.0.2/24
#   iperf3 client                                             iperf3 server
#
# The switch runs in its own namespace, opens both TAPs there, and each TAP is
# then moved into an endpoint namespace (the switch keeps its descriptor).
#   umnet:  umnet-switch --tap ta --tap tb
#   vde:    vde_switch -t ta -t tb
#   uml:    uml_switch -tap ta carries only one TAP; tb is attached by
#           umnet-bench --tap-plug (a plain poll() forwarder, as vde_plug2tap
#           is for VDE; Debian's libvdeplug cannot open a uml_switch socket),
#           and its CPU is counted with the switch's
#   bridge: the in-kernel reference, a bridge with a veth pair to each side
#           (a TAP needs a process behind it), with the offloads veth has
# Tests: iperf3 TCP with 1 and 4 streams, UDP with 64-byte payloads at full
# speed (106-byte frames). Reports throughput, switch CPU seconds per GB moved
# (schedstat of the switch processes) and whole-machine CPU seconds per GB
# (/proc/stat), one "e2e ..." line per run, then a table of medians.
#
# Needs root, iperf3 and jq. Everything it creates is named umnet-PID-* and
# removed on exit; it kills only processes it started, by pid.

set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
SECS=4
REPS=1
SWITCHES="bridge umnet vde uml"
TESTS="tcp1 tcp4 udp64"
RESULTS=$ROOT/build/bench/e2e.txt
BUILD=1
UMNET=$ROOT/build/bin/umnet-switch
BENCH=$ROOT/build/bench/umnet-bench
P=umnet-$$
NS_A=$P-a NS_B=$P-b NS_S=$P-s
IP_A=10.199.0.1 IP_B=10.199.0.2

while getopts "t:r:s:T:o:Bh" o; do
	case $o in
	t) SECS=$OPTARG ;;
	r) REPS=$OPTARG ;;
	s) SWITCHES=$OPTARG ;;
	T) TESTS=$OPTARG ;;
	o) RESULTS=$OPTARG ;;
	B) BUILD= ;;
	h) sed -n '3,5p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	*) exit 1 ;;
	esac
done

for t in $TESTS; do
	case $t in tcp1|tcp4|udp64) ;; *) echo "e2e.sh: unknown test $t (tcp1 tcp4 udp64)" >&2; exit 1 ;; esac
done
[ "$(id -u)" = 0 ] || { echo "e2e.sh: needs root (namespaces, TAPs)" >&2; exit 77; }
for t in iperf3 jq ip; do
	command -v $t >/dev/null || { echo "e2e.sh: $t is not installed" >&2; exit 77; }
done
if [ -n "$BUILD" ]; then
	make -C "$ROOT" --no-print-directory "$UMNET" bench >/dev/null
fi
mkdir -p "$(dirname "$RESULTS")"
: >"$RESULTS"
TMP=$(mktemp -d /tmp/$P.XXXXXX)
PIDS=()

teardown() {
	local p
	for p in "${PIDS[@]}"; do
		kill -TERM "$p" 2>/dev/null || true
	done
	for p in "${PIDS[@]}"; do
		for _ in $(seq 30); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
		kill -KILL "$p" 2>/dev/null || true
		wait "$p" 2>/dev/null || true
	done
	PIDS=()
	for n in $NS_A $NS_B $NS_S; do
		ip netns del "$n" 2>/dev/null || true
	done
}
cleanup() {
	teardown
	rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# wait_for SECONDS CMD... - poll until CMD succeeds
wait_for() {
	local t=$1
	shift
	for _ in $(seq $((t * 10))); do
		"$@" >/dev/null 2>&1 && return 0
		sleep 0.1
	done
	return 1
}

# cpu_ns PID... - ns on CPU of all threads of the given processes
cpu_ns() {
	local p sum=0 v
	for p in "$@"; do
		for f in /proc/"$p"/task/*/schedstat; do
			read -r v _ <"$f" 2>/dev/null || continue
			sum=$((sum + v))
		done
	done
	echo $sum
}

# sys_busy_ns - CPU time of the whole machine, all CPUs, not idle, in ns
sys_busy_ns() {
	awk -v hz="$(getconf CLK_TCK)" '/^cpu / {
		printf "%.0f\n", ($2 + $3 + $4 + $7 + $8) * 1e9 / hz }' /proc/stat
}

# tx_dropped NS DEV - frames the device dropped on its way out (for a TAP:
# its queue to the switch was full)
tx_dropped() {
	ip -n "$1" -s -j link show "$2" | jq '.[0].stats64.tx.dropped'
}

# rcvbuf_errors NS - UDP datagrams dropped at a full socket buffer in NS
rcvbuf_errors() {
	ip netns exec "$1" awk '/^Udp:/ { if (!h) { for (i = 1; i <= NF; i++) c[$i] = i; h = 1 }
		else print $c["RcvbufErrors"] }' /proc/net/snmp
}

iperf3_listening() {
	[ -n "$(ip netns exec $NS_B ss -Hltn 'sport = :5201')" ]
}

# setup KIND - namespaces, the switch and its TAPs; sets SW_PIDS
setup() {
	local n
	for n in $NS_A $NS_B $NS_S; do
		ip netns add "$n"
		ip -n "$n" link set lo up
	done
	SW_PIDS=()
	case $1 in
	bridge)
		ip -n $NS_S link add br0 type bridge
		ip -n $NS_S link set br0 up
		ip -n $NS_S link add ta type veth peer name ta-br
		ip -n $NS_S link add tb type veth peer name tb-br
		for n in ta-br tb-br; do
			ip -n $NS_S link set $n master br0 up
		done
		;;
	umnet)
		ip netns exec $NS_S "$UMNET" --sock "$TMP/umnet" --tap ta --tap tb -l warning \
			</dev/null >"$TMP/umnet.log" 2>&1 &
		PIDS+=($!) SW_PIDS=($!)
		;;
	vde)
		ip netns exec $NS_S vde_switch -s "$TMP/vde" -t ta -t tb -d -p "$TMP/vde.pid"
		wait_for 5 test -s "$TMP/vde.pid"
		PIDS+=("$(cat "$TMP/vde.pid")") SW_PIDS=("$(cat "$TMP/vde.pid")")
		;;
	uml)
		ip netns exec $NS_S uml_switch -unix "$TMP/uml.ctl" -tap ta </dev/null \
			>"$TMP/uml.log" 2>&1 &
		PIDS+=($!) SW_PIDS=($!)
		wait_for 5 test -S "$TMP/uml.ctl"
		ip netns exec $NS_S "$BENCH" --uml "$TMP/uml.ctl" --tap-plug tb </dev/null \
			>"$TMP/plug.log" 2>&1 &
		PIDS+=($!) SW_PIDS+=($!)
		;;
	esac
	if ! wait_for 10 ip -n $NS_S link show ta || ! wait_for 10 ip -n $NS_S link show tb; then
		echo "$1: the TAPs did not appear" >&2
		cat "$TMP"/*.log >&2 2>/dev/null
		return 1
	fi
	ip -n $NS_S link set ta netns $NS_A
	ip -n $NS_S link set tb netns $NS_B
	ip -n $NS_A addr add $IP_A/24 dev ta
	ip -n $NS_B addr add $IP_B/24 dev tb
	ip -n $NS_A link set ta up
	ip -n $NS_B link set tb up
	ip netns exec $NS_B iperf3 -s -B $IP_B >/dev/null 2>&1 &
	PIDS+=($!)
	wait_for 10 ip netns exec $NS_A ping -c 1 -W 1 $IP_B ||
		{ echo "$1: no ping between the namespaces" >&2; return 1; }
	wait_for 5 iperf3_listening || { echo "$1: iperf3 server not listening" >&2; return 1; }
}

# measure KIND TEST ARGS... - one iperf3 run, prints an "e2e" line
measure() {
	local kind=$1 test=$2 sw0 sys0 sw1 sys1 out bytes bps pps loss=0 where=""
	local td0 rb0 pkts
	shift 2
	td0=$(tx_dropped $NS_A ta)
	rb0=$(rcvbuf_errors $NS_B)
	sw0=$(cpu_ns "${SW_PIDS[@]}")
	sys0=$(sys_busy_ns)
	out=$(timeout $((SECS + 20)) ip netns exec $NS_A iperf3 -c $IP_B -t "$SECS" -J "$@") ||
		{ echo "$kind $test: iperf3 failed" >&2; return 0; }
	sw1=$(cpu_ns "${SW_PIDS[@]}")
	sys1=$(sys_busy_ns)
	if [ "$test" = udp64 ]; then
		bytes=$(jq '.end.sum.bytes * (1 - .end.sum.lost_percent / 100)' <<<"$out")
		pps=$(jq '(.end.sum.packets - .end.sum.lost_packets) / .end.sum.seconds' <<<"$out")
		loss=$(jq '.end.sum.lost_percent' <<<"$out")
		bps=$(jq '.end.sum.bits_per_second * (1 - .end.sum.lost_percent / 100)' <<<"$out")
		# where the lost ones went: at the sending TAP (the switch did not
		# read them in time) or at the receiver's full socket buffer
		pkts=$(jq '.end.sum.packets' <<<"$out")
		where=$(awk -v p="$pkts" -v td=$(($(tx_dropped $NS_A ta) - td0)) \
			-v rb=$(($(rcvbuf_errors $NS_B) - rb0)) 'BEGIN {
			if (p > 0) printf " lost_at_tap_pct=%.2f lost_at_rcvbuf_pct=%.2f",
				100 * td / p, 100 * rb / p }')
	else
		bytes=$(jq '.end.sum_received.bytes' <<<"$out")
		bps=$(jq '.end.sum_received.bits_per_second' <<<"$out")
		pps=0
	fi
	awk -v k="$kind" -v t="$test" -v b="$bytes" -v bps="$bps" -v pps="$pps" \
	    -v sw=$((sw1 - sw0)) -v sys=$((sys1 - sys0)) -v nsw=${#SW_PIDS[@]} -v loss="$loss" \
	    -v where="$where" 'BEGIN {
		gb = b / 1e9
		printf "e2e switch=%s test=%s gbps=%.3f kpps=%.1f loss_pct=%.2f sw_s_per_gb=%s " \
		    "sys_s_per_gb=%.3f%s\n", k, t, bps / 1e9, pps / 1e3, loss,
		    nsw ? sprintf("%.3f", sw / 1e9 / gb) : "-", sys / 1e9 / gb, where }'
}

for rep in $(seq "$REPS"); do
	for s in $SWITCHES; do
		echo "repetition $rep/$REPS: $s" >&2
		if setup "$s"; then
			for t in $TESTS; do
				case $t in
				tcp1) measure "$s" tcp1 -P 1 ;;
				tcp4) measure "$s" tcp4 -P 4 ;;
				udp64) measure "$s" udp64 -u -l 64 -b 0 ;;
				esac
			done >>"$RESULTS"
		fi
		teardown
	done
done

echo
echo "e2e: medians of $REPS runs of ${SECS} s, $(nproc) CPUs, kernel $(uname -r)"
awk '
function median(s,    a, n, i, j, t) {
	n = split(s, a, " ")
	for (i = 2; i <= n; i++)
		for (j = i; j > 1 && a[j - 1] + 0 > a[j] + 0; j--) {
			t = a[j]; a[j] = a[j - 1]; a[j - 1] = t
		}
	return n == 0 ? "" : n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}
/^e2e / {
	delete kv
	for (i = 2; i <= NF; i++) { split($i, p, "="); kv[p[1]] = p[2] }
	k = kv["switch"] SUBSEP kv["test"]
	for (m in kv) V[k, m] = V[k, m] " " kv[m]
	if (!(kv["test"] in seen)) { seen[kv["test"]] = 1; tests[++nt] = kv["test"] }
}
END {
	split("bridge umnet vde uml", sw, " ")
	printf "%-28s %9s %9s %9s %9s %9s %9s\n", "figure", "bridge", "umnet", "vde_sw",
	    "uml_sw", "umnet/vde", "umnet/uml"
	split("gbps:Gbit/s|kpps:kpackets/s|loss_pct:loss % (-)|sw_s_per_gb:switch CPU s/GB (-)|" \
	      "sys_s_per_gb:machine CPU s/GB (-)", ms, "|")
	for (t = 1; t <= nt; t++) {
		for (i = 1; i in ms; i++) {
			split(ms[i], mm, ":")
			if ((mm[1] == "kpps" || mm[1] == "loss_pct") && tests[t] != "udp64")
				continue
			if (mm[1] == "gbps" && tests[t] == "udp64")
				continue
			label = tests[t] ": " mm[2]
			for (j = 1; j <= 4; j++)
				v[j] = median(V[sw[j], tests[t], mm[1]])
			printf "%-28s %9s %9s %9s %9s %9s %9s\n", label, v[1] == "" ? "-" : v[1],
			    v[2] == "" ? "-" : v[2], v[3] == "" ? "-" : v[3], v[4] == "" ? "-" : v[4],
			    v[2] != "" && v[3] + 0 ? sprintf("%.2f", v[2] / v[3]) : "-",
			    v[2] != "" && v[4] + 0 ? sprintf("%.2f", v[2] / v[4]) : "-"
		}
	}
}' "$RESULTS"
