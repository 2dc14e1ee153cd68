#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# bridge-taps.sh - two TAPs made by umnet-tunctl, in a bridge made by the
# netlink layer (umnet bridge/tap), carry traffic between two UML guests
#
#   netns $ns:  bridge umb$$ (umnet bridge add) -- TAP umt$$x, TAP umt$$y
#   guest x: eth0=tuntap,umt$$x 10.0.3.1/24      guest y: eth0=tuntap,umt$$y 10.0.3.2/24
. "$(dirname "$0")/../lib.sh"

need_root
uml_need
tunctl=$(umnet_bin umnet-tunctl) || skip "umnet-tunctl not built"
umnet=$(umnet_bin umnet) || skip "umnet not built"
ns=$(netns_add br) || exit
br=umb$$
tx=umt$$x
ty=umt$$y
in_ns() { ip netns exec "$ns" "$@"; }
run in_ns "$umnet" bridge add "$br" stp off forward-delay 0 || fail "bridge add"
for t in $tx $ty; do
	out=$(in_ns "$tunctl" -u 0 -t "$t") || fail "umnet-tunctl -t $t: $out"
	run in_ns "$umnet" link set "$t" master "$br" up || fail "enslave $t"
done
run in_ns "$umnet" link set "$br" up || fail "bridge up"
[ "$(ip -n "$ns" -o link show master "$br" | wc -l)" = 2 ] || fail "TAPs not in the bridge"

uml_rootfs
body='
run ip addr add "$1"/24 dev eth0 && run ip link set eth0 up || fail "address"
signal "$UMNET_GUEST-up"
await "$2-up" || exit 1
ping -c 10 -i 0.2 -W 3 "$3" >/run/p
cat /run/p
result loss "$(sed -n "s/.* \([0-9.]*\)% packet loss.*/\1/p" /run/p)"
signal "$UMNET_GUEST-done"
await "$2-done" 60'
uml_boot -n "$ns" y "set -- 10.0.3.2 x 10.0.3.1; $body" "eth0=tuntap,$ty,52:54:00:00:05:02"
uml_boot -n "$ns" x "set -- 10.0.3.1 y 10.0.3.2; $body" "eth0=tuntap,$tx,52:54:00:00:05:01"
for g in x y; do
	uml_wait $g 60 || fail "guest $g failed"
	[ "$(uml_result $g loss)" = 0 ] || fail "guest $g: loss $(uml_result $g loss)%"
done
for t in $tx $ty; do in_ns "$tunctl" -d "$t" >/dev/null || fail "tunctl -d $t"; done
run in_ns "$umnet" bridge del "$br" || fail "bridge del"
