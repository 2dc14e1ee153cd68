#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# tunctl-owner.sh - a TAP from umnet-tunctl -u/-g opens for its owner/group only,
# outlives its creator, and -d removes it; the FAQ failures explain themselves
#
#  netns umnet-$$-own (devices only, no traffic)
#
#   umnet-tunctl -u U1 -t ut$$a  ---> TAP ut$$a, persistent, owner U1
#   umnet-tunctl -g G2 -t ut$$b  ---> TAP ut$$b, persistent, group G2
#
#   tap-open as U1       on a: attached     tap-open as U2      on a: EPERM
#   tap-open as U2 (+G2) on b: attached     tap-open as U1 (-G2) on b: EPERM
#   held open by U1, -d a: EBUSY;  released, -d a: "Set 'a' nonpersistent", a is gone
#
# U1, U2, G2 are numeric ids with no passwd entry. An unprivileged user needs
# read/write access to the clone device: the test makes its own 0666 node
# (Debian's default mode) instead of touching /dev/net/tun.

. "$(dirname "$0")/../lib.sh"

need_root
need_cmd ip setpriv mknod
tunctl=$(umnet_bin umnet-tunctl) || skip "umnet-tunctl not built"
umnet=$(umnet_bin umnet) || skip "umnet not built"
[ -c /dev/net/tun ] || skip "no /dev/net/tun (tun module not loaded?)"

U1=$((61000 + $$ % 1000))
U2=$((U1 + 1000))
G2=$((U1 + 2000))
A=ut$$a
B=ut$$b
[ ${#A} -le 15 ] || bail "name $A too long"

# The opener must be reachable by U1 and U2: a world-readable directory
bindir=$(tmpdir bin)
chmod 0755 "$UMNET_TMP" "$bindir"
opener=$bindir/tap-open
if [ -x "${UMNET_BIN%/bin}/tests/tap-open" ]; then
	cp "${UMNET_BIN%/bin}/tests/tap-open" "$opener"
else
	"${CC:-cc}" -std=gnu11 -Wall -Wextra -Werror -O1 -o "$opener" \
		"$UMNET_ROOT/tests/helpers/tap-open.c" || bail "cannot build tap-open"
fi
chmod 0755 "$opener"
clone=$bindir/tun
mknod -m 0666 "$clone" c 10 200 || skip "cannot make a private clone device node"

ns=$(netns_add own)

# in_ns CMD... - run CMD in the namespace as root
in_ns() {
	ip netns exec "$ns" "$@"
}

# as UID GID CMD... - run CMD in the namespace as an unprivileged user
as() {
	local uid=$1 gid=$2

	shift 2
	ip netns exec "$ns" setpriv --reuid="$uid" --regid="$gid" --clear-groups \
		--inh-caps=-all --no-new-privs "$@"
}

# as_groups UID GID GROUPS CMD... - the same with supplementary groups
as_groups() {
	local uid=$1 gid=$2 groups=$3

	shift 3
	ip netns exec "$ns" setpriv --reuid="$uid" --regid="$gid" --groups="$groups" \
		--inh-caps=-all --no-new-privs "$@"
}

dev_exists() {
	in_ns ip link show dev "$1" >/dev/null 2>&1
}

dev_gone() {
	! dev_exists "$1"
}

# --- creation: owner -------------------------------------------------------
out=$(run in_ns "$tunctl" -u "$U1" -t "$A") || fail "umnet-tunctl -u $U1 -t $A failed"
[ "$out" = "Set '$A' persistent and owned by uid $U1" ] || fail "stdout: '$out'"
on_exit "ip netns exec $ns ip link del $A 2>/dev/null"
# The creator has exited: the device stays, persistent, with its owner
dev_exists "$A" || fail "$A vanished when umnet-tunctl exited"
show=$(in_ns "$umnet" tap show -j "$A") || fail "umnet tap show $A"
log "$show"
case $show in
*"\"owner\":$U1,\"group\":null,\"persist\":true"*) ;;
*) fail "unexpected state of $A: $show" ;;
esac

rc=0; as "$U1" "$U1" "$opener" -f "$clone" "$A" || rc=$?
[ "$rc" = 0 ] || fail "owner uid $U1 could not open $A (exit $rc)"
rc=0; as "$U2" "$U2" "$opener" -f "$clone" "$A" 2>"$UMNET_TMP/err" || rc=$?
[ "$rc" = 2 ] || fail "uid $U2 opened $A owned by $U1 (exit $rc): $(cat "$UMNET_TMP/err")"
grep -q "Operation not permitted" "$UMNET_TMP/err" || fail "no EPERM: $(cat "$UMNET_TMP/err")"

