#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# capture.sh - pcap streams from the switch (tshark reads them), BPF filters,
# per-port captures, a mirror port, and a stuck capture reader that loses
# capture frames but never guest frames
#
#   l2peer B (port 1) <--10 unicast-- l2peer A (port 2)
#   l2peer C (port 3) --5 broadcast--> B, A        umnet-ctl capture 1|all ---> pcap
#   swclient pair (--size 1500) while a capture reader is stuck
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../lib-switch.sh"

L2PEER=$(dirname "$UMNET_BIN")/tests/l2peer
[ -x "$SWCLIENT" ] && [ -x "$L2PEER" ] || skip "no test peers (make unit builds them)"
need_cmd tshark
d=$(tmpdir cap)
MGMT=$d/ctl.mgmt
CTL=("$UMNET_BIN/umnet-ctl" -s "$MGMT")	# in the background: $! is umnet-ctl itself
ctl() { "${CTL[@]}" "$@"; }
nports() { ctl ports | tail -n +2 | grep -c .; }
tx() { ctl stats "$1" | awk -v p="$1" '$1 == p { print $4 }'; }
# frames FILE [FILTER] - frames in a pcap file (tshark must read it cleanly)
frames() {
	tshark -r "$1" ${2:+-Y "$2"} 2>"$d/tshark.err" | wc -l
	grep -v 'Running as user' "$d/tshark.err" >&2 && fail "tshark: $1: $(cat "$d/tshark.err")"
	return 0
}
MAC_A=52:54:00:ca:00:0a MAC_B=52:54:00:ca:00:0b MAC_C=52:54:00:ca:00:0c

switch_start s --unix "$d/ctl"

# 1. the pipe the README shows, with a count: 1000 frames and 2 announcements
ctl capture -c 1002 -w - | tshark -r - -T fields -e eth.type >"$d/types" 2>/dev/null &
# shellcheck disable=SC2034 # used in eval
pipe_pid=$!
wait_for 5 eval 'ctl stats | grep -q "^capture all"' || fail "capture did not start"
out=$("$SWCLIENT" "$d/ctl" pair 1000)
[ "$out" = "sent 1000 received 1000" ] || fail "pair during capture: $out"
wait_for 10 eval '! kill -0 $pipe_pid 2>/dev/null' || fail "capture -c 1002 did not end"
[ "$(grep -c '^0x88b5$' "$d/types")" = 1002 ] ||
	fail "tshark -r - read $(grep -c . "$d/types") frames, expected 1002 of type 0x88b5"

# 2. a BPF filter, and an interrupted capture that still leaves a whole file
"${CTL[@]}" capture all -f "ether src 52:54:00:aa:00:02" -w "$d/f.pcap" &
cap_pid=$!
wait_for 5 eval 'ctl stats | grep -q "filter \"ether src"' || fail "filtered capture"
"$SWCLIENT" "$d/ctl" pair 200 >/dev/null
wait_for 5 eval 'ctl stats | grep -q "filter .*: 1 frames"' || fail "filter counted wrong"
kill -INT $cap_pid
wait $cap_pid || fail "capture interrupted by SIGINT exited $?"
[ "$(frames "$d/f.pcap")" = 1 ] || fail "filtered capture: $(frames "$d/f.pcap") frames"
ctl capture -f "no such filter" 2>&1 | grep -q "can't parse filter" || fail "bad filter accepted"

# 3. a port's capture: what came from it and what went to it
"$L2PEER" "$d/ctl" $MAC_B announce waitfile "$d/release" &
on_exit "touch $d/release"
wait_for 5 eval '[ "$(nports)" = 1 ]' || fail "B did not connect"
"$L2PEER" "$d/ctl" $MAC_A waitfile "$d/p1" dst $MAC_B burst 10 waitfile "$d/p2" \
	dst $MAC_B burst 10 waitfile "$d/p3" dst $MAC_B burst 10 waitfile "$d/release" &
