# SPDX-License-Identifier: GPL-2.0-or-later
# trio.bash - three UML guests on one switch: a sends to b, c watches (sourced)
#
#   guest a 10.0.0.1 --+
#   guest b 10.0.0.2 --+-- umnet-switch (in netns $ns)
#   guest c 10.0.0.3 --+
#
# a and b ping each other (0% loss both ways), then a sends TRIO_BYTES of
# random data to b with nc and both report the md5. c counts the bytes its
# eth0 receives while that transfer runs: almost nothing from a learning
# switch, all of it from a hub.
#
# Then all three hold still: once the host has seen them all quiet it lets
# them read eth0 of /proc/net/dev (TRIO_DEV_<g>: rx bytes, rx frames, tx
# bytes, tx frames) and calls $TRIO_SNAP, if set, while their ports still
# exist, so that it can compare the switch's counters with theirs.
#
# trio_run NETNS ARGS_A ARGS_B ARGS_C - boot the three with these UML network
# arguments, wait for them and check pings and checksums; sets TRIO_RX_C.

TRIO_BYTES=${TRIO_BYTES:-$((8 * 1024 * 1024))}

_trio_addr='
quiet_net eth0
run ip addr add "$1"/24 dev eth0 || fail "address"
run ip link set eth0 up || fail "link up"
'
_trio_ping='
run ping -c 10 -i 0.2 -W 5 "$1" >/run/ping.out
cat /run/ping.out
result ping_loss "$(sed -n "s/.* \([0-9.]*\)% packet loss.*/\1/p" /run/ping.out)"
'
_trio_hold='
signal "$UMNET_GUEST-held"
await trio-snap 150 || exit 1
set -- $(sed -n "s/^ *eth0: *//p" /proc/net/dev)
result dev "$1,$2,$9,${10}"
signal "$UMNET_GUEST-reported"
await trio-release 60 || exit 1
'

trio_run() {
	local ns=$1 net_a=$2 net_b=$3 net_c=$4 g loss sent recv

	uml_rootfs
	uml_boot -n "$ns" b "set -- 10.0.0.2
$_trio_addr"'
signal b-up
await a-up || exit 1
await c-up || exit 1
set -- 10.0.0.1
'"$_trio_ping"'
nc_recv 5001 120
signal b-listening
wait $nc_pid || fail "nc receive failed"
result bytes "$(wc -c </run/recv)"
result md5 "$(md5sum </run/recv | cut -d" " -f1)"
signal b-done
'"$_trio_hold" "$net_b"

	uml_boot -n "$ns" c "set -- 10.0.0.3
$_trio_addr"'
signal c-up
await a-up || exit 1
await b-up || exit 1
# let the neighbours settle (ARP, IPv6 chatter) before counting
sleep 1
rx0=$(cat /sys/class/net/eth0/statistics/rx_bytes)
signal c-ready
await b-done 120 || exit 1
# what the switch still queues for a slow c belongs to the transfer too
n=0 pk=-1
while [ "$pk" != "$(cat /sys/class/net/eth0/statistics/rx_packets)" ] && [ $n -lt 40 ]; do
	pk=$(cat /sys/class/net/eth0/statistics/rx_packets); n=$((n + 1)); sleep 0.5
done
rx1=$(cat /sys/class/net/eth0/statistics/rx_bytes)
result rx_bytes $((rx1 - rx0))
'"$_trio_hold" "$net_c"

	uml_boot -n "$ns" a "set -- 10.0.0.1
$_trio_addr"'
signal a-up
await b-up || exit 1
set -- 10.0.0.2
'"$_trio_ping"'
dd if=/dev/urandom of=/run/data bs=64k count='$((TRIO_BYTES / 65536))' 2>/dev/null
result md5 "$(md5sum </run/data | cut -d" " -f1)"
await b-listening || exit 1
await c-ready || exit 1
run timeout 120 nc 10.0.0.2 5001 </run/data || fail "nc send failed"
'"$_trio_hold" "$net_a"

	for g in a b c; do
		# held, or its body ended (failed) without getting there
		wait_for 150 eval '[ -e "$UML_ROOT/sync/$g-held" ] || [ -n "$(_uml_end_rc $g)" ]'
		[ -e "$UML_ROOT/sync/$g-held" ] || { uml_wait $g 10; fail "guest $g did not finish"; }
	done
	sleep 1		# the last segments of the transfer
	uml_signal trio-snap
	for g in a b c; do
		uml_await $g-reported 30 || fail "guest $g did not report"
		eval "TRIO_DEV_$g=\$(uml_result $g dev)"
	done
	[ -z "${TRIO_SNAP:-}" ] || "$TRIO_SNAP"
	uml_signal trio-release
	for g in a b c; do
		uml_wait $g 60 || fail "guest $g failed"
	done
	for g in a b; do
		loss=$(uml_result $g ping_loss) || fail "guest $g reported no ping result"
		[ "$loss" = 0 ] || fail "guest $g: ping loss $loss%"
	done
	sent=$(uml_result a md5) || fail "guest a reported no md5"
	recv=$(uml_result b md5) || fail "guest b reported no md5"
	[ "$(uml_result b bytes)" = "$TRIO_BYTES" ] || fail "b received $(uml_result b bytes) bytes"
	[ "$sent" = "$recv" ] || fail "md5 mismatch: sent $sent, received $recv"
	TRIO_RX_C=$(uml_result c rx_bytes) || fail "guest c reported no count"
	log "a -> b: $TRIO_BYTES bytes, md5 $sent matches; c received $TRIO_RX_C bytes meanwhile"
}