# --- creation: group ---------------------------------------------------------
out=$(run in_ns "$tunctl" -b -g "$G2" -t "$B") || fail "umnet-tunctl -g $G2 -t $B failed"
[ "$out" = "$B" ] || fail "brief stdout: '$out'"
on_exit "ip netns exec $ns ip link del $B 2>/dev/null"
rc=0; as_groups "$U2" "$U2" "$G2" "$opener" -f "$clone" "$B" || rc=$?
[ "$rc" = 0 ] || fail "member of gid $G2 could not open $B (exit $rc)"
rc=0; as "$U2" "$G2" "$opener" -f "$clone" "$B" || rc=$?
[ "$rc" = 0 ] || fail "primary gid $G2 could not open $B (exit $rc)"
rc=0; as "$U1" "$U1" "$opener" -f "$clone" "$B" 2>/dev/null || rc=$?
[ "$rc" = 2 ] || fail "uid $U1 outside gid $G2 opened $B (exit $rc)"

# --- the failures the FAQs list, explained ---------------------------------
# Someone else's device: who may open it
rc=0; as "$U2" "$U2" "$tunctl" -f "$clone" -t "$A" >/dev/null 2>"$UMNET_TMP/err" || rc=$?
log "$(cat "$UMNET_TMP/err")"
[ "$rc" = 1 ] || fail "uid $U2 re-owning $A: exit $rc"
grep -q "^TUNSETIFF: Operation not permitted$" "$UMNET_TMP/err" || fail "no TUNSETIFF line"
grep -q "belongs to uid $U1" "$UMNET_TMP/err" || fail "no owner hint"
# Creating without CAP_NET_ADMIN
rc=0; as "$U1" "$U1" "$tunctl" -f "$clone" -t "ut$$c" >/dev/null 2>"$UMNET_TMP/err" || rc=$?
[ "$rc" = 1 ] && grep -q "needs CAP_NET_ADMIN" "$UMNET_TMP/err" ||
	fail "unprivileged create: exit $rc: $(cat "$UMNET_TMP/err")"
dev_gone "ut$$c" || fail "unprivileged user created ut$$c"
# No access to the clone device: who may open it, how to grant it
if [ "$(stat -c %a /dev/net/tun)" = 600 ]; then
	rc=0; as "$U1" "$U1" "$tunctl" >/dev/null 2>"$UMNET_TMP/err" || rc=$?
	log "$(cat "$UMNET_TMP/err")"
	[ "$rc" = 1 ] || fail "open of a 0600 /dev/net/tun as uid $U1: exit $rc"
	grep -q "^Failed to open '/dev/net/tun' : Permission denied$" "$UMNET_TMP/err" &&
		grep -q "crw-------" "$UMNET_TMP/err" && grep -q "chgrp GROUP" "$UMNET_TMP/err" ||
		fail "EACCES not explained: $(cat "$UMNET_TMP/err")"
fi
# No clone device
rc=0; in_ns "$tunctl" -f "$bindir/no-such-tun" >/dev/null 2>"$UMNET_TMP/err" || rc=$?
[ "$rc" = 1 ] && grep -q "tun module loaded" "$UMNET_TMP/err" ||
	fail "missing clone device: exit $rc: $(cat "$UMNET_TMP/err")"
# Name in use by another kind of device
rc=0; in_ns "$tunctl" -t lo >/dev/null 2>"$UMNET_TMP/err" || rc=$?
[ "$rc" = 1 ] && grep -q "'lo' exists and is not a TUN/TAP device" "$UMNET_TMP/err" ||
	fail "lo: exit $rc: $(cat "$UMNET_TMP/err")"
# Unknown user and group
rc=0; in_ns "$tunctl" -u "no-such-user-$$" >/dev/null 2>"$UMNET_TMP/err" || rc=$?
[ "$rc" = 1 ] && grep -q "is neither a username nor a numeric uid" "$UMNET_TMP/err" ||
	fail "unknown user: exit $rc"
rc=0; in_ns "$umnet" tap add -g "no-such-group-$$" >/dev/null 2>"$UMNET_TMP/err" || rc=$?
[ "$rc" = 1 ] && grep -q "no such group" "$UMNET_TMP/err" || fail "umnet: unknown group: exit $rc"
# Name in use (umnet tap add creates, never reuses)
rc=0; in_ns "$umnet" tap add "$A" >/dev/null 2>"$UMNET_TMP/err" || rc=$?
[ "$rc" = 1 ] && grep -q "name already in use" "$UMNET_TMP/err" ||
	fail "umnet tap add of an existing name: exit $rc: $(cat "$UMNET_TMP/err")"

