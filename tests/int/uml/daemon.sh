#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# daemon.sh - umnet-switch with no arguments serves Debian UML guests on plain
# eth0=daemon: pings both ways, an 8 MiB transfer, and a learning switch keeps
# a third guest out of their unicast traffic. See trio.bash for the topology.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../lib-switch.sh"
. "$(dirname "$0")/trio.bash"

need_root
uml_need
def=/var/run/uml-utilities/uml_switch.ctl
ns=$(netns_add sw) || exit
# the default control socket is a host-wide path: only one test may use it
exec 9>/run/umnet-default-ctl.lock
flock -w 120 9 || bail "default control socket busy"
switch_start -n "$ns" s
[ -S "$def" ] || fail "no switch socket at $def"

trio_run "$ns" eth0=daemon eth0=daemon eth0=daemon

# a learning switch: c saw the ARP and little else of the 8 MiB
[ "$TRIO_RX_C" -lt $((TRIO_BYTES / 20)) ] ||
	fail "guest c received $TRIO_RX_C bytes of a unicast transfer in switch mode"
# the guests are gone: so are their ports (the switch may take a moment)
no_ports() { switch_dump s && [ "$(switch_port_count s)" = 0 ]; }
wait_for 5 no_ports || fail "ports left after the guests powered off"
switch_stop s
[ ! -e "$def" ] || fail "$def left behind"
