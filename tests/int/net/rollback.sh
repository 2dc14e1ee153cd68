#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# rollback.sh - a failure midway through `up` undoes every step already taken
#
# examples/bridged.conf on the rig of lan.bash, with the name tap1 taken as
# an alternative name of a dummy device: the snapshot lists devices by their
# names only, so the plan goes ahead, and `tap add tap1` fails after br0 has
# taken over eth0 and tap0 exists. The host must end exactly as it began,
# with no state file, and the held TCP connection must survive. A second
# case fails at the kernel: a guest route whose nexthop device is down is
# refused by netlink, and its words are reported.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lan.bash"

need_root
lan_setup
CONF=$UMNET_ROOT/examples/bridged.conf

run ip -n "$HOST" link add vx7 type veth peer name vy7 || bail "veth"
run ip -n "$HOST" link property add dev vx7 altname tap1 || skip "no alternative names"
hold_start
hold_check before
net_dump "$UMNET_TMP/before"

out=$(net up "$CONF" 2>&1) && fail "up succeeded with tap1 taken: $out"
echo "$out" >&2
grep -q '^tap add tap1' <<<"$out" || fail "up did not get as far as tap1"
grep -q '^rollback: bridge del br0$' <<<"$out" || fail "no rollback of br0"
grep -q 'umnet-net: bridged: up failed: tap add tap1 user 1000: .* (rolled back)$' <<<"$out" ||
	fail "no failure report"
hold_check after-rollback
[ ! -e "$STATE/net-bridged.state" ] || fail "state file left: $(cat "$STATE/net-bridged.state")"
net_dump "$UMNET_TMP/after"
net_same "$UMNET_TMP/before" "$UMNET_TMP/after"
hold_end

# The kernel's own words: an "uplink" that is a bridge itself. The plan takes
# over its address and route; the kernel refuses the enslaving with its
# extended ack, and the takeover is rolled back.
run ip -n "$HOST" link add br9 type bridge || bail "br9"
run ip -n "$HOST" link set br9 up
run ip -n "$HOST" addr add 10.88.0.1/24 dev br9
run ip -n "$HOST" route add 10.99.0.0/16 via 10.88.0.254
cat >"$UMNET_TMP/nested.conf" <<EOC
# a bridge cannot be a port of a bridge: the kernel says so
bridge br0 {
	uplink br9
}
EOC
net_dump "$UMNET_TMP/before2"
out=$(net up "$UMNET_TMP/nested.conf" 2>&1) && fail "up succeeded: $out"
echo "$out" >&2
grep -q '^route del 10.99.0.0/16 via 10.88.0.254 dev br9$' <<<"$out" || fail "the route did not move"
grep -q 'link set br9 master br0: .*: Can not enslave a bridge to a bridge' <<<"$out" ||
	fail "no kernel message in: $out"
grep -q '^rollback: route add 10.99.0.0/16 via 10.88.0.254 dev br9$' <<<"$out" ||
	fail "route not moved back"
net_dump "$UMNET_TMP/after2"
net_same "$UMNET_TMP/before2" "$UMNET_TMP/after2"
[ ! -e "$STATE/net-nested.state" ] || fail "state file left"
