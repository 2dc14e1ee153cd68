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

PAIR_KIND=vde
pair_config() {
	PAIR_SWITCH_ARGS=(--sock "$1/vde")
	PAIR_NETDEV="vde,id=n0,sock=$1/vde"
}
pair_qemu_port() {
	sed -n 's/.*: port \([0-9]*\) vde:.* "QEMU[ "].*/\1/p' "$1"
}
. "$(dirname "$0")/pair.bash"