# --- deletion ---------------------------------------------------------------
# While the owner holds it open, it cannot be deleted (it is attached)
coproc HOLD { as "$U1" "$U1" "$opener" -f "$clone" -w "$A"; }
hold_pid=$HOLD_PID
on_exit "kill $hold_pid 2>/dev/null"
read -r -t 10 line <&"${HOLD[0]}" && [ "$line" = open ] || fail "holder did not attach"
rc=0; in_ns "$tunctl" -d "$A" >/dev/null 2>"$UMNET_TMP/err" || rc=$?
[ "$rc" = 1 ] && grep -q "^TUNSETIFF: Device or resource busy$" "$UMNET_TMP/err" ||
	fail "-d while open: exit $rc: $(cat "$UMNET_TMP/err")"
exec {HOLD[1]}>&-
wait "$hold_pid" || fail "holder failed"

out=$(run in_ns "$tunctl" -d "$A") || fail "umnet-tunctl -d $A failed"
[ "$out" = "Set '$A' nonpersistent" ] || fail "stdout: '$out'"
wait_for 5 dev_gone "$A" || fail "$A still there after -d"
# umnet tap del: refuses a held device unless --force, which removes it
# under its holder
coproc HOLD { as_groups "$U2" "$U2" "$G2" "$opener" -f "$clone" -w "$B"; }
hold_pid=$HOLD_PID
on_exit "kill $hold_pid 2>/dev/null"
read -r -t 10 line <&"${HOLD[0]}" && [ "$line" = open ] || fail "holder did not attach to $B"
rc=0; in_ns "$umnet" tap del "$B" 2>"$UMNET_TMP/err" || rc=$?
[ "$rc" = 1 ] && grep -q "open in another process; --force" "$UMNET_TMP/err" ||
	fail "tap del of a held device: exit $rc: $(cat "$UMNET_TMP/err")"
run in_ns "$umnet" tap del --force "$B" || fail "umnet tap del --force $B failed"
wait_for 5 dev_gone "$B" || fail "$B still there after tap del --force"
exec {HOLD[1]}>&-
wait "$hold_pid" || fail "holder of $B failed"
rc=0; in_ns "$umnet" tap del "$B" 2>/dev/null || rc=$?
[ "$rc" = 1 ] || fail "deleting a missing device: exit $rc"
rc=0; in_ns "$umnet" tap del lo 2>"$UMNET_TMP/err" || rc=$?
[ "$rc" = 1 ] && grep -q "not a TUN/TAP device" "$UMNET_TMP/err" || fail "tap del lo: exit $rc"

# A multi-queue TUN: another queue may attach while one is held, so
# deletion clears persistence at once and the device goes with its last queue
Q=ut$$q
out=$(run in_ns "$umnet" tap add --tun --multi-queue --owner "$U1" "$Q") || fail "tap add --tun -q"
[ "$out" = "$Q" ] || fail "tap add printed '$out'"
on_exit "ip netns exec $ns ip link del $Q 2>/dev/null"
in_ns "$umnet" tap show -j "$Q" | grep -q '"type":"tun",.*"persist":true,"multi_queue":true' ||
	fail "tap show $Q: $(in_ns "$umnet" tap show -j "$Q")"
rc=0; as "$U1" "$U1" "$opener" -f "$clone" "$Q" 2>/dev/null || rc=$?
[ "$rc" = 1 ] || fail "single-queue TAP attach to multi-queue TUN $Q: exit $rc"
coproc HOLD { as "$U1" "$U1" "$opener" -f "$clone" -n -q -w "$Q"; }
hold_pid=$HOLD_PID
on_exit "kill $hold_pid 2>/dev/null"
read -r -t 10 line <&"${HOLD[0]}" && [ "$line" = open ] || fail "owner could not open queue of $Q"
run in_ns "$umnet" tap del "$Q" || fail "tap del of a held multi-queue device"
in_ns "$umnet" tap show -j "$Q" | grep -q '"persist":false' || fail "$Q still persistent"
exec {HOLD[1]}>&-
wait "$hold_pid" || fail "holder of $Q failed"
wait_for 5 dev_gone "$Q" || fail "$Q outlived its last queue"

log "owner/group checks, persistence and deletion as expected"
exit 0
