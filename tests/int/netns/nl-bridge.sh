#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# nl-bridge.sh - a bridge made by nl.c carries traffic between two namespaces
#
#  netns umnet-$$-a         netns umnet-$$-sw                       netns umnet-$$-b
#  +----------------+      +-------------------------------+      +----------------+
#  | eth0           |      |  u$$a ---+        +--- u$$b   |      | eth0           |
#  | 10.201.$N.1/24 |<====>|          [  br$$  ]           |<====>| 10.201.$N.2/24 |
#  +----------------+ veth |  ut$$t ---+ (TAP, --master)   | veth +----------------+
#                          +-------------------------------+
#
# Everything below is done with `umnet` (nl.c, tun.c), iproute2 only looks:
# bridge with options, veth pairs whose peers are created inside a and b,
# enslave, up, addresses; a TAP added with --master. a pings b through the
# bridge (5 of 5), b's MAC is learned on u$$b; released from the bridge, b is
# unreachable; enslaved again, reachable. The bridge goes with `bridge del`,
# which refuses to delete anything that is not a bridge.

. "$(dirname "$0")/../lib.sh"

need_root
need_cmd ip ping bridge
umnet=$(umnet_bin umnet) || skip "umnet not built"
[ -c /dev/net/tun ] || skip "no /dev/net/tun (tun module not loaded?)"

N=$(($$ % 250 + 1))
A=10.201.$N.1
B=10.201.$N.2
BR=br$$
VA=u$$a
VB=u$$b
TAP=ut$$t
[ ${#TAP} -le 15 ] || bail "names too long"

nsa=$(netns_add a)
nsb=$(netns_add b)
nssw=$(netns_add sw)

# u NS ARGS... - umnet in namespace NS, echoed
u() {
	local ns=$1

	shift
	run ip netns exec "$ns" "$umnet" "$@"
}

# Bridge with options: STP off, forward delay 4 s, hello 1 s, ageing 30 s
u "$nssw" bridge add "$BR" stp off forward-delay 4 hello-time 1 ageing-time 30 ||
	fail "bridge add"
d=$(ip -n "$nssw" -d link show "$BR")
for want in "stp_state 0" "forward_delay 400" "hello_time 100" "ageing_time 3000"; do
	[[ $d == *"$want"* ]] || fail "bridge $BR: no '$want' in: $d"
done
u "$nssw" bridge set "$BR" ageing-time 60 || fail "bridge set"
[[ $(ip -n "$nssw" -d link show "$BR") == *"ageing_time 6000"* ]] || fail "ageing time not changed"

# veth pairs, peers born inside a and b
u "$nssw" veth add "$VA" eth0 netns "$nsa" || fail "veth add $VA"
u "$nssw" veth add "$VB" eth0 netns "$nsb" || fail "veth add $VB"
ip -n "$nsa" link show eth0 >/dev/null || fail "peer eth0 not in $nsa"
for v in "$VA" "$VB"; do
	u "$nssw" link set "$v" master "$BR" up || fail "enslave $v"
done
u "$nssw" link set "$BR" up || fail "bridge up"
[[ $(ip -n "$nssw" link show "$VA") == *"master $BR"* ]] || fail "$VA not enslaved"

u "$nsa" addr add "$A/24" dev eth0 || fail "addr a"
u "$nsb" addr add "$B/24" dev eth0 || fail "addr b"
u "$nsa" link set eth0 up || fail "a up"
u "$nsb" link set eth0 up || fail "b up"

# A TAP straight onto the bridge
tap=$(ip netns exec "$nssw" "$umnet" tap add --master "$BR" --up --mtu 1400 "$TAP") ||
	fail "tap add --master"
on_exit "ip netns exec $nssw $umnet tap del $TAP 2>/dev/null"
[ "$tap" = "$TAP" ] || fail "tap add printed '$tap'"
d=$(ip -n "$nssw" link show "$TAP")
[[ $d == *"master $BR"* && $d == *"mtu 1400"* && $d == *"UP"* ]] || fail "TAP state: $d"
ip netns exec "$nssw" "$umnet" tap list -j | grep -q "\"name\":\"$TAP\".*\"master\":\"$BR\"" ||
	fail "tap list does not show $TAP on $BR"

# a -> b through the bridge
lost() {
	ip netns exec "$nsa" ping -c "$1" -i 0.2 -W 1 "$B" 2>&1 |
		sed -n 's/.* \([0-9]*\)% packet loss.*/\1/p'
}
reachable() {
	ip netns exec "$nsa" ping -c 1 -W 1 "$B" >/dev/null 2>&1
}
wait_for 10 reachable || fail "$B unreachable from a through $BR"
loss=$(lost 5)
[ "$loss" = 0 ] || fail "ping a -> b: ${loss:-?}% loss"
mac_b=$(ip -n "$nsb" link show eth0 | awk '/link\/ether/ { print $2 }')
bridge -n "$nssw" fdb show br "$BR" | grep -q "^$mac_b dev $VB " ||
	fail "bridge did not learn $mac_b on $VB"

# Released, b is cut off; enslaved again, back
u "$nssw" link set "$VB" nomaster || fail "release $VB"
[[ $(ip -n "$nssw" link show "$VB") == *"master"* ]] && fail "$VB still enslaved"
ip -n "$nsa" neigh flush dev eth0
reachable && fail "$B reachable with $VB out of the bridge"
u "$nssw" link set "$VB" master "$BR" || fail "re-enslave $VB"
wait_for 10 reachable || fail "$B unreachable after re-enslaving $VB"

# Deleting: only bridges
rc=0; ip netns exec "$nssw" "$umnet" bridge del "$VA" 2>"$UMNET_TMP/err" || rc=$?
[ "$rc" = 1 ] && grep -q "is not a bridge" "$UMNET_TMP/err" ||
	fail "bridge del of a veth: exit $rc: $(cat "$UMNET_TMP/err")"
ip -n "$nssw" link show "$VA" >/dev/null 2>&1 || fail "bridge del removed $VA"
u "$nssw" bridge del "$BR" || fail "bridge del"
ip -n "$nssw" link show "$BR" >/dev/null 2>&1 && fail "$BR still there"
[[ $(ip -n "$nssw" link show "$VA") == *"master"* ]] && fail "$VA still has a master"

log "bridge from nl.c switched a <-> b; enslave, release and delete checked"
exit 0
