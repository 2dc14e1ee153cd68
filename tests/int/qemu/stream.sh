#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# stream.sh - a real QEMU guest on -netdev stream (server=off, a unix socket:
# frames behind a 4-byte length; QEMU 7.2 or later) and a real UML guest on
# eth0=daemon, on one umnet-switch (--stream PATH): see pair.bash
#
# QEMU's port must be a stream port whose peer is QEMU's own pid.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../lib-switch.sh"
. "$(dirname "$0")/../lib-qemu.sh"

PAIR_KIND=stream
pair_config() {
	PAIR_SWITCH_ARGS=(--stream "$1/stream")
	PAIR_NETDEV="stream,id=n0,server=off,addr.type=unix,addr.path=$1/stream"
}
pair_qemu_port() {
	sed -n "s/.*: port \([0-9]*\) stream:.* pid $(_qemu_pid q) .*/\1/p" "$1"
}
. "$(dirname "$0")/pair.bash"
