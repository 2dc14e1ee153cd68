#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# hub.sh - in hub mode a third guest gets all of a unicast transfer between two
# others (eth0=daemon with explicit MACs and control socket). See trio.bash.
#
# A hub sends every frame to every other port, and a port whose guest does not
# read fast enough loses frames on its full queue, counted, never in silence
# and never at the cost of the other ports. So, with the three guests quiet:
#   switch: frames out to c + frames dropped for c = frames in from a and b
#   guest c: eth0 rx frames = frames the switch sent to c
#   guest c: saw all 8 MiB, or what it did not see is what the switch dropped
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../lib-switch.sh"
. "$(dirname "$0")/trio.bash"

need_root
uml_need
ns=$(netns_add sw) || exit
d=$(tmpdir sw)
ctl() { "$UMNET_BIN/umnet-ctl" -s "$d/ctl.mgmt" "$@"; }
switch_start -n "$ns" s --hub --unix "$d/ctl"

# hub_snap - one snapshot of the ports and their counters, while the guests
# hold still (trio.bash); sets HUB_DROP_C
hub_snap() {
	local g p ports stats dev_rx
	local -A rx tx drop
	if ! ports=$(ctl ports) || ! stats=$(ctl stats); then fail "umnet-ctl failed"; fi
	echo "$stats"
	for g in a b c; do
		p=$(umid_port "$g" <<<"$ports")
		[ -n "$p" ] || fail "no port for guest $g"
		read -r "rx[$g]" "tx[$g]" "drop[$g]" < <(awk -v p="$p" '$1 == p { print $2, $4, $6 }' <<<"$stats")
	done
	log "switch: a in ${rx[a]}, b in ${rx[b]}; c out ${tx[c]}, dropped for c ${drop[c]}"
	[ $((tx[c] + drop[c])) = $((rx[a] + rx[b])) ] ||
		fail "hub: ${rx[a]} + ${rx[b]} frames in from a and b, but ${tx[c]} out to c + ${drop[c]} dropped"
	IFS=, read -r _ dev_rx _ _ <<<"$TRIO_DEV_c"
	[ "$dev_rx" = "${tx[c]}" ] || fail "guest c received $dev_rx frames, the switch sent it ${tx[c]}"
	HUB_DROP_C=${drop[c]}
}
TRIO_SNAP=hub_snap

trio_run "$ns" "eth0=daemon,52:54:00:00:00:0a,unix,$d/ctl" \
	"eth0=daemon,52:54:00:00:00:0b,unix,$d/ctl" "eth0=daemon,52:54:00:00:00:0c,unix,$d/ctl"

# UML counts rx bytes without the Ethernet header: at most 1500 per frame
[ $((TRIO_RX_C + 1500 * HUB_DROP_C)) -ge "$TRIO_BYTES" ] ||
	fail "guest c received only $TRIO_RX_C bytes of $TRIO_BYTES in hub mode, $HUB_DROP_C frames dropped"
[ "$HUB_DROP_C" = 0 ] ||
	log "guest c did not keep up: $HUB_DROP_C frames dropped on its full queue, counted"
switch_stop s
