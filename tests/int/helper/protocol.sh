#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# protocol.sh - umnet-helper as UML calls it (through client.py), run by root:
# replies on both socket kinds, the policy file, and every refusal leaving
# the host's routes, addresses and proxy ARP entries exactly as they were
#
#   netns $ns:  v0 10.77.1.10/24 (veth, peer v1)
#               tapA, tapB: made by umnet-helper, gateway 10.77.1.254/32 each
#   policy:     user root, gateway 10.77.1.254, guest 10.77.1.0/25
. "$(dirname "$0")/../lib.sh"

need_root
# Debian's python3 first: a version-manager shim can take a second to start
py=$(command -v /usr/bin/python3 || command -v python3) || skip "needs python3"
helper=$(umnet_bin umnet-helper) || skip "umnet-helper not built"
client=$UMNET_ROOT/tests/int/helper/client.py
ns=$(netns_add hp) || exit
run ip -n "$ns" link add v0 type veth peer name v1
run ip -n "$ns" addr add 10.77.1.10/24 dev v0
run ip -n "$ns" link set v0 up
run ip -n "$ns" link set v1 up
conf=$(tmpdir conf)/helper.conf
export UMNET_HELPER_CONF=$conf
flags=$(tmpdir flags)

# call tap|text HELPER-ARGS... - run the helper as UML would; its reply lands in R[]
declare -A R
call() {
	local k v out a="$*"

	out=$(ip netns exec "$ns" "$py" "$client" "$1" "$helper" "${@:2}" 2>"$UMNET_TMP/stderr") ||
		fail "client.py ${a:0:160}: $out"
	R=()
	while IFS='=' read -r k v; do
		R[$k]=$v
	done <<<"$out"
	log "  ${a:0:160} -> rc=${R[rc]} name=${R[name]:-} fds=${R[fds]:-} text=${R[text]:0:300}"
}

# expect_refused WORDS... - the last call failed with a reply that says WORDS
expect_refused() {
	[ "${R[rc]}" = 1 ] || fail "exit status ${R[rc]}, expected 1"
	[ "${R[nul]}" = 1 ] || fail "reply text not NUL-terminated"
	[[ ${R[text]} == *"$*"* ]] || fail "reply '${R[text]}' does not say '$*'"
	grep -qF -- "$*" "$UMNET_TMP/stderr" || fail "stderr does not say '$*'"
	if [ -n "${R[len]:-}" ]; then
		[ "${R[exact]}" = 1 ] || fail "stream reply not exactly length + text"
	else
		[ -z "${R[name]}" ] && [ "${R[fds]}" = 0 ] || fail "failed tuntap reply has a name or fd"
	fi
}

expect_ok() {
	[ "${R[rc]}" = 0 ] || fail "exit status ${R[rc]}: ${R[text]}"
	[ "${R[nul]}" = 1 ] || fail "reply text not NUL-terminated"
	[ -z "${R[len]:-}" ] || [ "${R[exact]}" = 1 ] || fail "stream reply not exactly length + text"
	[[ ${R[text]} == *"$*"* ]] || fail "reply '${R[text]}' does not say '$*'"
}

# hold_tap VAR GATE - make a TAP through the helper and keep its descriptor
# open (in client.py) until release_tap; the TAP's name goes to VAR
hold_tap() {
	local var=$1 out=$flags/$1.out

	ip netns exec "$ns" "$py" "$client" tap --hold "$flags/$1.release" "$helper" 4 tuntap \
		up "$2" >"$out" 2>&1 &
	on_exit "touch $flags/$1.release"
	wait_for 10 grep -q '^rc=' "$out" || fail "no reply for tuntap up $2"
	grep -qx 'rc=0' "$out" && grep -qx 'fds=1' "$out" && grep -qx 'tun_flags=0x1002' "$out" ||
		fail "tuntap up $2: $(cat "$out")"
	printf -v "$var" '%s' "$(sed -n 's/^name=//p' "$out")"
	log "  tuntap up $2 -> ${!var}"
}

release_tap() {
	touch "$flags/$1.release"
	wait_for 5 eval "! ip -n $ns link show $2 >/dev/null 2>&1" || fail "$2 outlived its descriptor"
}

state() {
	ip -n "$ns" -4 route show table all
	ip -n "$ns" -4 addr show
	ip -n "$ns" neigh show proxy
	ip -n "$ns" -o link show type tun | cut -d: -f2
}

taps() {
	ip -n "$ns" -o link show type tun | wc -l
}

proxy_arp() {
	ip netns exec "$ns" cat "/proc/sys/net/ipv4/conf/$1/proxy_arp"
}

