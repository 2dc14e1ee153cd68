#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# uml.sh - a real UML guest on eth0=tuntap,,,GATE with umnet-helper as its
# uml_net: the guest's addresses are routed and published on the host while
# the policy allows them, refused (and the host left as it was) when not,
# and taken back when the guest's interface goes down
#
#   netns $lan:  v1 10.77.1.20/24 (another machine on the LAN)
#                 |
#   netns $ns:   v0 10.77.1.10/24, ip_forward on (policy)
#                tapN 10.77.1.254/32 (made by umnet-helper), proxy_arp on,
#                route 10.77.1.50/32 dev tapN, "10.77.1.50 dev v0 proxy"
#                 |
#   guest g:     eth0=tuntap,,,10.77.1.254  10.77.1.50/24
#
#   policy: user root; gateway 10.77.1.254; guest 10.77.1.48/29
. "$(dirname "$0")/../lib.sh"

need_root
uml_need
helper=$(umnet_bin umnet-helper) || skip "umnet-helper not built"
ns=$(netns_add uh) || exit
lan=$(netns_add lan) || exit
run ip -n "$ns" link add v0 type veth peer name v1 netns "$lan"
run ip -n "$ns" addr add 10.77.1.10/24 dev v0
run ip -n "$ns" link set v0 up
run ip -n "$lan" addr add 10.77.1.20/24 dev v1
run ip -n "$lan" link set v1 up

conf=$(tmpdir conf)/helper.conf
cat >"$conf" <<'EOF'
ip_forward yes
user root
	gateway 10.77.1.254
	guest 10.77.1.48/29
EOF
# UML finds its helper on PATH, under the name uml_net
bin=$(tmpdir bin)
ln -s "$helper" "$bin/uml_net"
export PATH=$bin:$PATH UMNET_HELPER_CONF=$conf
# UML preloads the rig's xstate shim; a sanitizer build of the helper
# inherits it and must not insist on being first
export ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0
# UML prints the helper's reply text with printk at the default level, which
# "quiet" hides; refusals also reach UML's stderr (the console log)
export UMNET_UML_VERBOSE=1

state() {
	ip -n "$ns" -4 route show table all
	ip -n "$ns" -4 addr show
	ip -n "$ns" neigh show proxy
}

tap_of_guest() {
	ip -n "$ns" -o link show type tun | awk -F': ' '{ print $2 }'
}

console_has() {
	tr -d '\r' <"$(uml_console g)" | grep -qF -- "$1"
}

uml_rootfs
uml_boot -n "$ns" g '
run ip link set eth0 up || fail "eth0 up (tuntap up)"
run ip addr add 10.77.1.50/24 dev eth0 || fail "address"
ping -c 3 -i 0.2 -W 3 10.77.1.254 >/run/p
cat /run/p
result gate_loss "$(sed -n "s/.* \([0-9.]*\)% packet loss.*/\1/p" /run/p)"
signal g-up
await lan-pinged 60 || exit 1
run ip addr add 10.77.1.99/24 dev eth0
signal g-bad
await host-bad 60 || exit 1
run ip addr del 10.77.1.99/24 dev eth0
run ip addr del 10.77.1.50/24 dev eth0
signal g-deleted
await host-deleted 60 || exit 1
run ip addr add 10.77.1.100/24 dev eth0
signal g-switched
await host-switched 60 || exit 1
run ip addr add 10.77.1.51/24 dev eth0
signal g-51
await host-51 60 || exit 1
run ip link set eth0 down
signal g-down
await host-done 60' eth0=tuntap,,,10.77.1.254

uml_await g-up 60 || fail "guest did not come up: $(tail -n 5 "$(uml_console g)")"
tap=$(tap_of_guest)
log "guest's TAP: $tap"
[ -n "$tap" ] && [ "$(echo "$tap" | wc -l)" = 1 ] || fail "expected one TAP, got '$tap'"
console_has "umnet-helper: $tap: TAP for uid 0, gateway 10.77.1.254/32, up" ||
	fail "no tuntap up text on the console"
