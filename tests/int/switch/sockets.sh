#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# sockets.sh - control socket life: live refused, stale replaced, others untouched,
# cleanup on SIGTERM and SIGINT, the uml_switch front-end's classic options
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../lib-switch.sh"

[ -x "$SWCLIENT" ] || skip "no $SWCLIENT (make unit builds it)"
d=$(tmpdir sock)

# A live switch keeps its socket: a second one is refused with a clear message
switch_start a --unix "$d/ctl" --bess "$d/bess" --mode 0660
[ "$(stat -c %a "$d/ctl")" = 660 ] || fail "--mode not applied"
if "$UMNET_BIN/umnet-switch" --unix "$d/ctl" >"$d/second.log" 2>&1; then
	fail "second switch on a live socket started"
fi
grep -q 'another switch is already serving this socket' "$d/second.log" ||
	{ cat "$d/second.log"; fail "no clear message for a live socket"; }
"$UMNET_BIN/umnet-switch" --bess "$d/bess" >"$d/second.log" 2>&1 &&
	fail "second switch on a live bess socket started"
out=$("$SWCLIENT" "$d/ctl" pair 100)
[ "$out" = "sent 100 received 100" ] || fail "first switch disturbed: $out"

# A bess guest that closes its connection ends its port: the kernel reports
# the end of a seqpacket connection as empty messages, which must not be
# taken for a stream of runts (the port would spin at full CPU)
python3 -c 'import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
s.connect(sys.argv[1])
s.close()' "$d/bess" || fail "cannot connect to the bess socket"
wait_for 5 grep -q 'bess:.*closed: peer closed' "$(switch_log a)" ||
	fail "a closed bess connection kept its port"
"$UMNET_BIN/umnet-ctl" -s "$d/ctl" -j stats | grep -q '"runt":[1-9]' &&
	fail "a closed bess connection counted runts"

# SIGKILL leaves a stale socket: the next switch replaces it
kill -KILL "$(switch_pid a)"
wait "$(switch_pid a)" 2>/dev/null
[ -S "$d/ctl" ] || fail "expected a stale socket after SIGKILL"
switch_start b --unix "$d/ctl"
out=$("$SWCLIENT" "$d/ctl" pair 100)
[ "$out" = "sent 100 received 100" ] || fail "after replacing a stale socket: $out"
switch_stop b
[ ! -e "$d/ctl" ] || fail "socket left behind after SIGTERM"

# --daemon: detaches, writes its pid, still stops cleanly on SIGTERM
"$UMNET_BIN/umnet-switch" --daemon --unix "$d/dctl" --pidfile "$d/d.pid" || fail "--daemon failed"
wait_for 5 test -s "$d/d.pid" || fail "no pidfile"
dpid=$(cat "$d/d.pid")
on_exit "kill $dpid 2>/dev/null"
out=$("$SWCLIENT" "$d/dctl" pair 100)
[ "$out" = "sent 100 received 100" ] || fail "daemonized switch: $out"
kill -TERM "$dpid"
# not our child: gone, or a zombie until init reaps it
gone() { [ ! -e "/proc/$1" ] || [ "$(awk '{ print $3 }' "/proc/$1/stat" 2>/dev/null)" = Z ]; }
wait_for 5 gone "$dpid" || fail "daemonized switch ignores SIGTERM"
[ ! -e "$d/dctl" ] && [ ! -e "$d/d.pid" ] || fail "daemonized switch left its files"

# As many sockets as the command line takes (64, any mix of kinds), the last
# of each served; one more is refused with a reason
args=()
for i in $(seq 1 16); do
	args+=(--unix "$d/m$i.ctl" --sock "$d/v$i" --bess "$d/b$i" --stream "$d/q$i")
done
switch_start max "${args[@]}"
out=$("$SWCLIENT" "$d/m16.ctl" pair 100)
[ "$out" = "sent 100 received 100" ] || fail "the 16th --unix socket of 64: $out"
out=$("$SWCLIENT" --vde "$d/v16/ctl" pair 100)
[ "$out" = "sent 100 received 100" ] || fail "the 16th --sock directory of 64: $out"
[ -S "$d/b16" ] && [ -S "$d/q16" ] || fail "the 16th --bess or --stream socket is missing"
switch_stop max
"$UMNET_BIN/umnet-switch" "${args[@]}" --unix "$d/m17.ctl" >"$d/max.log" 2>&1 &&
	fail "a 65th socket was accepted"
grep -q 'at most 64 sockets' "$d/max.log" || { cat "$d/max.log"; fail "no reason for the 65th socket"; }

# A path that is not a socket is never removed
echo precious >"$d/file"
"$UMNET_BIN/umnet-switch" --unix "$d/file" >"$d/file.log" 2>&1 && fail "bound over a regular file"
grep -q 'not a socket' "$d/file.log" || fail "no message for a non-socket path"
[ "$(cat "$d/file")" = precious ] || fail "regular file damaged"

# Bad command lines: clear error, exit 1
for args in "--aging x" "--max-ports 0" "--mode 999" "--group no-such-group-umnet" "--bogus" "extra"; do
	# shellcheck disable=SC2086
	"$UMNET_BIN/umnet-switch" $args >"$d/bad.log" 2>&1
	[ $? = 1 ] || fail "'umnet-switch $args' did not exit 1"
	[ -s "$d/bad.log" ] || fail "'umnet-switch $args' said nothing"
done
"$UMNET_BIN/umnet-switch" --help | grep -q -- '--unix CTL' || fail "--help"

# The uml_switch front-end: classic single-dash options, SIGINT cleans up
"$UMNET_BIN/uml_switch" -unix "$d/classic.ctl" -hub >"$d/classic.log" 2>&1 &
pid=$!
on_exit "kill $pid 2>/dev/null"
wait_for 10 grep -q 'mode, up to' "$d/classic.log" || fail "uml_switch -unix did not start"
[ -S "$d/classic.ctl" ] || fail "uml_switch -unix did not listen"
grep -q 'hub mode' "$d/classic.log" || fail "-hub not applied"
out=$("$SWCLIENT" "$d/classic.ctl" pair 100)
[ "$out" = "sent 100 received 100" ] || fail "uml_switch front-end: $out"
kill -INT $pid
wait $pid || fail "uml_switch exited $? on SIGINT"
[ ! -e "$d/classic.ctl" ] || fail "uml_switch left its socket"
"$UMNET_BIN/uml_switch" -compat-v0 >"$d/v0.log" 2>&1 && fail "-compat-v0 accepted"
grep -q 'version 0' "$d/v0.log" || fail "-compat-v0: no reason given"
"$UMNET_BIN/uml_switch" -nonsense >/dev/null 2>&1 && fail "unknown option accepted"

# With no socket options, Debian UML's default control socket is served
if [ "$(id -u)" = 0 ]; then
	def=/var/run/uml-utilities/uml_switch.ctl
	# a host-wide path: only one test may use it (uml/daemon.sh too)
	exec 9>/run/umnet-default-ctl.lock
	flock -w 120 9 || bail "default control socket busy"
	if [ -S "$def" ] && "$SWCLIENT" "$def" hold 0 >/dev/null 2>&1; then
		log "a switch already serves $def: not testing the default path"
	else
		switch_start def
		wait_for 5 test -S "$def" || fail "default socket $def not served"
		out=$("$SWCLIENT" "$def" pair 100)
		[ "$out" = "sent 100 received 100" ] || fail "default socket: $out"
		switch_stop def
	fi
fi
exit 0
