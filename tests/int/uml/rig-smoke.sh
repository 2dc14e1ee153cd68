#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# rig-smoke.sh - the UML rig boots two guests that ping and move 4 MiB to each other
#
# No umnet code is involved: this proves the rig (shim, rootfs, boot, retry,
# sync flags, results, cleanup) before any test relies on it.
#
#  netns umnet-$$-mc: lo up, multicast route 224.0.0.0/4 via lo, nothing leaves
#
#   +-------------------+                               +-------------------+
#   | guest a           |   239.192.168.1:PORT ttl 1    | guest b           |
#   | eth0 10.0.0.1/24  |<---- UML mcast over lo ------>| eth0 10.0.0.2/24  |
#   +-------------------+                               +-------------------+
#
#   a, b: ping each other (0% loss); a sends 4 MiB with nc, b receives;
#   both report size and md5 on the console, compared here.

. "$(dirname "$0")/../lib.sh"

need_root
need_cmd ip
uml_need

BYTES=$((4 * 1024 * 1024))
GROUP=239.192.168.1
PORT=$((20000 + RANDOM % 20001))

ns=$(netns_add mc) || exit
run ip -n "$ns" link set lo multicast on || bail "lo multicast"
run ip -n "$ns" route add 224.0.0.0/4 dev lo || bail "multicast route"
ip netns exec "$ns" ip route | grep -q '^224.0.0.0/4 dev lo' ||
	bail "ip netns exec $ns ip route: no multicast route"

uml_rootfs

# Both guests: address, wait for the peer, ping it, report the loss.
common='
peer=$1
run ip addr add "$2"/24 dev eth0
run ip link set eth0 up
signal "$UMNET_GUEST-up"
await "$3-up" || exit 1
run ping -c 5 -i 0.2 -W 5 "$peer" >/run/ping.out
cat /run/ping.out
result ping_loss "$(sed -n "s/.* \([0-9.]*\)% packet loss.*/\1/p" /run/ping.out)"
'

body_b="set -- 10.0.0.1 10.0.0.2 a
$common"'
nc_recv 5001 60
signal b-listening
wait $nc_pid || fail "nc receive failed"
result bytes "$(wc -c </run/recv)"
result md5 "$(md5sum </run/recv | cut -d" " -f1)"
'

body_a="set -- 10.0.0.2 10.0.0.1 b
$common"'
dd if=/dev/urandom of=/run/data bs=64k count='$((BYTES / 65536))' 2>/dev/null
result bytes "$(wc -c </run/data)"
result md5 "$(md5sum </run/data | cut -d" " -f1)"
await b-listening || exit 1
run timeout 60 nc 10.0.0.2 5001 </run/data || fail "nc send failed"
'

t0=$(_umnet_now_ms)
uml_boot -n "$ns" b "$body_b" "eth0=mcast,02:00:00:00:00:02,$GROUP,$PORT,1"
uml_boot -n "$ns" a "$body_a" "eth0=mcast,02:00:00:00:00:01,$GROUP,$PORT,1"

uml_wait a 90
rc_a=$?
uml_wait b 30
rc_b=$?
[ "$rc_a" = 0 ] || fail "guest a ended with $rc_a"
[ "$rc_b" = 0 ] || fail "guest b ended with $rc_b"

for g in a b; do
	loss=$(uml_result $g ping_loss) || fail "guest $g reported no ping result"
	[ "$loss" = 0 ] || fail "guest $g: ping loss $loss%"
done

sent=$(uml_result a md5) || fail "guest a reported no md5"
recv=$(uml_result b md5) || fail "guest b reported no md5"
[ "$(uml_result a bytes)" = "$BYTES" ] || fail "guest a sent $(uml_result a bytes) bytes"
[ "$(uml_result b bytes)" = "$BYTES" ] || fail "guest b got $(uml_result b bytes) bytes"
[ "$sent" = "$recv" ] || fail "md5 mismatch: sent $sent, received $recv"

log "PASS: pings 0% loss both ways, $BYTES bytes md5 $sent ($(($(_umnet_now_ms) - t0)) ms for the guests)"
