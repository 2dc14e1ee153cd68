#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# umnet-netns.sh - `umnet -n NETNS` does everything inside NETNS and nothing outside
#
#  netns umnet-$$-u (by name) and umnet-$$-v (by /proc/PID/ns/net of a process in it)
#   TAP t$$u 10.204.$N.1/24, owned by uid 1, persistent; forwarding on
#
# umnet makes every change from the host's own namespace with -n; `ip -n`
# checks that each landed in the namespace, and the host must be unchanged:
# no such TAP, route or address, the same ip_forward.

. "$(dirname "$0")/../lib.sh"

need_root
need_cmd ip
umnet=$(umnet_bin umnet) || skip "umnet not built"

N=$(($$ % 250 + 1))
T=t$$u
ns=$(netns_add u)
ns2=$(netns_add v)
fwd0=$(cat /proc/sys/net/ipv4/ip_forward)
links0=$(ip -o link show | awk -F': ' '{ print $2 }' | sort)

run "$umnet" -n "$ns" tap add "$T" --owner 1 --up || fail "tap add in $ns"
on_exit "ip -n $ns link del $T 2>/dev/null"
owner=$(id -nu 1 2>/dev/null) || owner=1
ip -n "$ns" -d link show "$T" | grep -qE "tun type tap .*persist on user ($owner|1) " ||
	fail "no persistent TAP $T of uid 1 in $ns: $(ip -n "$ns" -d link show "$T" 2>&1)"
ip link show "$T" >/dev/null 2>&1 && fail "TAP $T appeared in the host's namespace"
run "$umnet" --netns "$ns" addr add 10.204.$N.1/24 dev "$T" || fail "addr add"
ip -n "$ns" -4 addr show dev "$T" | grep -q "10.204.$N.1/24" || fail "address not in $ns"
run "$umnet" -n "$ns" route add 10.205.$N.0/24 via 10.204.$N.2 || fail "route add"
ip -n "$ns" route show 10.205.$N.0/24 | grep -q "via 10.204.$N.2" || fail "route not in $ns"
ip route show 10.205.$N.0/24 | grep -q . && fail "route appeared in the host's table"

# sysctls follow the namespace too
[ "$("$umnet" -n "$ns" sysctl forward)" = off ] || fail "forward not off in a new netns"
run "$umnet" -n "$ns" sysctl forward on || fail "forward on"
[ "$(ip netns exec "$ns" cat /proc/sys/net/ipv4/ip_forward)" = 1 ] || fail "forward not on in $ns"
[ "$(cat /proc/sys/net/ipv4/ip_forward)" = "$fwd0" ] || fail "the host's ip_forward changed"

# JSON list in the namespace holds the TAP and only its devices
out=$("$umnet" -n "$ns" tap list -j) || fail "tap list -j"
jq -e --arg t "$T" '[.[] | select(.name == $t)] | length == 1' <<<"$out" >/dev/null ||
	fail "tap list -j in $ns: $out"

# a namespace by path: that of a process living in it
ip netns exec "$ns2" sleep 30 &
holder=$!
on_exit "kill $holder 2>/dev/null"
wait_for 5 eval "[ \"\$(readlink /proc/$holder/ns/net)\" != \"\$(readlink /proc/self/ns/net)\" ]" ||
	fail "holder did not enter $ns2"
run "$umnet" -n "/proc/$holder/ns/net" link set lo up || fail "link set by namespace path"
ip -n "$ns2" link show lo | grep -q 'UP' || fail "lo not up in $ns2"

# clear errors, nothing done
out=$("$umnet" -n "nosuch$$" link list 2>&1) && fail "a missing namespace was accepted"
grep -q "no /run/netns/ entry" <<<"$out" || fail "missing namespace: $out"
out=$("$umnet" -n /etc/hostname link list 2>&1) && fail "a file that is no namespace was accepted"
grep -q "not a network namespace" <<<"$out" || fail "not a namespace: $out"
out=$("$umnet" -n 2>&1) && fail "-n without a name was accepted"
grep -q "needs a namespace" <<<"$out" || fail "-n alone: $out"

# -d/del in the namespace, and the host never saw a thing
run "$umnet" -n "$ns" tap del "$T" || fail "tap del"
ip -n "$ns" link show "$T" >/dev/null 2>&1 && fail "TAP $T not removed"
[ "$(ip -o link show | awk -F': ' '{ print $2 }' | sort)" = "$links0" ] ||
	fail "the host's links changed"
exit 0
