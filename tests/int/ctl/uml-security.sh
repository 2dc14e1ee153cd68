#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# uml-security.sh - with real UML guests: each port locked (at run time, by
# umnet-ctl) to its guest's MAC and IP; a guest that moves to an address
# outside its set can no longer reach the others, while they still reach each
# other; back on its own address it works again
#
#  netns umnet-$$-sw
#   guest a 10.0.0.1 --+
#   guest b 10.0.0.2 --+-- umnet-switch <-- umnet-ctl security PORT mac=.. ip=..
#   guest c 10.0.0.3 --+   (c then takes 10.0.0.99: its ARP and IP are dropped)
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../lib-switch.sh"

need_root
uml_need
ns=$(netns_add sw) || exit
d=$(tmpdir ctl)
ctl() { "$UMNET_BIN/umnet-ctl" -s "$d/ctl.mgmt" "$@"; }
port_of() { ctl ports | umid_port "$1"; }
nports() { ctl ports | tail -n +2 | grep -c .; }

switch_start -n "$ns" s --unix "$d/ctl"
uml_rootfs

# busybox sh: ping PEER, report loss as KEY
common='
quiet_net eth0
run ip addr add "$1"/24 dev eth0 || fail "address"
run ip link set eth0 up || fail "link up"
signal "$UMNET_GUEST-up"
await locked 60 || exit 1
png() {
	ping -c 3 -i 0.2 -W 2 "$1" >/run/ping.out 2>&1
	cat /run/ping.out
	result "$2" "$(sed -n "s/.* \([0-9.]*\)% packet loss.*/\1/p" /run/ping.out)"
}
'
# a and b: reach each other before and after c moves
for g in a b; do
	[ $g = a ] && me=10.0.0.1 peer=10.0.0.2 || me=10.0.0.2 peer=10.0.0.1
	uml_boot -n "$ns" $g "set -- $me
$common"'
png '$peer' before
await c-moved 60 || exit 1
png '$peer' after
signal '$g'-done
await c-done 60 || exit 1
' "eth0=daemon,52:54:00:00:0d:0${me##*.},unix,$d/ctl"
done

uml_boot -n "$ns" c 'set -- 10.0.0.3
'"$common"'
png 10.0.0.1 own_a
png 10.0.0.2 own_b
# another address: every ARP and IP packet it sends is now spoofed. First
# with the neighbours still cached (the pings go out, from 10.0.0.99), then
# with them flushed (the ARP requests go out, from 10.0.0.99)
run ip addr flush dev eth0
run ip addr add 10.0.0.99/24 dev eth0
png 10.0.0.1 moved_a
run ip neigh flush dev eth0
png 10.0.0.2 moved_b
signal c-moved
await a-done 60 && await b-done 60 || exit 1
# back home
run ip addr flush dev eth0
run ip neigh flush dev eth0
run ip addr add 10.0.0.3/24 dev eth0
png 10.0.0.1 back_a
signal c-done
await checked 60 || exit 1
' "eth0=daemon,52:54:00:00:0d:03,unix,$d/ctl"

# Lock each port to its guest, found by umid
for g in a b c; do
	uml_await $g-up 60 || fail "guest $g did not come up"
done
wait_for 10 eval '[ "$(nports)" = 3 ]' || fail "not three ports"
for g in a b c; do
	n=$(( $(printf %d "'$g") - 96 ))	# a=1, b=2, c=3
	p=$(port_of $g)
	[ -n "$p" ] || fail "no port for guest $g"
	ctl security "$p" mac=52:54:00:00:0d:0$n ip=10.0.0.$n || fail "security $p"
done
ctl security
uml_signal locked

# c's spoofed IPv4 and ARP were dropped and counted as such, on its port only
pcn=$(port_of c)
uml_await c-done 120 || fail "c did not finish"
ctl stats
for r in sec_ipv4 sec_arp; do
	ctl stats "$pcn" | grep -qE "drops:.* $r [1-9]" || fail "no $r drops on c's port $pcn"
done
[ "$(ctl stats | awk '/drops:/' | wc -l)" = 1 ] || fail "drops on other ports than c's"
uml_signal checked

for g in a b c; do
	uml_wait $g 90 || fail "guest $g failed"
done
check() {	# GUEST KEY LOSS
	local v
	v=$(uml_result "$1" "$2") || fail "guest $1 reported no $2"
	[ "$v" = "$3" ] || fail "guest $1, $2: ping loss $v%, expected $3%"
}
check c own_a 0
check c own_b 0
check a before 0
check b before 0
check c moved_a 100
check c moved_b 100
check a after 0
check b after 0
check c back_a 0
log "c reached a and b from its own address, nobody from 10.0.0.99, again from its own;" \
	"a and b reached each other throughout"
grep -q 'management: pid [0-9]* uid 0: security [0-9]* mac=52:54:00:00:0d:03 ip=10.0.0.3' \
	"$(switch_log s)" || fail "security changes not logged"
switch_stop s
exit 0
