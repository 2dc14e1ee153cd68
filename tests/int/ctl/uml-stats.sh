#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# uml-stats.sh - with real UML guests: `umnet-ctl stats` agrees exactly with the
# guests' /proc/net/dev, a capture from the switch opens in tshark and holds the
# guests' ICMP, and a stuck capture reader does not slow the guests down
#
#  netns umnet-$$-sw
#   guest a 10.0.0.1 --daemon--+
#                              +-- umnet-switch --- CTL.mgmt <-- umnet-ctl (host)
#   guest b 10.0.0.2 --daemon--+                        capture -f icmp -> icmp.pcap
#                                                       capture all | (nobody reads)
#
#   a pings b 5 times (captured); a sends 4 MiB to b (timed); the host starts
#   a capture whose reader never reads; a sends 4 MiB again (timed); both go
#   quiet and report eth0 of /proc/net/dev, which must equal the switch's
#   counters for their ports (found by umid in `umnet-ctl ports`): frames
#   exactly, bytes exactly but for UML's rx_bytes leaving out Ethernet headers.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../lib-switch.sh"

need_root
uml_need
need_cmd tshark
BYTES=$((4 * 1024 * 1024))
ns=$(netns_add sw) || exit
d=$(tmpdir ctl)
CTL=("$UMNET_BIN/umnet-ctl" -s "$d/ctl.mgmt")
ctl() { "${CTL[@]}" "$@"; }
port_of() { ctl ports | umid_port "$1"; }

switch_start -n "$ns" s --unix "$d/ctl"
"${CTL[@]}" capture all -f icmp -w "$d/icmp.pcap" &
icmp_cap=$!
on_exit "kill $icmp_cap 2>/dev/null"
wait_for 5 eval 'ctl stats | grep -q "^capture all"' || fail "capture did not start"
uml_rootfs