wait_for 5 eval '[ "$(nports)" = 2 ]' || fail "A did not connect"
"$L2PEER" "$d/ctl" $MAC_C waitfile "$d/p1" burst 5 waitfile "$d/release" &
wait_for 5 eval '[ "$(nports)" = 3 ]' || fail "C did not connect"
timeout 20 "${CTL[@]}" capture 1 -c 15 -w "$d/p1.pcap" &
c1=$!
timeout 20 "${CTL[@]}" capture all -c 15 -w "$d/all.pcap" &
c2=$!
wait_for 5 eval '[ "$(ctl stats | grep -c "^capture")" = 2 ]' || fail "captures did not start"
touch "$d/p1"
wait $c1 || fail "capture 1 ended with $?"
wait $c2 || fail "capture all ended with $?"
[ "$(frames "$d/p1.pcap" "eth.src == $MAC_A && eth.dst == $MAC_B")" = 10 ] ||
	fail "capture 1: A's unicast to B missing"
[ "$(frames "$d/p1.pcap" "eth.src == $MAC_C")" = 5 ] || fail "capture 1: C's broadcasts missing"
[ "$(frames "$d/all.pcap")" = 15 ] || fail "capture all: not each frame once"

# 4. mirror B's port (1) to C's (3): C gets a copy of A's unicast to B, then no more
wait_for 5 eval '[ "$(tx 3)" = 0 ]' || fail "C received something before the mirror"
ctl mirror 1 to 3
ctl ports | awk '$1 == 1' | grep -q 'mirror->3' || fail "ports does not show the mirror"
touch "$d/p2"
wait_for 5 eval '[ "$(tx 3)" = 10 ]' || fail "mirror: C got $(tx 3) frames, expected 10"
ctl mirror off
touch "$d/p3"
wait_for 5 eval '[ "$(tx 1)" = 35 ]' || fail "B did not get A's third burst"
[ "$(tx 3)" = 10 ] || fail "mirror off: C still got copies"
ctl mirror 1 to 9 2>/dev/null && fail "mirror to a missing port"

# 5. a capture of a port ends when the port does
"${CTL[@]}" capture 1 -w "$d/end.pcap" &
c1=$!
wait_for 5 eval 'ctl stats | grep -q "^capture 1 "' || fail "capture 1 did not start"
touch "$d/release"
wait_for 10 eval '! kill -0 $c1 2>/dev/null' || fail "capture 1 outlived port 1"
wait $c1 || fail "capture 1 exited $? when its port went"

# 6. at most 8 captures at once
caps=()
for _ in 1 2 3 4 5 6 7 8; do
	"${CTL[@]}" capture -w /dev/null &
	caps+=($!)
	on_exit "kill $! 2>/dev/null"
done
wait_for 10 eval '[ "$(ctl stats | grep -c "^capture")" = 8 ]' || fail "8 captures did not start"
ctl capture -w /dev/null 2>&1 | grep -q '8 captures run already' || fail "9th capture accepted"
kill "${caps[@]}"
wait_for 10 eval '[ "$(ctl stats | grep -c "^capture")" = 0 ]' || fail "captures did not end"

# 7. a stuck reader (umnet-ctl blocked on a pipe nobody reads): the reader
# loses frames, counted; the guests lose none
# shellcheck disable=SC2216 # a reader that never reads is the point
ctl capture -w - | sleep 300 &
stuck=$!
wait_for 5 eval 'ctl stats | grep -q "^capture all"' || fail "stuck capture did not start"
out=$("$SWCLIENT" --size 1500 "$d/ctl" pair 5000)
[ "$out" = "sent 5000 received 5000" ] || fail "with a stuck capture reader: $out"
ctl stats | grep '^capture'
dropped=$(ctl -j stats | sed -n 's/.*"captures":\[.*"dropped":\([0-9]*\).*/\1/p')
[ "${dropped:-0}" -gt 0 ] || fail "the stuck reader lost no frames: were they kept?"
ctl stats | grep -q 'dropped (reader behind)' || fail "capture drops not shown"
kill $stuck
wait_for 10 eval '! ctl stats | grep -q "^capture"' || fail "capture not ended with its reader"
switch_stop s
exit 0
