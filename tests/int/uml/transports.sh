#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# transports.sh - every way in meets on one switch: UML eth0=daemon, UML
# eth0=vde, UML vector bess, and vde_plug (vdeplug4) bridging a host TAP
#
#   guest d 10.0.0.1  eth0=daemon,MAC,unix,CTL ----------+
#   guest v 10.0.0.2  eth0=vde,DIR,MAC -------------------+-- umnet-switch
#   guest w 10.0.0.3  vec0:transport=bess,dst=BESS ------+   --unix CTL --sock DIR
#   netns   10.0.0.4  TAP <- vde_plug vde://DIR tap://T -+   --bess BESS
#
# Every guest pings every other guest and the namespace; the namespace pings
# every guest. All in netns $ns (UML's abstract data sockets are per namespace).
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../lib-switch.sh"

need_root
uml_need
need_cmd vde_plug
ns=$(netns_add sw) || exit
d=$(tmpdir sw)
tap=umt$$p
switch_start -n "$ns" s --unix "$d/ctl" --sock "$d/vde" --bess "$d/bess"

# vde_plug as one more real client, plugged into a TAP in the namespace
ip netns exec "$ns" vde_plug "vde://$d/vde" "tap://$tap" >"$UMNET_TMP/vde_plug.log" 2>&1 &
plug=$!
on_exit "kill $plug 2>/dev/null"
wait_for 10 ip -n "$ns" link show "$tap" >/dev/null 2>&1 || fail "vde_plug made no TAP"
run ip -n "$ns" addr add 10.0.0.4/24 dev "$tap"
run ip -n "$ns" link set "$tap" up

uml_rootfs
body='
dev=$(ls /sys/class/net | grep -v "^lo$" | head -n 1)
[ -n "$dev" ] || fail "no network device"
run ip addr add "$1"/24 dev "$dev" || fail "address"
run ip link set "$dev" up || fail "link up"
signal "$UMNET_GUEST-up"
for g in d v w; do await "$g-up" || exit 1; done
for peer in 10.0.0.1 10.0.0.2 10.0.0.3 10.0.0.4; do
	[ "$peer" = "$1" ] && continue
	ping -c 5 -i 0.2 -W 3 "$peer" >/run/p
	loss=$(sed -n "s/.* \([0-9.]*\)% packet loss.*/\1/p" /run/p)
	echo "$peer loss $loss"
	[ "$loss" = 0 ] || fail "ping $peer: loss ${loss:-?}%"
done
result pings ok
signal "$UMNET_GUEST-done"
await host-done 60 || exit 1
'
uml_boot -n "$ns" d "set -- 10.0.0.1; $body" "eth0=daemon,52:54:00:00:02:01,unix,$d/ctl"
uml_boot -n "$ns" v "set -- 10.0.0.2; $body" "eth0=vde,$d/vde,52:54:00:00:02:02"
uml_boot -n "$ns" w "set -- 10.0.0.3; $body" "vec0:transport=bess,dst=$d/bess,mac=52:54:00:00:02:03"

for g in d v w; do
	uml_await "$g-done" 60 || fail "guest $g did not finish its pings: $(tail -n 5 "$(uml_console $g)")"
done
for ip in 10.0.0.1 10.0.0.2 10.0.0.3; do
	ip netns exec "$ns" ping -c 3 -i 0.2 -W 3 "$ip" >/dev/null || fail "namespace cannot ping $ip"
done
# every kind of port is listed while all of them are connected
switch_dump s
grep -q 'port [0-9]* vde:.*vdeplug' "$UMNET_TMP/dump-s" || fail "vde_plug's port not listed"
grep -q 'port [0-9]* bess:' "$UMNET_TMP/dump-s" || fail "bess port not listed"
grep -q 'port [0-9]* uml:' "$UMNET_TMP/dump-s" || fail "uml port not listed"
[ "$(switch_port_count s)" = 4 ] || fail "expected 4 ports, found $(switch_port_count s)"
uml_signal host-done
for g in d v w; do
	uml_wait $g 30 || fail "guest $g failed"
	[ "$(uml_result $g pings)" = ok ] || fail "guest $g"
done
kill $plug
switch_stop s
