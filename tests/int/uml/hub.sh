#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# hub.sh - in hub mode a third guest sees all of a unicast transfer between two
# others (eth0=daemon with explicit MACs and control socket). See trio.bash.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../lib-switch.sh"
. "$(dirname "$0")/trio.bash"

need_root
uml_need
ns=$(netns_add sw) || exit
d=$(tmpdir sw)
switch_start -n "$ns" s --hub --unix "$d/ctl"

trio_run "$ns" "eth0=daemon,52:54:00:00:00:0a,unix,$d/ctl" \
	"eth0=daemon,52:54:00:00:00:0b,unix,$d/ctl" "eth0=daemon,52:54:00:00:00:0c,unix,$d/ctl"

[ "$TRIO_RX_C" -ge "$TRIO_BYTES" ] ||
	fail "guest c received only $TRIO_RX_C bytes of $TRIO_BYTES in hub mode"
switch_stop s
