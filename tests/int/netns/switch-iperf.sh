#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# switch-iperf.sh - iperf3 between two namespaces through umnet-switch, on TAPs
# made by umnet-tunctl and attached with --tap
#
#   netns a: TAP umt$$a 10.0.2.1/24 --+
#                                     +-- umnet-switch --tap A --tap B (netns sw)
#   netns b: TAP umt$$b 10.0.2.2/24 --+
#
# The switch opens both TAPs in netns sw; the devices then move to a and b
# (a TAP's descriptor stays attached when its device changes namespace).
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../lib-switch.sh"

need_root
need_cmd iperf3
tunctl=$(umnet_bin umnet-tunctl) || skip "umnet-tunctl not built"
sw=$(netns_add sw) || exit
na=$(netns_add a) || exit
nb=$(netns_add b) || exit
ta=umt$$a
tb=umt$$b
for t in $ta $tb; do
	ip netns exec "$sw" "$tunctl" -b -t "$t" >/dev/null || fail "umnet-tunctl -t $t"
done
switch_start -n "$sw" s --tap "$ta" --tap "$tb"
run ip -n "$sw" link set "$ta" netns "$na"
run ip -n "$sw" link set "$tb" netns "$nb"
run ip -n "$na" addr add 10.0.2.1/24 dev "$ta"
run ip -n "$nb" addr add 10.0.2.2/24 dev "$tb"
run ip -n "$na" link set "$ta" up
run ip -n "$nb" link set "$tb" up
ip netns exec "$na" ping -c 3 -i 0.2 -W 3 10.0.2.2 >/dev/null || fail "no ping through the switch"

ip netns exec "$nb" iperf3 -s -1 -p 5201 >"$UMNET_TMP/iperf-s.log" 2>&1 &
srv=$!
on_exit "kill $srv 2>/dev/null"
wait_for 5 eval "ip netns exec $nb ss -ltn | grep -q ':5201 '" || fail "iperf3 server not up"
ip netns exec "$na" iperf3 -c 10.0.2.2 -p 5201 -t 3 -J >"$UMNET_TMP/iperf.json" ||
	{ cat "$UMNET_TMP/iperf.json"; fail "iperf3 failed"; }
bps=$(sed -n 's/.*"bits_per_second":[[:space:]]*\([0-9.e+]*\).*/\1/p' "$UMNET_TMP/iperf.json" | tail -n 1)
log "iperf3 TCP through umnet-switch: $(awk -v b="$bps" 'BEGIN { printf "%.0f Mbit/s", b / 1e6 }')"
awk -v b="$bps" 'BEGIN { exit !(b > 1e6) }' || fail "iperf3 moved almost nothing: $bps bit/s"
wait $srv
switch_stop s
