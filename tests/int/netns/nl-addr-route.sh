#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# nl-addr-route.sh - links, addresses, routes and sysctls through nl.c, checked by iproute2
#
#  netns umnet-$$-r (nothing leaves it)
#
#   n$$a  <==== veth ====>  n$$b
#   10.202.$N.1/24            (renamed to n$$r, new MAC, MTU 1400)
#   2001:db8:202::1/64
#   routes: 10.203.0.0/16 via 10.202.$N.2 metric 50, 192.0.2.9/32 dev n$$a,
#           default via 10.202.$N.2, IPv6 default via 2001:db8:202::2
#
# umnet makes every change; `ip` checks each one. Failures must carry the
# kernel's own explanation (extended ack) after the errno text. Sysctls are
# the namespace's own: /proc/sys/net follows the network namespace.

. "$(dirname "$0")/../lib.sh"

need_root
need_cmd ip
umnet=$(umnet_bin umnet) || skip "umnet not built"

N=$(($$ % 250 + 1))
A=10.202.$N.1
GW=10.202.$N.2
VA=n$$a
VB=n$$b
VR=n$$r
ns=$(netns_add r)

u() {
	run ip netns exec "$ns" "$umnet" "$@"
}

# fails_with TEXT CMD... - CMD must exit 1 and say TEXT on stderr
fails_with() {
	local text=$1 rc=0

	shift
	ip netns exec "$ns" "$umnet" "$@" >/dev/null 2>"$UMNET_TMP/err" || rc=$?
	log "umnet $* -> $rc: $(cat "$UMNET_TMP/err")"
	[ "$rc" = 1 ] || fail "umnet $*: exit $rc, want 1"
	grep -qF -- "$text" "$UMNET_TMP/err" || fail "umnet $*: no '$text' in: $(cat "$UMNET_TMP/err")"
}

iplink() {
	ip -n "$ns" link show "$@"
}

# --- links --------------------------------------------------------------
u veth add "$VA" "$VB" || fail "veth add"
u link set "$VA" up || fail "up $VA"
u link set "$VB" up || fail "up $VB"
[[ $(iplink "$VA") == *"state UP"* ]] || fail "$VA not up: $(iplink "$VA")"
u link set "$VB" down name "$VR" address 02:00:00:00:02:02 mtu 1400 ||
	fail "down, rename, MAC and MTU at once"
d=$(iplink "$VR") || fail "no $VR after rename"
[[ $d == *"mtu 1400"* && $d == *"link/ether 02:00:00:00:02:02"* && $d != *",UP"* ]] ||
	fail "$VR: $d"
u link set "$VR" up || fail "up $VR"
ip netns exec "$ns" "$umnet" link show -j "$VR" |
	grep -q "\"name\":\"$VR\".*\"kind\":\"veth\",\"mtu\":1400,\"up\":true" ||
	fail "link show -j $VR"
# Kernel text reaches the user
fails_with "Invalid argument: " link set "$VA" mtu 70000
fails_with "No such device" link set "n$$none" up
fails_with "not a valid interface name" link set "a/b" up

# --- addresses ------------------------------------------------------------
u addr add "$A/24" dev "$VA" || fail "addr add v4"
u addr add 2001:db8:202::1/64 dev "$VA" || fail "addr add v6"
ip -n "$ns" -4 addr show dev "$VA" | grep -q "inet $A/24 " || fail "no $A/24 on $VA"
ip -n "$ns" -6 addr show dev "$VA" | grep -q "inet6 2001:db8:202::1/64 " || fail "no v6 on $VA"
ip netns exec "$ns" "$umnet" addr list -4 dev "$VA" | grep -qx "$VA *$A/24" ||
	fail "addr list -4 dev $VA"
ip netns exec "$ns" "$umnet" addr list -j -6 | grep -qF "\"prefix\":\"2001:db8:202::1/64\"" ||
	fail "addr list -j -6"
ip netns exec "$ns" "$umnet" addr list -j -4 | grep -qF "2001:db8" && fail "-4 lists IPv6"
fails_with "File exists" addr add "$A/24" dev "$VA"
fails_with "bad address" addr add "$A/33" dev "$VA"

