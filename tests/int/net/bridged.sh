#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# bridged.sh - umnet-net up examples/bridged.conf: br0 takes over eth0; a UML
# guest on tap0 is a machine of the LAN; a TCP connection from the host to the
# LAN server survives up and down; down restores the host exactly
#
#   netns lan                         netns host
#   lan0 10.77.0.1 (gw)               eth0 ----+
#        10.77.0.2 (server) <=veth=>           [br0 10.77.0.10, default via .1]
#                                     tap0 ----+
#                                       guest g: eth0=tuntap,tap0 10.77.0.50/24
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lan.bash"

need_root
uml_need
lan_setup
CONF=$UMNET_ROOT/examples/bridged.conf

hold_start
hold_check before
net_dump "$UMNET_TMP/before"

out=$(net plan "$CONF") || fail "plan: $out"
echo "$out" >&2
[ "$(net plan "$CONF")" = "$out" ] || fail "plan is not stable"
net_dump "$UMNET_TMP/after-plan"
net_same "$UMNET_TMP/before" "$UMNET_TMP/after-plan"

net up "$CONF" || fail "up"
hold_check after-up
[ "$(ip -n "$HOST" -j link show eth0 | grep -o '"master":"[^"]*"')" = '"master":"br0"' ] ||
	fail "eth0 is not a port of br0"
ip -n "$HOST" addr show dev br0 | grep -q "inet $HOST_IP/24" || fail "no $HOST_IP on br0"
ip -n "$HOST" route show default | grep -q "via $LAN_GW dev br0" || fail "default route not on br0"
[ -z "$(ip -n "$HOST" -4 addr show dev eth0)" ] || fail "eth0 kept its IPv4 address"
[ "$(ip -n "$HOST" -j link show br0 | grep -o '"address":"[^"]*"')" = \
  "$(grep -o '"address":"[^"]*"' <<<"$(ip -n "$HOST" -j link show eth0)")" ] ||
	fail "br0 does not have eth0's MAC"
ip -n "$HOST" -d link show br0 | grep -q "forward_delay 0 .*stp_state 0" || fail "bridge options"
ip -n "$HOST" -d link show tap0 | grep -q "master br0" || fail "tap0 not on br0"
owner=$(getent passwd 1000 | cut -d: -f1); owner=${owner:-1000}
ip -n "$HOST" -d link show tap0 | grep -q "tun type tap .*persist on user $owner" ||
	fail "tap0: $(ip -n "$HOST" -d link show tap0)"
up_again "$CONF"

uml_rootfs
uml_boot -n "$HOST" g '
run ip addr add 10.77.0.50/24 dev eth0 && run ip link set eth0 up || fail address
run ip route add default via '$LAN_GW'
ping -c 3 -W 2 '$LAN_SRV' >/dev/null || ping -c 3 -W 2 '$LAN_SRV' || fail "no ping to the LAN"
'"$GUEST_NC"'
signal g-done
await host-done 60' eth0=tuntap,tap0,52:54:00:77:00:50
uml_await g-done 60 || fail "guest did not finish"
run ip netns exec "$LAN" ping -c 3 -W 2 10.77.0.50 >/dev/null || fail "the LAN cannot reach the guest"
uml_signal host-done
uml_wait g 30 || fail "guest failed"
[ "$(uml_result g greeting)" = "hello_10.77.0.50" ] ||
	fail "the LAN server saw the guest as '$(uml_result g greeting)'"
hold_check after-guest

net down "$CONF" || fail "down"
hold_check after-down
state_gone bridged
net_dump "$UMNET_TMP/after"
net_same "$UMNET_TMP/before" "$UMNET_TMP/after"
[ "$(net down "$CONF")" = "nothing to do" ] || fail "second down did something"
hold_check end
hold_end
