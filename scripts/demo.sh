#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# demo.sh - umnet's main job in one command: a switch with two UML guests on it
#
#   guest alpha 10.0.0.1 eth0=daemon --+
#                                      +-- umnet-switch (no options: Debian UML's
#   guest beta  10.0.0.2 eth0=daemon --+   default control socket)
#
# Runs in a private network namespace; nothing touches the host's network.
# The guests are real Debian user-mode-linux kernels booted on a busybox root;
# they ping each other, then the switch's port and MAC tables are printed.
set -u
. "$(dirname "$0")/../tests/int/lib.sh"
. "$(dirname "$0")/../tests/int/lib-switch.sh"

UMNET_BIN=${UMNET_BIN:-$UMNET_ROOT/build/bin}
[ "$(id -u)" = 0 ] || { echo "demo: run as root (sudo ./build.sh demo)" >&2; exit 1; }
uml_need
ns=$(netns_add demo) || exit 1
exec 9>/run/umnet-default-ctl.lock
flock -w 60 9 || { echo "demo: the default control socket is in use" >&2; exit 1; }

echo "== starting umnet-switch (serving /var/run/uml-utilities/uml_switch.ctl)"
switch_start -n "$ns" demo
uml_rootfs
body='
run ip addr add "$1"/24 dev eth0 && run ip link set eth0 up || fail "address"
signal "$UMNET_GUEST-up"
await "$2-up" || exit 1
ping -c 4 -i 0.3 "$3"
signal "$UMNET_GUEST-pinged"
await tables-shown 60
'
echo "== booting guests alpha (10.0.0.1) and beta (10.0.0.2) with eth0=daemon"
uml_boot -n "$ns" beta "set -- 10.0.0.2 alpha 10.0.0.1; $body" eth0=daemon
uml_boot -n "$ns" alpha "set -- 10.0.0.1 beta 10.0.0.2; $body" eth0=daemon
uml_await alpha-pinged 60 && uml_await beta-pinged 60 || { echo "demo: guests did not finish" >&2; exit 1; }

for g in alpha beta; do
	echo "== guest $g's console (ping)"
	grep -E 'bytes from|packet loss|round-trip' "$(uml_console $g)" | tr -d '\r' | sed 's/^/   /'
done
echo "== switch port and MAC tables"
if [ -x "$UMNET_BIN/umnet-ctl" ]; then
	ip netns exec "$ns" "$UMNET_BIN/umnet-ctl" ports
	ip netns exec "$ns" "$UMNET_BIN/umnet-ctl" macs
else
	switch_dump demo
	sed 's/^umnet-switch: /   /' "$UMNET_TMP/dump-demo"
fi
uml_signal tables-shown
uml_wait alpha 30 >/dev/null 2>&1
uml_wait beta 30 >/dev/null 2>&1
switch_stop demo 2>/dev/null
echo "== done: guests powered off, switch stopped, namespace removed"
