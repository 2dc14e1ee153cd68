#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# kill.sh - a guest SIGKILLed mid-transfer: its port and MACs go, the others
# keep working without a lost ping
#
#   guest a 10.0.0.1 (52:54:00:00:01:0a) --+  streams to b, killed mid-way
#   guest b 10.0.0.2 (52:54:00:00:01:0b) --+-- umnet-switch --unix CTL
#   guest c 10.0.0.3 (52:54:00:00:01:0c) --+  pings b before, across and after
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../lib-switch.sh"

need_root
uml_need
ns=$(netns_add sw) || exit
d=$(tmpdir sw)
switch_start -n "$ns" s --unix "$d/ctl"
mac() { echo "52:54:00:00:01:0$1"; }
net() { echo "eth0=daemon,$(mac "$1"),unix,$d/ctl"; }

uml_rootfs
addr='run ip addr add "$1"/24 dev eth0 && run ip link set eth0 up || fail "address"'
uml_boot -n "$ns" b "set -- 10.0.0.2; $addr"'
mkfifo /run/hold
nc -l -p 5001 <>/run/hold >/dev/null &
signal b-up
await c-done 120 || exit 1
kill $! 2>/dev/null
true' "$(net b)"
uml_boot -n "$ns" a "set -- 10.0.0.1; $addr"'
await b-up || exit 1
ping -c 1 -W 5 10.0.0.2 >/dev/null || fail "no ping to b"
signal a-sending
dd if=/dev/zero bs=64k count=100000 2>/dev/null | nc 10.0.0.2 5001
fail "the stream ended: a should have been killed first"' "$(net a)"
uml_boot -n "$ns" c "set -- 10.0.0.3; $addr"'
await a-sending || exit 1
ping -c 40 -i 0.1 -W 2 10.0.0.2 >/run/p1
cat /run/p1
result loss_across "$(sed -n "s/.* \([0-9.]*\)% packet loss.*/\1/p" /run/p1)"
await a-killed || exit 1
ping -c 10 -i 0.1 -W 2 10.0.0.2 >/run/p2
cat /run/p2
result loss_after "$(sed -n "s/.* \([0-9.]*\)% packet loss.*/\1/p" /run/p2)"
signal c-done' "$(net c)"

uml_await a-sending 60 || fail "a never started sending"
# c's port comes with its link, which may come after a starts sending
three_ports() { switch_dump s && [ "$(switch_port_count s)" = 3 ]; }
wait_for 20 three_ports || fail "expected 3 ports before the kill, found $(switch_port_count s)"
aport=$(switch_mac_port s "$(mac a)")
[ -n "$aport" ] || fail "a's MAC not learned"
log "killing guest a (pid $(uml_pid a), port $aport) with SIGKILL"
uml_kill a
# the switch notices through the control connection's end or, while it is
# sending to a, through the data socket (ECONNREFUSED): either closes the port
wait_for 10 grep -q "port $aport (.*) closed: " "$(switch_log s)" ||
	fail "a's port was not closed"
switch_dump s
[ "$(switch_port_count s)" = 2 ] || fail "a's port is still listed"
[ -z "$(switch_mac_port s "$(mac a)")" ] || fail "a's MAC is still in the table"
[ -n "$(switch_mac_port s "$(mac b)")" ] || fail "b's MAC is gone"
uml_signal a-killed

uml_wait c 90 || fail "guest c failed"
uml_wait b 30 || fail "guest b failed"
[ "$(uml_result c loss_across)" = 0 ] || fail "c lost $(uml_result c loss_across)% across the kill"
[ "$(uml_result c loss_after)" = 0 ] || fail "c lost $(uml_result c loss_after)% after the kill"
switch_stop s
