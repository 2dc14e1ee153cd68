#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# nat.sh - umnet-net up examples/nat.conf: a private subnet on umbr0 behind the
# host, masqueraded out of eth0 (nftables table ip umnet-nat), and an
# umnet-switch on umbr0 through the TAP umsw0; a guest on tap0 and a guest on
# the switch reach the LAN server, which sees the host's address; down stops
# the switch and restores the host exactly (rule set and ip_forward included)
#
#   netns lan                         netns host (eth0 10.77.0.10, default via .1)
#   lan0 10.77.0.1, 10.77.0.2 <=veth=> eth0   [umbr0 192.168.100.1/24]--tap0--guest a .2
#                                      masquerade    |
#                                              umsw0-umnet-switch--unix ctl--guest b .3
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lan.bash"

need_root
uml_need
lan_setup
CONF=$UMNET_ROOT/examples/nat.conf
CTL=$UMNET_TMP/sw0.ctl
D=(-D "ctl=$CTL")

ip netns exec "$HOST" sh -c 'echo 0 >/proc/sys/net/ipv4/ip_forward'
net_dump "$UMNET_TMP/before"
net "${D[@]}" plan "$CONF" || fail "plan"
net "${D[@]}" up "$CONF" || fail "up"
on_exit "ip netns exec $HOST $NET -s $STATE -q down $CONF >/dev/null 2>&1"
[ "$(ip netns exec "$HOST" cat /proc/sys/net/ipv4/ip_forward)" = 1 ] || fail "ip_forward off"
ip netns exec "$HOST" nft list table ip umnet-nat | grep -q 'ip saddr 192.168.100.0/24 oifname "eth0" masquerade' ||
	fail "no masquerade rule: $(ip netns exec "$HOST" nft list ruleset)"
[ -S "$CTL" ] || fail "switch control socket $CTL missing"
pid=$(cat "$STATE/net-nat.sw0.pid") || fail "no pidfile"
[ "$(readlink "/proc/$pid/exe")" = "$NET/../umnet-switch" ] ||
	[ "$(basename "$(readlink "/proc/$pid/exe")")" = umnet-switch ] || fail "pid $pid is no umnet-switch"
net "${D[@]}" status "$CONF" | grep -q "switch sw0: running, pid $pid" || fail "status"
up_again "$CONF" "${D[@]}"

uml_rootfs
uml_boot -n "$HOST" a '
run ip addr add 192.168.100.2/24 dev eth0 && run ip link set eth0 up || fail address
run ip route add default via 192.168.100.1
'"$GUEST_NC"'
signal a-done' eth0=tuntap,tap0,52:54:00:77:01:02
uml_boot -n "$HOST" b '
run ip addr add 192.168.100.3/24 dev eth0 && run ip link set eth0 up || fail address
run ip route add default via 192.168.100.1
ping -c 2 -W 2 192.168.100.1 >/dev/null || true
'"$GUEST_NC"'
signal b-done' "eth0=daemon,52:54:00:77:01:03,unix,$CTL"
uml_wait a 60 || fail "guest a failed"
uml_wait b 60 || fail "guest b failed"
for g in a b; do
	[ "$(uml_result $g greeting)" = "hello_$HOST_IP" ] ||
		fail "guest $g: the LAN server saw '$(uml_result $g greeting)', not the host's address"
done
log "the LAN server saw $HOST_IP for both guests (tap0 and the switch)"

net down "$CONF" || fail "down"
state_gone nat
[ -e "/proc/$pid/exe" ] && [ "$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null)" != Z ] &&
	fail "switch $pid still running after down"
[ ! -e "$CTL" ] || fail "switch socket left behind"
net_dump "$UMNET_TMP/after"
net_same "$UMNET_TMP/before" "$UMNET_TMP/after"
