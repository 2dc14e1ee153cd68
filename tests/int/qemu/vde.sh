#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# vde.sh - a real QEMU guest on -netdev vde (libvdeplug) and a real UML guest
# on eth0=daemon, on one umnet-switch (--sock DIR): see pair.bash
#
# QEMU's port must carry the description libvdeplug sends for it, "QEMU
# user=NAME pid=N".
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../lib-switch.sh"
. "$(dirname "$0")/../lib-qemu.sh"

need_root
uml_need
qemu_need
"$QEMU" -netdev help 2>/dev/null | grep -qx vde || skip "$QEMU was built without VDE support"

ns=$(netns_add sw) || exit
d=$(tmpdir sw)
PAIR_KIND=vde
PAIR_SWITCH_ARGS=(--sock "$d/vde")
PAIR_NETDEV="vde,id=n0,sock=$d/vde"
pair_qemu_port() {
	sed -n 's/.*: port \([0-9]*\) vde:.* "QEMU[ "].*/\1/p' "$1"
}
. "$(dirname "$0")/pair.bash"
