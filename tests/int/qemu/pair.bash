# SPDX-License-Identifier: GPL-2.0-or-later
# pair.bash - sourced by vde.sh and stream.sh: a real QEMU guest q and a real
# UML guest u (eth0=daemon) on one umnet-switch in a namespace: pings both
# ways, 4 MiB each way with nc, sizes and md5 sums matched
#
#  netns umnet-$$-sw
#
#   QEMU guest q (Linux, TCG), virtio-net   --- PAIR_NETDEV --->  umnet-switch
#   52:54:00:00:03:02 10.0.0.2                                     --unix CTL
#   UML guest u, eth0=daemon,MAC,unix,CTL   -------------------->  PAIR_SWITCH_ARGS
#   52:54:00:00:03:01 10.0.0.1
#
# The caller sources lib.sh, lib-switch.sh and lib-qemu.sh, and sets:
#   PAIR_KIND         QEMU's -netdev type ("vde", "stream"): skipped if this
#                     QEMU lacks it
#   pair_config DIR   a function: sets PAIR_SWITCH_ARGS (array), the switch's
#                     options for QEMU's side, and PAIR_NETDEV, QEMU's -netdev
#                     argument with id=n0, for sockets in DIR
#   pair_qemu_port    a function: DUMP -> the port number QEMU's port has in
#                     a switch_dump file, or nothing
# While both are up, the port that function finds must have learned q's MAC.
# The switch runs under ASan and must stop cleanly. Guests sync through flag
# files: $UML_ROOT/sync is hostfs for u and the 9p share for q.

need_root
uml_need
qemu_need
"$QEMU" -netdev help 2>/dev/null | grep -qx "$PAIR_KIND" ||
	skip "$QEMU has no -netdev $PAIR_KIND"
ns=$(netns_add sw) || exit
d=$(tmpdir sw)
pair_config "$d"

BYTES=$((4 * 1024 * 1024))
MAC_U=52:54:00:00:03:01
MAC_Q=52:54:00:00:03:02

switch_start -n "$ns" s --unix "$d/ctl" "${PAIR_SWITCH_ARGS[@]}"
uml_rootfs

# set -- MY_IP PEER_IP PEER_NAME MY_PORT PEER_PORT
# Address, ping the peer, then receive on MY_PORT while the peer receives on
# PEER_PORT: each guest listens, says so, sends once the peer listens.
body='
dev=$(ls /sys/class/net | grep -v "^lo$" | head -n 1)
[ -n "$dev" ] || fail "no network device"
run ip addr add "$1"/24 dev "$dev" || fail "address"
run ip link set "$dev" up || fail "link up"
signal "$UMNET_GUEST-up"
await "$3-up" || exit 1
ping -c 5 -i 0.2 -W 3 "$2" >/run/ping.out
cat /run/ping.out
result ping_loss "$(sed -n "s/.* \([0-9.]*\)% packet loss.*/\1/p" /run/ping.out)"

dd if=/dev/urandom of=/run/data bs=64k count='$((BYTES / 65536))' 2>/dev/null
result sent_md5 "$(md5sum </run/data | cut -d" " -f1)"
nc_recv "$4" 90
signal "$UMNET_GUEST-listening"
await "$3-listening" || exit 1
run timeout 90 nc "$2" "$5" </run/data || fail "nc send failed"
wait $nc_pid || fail "nc receive failed"
result recv_bytes "$(wc -c </run/recv)"
result recv_md5 "$(md5sum </run/recv | cut -d" " -f1)"
signal "$UMNET_GUEST-done"
await host-done 60 || exit 1
'

t0=$(_umnet_now_ms)
qemu_boot -n "$ns" q "set -- 10.0.0.2 10.0.0.1 u 5002 5001
$body" -netdev "$PAIR_NETDEV" -device "virtio-net-pci,netdev=n0,mac=$MAC_Q"
uml_boot -n "$ns" u "set -- 10.0.0.1 10.0.0.2 q 5001 5002
$body" "eth0=daemon,$MAC_U,unix,$d/ctl"

for g in q u; do
	uml_await "$g-done" 120 && continue
	if [ "$g" = q ]; then con=$(qemu_console q); else con=$(uml_console u); fi
	tail -n 25 "$con" | tr -d '\r' | sed 's/^/    /' >&2
	fail "guest $g did not finish its pings and transfers"
done
log "guests done after $(($(_umnet_now_ms) - t0)) ms"

# While both are plugged in: QEMU's port owns its MAC
switch_dump s
sed 's/^/    /' "$UMNET_TMP/dump-s" >&2
qport=$(pair_qemu_port "$UMNET_TMP/dump-s")
[ -n "$qport" ] || fail "the switch does not list QEMU's $PAIR_KIND port"
[ "$(switch_mac_port s "$MAC_Q")" = "$qport" ] ||
	fail "MAC $MAC_Q not learned on QEMU's port $qport"
[ "$(switch_port_count s)" = 2 ] || fail "expected 2 ports, got $(switch_port_count s)"

uml_signal host-done
rc=0
qemu_wait q 30 || rc=$?
[ "$rc" = 0 ] || fail "QEMU guest q ended with $rc"
uml_wait u 30 || rc=$?
[ "$rc" = 0 ] || fail "UML guest u ended with $rc"

for g in q u; do
	if [ "$g" = q ]; then res=qemu_result; else res=uml_result; fi
	loss=$($res $g ping_loss) || fail "guest $g reported no ping result"
	[ "$loss" = 0 ] || fail "guest $g: ping loss $loss%"
	got=$($res $g recv_bytes)
	[ "$got" = "$BYTES" ] || fail "guest $g received ${got:-no} bytes, not $BYTES"
done
[ "$(qemu_result q sent_md5)" = "$(uml_result u recv_md5)" ] ||
	fail "q -> u: md5 $(qemu_result q sent_md5) sent, $(uml_result u recv_md5) received"
[ "$(uml_result u sent_md5)" = "$(qemu_result q recv_md5)" ] ||
	fail "u -> q: md5 $(uml_result u sent_md5) sent, $(qemu_result q recv_md5) received"

# Both peers have exited: the switch closes their ports as it reads the EOFs
gone=0
for _ in 1 2 3 4 5 6 7 8 9 10; do
	switch_dump s
	[ "$(switch_port_count s)" = 0 ] && { gone=1; break; }
	sleep 0.2
done
[ "$gone" = 1 ] || fail "ports left after the guests powered off"
switch_stop s
log "PASS: QEMU ($PAIR_KIND) <-> UML (daemon): pings 0% loss both ways, $BYTES bytes each way, md5 match ($(($(_umnet_now_ms) - t0)) ms for the guests)"