# busybox sh in the guests
common='
quiet_net eth0
run ip addr add "$1"/24 dev eth0 || fail "address"
run ip link set eth0 up || fail "link up"
# centiseconds of uptime
cs() { read up _ </proc/uptime; f=${up#*.}; echo $(( ${up%.*} * 100 + ${f#0} )); }
# report eth0 counters once the host says all is quiet, then wait to be let go
report() {
	signal "$UMNET_GUEST-quiet"
	await snap 120 || exit 1
	set -- $(sed -n "s/^ *eth0: *//p" /proc/net/dev)
	result dev "$1,$2,$9,${10},$4"
	signal "$UMNET_GUEST-reported"
	await finish 60 || exit 1
}
'
uml_boot -n "$ns" b "set -- 10.0.0.2
$common"'
signal b-up
await a-up || exit 1
for p in 5001 5002; do
	nc_recv $p 120
	signal b-listening-$p
	wait $nc_pid || fail "nc receive failed"
	result md5_$p "$(md5sum </run/recv | cut -d" " -f1)"
done
report
' "eth0=daemon,52:54:00:00:0c:02,unix,$d/ctl"

uml_boot -n "$ns" a "set -- 10.0.0.1
$common"'
signal a-up
await b-up || exit 1
run ping -c 5 -i 0.2 -W 5 10.0.0.2 >/run/ping.out
cat /run/ping.out
result ping_loss "$(sed -n "s/.* \([0-9.]*\)% packet loss.*/\1/p" /run/ping.out)"
signal a-pinged
dd if=/dev/urandom of=/run/data bs=64k count='$((BYTES / 65536))' 2>/dev/null
result md5 "$(md5sum </run/data | cut -d" " -f1)"
for p in 5001 5002; do
	[ $p = 5002 ] && { await stuck-on 60 || exit 1; }
	await b-listening-$p || exit 1
	t0=$(cs)
	run timeout 120 nc 10.0.0.2 $p </run/data || fail "nc send failed"
	result xfer_$p $(( $(cs) - t0 ))
	signal a-sent-$p
done
report
' "eth0=daemon,52:54:00:00:0c:01,unix,$d/ctl"

# The ICMP capture: whole, readable by tshark, with a's 5 pings and b's replies
uml_await a-pinged 60 || fail "a did not ping"
wait_for 5 eval 'ctl stats | grep -q "filter \"icmp\": 1[0-9] frames"' ||
	fail "capture: $(ctl stats | grep '^capture')"
kill -INT $icmp_cap
wait $icmp_cap || fail "capture exited $?"
req=$(tshark -r "$d/icmp.pcap" -Y 'icmp.type == 8 && ip.src == 10.0.0.1 && ip.dst == 10.0.0.2' \
	2>/dev/null | wc -l)
rep=$(tshark -r "$d/icmp.pcap" -Y 'icmp.type == 0 && ip.src == 10.0.0.2 && ip.dst == 10.0.0.1' \
	2>/dev/null | wc -l)
log "icmp.pcap: $req echo requests, $rep echo replies"
[ "$req" = 5 ] && [ "$rep" = 5 ] || fail "pcap: $req requests, $rep replies; expected 5 and 5"

# A capture reader that never reads, during the second transfer
uml_await a-sent-5001 120 || fail "first transfer did not end"
# shellcheck disable=SC2216 # a reader that never reads is the point
"${CTL[@]}" capture all -w - | sleep 600 &
stuck=$!
on_exit "kill $stuck 2>/dev/null"
wait_for 5 eval 'ctl stats | grep -q "^capture all"' || fail "stuck capture did not start"
uml_signal stuck-on

# Quiet: compare the counters
uml_await a-quiet 150 || fail "a did not finish"
uml_await b-quiet 30 || fail "b did not finish"
sleep 1		# the last TCP segments of the transfer
ctl ports
pa=$(port_of a) pb=$(port_of b)
[ -n "$pa" ] && [ -n "$pb" ] || fail "ports by umid: a '$pa', b '$pb'"
uml_signal snap
uml_await a-reported 30 && uml_await b-reported 30 || fail "guests did not report"
ctl stats
cap_drop=$(ctl -j stats | sed -n 's/.*"captures":\[.*"dropped":\([0-9]*\).*/\1/p')
for g in a b; do
	p=$(eval echo "\$p$g")
	IFS=, read -r rxb rxp txb txp rxdrop < <(uml_result $g dev)
	read -r srxp srxb stxp stxb < <(ctl stats "$p" | awk -v p="$p" '$1 == p { print $2, $3, $4, $5 }')
	log "guest $g (port $p): eth0 rx $rxp/$rxb tx $txp/$txb (rx dropped $rxdrop);" \
		"switch rx $srxp/$srxb tx $stxp/$stxb"
	[ "$srxp $srxb" = "$txp $txb" ] || fail "guest $g sent $txp frames/$txb bytes, switch got $srxp/$srxb"
	# UML counts rx_bytes after eth_type_trans() pulled the 14-byte Ethernet
	# header (uml_net_rx() in arch/um/drivers/net_kern.c); tx_bytes with it
	[ "$stxp $stxb" = "$rxp $((rxb + 14 * rxp))" ] ||
		fail "switch sent $stxp/$stxb to $g, it got $rxp/$rxb (+14 per frame)"
done
uml_signal finish
uml_wait a 60 || fail "guest a failed"
uml_wait b 30 || fail "guest b failed"

[ "$(uml_result a ping_loss)" = 0 ] || fail "ping loss $(uml_result a ping_loss)%"
for p in 5001 5002; do
	[ "$(uml_result b md5_$p)" = "$(uml_result a md5)" ] || fail "transfer $p: md5 mismatch"
done
t1=$(uml_result a xfer_5001) t2=$(uml_result a xfer_5002)
log "4 MiB a -> b: $((t1 * 10)) ms; with a stuck capture reader: $((t2 * 10)) ms;" \
	"that reader lost $cap_drop frames"
[ "${cap_drop:-0}" -gt 0 ] || fail "the stuck reader lost nothing: was it stuck?"
# Blocking on the reader would stall the transfer outright (until nc's 120 s
# timeout). Without any capture, two transfers in a row on 2 busy cores
# differ by up to 2-3x, so the bound is loose: it catches a stall, not noise.
[ "$t2" -le $((4 * t1 + 500)) ] || fail "transfer slowed from $((t1 * 10)) to $((t2 * 10)) ms"
kill $stuck
switch_stop s
exit 0
