#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# security.sh - port security end to end: locks from the command line and at
# run time, spoofed ARP/IPv4/IPv6/ND and VLAN-tagged frames dropped and counted
# per reason, allowed frames delivered; per-port max-macs; TAPs added and
# removed at run time with their command-line locks
#
#   l2peer B (port 1, listens) <--- l2peer A (port 2, --port-security '2 ...'):
#                                   7 allowed frames, 8 spoofed ones
#   l2peer C (port 3, max-macs=2) floods 10 sources
#   TAP umc$$ (port 4, --port-security 'tap:umc$$ ...'), added and removed by umnet-ctl
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../lib-switch.sh"

L2PEER=$(dirname "$UMNET_BIN")/tests/l2peer
[ -x "$L2PEER" ] || skip "no test peers (make unit builds them)"
d=$(tmpdir sec)
MGMT=$d/ctl.mgmt
ctl() { "$UMNET_BIN/umnet-ctl" -s "$MGMT" "$@"; }
nports() { ctl ports | tail -n +2 | grep -c .; }
MAC_A=52:54:00:cb:00:0a MAC_B=52:54:00:cb:00:0b MAC_C=52:54:00:cb:00:0c MAC_X=52:54:00:cb:00:99
TAP=umc$$
TAP=${TAP:0:15}

# Bad --port-security arguments: a reason and exit 1
for spec in "x mac=$MAC_A" "2 mac=zz" "2" "tap: ip=10.0.0.1" "2 ip=10.0.0.1/40" "0 ip=10.0.0.1"; do
	"$UMNET_BIN/umnet-switch" --unix "$d/bad" --port-security "$spec" >"$d/bad.log" 2>&1
	[ $? = 1 ] && grep -q -- '--port-security: ..' "$d/bad.log" ||
		fail "--port-security '$spec': $(cat "$d/bad.log")"
done

switch_start s --unix "$d/ctl" \
	--port-security "2 mac=$MAC_A,ip=10.0.0.10,fd00::10,fe80::10" \
	--port-security "tap:$TAP mac=52:54:00:cb:00:ee max-macs=3"

"$L2PEER" "$d/ctl" $MAC_B waitfile "$d/go" listen 2000 waitfile "$d/p2" \
	ip4 10.0.0.21 ip4 10.0.0.20 waitfile "$d/release" >"$d/b.out" &
on_exit "touch $d/release"
wait_for 5 eval '[ "$(nports)" = 1 ]' || fail "B did not connect"
"$L2PEER" "$d/ctl" $MAC_A waitfile "$d/go" \
	arp 10.0.0.10  arp 10.0.0.1  arp 10.0.0.10 $MAC_X \
	ip4 10.0.0.10  ip4 10.0.0.11  dhcp \
	ip6 fd00::10  ip6 fd00::11 \
	na fd00::10 fe80::10  na fd00::1 fe80::10  dad fd00::10  dad fd00::1 \
	vlan 5 arp 10.0.0.1 ip4 10.0.0.10 vlan 0 \
	src $MAC_X ip4 10.0.0.10 src $MAC_A \
	waitfile "$d/p2" listen 2000 waitfile "$d/release" >"$d/a.out" &
wait_for 5 eval '[ "$(nports)" = 2 ]' || fail "A did not connect"
grep -q "port 2 (uml:.*): port security mac=$MAC_A ip=10.0.0.10,fd00::10,fe80::10" \
	"$(switch_log s)" || fail "command-line port security not applied to port 2"
ctl security
ctl security | awk '$1 == 2' | grep -q "mac=$MAC_A ip=10.0.0.10,fd00::10,fe80::10" ||
	fail "security: port 2 not shown locked"
ctl ports | awk '$1 == 2' | grep -q secured || fail "ports: port 2 not flagged"