log "command line"
rc=0; "$helper" >/dev/null 2>"$UMNET_TMP/err" || rc=$?
[ $rc = 1 ] && grep -q '^Usage: umnet-helper 4 tuntap up' "$UMNET_TMP/err" || fail "no usage: $rc"
"$helper" --help | grep -q '^Usage:' || fail "--help"
[ "$("$helper" --version)" = "umnet-helper 0.1, uml_net protocol 4" ] || fail "--version"

log "malformed requests get a refusal UML can read, on either socket"
call text 3 add tap0 10.77.1.50 255.255.255.0
expect_refused "usage: unsupported protocol version '3'"
call tap 4 tuntap up 10.77.1.256
expect_refused "usage: invalid gateway address '10.77.1.256'"
call text 4 add "tap0;reboot" 10.77.1.50 255.255.255.0
expect_refused "tap0;reboot: no such device"
call text 4 add "../tap0" 10.77.1.50 255.255.255.0
expect_refused "invalid interface name '../tap0'"
call text 4 add tap0 10.77.1.50 255.0.255.0
expect_refused "invalid netmask '255.0.255.0'"
call text 4 ethertap tap0 5
expect_refused "unsupported request 'ethertap'"
call text 4 add $'\e[2Jtap0' 10.77.1.50 255.255.255.0
expect_refused "invalid interface name '?[2Jtap0'"
call text 4 add tap0 "$(head -c 100000 /dev/zero | tr '\0' 1)" 255.255.255.0
expect_refused "invalid address '1111"
call text 4 slip up 10.77.1.254
[ "${R[rc]}" = 1 ] && [[ ${R[text]} == *SLIP* ]] || fail "slip: ${R[text]}"

log "no policy file: root may do anything"
call tap 4 tuntap up 10.77.1.254
expect_ok "TAP for uid 0, gateway 10.77.1.254/32, up"
[ "${R[fds]}" = 1 ] && [ "${R[tun_name]}" = "${R[name]}" ] && [ "${R[tun_flags]}" = 0x1002 ] ||
	fail "tuntap reply: fd ${R[fds]}, TUNGETIFF ${R[tun_name]} ${R[tun_flags]}"
[ "${R[bytes]}" -gt 16 ] || fail "no text after the name"
# the TAP was not persistent: it went with client.py's descriptor
wait_for 5 eval '[ "$(taps)" = 0 ]' || fail "TAP left behind"
call tap 4 tuntap up
expect_ok "TAP for uid 0, up"

log "--check and a bad policy file"
printf 'ip_forward yes\nuser root # comment\n\tguest 10.77.1.0/25\n\tgateway 10.77.1.254\n' >"$conf"
chmod 0644 "$conf"
[ "$("$helper" --check)" = "$(printf 'ip_forward yes\nuser root\n\tgateway 10.77.1.254/32\n\tguest 10.77.1.0/25')" ] ||
	fail "--check: $("$helper" --check 2>&1)"
printf 'user root\nguest 10.77.1.0/25\nbogus\n' >"$UMNET_TMP/bad.conf"
out=$("$helper" --check "$UMNET_TMP/bad.conf" 2>&1) && fail "--check accepted a bad file"
[ "$out" = "umnet-helper: $UMNET_TMP/bad.conf:3: unknown keyword 'bogus'" ] || fail "--check: $out"
cp "$UMNET_TMP/bad.conf" "$conf"
call tap 4 tuntap up 10.77.1.254
expect_refused "policy not usable: $conf:3: unknown keyword 'bogus'"
printf 'user root\nguest 10.77.1.0/25\ngateway 10.77.1.254\nip_forward yes\n' >"$conf"
call text 4 add tap0 10.77.1.50 255.255.255.0
expect_refused "ip_forward must come before the first block"
printf 'ip_forward yes\nuser root\nguest 10.77.1.0/25\ngateway 10.77.1.254\n' >"$conf"
chmod 0666 "$conf"
call text 4 add tap0 10.77.1.50 255.255.255.0
expect_refused "policy not usable: $conf is writable by group or others"
chmod 0644 "$conf"
[ "$(taps)" = 0 ] || fail "a refused request left a TAP"

log "policy naming root: root is bound by it"
call tap 4 tuntap up 10.77.1.1
expect_refused "gateway 10.77.1.1 is not allowed for uid 0 (root) by $conf"
[ "$(taps)" = 0 ] || fail "a refused tuntap up left a TAP"
hold_tap A 10.77.1.254
ip -n "$ns" -4 addr show "$A" | grep -q 'inet 10.77.1.254/32' || fail "no gateway on $A"
ip -n "$ns" link show "$A" | grep -q ',UP' || fail "$A is not up"
ip -d -n "$ns" link show "$A" | grep -q 'tun type tap pi off vnet_hdr off persist off user root' ||
	fail "$A: $(ip -d -n "$ns" link show "$A")"
