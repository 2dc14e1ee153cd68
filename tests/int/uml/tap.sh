#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# tap.sh - a TAP device attached with --tap reaches a guest, both ways
#
#   netns $ns: TAP umt$$t 10.0.0.254/24 --+-- umnet-switch --tap umt$$t --unix CTL
#   guest g 10.0.0.1 eth0=daemon --------+
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../lib-switch.sh"

need_root
uml_need
ns=$(netns_add sw) || exit
d=$(tmpdir sw)
tap=umt$$t
run ip -n "$ns" tuntap add dev "$tap" mode tap || bail "cannot create a TAP"
run ip -n "$ns" addr add 10.0.0.254/24 dev "$tap"
run ip -n "$ns" link set "$tap" up
switch_start -n "$ns" s --unix "$d/ctl" --tap "$tap"

uml_rootfs
uml_boot -n "$ns" g '
run ip addr add 10.0.0.1/24 dev eth0 && run ip link set eth0 up || fail "address"
ping -c 10 -i 0.2 -W 3 10.0.0.254 >/run/p
cat /run/p
result loss "$(sed -n "s/.* \([0-9.]*\)% packet loss.*/\1/p" /run/p)"
signal g-pinged
await host-done 60' "eth0=daemon,52:54:00:00:03:01,unix,$d/ctl"

uml_await g-pinged 60 || fail "guest did not ping"
out=$(ip netns exec "$ns" ping -c 10 -i 0.2 -W 3 10.0.0.1) || fail "namespace cannot ping the guest: $out"
echo "$out" | grep -q ' 0% packet loss' || fail "host -> guest loss: $out"
uml_signal host-done
uml_wait g 30 || fail "guest failed"
[ "$(uml_result g loss)" = 0 ] || fail "guest -> TAP loss $(uml_result g loss)%"
switch_dump s
grep -q "port 1 tap:$tap" "$UMNET_TMP/dump-s" || fail "TAP port not listed"
switch_stop s