# --- routes ---------------------------------------------------------------
u route add 10.203.0.0/16 via "$GW" dev "$VA" metric 50 || fail "route via, metric"
u route add 192.0.2.9 dev "$VA" || fail "host route"
u route add default via "$GW" || fail "default route"
u route add -6 default via 2001:db8:202::2 dev "$VA" || fail "IPv6 default route"
r=$(ip -n "$ns" route show 10.203.0.0/16)
[[ $r == "10.203.0.0/16 via $GW dev $VA"*"metric 50"* ]] || fail "route: '$r'"
r=$(ip -n "$ns" route show 192.0.2.9)
[[ $r == "192.0.2.9 dev $VA"*"scope link"* ]] || fail "host route: '$r'"
r=$(ip -n "$ns" route show default)
[[ $r == "default via $GW dev $VA"* ]] || fail "default: '$r'"
r=$(ip -n "$ns" -6 route show default)
[[ $r == "default via 2001:db8:202::2 dev $VA"* ]] || fail "v6 default: '$r'"
l=$(ip netns exec "$ns" "$umnet" route list -4)
log "$l"
grep -qx "default via $GW dev $VA metric 0" <<<"$l" || fail "route list: default"
grep -qx "10.203.0.0/16 via $GW dev $VA metric 50" <<<"$l" || fail "route list: via"
ip netns exec "$ns" "$umnet" route list -j -6 |
	grep -qF "{\"dst\":\"default\",\"gateway\":\"2001:db8:202::2\",\"dev\":\"$VA\"" ||
	fail "route list -j -6"
fails_with "File exists" route add default via "$GW"
fails_with "Invalid argument: " route add 10.204.0.1/16 dev "$VA"
fails_with "Network is unreachable" route add 10.205.0.0/16 via 10.99.0.1

u route del default via "$GW" || fail "route del default"
u route del 10.203.0.0/16 via "$GW" metric 50 || fail "route del via"
u route del 192.0.2.9 dev "$VA" || fail "route del host"
u route del -6 default || fail "route del v6 default"
[ -z "$(ip -n "$ns" route show default)" ] || fail "default route left"
[ -z "$(ip -n "$ns" -6 route show default)" ] || fail "v6 default route left"
[ -z "$(ip -n "$ns" route show 10.203.0.0/16)" ] || fail "route via left"
fails_with "No such process" route del default

u addr del "$A/24" dev "$VA" || fail "addr del"
ip -n "$ns" -4 addr show dev "$VA" | grep -q "inet " && fail "address left"
fails_with "Cannot assign requested address" addr del "$A/24" dev "$VA"

# --- sysctls, in this namespace only --------------------------------------
host_fwd=$(cat /proc/sys/net/ipv4/ip_forward)
[ "$(ip netns exec "$ns" "$umnet" sysctl forward)" = off ] || fail "forward not off in a new netns"
u sysctl forward on || fail "forward on"
u sysctl forward -6 on || fail "forward -6 on"
u sysctl proxy-arp "$VA" on || fail "proxy-arp on"
[ "$(ip netns exec "$ns" cat /proc/sys/net/ipv4/ip_forward)" = 1 ] || fail "ip_forward"
[ "$(ip netns exec "$ns" cat /proc/sys/net/ipv6/conf/all/forwarding)" = 1 ] || fail "v6 forwarding"
[ "$(ip netns exec "$ns" cat "/proc/sys/net/ipv4/conf/$VA/proxy_arp")" = 1 ] || fail "proxy_arp"
[ "$(ip netns exec "$ns" "$umnet" sysctl proxy-arp "$VA")" = on ] || fail "proxy-arp read back"
[ "$(cat /proc/sys/net/ipv4/ip_forward)" = "$host_fwd" ] || fail "the host's ip_forward changed"
fails_with "not a valid interface name" sysctl proxy-arp ../all on
fails_with "not a valid interface name" sysctl proxy-arp "$VA/../../all" on
fails_with "no interface" sysctl proxy-arp "n$$none" on
u sysctl proxy-arp "$VA" off || fail "proxy-arp off"
[ "$(ip netns exec "$ns" cat "/proc/sys/net/ipv4/conf/$VA/proxy_arp")" = 0 ] || fail "proxy_arp off"

# --- deletion -------------------------------------------------------------
u link del "$VA" || fail "link del"
iplink "$VA" >/dev/null 2>&1 && fail "$VA left"
iplink "$VR" >/dev/null 2>&1 && fail "peer $VR left"
fails_with "No such device" link del "$VA"

log "links, addresses, routes and sysctls as iproute2 sees them"
exit 0