[ "$(ip netns exec "$ns" cat /proc/sys/net/ipv4/ip_forward)" = 1 ] || fail "ip_forward off"

log "refusals change nothing"
before=$(state)
call text 4 add "$A" 10.77.1.200 255.255.255.0
expect_refused "10.77.1.200 is not in the guest addresses allowed for uid 0 (root)"
call text 4 add "$A" 10.77.1.10 255.255.255.0
expect_refused "10.77.1.10: the host uses it on v0"
call text 4 add "$A" 10.77.1.0 255.255.255.0
expect_refused "10.77.1.0: it is the network address of 10.77.1.0/24 on v0"
call text 4 add v0 10.77.1.50 255.255.255.0
expect_refused "v0: v0 is not a TAP device"
call text 4 add tap99 10.77.1.50 255.255.255.0
expect_refused "tap99: no such device"
[ "$(state)" = "$before" ] || fail "a refused request changed the host: $(diff <(echo "$before") <(state))"

log "add: route, proxy_arp, published entry"
call text 4 add "$A" 10.77.1.50 255.255.255.0
expect_ok "route 10.77.1.50/32 dev $A"
[[ ${R[text]} == *"10.77.1.50 published on v0 (proxy ARP)"* ]] || fail "not published"
ip -n "$ns" route show 10.77.1.50 | grep -q "^10.77.1.50 dev $A scope link" || fail "no route"
ip -n "$ns" neigh show proxy | grep -q '^10.77.1.50 dev v0 proxy' || fail "no proxy entry"
[ "$(proxy_arp "$A")" = 1 ] || fail "proxy_arp off on $A"
call text 4 add "$A" 10.77.1.50 255.255.255.0
expect_ok "route 10.77.1.50/32 dev $A (already there)"

log "a second guest: shared gateway, no claim on the first one's address"
hold_tap B 10.77.1.254
before=$(state)
call text 4 add "$B" 10.77.1.50 255.255.255.0
expect_refused "10.77.1.50: there is a route for it on $A"
[ "$(state)" = "$before" ] || fail "refused claim changed the host"
call text 4 add "$B" 10.77.1.51 255.255.255.0
expect_ok "route 10.77.1.51/32 dev $B"
call text 4 add "$A" 10.77.1.52 255.255.255.0
expect_ok "route 10.77.1.52/32 dev $A"
call text 4 del "$B" 10.77.1.52 255.255.255.0
expect_ok "10.77.1.52 is not routed to $B: nothing to undo"
ip -n "$ns" route show 10.77.1.52 | grep -q "dev $A" || fail "del on $B removed $A's route"

log "gateways: checked against the host even for unrestricted root"
printf 'user 4242\n' >"$conf"
call tap 4 tuntap up 10.77.1.51
expect_refused "gateway 10.77.1.51: there is a route for it on $B"
call tap 4 tuntap up 10.77.1.255
expect_refused "gateway 10.77.1.255: there is a broadcast address for it on v0"
printf 'ip_forward yes\nuser root\nguest 10.77.1.0/25\ngateway 10.77.1.254\n' >"$conf"

log "del: proxy_arp stays while the TAP has other guests"
call text 4 del "$A" 10.77.1.50 255.255.255.0
expect_ok "route 10.77.1.50/32 dev $A removed"
[[ ${R[text]} == *"10.77.1.50 withdrawn from v0"* ]] || fail "not withdrawn"
ip -n "$ns" route show 10.77.1.50 | grep -q . && fail "route left"
ip -n "$ns" neigh show proxy | grep -q '10.77.1.50 ' && fail "proxy entry left"
[ "$(proxy_arp "$A")" = 1 ] || fail "proxy_arp went off with 10.77.1.52 still there"
call text 4 del "$A" 10.77.1.52 255.255.255.0
expect_ok "proxy_arp off on $A"
[ "$(proxy_arp "$A")" = 0 ] || fail "proxy_arp still on"
call text 4 del "$B" 10.77.1.51 255.255.255.0
expect_ok "route 10.77.1.51/32 dev $B removed"
release_tap A "$A"
release_tap B "$B"
ip -n "$ns" neigh show proxy | grep -q . && fail "proxy entries left: $(ip -n "$ns" neigh show proxy)"
ip -n "$ns" route show table all | grep -q 'tap' && fail "routes left"
log "ok"
