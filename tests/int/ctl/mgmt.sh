#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# mgmt.sh - the management socket: where it is, what it shows, what it changes,
# what it refuses, and that stuck management clients cannot stall the datapath
#
#   l2peer A (port 1, listens) --+
#   l2peer B (port 2, sends 100) +-- umnet-switch (ASan) --- CTL.mgmt <-- umnet-ctl
#   swclient --vde hold (port 3) +                                    <-- nc: garbage,
#   swclient pair (while stuck) -+                                        stuck readers
#
# Counters are checked exactly: B's 100 frames are B's rx and A's tx.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../lib-switch.sh"

L2PEER=$(dirname "$UMNET_BIN")/tests/l2peer
[ -x "$SWCLIENT" ] && [ -x "$L2PEER" ] || skip "no test peers (make unit builds them)"
need_cmd nc
d=$(tmpdir mgmt)
MGMT=$d/ctl.mgmt
ctl() { "$UMNET_BIN/umnet-ctl" -s "$MGMT" "$@"; }
nports() { ctl ports | tail -n +2 | grep -c .; }
# json_ok - validate umnet-ctl -j output (with jq when it is installed)
json_ok() {
	if command -v jq >/dev/null; then jq -e . >/dev/null; else cat >/dev/null; fi
}
MAC_A=52:54:00:c0:00:0a MAC_B=52:54:00:c0:00:0b

switch_start s --unix "$d/ctl" --sock "$d/vde" --max-macs 4096

# Where and how: beside the first control socket, owner only
[ -S "$MGMT" ] || fail "no management socket at $MGMT"
[ "$(stat -c %a "$MGMT")" = 600 ] || fail "management socket mode $(stat -c %a "$MGMT"), not 600"
ctl version | grep -q 'management protocol 1' || fail "version"
"$UMNET_BIN/umnet-ctl" -s "$d/ctl" version >/dev/null || fail "-s CTL did not find CTL.mgmt"
"$UMNET_BIN/umnet-ctl" -s "$d/vde" version >/dev/null 2>&1 &&
	fail "-s DIR found a socket that is not there (DIR/mgmt is only the --sock default)"
ctl help | grep -q '^capture ' || fail "help"
for c in version help ports macs stats security; do
	ctl -j "$c" | json_ok || fail "umnet-ctl -j $c: invalid JSON"
done

# ports and macs: A listens, B sends 100 broadcasts
"$L2PEER" "$d/ctl" $MAC_A announce waitfile "$d/b-done" listen 500 waitfile "$d/release" \
	>"$d/a.out" &
a_pid=$!
on_exit "kill $a_pid 2>/dev/null"
wait_for 5 eval '[ "$(nports)" = 1 ]' || fail "A did not connect"
"$SWCLIENT" --vde "$d/vde/ctl" hold 30 >/dev/null &
hold_pid=$!
on_exit "kill $hold_pid 2>/dev/null"
wait_for 5 eval '[ "$(nports)" = 2 ]' || fail "the VDE peer did not connect"
"$L2PEER" "$d/ctl" $MAC_B burst 100 waitfile "$d/release" &
b_pid=$!
on_exit "kill $b_pid 2>/dev/null"
wait_for 10 eval '[ "$(nports)" = 3 ]' || fail "B did not connect"
wait_for 10 eval '[ "$(ctl stats 3 | awk '\''$1 == 3 { print $2 }'\'')" = 100 ]' ||
	fail "B's frames did not arrive"
touch "$d/b-done"
wait_for 10 grep -qx 'received 100' "$d/a.out" || fail "A: $(cat "$d/a.out"), expected 100 frames"
ctl ports
ctl ports | awk '$1 == 2 && $2 == "vde" && /swclient/' | grep -q . ||
	fail "ports: VDE port 2 with its description not listed"
ctl macs
ctl macs | grep -q "^$MAC_A .* 1 " || fail "macs: $MAC_A not on port 1"
ctl macs | grep -q "^$MAC_B .* 3 " || fail "macs: $MAC_B not on port 3"
[ "$(ctl macs 3 | tail -n +2 | wc -l)" = 1 ] || fail "macs 3: not exactly one entry"
ctl -j ports | grep -q '"kind":"vde"' || fail "ports -j: no vde port"

# exact counters, then reset
ctl stats
read -r rxf rxb txf < <(ctl stats 3 | awk '$1 == 3 { print $2, $3, $4 }')
[ "$rxf $txf" = "100 0" ] || fail "stats 3: rx $rxf tx $txf, expected rx 100 tx 0"
[ "$rxb" = 6000 ] || fail "stats 3: rx bytes $rxb, expected 100 x 60"
ctl -j stats 3 | grep -q '"rx_frames":100,' || fail "stats -j 3"
read -r rxf txf < <(ctl stats 1 | awk '$1 == 1 { print $2, $4 }')
[ "$rxf $txf" = "1 100" ] || fail "stats 1: rx $rxf tx $txf, expected rx 1 tx 100"
ctl stats --reset
[ "$(ctl stats 3 | awk '$1 == 3 { print $2 }')" = 0 ] || fail "stats --reset"
touch "$d/release"
wait $a_pid $b_pid
wait_for 5 eval '[ "$(nports)" = 1 ]' || fail "A and B did not leave"
ctl stats 1 >/dev/null 2>&1 && fail "stats of a port that left"

