#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# proxyarp.sh - umnet-net up examples/proxyarp.conf: no bridge; the host routes
# the guest's LAN address to tap0 and answers ARP for it on eth0 (and for the
# LAN on tap0); the guest reaches the LAN server with its own address and the
# LAN reaches the guest; down restores the host exactly
#
#   netns lan                           netns host
#   lan0 10.77.0.1, .2  <=veth=>  eth0 10.77.0.10 (proxy_arp)
#                                 tap0 (route 10.77.0.60/32, proxy_arp) -- guest 10.77.0.60/24
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lan.bash"

need_root
uml_need
lan_setup
CONF=$UMNET_ROOT/examples/proxyarp.conf
G=10.77.0.60
D=(-D "guest=$G")

ip netns exec "$HOST" sh -c 'echo 0 >/proc/sys/net/ipv4/ip_forward'
net_dump "$UMNET_TMP/before"
net "${D[@]}" up "$CONF" || fail "up"
on_exit "ip netns exec $HOST $NET -s $STATE -q down $CONF >/dev/null 2>&1"
ip -n "$HOST" route show "$G" | grep -q "dev tap0" || fail "no route to $G on tap0"
for f in ip_forward conf/eth0/proxy_arp conf/tap0/proxy_arp; do
	[ "$(ip netns exec "$HOST" cat /proc/sys/net/ipv4/$f)" = 1 ] || fail "$f is not 1"
done
up_again "$CONF" "${D[@]}"

uml_rootfs
uml_boot -n "$HOST" g '
run ip addr add '$G'/24 dev eth0 && run ip link set eth0 up || fail address
run ip route add default via '$LAN_GW'
ping -c 3 -W 2 '$LAN_SRV' >/dev/null || ping -c 3 -W 2 '$LAN_SRV' || fail "no ping to the LAN"
'"$GUEST_NC"'
signal g-done
await host-done 60' eth0=tuntap,tap0,52:54:00:77:00:60
uml_await g-done 60 || fail "guest did not finish"
run ip netns exec "$LAN" ping -c 3 -W 2 "$G" >/dev/null || fail "the LAN cannot reach the guest"
ip -n "$LAN" neigh show "$G" | grep -q "$(ip -n "$HOST" -j link show eth0 | grep -o '"address":"[^"]*"' | cut -d'"' -f4)" ||
	fail "the LAN did not learn the host's MAC for $G: $(ip -n "$LAN" neigh show "$G")"
uml_signal host-done
uml_wait g 30 || fail "guest failed"
[ "$(uml_result g greeting)" = "hello_$G" ] ||
	fail "the LAN server saw the guest as '$(uml_result g greeting)'"

net down "$CONF" || fail "down"
state_gone proxyarp
net_dump "$UMNET_TMP/after"
net_same "$UMNET_TMP/before" "$UMNET_TMP/after"