[ "$(uml_result g gate_loss)" = 0 ] || fail "guest -> gateway loss $(uml_result g gate_loss)%"
ip -n "$ns" -4 addr show "$tap" | grep -q 'inet 10.77.1.254/32' || fail "no gateway on $tap"
ip -d -n "$ns" link show "$tap" | grep -q 'persist off user root' || fail "$tap not root's"
run ip -n "$ns" route show 10.77.1.50
ip -n "$ns" route show 10.77.1.50 | grep -q "^10.77.1.50 dev $tap scope link" || fail "no route"
run ip -n "$ns" neigh show proxy
ip -n "$ns" neigh show proxy | grep -q '^10.77.1.50 dev v0 proxy' || fail "no proxy ARP entry"
[ "$(ip netns exec "$ns" cat "/proc/sys/net/ipv4/conf/$tap/proxy_arp")" = 1 ] ||
	fail "proxy_arp off on $tap"
console_has "umnet-helper: 10.77.1.50 published on v0 (proxy ARP)" || fail "no add text on console"

log "the LAN machine reaches the guest through proxy ARP and forwarding"
out=$(ip netns exec "$lan" ping -c 3 -i 0.2 -W 3 10.77.1.50) || fail "LAN -> guest: $out"
echo "$out" | grep -q ' 0% packet loss' || fail "LAN -> guest: $out"
ip -n "$lan" neigh show 10.77.1.50 | grep -q "lladdr $(ip -n "$ns" -o link show v0 |
	sed -n 's/.*link\/ether \([0-9a-f:]*\).*/\1/p')" || fail "LAN's ARP entry is not the host's v0"

log "an address outside the policy: refused, host unchanged"
before=$(state)
uml_signal lan-pinged
uml_await g-bad 60 || fail "guest stuck"
wait_for 10 console_has "umnet-helper: refused: 10.77.1.99 is not in the guest addresses allowed" ||
	fail "no refusal on the console"
[ "$(state)" = "$before" ] || fail "refused address changed the host: $(diff <(echo "$before") <(state))"

log "the guest switches to an address outside the policy"
uml_signal host-bad
uml_await g-deleted 60 || fail "guest stuck"
ip -n "$ns" route show 10.77.1.50 | grep -q . && fail "route left after del"
ip -n "$ns" neigh show proxy | grep -q '^10.77.1.50 ' && fail "proxy entry left after del"
before=$(state)
uml_signal host-deleted
uml_await g-switched 60 || fail "guest stuck"
wait_for 10 console_has "refused: 10.77.1.100 is not in the guest addresses allowed" ||
	fail "no refusal for 10.77.1.100 on the console"
[ "$(state)" = "$before" ] || fail "refused switch changed the host: $(diff <(echo "$before") <(state))"

log "a second address inside the policy"
uml_signal host-switched
uml_await g-51 60 || fail "guest stuck"
ip -n "$ns" route show 10.77.1.51 | grep -q "dev $tap" || fail "no route for 10.77.1.51"
ip -n "$ns" neigh show proxy | grep -q '^10.77.1.51 dev v0 proxy' || fail "no proxy entry for .51"

log "the guest's interface goes down: everything is taken back"
uml_signal host-51
uml_await g-down 60 || fail "guest stuck"
wait_for 10 eval "! ip -n $ns link show $tap >/dev/null 2>&1" || fail "$tap outlived eth0"
run ip -n "$ns" -4 route show table all
ip -n "$ns" -4 route show table all | grep -qE '10\.77\.1\.(5[01]|100|254)' && fail "routes left"
ip -n "$ns" neigh show proxy | grep -q . && fail "proxy entries left: $(ip -n "$ns" neigh show proxy)"
console_has "umnet-helper: 10.77.1.100 is not routed to $tap: nothing to undo" ||
	fail "no del text for 10.77.1.100"
uml_signal host-done
uml_wait g 30 || fail "guest failed"
log "ok"
