#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# offload.sh - TAP offloads follow the ports: on while only TAPs are connected
# (TCP crosses as GSO super-frames), off while a socket port is, and TCP
# keeps flowing across both switch-overs
#
#   netns a: TAP umt$$a 10.0.4.1 --+
#                                  +-- umnet-switch --tap A --tap B --unix CTL (netns sw)
#   netns b: TAP umt$$b 10.0.4.2 --+        ^
#                                  swclient joins for 2 s mid-stream, then leaves
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../lib-switch.sh"

need_root
need_cmd iperf3
[ -x "$SWCLIENT" ] || skip "no $SWCLIENT (make unit builds it)"
tunctl=$(umnet_bin umnet-tunctl) || skip "umnet-tunctl not built"
sw=$(netns_add sw) || exit
na=$(netns_add a) || exit
nb=$(netns_add b) || exit
d=$(tmpdir sw)
ta=umt$$a
tb=umt$$b
for t in $ta $tb; do
	ip netns exec "$sw" "$tunctl" -b -t "$t" >/dev/null || fail "umnet-tunctl -t $t"
done
switch_start -n "$sw" s --tap "$ta" --tap "$tb" --unix "$d/ctl"
grep -q 'TAP offloads on' "$(switch_log s)" || fail "offloads not on with only TAPs"
run ip -n "$sw" link set "$ta" netns "$na"
run ip -n "$sw" link set "$tb" netns "$nb"
run ip -n "$na" addr add 10.0.4.1/24 dev "$ta"
run ip -n "$nb" addr add 10.0.4.2/24 dev "$tb"
run ip -n "$na" link set "$ta" up
run ip -n "$nb" link set "$tb" up
ip netns exec "$na" ping -c 3 -i 0.2 -W 3 10.0.4.2 >/dev/null || fail "no ping through the switch"

ip netns exec "$nb" iperf3 -s -1 -p 5202 >"$UMNET_TMP/iperf-s.log" 2>&1 &
srv=$!
on_exit "kill $srv 2>/dev/null"
wait_for 5 eval "ip netns exec $nb ss -ltn | grep -q ':5202 '" || fail "iperf3 server not up"
ip netns exec "$na" iperf3 -c 10.0.4.2 -p 5202 -t 6 -J >"$UMNET_TMP/iperf.json" &
cli=$!
sleep 2
# a socket peer joins mid-stream (offloads off) and leaves (offloads on again)
ip netns exec "$sw" "$SWCLIENT" "$d/ctl" hold 2 >/dev/null || fail "socket client failed"
wait $cli || { cat "$UMNET_TMP/iperf.json"; fail "iperf3 failed across the switch-overs"; }
wait $srv
log "$(grep -c 'TAP offloads' "$(switch_log s)") offload switch-overs logged"
grep -q 'TAP offloads off' "$(switch_log s)" || fail "offloads not turned off for a socket port"
[ "$(grep 'TAP offloads' "$(switch_log s)" | tail -n 1 | grep -c 'on')" = 1 ] ||
	fail "offloads not back on after the socket port left"
bps=$(jq '.end.sum_received.bits_per_second' "$UMNET_TMP/iperf.json")
log "iperf3 TCP across the switch-overs: $(awk -v b="$bps" 'BEGIN { printf "%.0f Mbit/s", b / 1e6 }')"
awk -v b="$bps" 'BEGIN { exit !(b > 1e7) }' || fail "TCP stalled across the switch-overs: $bps bit/s"
switch_stop s