# settings
ctl hub on && ctl stats | grep -q '^switch: hub mode' || fail "hub on"
ctl hub off && ctl stats | grep -q '^switch: switch mode' || fail "hub off"
ctl aging 42 && ctl stats | grep -q 'aging 42 s' || fail "aging"
ctl maxmacs 5000 && ctl stats | grep -q 'macs [0-9]* of 5000' || fail "maxmacs"
ctl log debug && ctl stats | grep -q 'log debug' || fail "log debug"
ctl log info
ctl port del 2
[ "$(nports)" = 0 ] || fail "port del 2: $(nports) ports left"
kill $hold_pid 2>/dev/null	# swclient hold does not watch its control connection
grep -q 'management: pid [0-9]* uid 0: port del 2' "$(switch_log s)" || fail "changes not logged"

# errors: a message and exit 1, from the client's own check or the switch
for bad in "bogus" "hub maybe" "port del 99" "aging -1" "tap add a/b" "security 1 mac=zz" \
	"macs 9" "mirror 1 to 1" "capture -f"; do
	# shellcheck disable=SC2086
	if ctl $bad >"$d/err.out" 2>&1; then fail "'$bad' succeeded"; fi
	grep -q '^umnet-ctl: ..' "$d/err.out" || fail "'$bad': no message: $(cat "$d/err.out")"
done
ctl port del 99 2>&1 | grep -q 'no port 99' || fail "the switch's own error not shown"

# raw clients: garbage, oversize and unknown requests get an error line and the
# connection closed; the switch carries on
raw() { timeout 10 nc -U -N "$MGMT"; }
printf 'po\001rts\n' | raw | grep -q '^error: request is not printable' || fail "control byte"
head -c 3000 /dev/urandom | raw | grep -q '^error: ' || fail "binary garbage"
head -c 5000 /dev/zero | tr '\0' x | raw | grep -q '^error: request longer than 4096' ||
	fail "oversize request"
printf 'ports\n' | raw | head -n1 | grep -qx ok || fail "a raw client"
printf 'ports' | raw | head -n1 | grep -qx ok || fail "a request ended by EOF"

# stuck clients: one that never finishes its request, one that never reads a
# long reply (a full MAC table in JSON: more than every buffer on the way);
# the datapath does not notice, and both are dropped after their deadline.
# Only then more clients than the switch serves: their drops share the
# rate-limited log line with these two.
ctl maxmacs 20000
"$L2PEER" "$d/ctl" 52:54:00:c0:00:0f flood 12000 waitfile "$d/release2" &
on_exit "touch $d/release2"
wait_for 20 eval '[ "$(ctl macs | tail -n +2 | wc -l)" -ge 12000 ]' ||
	fail "flood did not fill the table: $(ctl macs | tail -n +2 | wc -l) entries"
sleep 60 | nc -U "$MGMT" >/dev/null &
on_exit "kill $! 2>/dev/null"
# shellcheck disable=SC2216 # a reader that never reads is the point
{ echo '-j macs'; sleep 60; } | nc -U "$MGMT" | sleep 60 &
on_exit "kill $! 2>/dev/null"
out=$("$SWCLIENT" "$d/ctl" pair 20000)
[ "$out" = "sent 20000 received 20000" ] || fail "datapath with stuck management clients: $out"
wait_for 15 grep -q 'dropped pid .*: output not read' "$(switch_log s)" ||
	fail "a client not reading its reply was not dropped"
wait_for 15 grep -q 'dropped pid .*: no complete request' "$(switch_log s)" ||
	fail "a client not sending a request was not dropped"
for _ in $(seq 17); do sleep 60 | nc -U "$MGMT" >/dev/null 2>&1 & on_exit "kill $! 2>/dev/null"; done
wait_for 5 grep -q 'management: refused pid .*too many clients' "$(switch_log s)" ||
	fail "no client limit"
wait_for 15 eval 'ctl version >/dev/null 2>&1' || fail "management socket unusable after"
switch_alive s || fail "switch died"

# shutdown: exits 0, removes its sockets, no sanitizer report
pid=$(switch_pid s)
ctl shutdown || fail "shutdown"
wait "$pid"
rc=$?
grep -qE 'ERROR: (Address|Leak)Sanitizer|runtime error:' "$(switch_log s)" &&
	{ cat "$(switch_log s)" >&2; fail "sanitizer report"; }
[ "$rc" = 0 ] || fail "switch exited $rc after shutdown"
[ ! -e "$MGMT" ] && [ ! -e "$d/ctl" ] || fail "sockets left behind after shutdown"

# --mgmt, --mgmt-mode, --mgmt none; a live management socket is not stolen
switch_start m --unix "$d/ctl2" --mgmt "$d/m.sock" --mgmt-mode 0660
[ "$(stat -c %a "$d/m.sock")" = 660 ] || fail "--mgmt-mode"
[ ! -e "$d/ctl2.mgmt" ] || fail "default socket created despite --mgmt"
"$UMNET_BIN/umnet-ctl" -s "$d/m.sock" ports >/dev/null || fail "--mgmt PATH"
"$UMNET_BIN/umnet-switch" --unix "$d/ctl3" --mgmt "$d/m.sock" >"$d/second.log" 2>&1 &&
	fail "a second switch took a live management socket"
grep -q 'another switch is already serving it' "$d/second.log" || fail "no reason given"
[ ! -e "$d/ctl3" ] || fail "the refused switch left its control socket"
switch_stop m
switch_start n --unix "$d/ctl4" --mgmt none
[ ! -e "$d/ctl4.mgmt" ] || fail "--mgmt none created a socket"
switch_stop n
exit 0