# Only the allowed frames reach B; each spoofed one is counted by reason
touch "$d/go"
wait_for 20 grep -q '^received' "$d/b.out" || fail "B never finished listening"
cat >"$d/b.want" <<EOF
rx $MAC_A arp 10.0.0.10
rx $MAC_A ip4 10.0.0.10
rx $MAC_A ip4 0.0.0.0
rx $MAC_A ip6 fd00::10
rx $MAC_A na fd00::10
rx $MAC_A ns fd00::10
rx $MAC_A vlan 5 ip4 10.0.0.10
received 7
EOF
diff -u "$d/b.want" "$d/b.out" || fail "B got other frames than the allowed ones"
ctl stats 2
ctl stats 2 | grep -qx '     drops: sec_mac 1 sec_arp 3 sec_ipv4 1 sec_ipv6 1 sec_nd 2' ||
	fail "drops per reason on port 2"
ctl -j stats 2 | grep -q '"sec_arp":3,"sec_ipv4":1,"sec_ipv6":1,"sec_nd":2' || fail "stats -j drops"
ctl macs 2 | grep -q "$MAC_X" && fail "a spoofed source was learned"

# At run time: unlock A, lock B to 10.0.0.20; B's 10.0.0.21 is dropped
ctl security 2 off
ctl security 1 ip=10.0.0.20
ctl -j security 1 | grep -q '"ip":\["10.0.0.20"\]' || fail "security -j 1"
[ "$(ctl security | tail -n +2 | awk '{ print $1 }' | tr '\n' ' ')" = "1 " ] ||
	fail "security: expected only port 1 locked"
touch "$d/p2"
wait_for 20 grep -q '^received' "$d/a.out" || fail "A never finished listening"
printf 'rx %s ip4 10.0.0.20\nreceived 1\n' $MAC_B | diff -u - "$d/a.out" ||
	fail "A: run-time lock on port 1 not applied"

# Per-port max-macs: C floods 10 sources and keeps 2 in the table, others unhurt
"$L2PEER" "$d/ctl" $MAC_C waitfile "$d/p3" flood 10 waitfile "$d/release" &
wait_for 5 eval '[ "$(nports)" = 3 ]' || fail "C did not connect"
ctl security 3 max-macs=2
touch "$d/p3"
wait_for 5 eval 'ctl stats 3 | grep -q "learn_refused 8"' || fail "max-macs: refusals not counted"
[ "$(ctl macs 3 | tail -n +2 | wc -l)" = 2 ] || fail "max-macs=2: $(ctl macs 3 | tail -n +2 | wc -l) MACs"
ctl macs 1 | grep -q "$MAC_B" || fail "B's MAC lost"
touch "$d/release"
wait_for 5 eval '[ "$(nports)" = 0 ]' || fail "peers did not leave"

# TAPs at run time, with their command-line lock
if [ "$(id -u)" = 0 ] && [ -c /dev/net/tun ]; then
	on_exit "ip link del $TAP 2>/dev/null"
	ctl tap add "$TAP" || fail "tap add"
	ctl ports | awk '$2 == "tap"' | grep -q "tap:$TAP" || fail "ports: no TAP port"
	ip link show "$TAP" >/dev/null || fail "tap add: no device $TAP"
	id=$(ctl ports | awk -v n="tap:$TAP" '$6 == n { print $1 }')
	ctl security "$id" | grep -q 'mac=52:54:00:cb:00:ee max-macs=3' ||
		fail "tap:$TAP: command-line lock not applied"
	ctl tap add "$TAP" 2>&1 | grep -q 'attached already' || fail "tap added twice"
	ctl tap del "$TAP" || fail "tap del"
	[ "$(nports)" = 0 ] || fail "tap del left a port"
	wait_for 5 eval '! ip link show $TAP >/dev/null 2>&1' || fail "tap del: $TAP still there"
	ctl tap del "$TAP" 2>&1 | grep -q 'no port is tap' || fail "tap del of a detached TAP"
else
	log "not root or no /dev/net/tun: TAP part not run"
fi
switch_stop s
exit 0
