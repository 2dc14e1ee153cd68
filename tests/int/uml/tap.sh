#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# tap.sh - a TAP device attached with --tap reaches a guest, both ways
#
#   netns $ns: TAP umt$$t 10.0.0.254/24 --+-- umnet-switch --tap umt$$t --unix CTL
#   guest g 10.0.0.1 eth0=daemon --------+
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../lib-switch.sh"

need_root
uml_need
ns=$(netns_add sw) || exit
d=$(tmpdir sw)
tap=umt$$t
run ip -n "$ns" tuntap add dev "$tap" mode tap || bail "cannot create a TAP"
run ip -n "$ns" addr add 10.0.0.254/24 dev "$tap"
run ip -n "$ns" link set "$tap" up
switch_start -n "$ns" s --unix "$d/ctl" --tap "$tap"

uml_rootfs
uml_ping_host "$ns" g 10.0.0.1/24 10.0.0.254 "eth0=daemon,52:54:00:00:03:01,unix,$d/ctl"
switch_dump s
grep -q "port 1 tap:$tap" "$UMNET_TMP/dump-s" || fail "TAP port not listed"
switch_stop s
