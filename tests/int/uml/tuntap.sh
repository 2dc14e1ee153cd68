#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# tuntap.sh - a UML guest on eth0=tuntap,TAP with a persistent TAP made by
# umnet-tunctl pings the host side, and the host pings it
#
#   netns $ns: TAP umt$$u 10.0.1.254/24 (umnet-tunctl -u 0 -t umt$$u)
#   guest g:   eth0=tuntap,umt$$u  10.0.1.1/24
. "$(dirname "$0")/../lib.sh"

need_root
uml_need
tunctl=$(umnet_bin umnet-tunctl) || skip "umnet-tunctl not built"
ns=$(netns_add tt) || exit
tap=umt$$u
out=$(ip netns exec "$ns" "$tunctl" -u 0 -t "$tap") || fail "umnet-tunctl: $out"
[ "$out" = "Set '$tap' persistent and owned by uid 0" ] || fail "unexpected output: $out"
on_exit "ip netns exec $ns $tunctl -d $tap >/dev/null 2>&1"
run ip -n "$ns" addr add 10.0.1.254/24 dev "$tap"
run ip -n "$ns" link set "$tap" up

uml_rootfs
uml_ping_host "$ns" g 10.0.1.1/24 10.0.1.254 "eth0=tuntap,$tap,52:54:00:00:04:01"
# the TAP outlives the guest (persistent), and -d removes it
ip -n "$ns" link show "$tap" >/dev/null || fail "persistent TAP gone with the guest"
out=$(ip netns exec "$ns" "$tunctl" -d "$tap") || fail "umnet-tunctl -d: $out"
[ "$out" = "Set '$tap' nonpersistent" ] || fail "unexpected output: $out"
wait_for 5 eval "! ip -n $ns link show $tap >/dev/null 2>&1" || fail "TAP not removed"
