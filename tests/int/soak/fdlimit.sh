#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# fdlimit.sh - out of descriptors: new ports refused with a reason, old ones served, recovery
#
#   swsoak measure (A <-> B, counted) ---+
#   swsoak hold 60 (most refused) -------+-- umnet-switch (ASan), RLIMIT_NOFILE 64:64
#   late clients: control, management ---+
#
# With the soft and hard limit at 64 (umnet-switch raises soft to hard, so
# both are set), the switch runs out of descriptors after a couple dozen
# ports. Then: every further client is refused at once with a logged reason
# (not left waiting in the backlog while a readable listener spins the loop),
# the management socket too; A and B keep exchanging frames without loss;
# the switch uses no CPU to speak of; and once the held ports close, new
# ports are accepted again.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../lib-switch.sh"

SWSOAK=$(dirname "$UMNET_BIN")/tests/swsoak
[ -x "$SWSOAK" ] && [ -x "$SWCLIENT" ] || skip "no $SWSOAK or $SWCLIENT (make unit builds them)"
need_cmd prlimit

# low_fds PID - descriptors of PID numbered below the limit (inherited ones
# above it, which a test runner may leave open, take no slot a port could use)
low_fds() {
	local n=0 f

	for f in /proc/"$1"/fd/*; do
		[ "${f##*/}" -lt 64 ] && n=$((n + 1))
	done
	echo $n
}

# cpu_ticks PID - user + system time of PID, in clock ticks
cpu_ticks() {
	local stat

	read -r stat <"/proc/$1/stat"
	stat=${stat##*) }
	set -- $stat
	echo $((${12} + ${13}))
}

d=$(tmpdir fd)
SWITCH_WRAP="prlimit --nofile=64:64" switch_start s --unix "$d/ctl" --mgmt "$d/ctl.mgmt"
pid=$(switch_pid s)
log=$(switch_log s)
grep -q 'descriptor limit 64 is low' "$log" || fail "no warning about the low limit"
fds0=$(switch_fds s)
log "idle: $fds0 descriptors of 64"

"$SWSOAK" "$d/ctl" measure 12 1000 >"$d/measure.out" 2>"$d/measure.err" &
measure=$!
on_exit "kill $measure 2>/dev/null"
wait_for 10 grep -q measuring "$d/measure.out" || fail "measure did not start"

# A port takes two descriptors, so whether the last free slot is filled
# depends on the parity of what the switch already has open. A capture
# client holds exactly one (its management connection, for as long as it
# reads), so with it the ports below leave nothing to spare.
if [ $(((64 - $(low_fds "$pid")) % 2)) -eq 1 ]; then
	"$UMNET_BIN/umnet-ctl" -s "$d/ctl.mgmt" capture all -w /dev/null 2>"$d/capture.err" &
	capture=$!
	on_exit "kill $capture 2>/dev/null"
	wait_for 5 eval '[ $(((64 - $(low_fds "$pid")) % 2)) -eq 0 ]' ||
		fail "capture client did not connect: $(cat "$d/capture.err")"
	log "a capture client holds one descriptor to make the count even"
fi

# take every descriptor left
"$SWSOAK" "$d/ctl" hold 60 60 >"$d/hold.out" 2>"$d/hold.err" &
hold=$!
on_exit "kill $hold 2>/dev/null"
wait_for 30 grep -q '^held' "$d/hold.out" || fail "hold did not finish registering"
read -r _ held _ refused <"$d/hold.out"
log "held $held ports, $refused refused; switch at $(low_fds "$pid") of 64 descriptors"
[ "$(low_fds "$pid")" -eq 64 ] || fail "the switch still has descriptors to spare: $(low_fds "$pid") of 64"
[ "$refused" -gt 0 ] && [ "$held" -gt 10 ] || fail "expected some ports held and some refused: $(cat "$d/hold.out")"
grep -qE 'refused a client .*out of file descriptors' "$log" ||
	fail "no reason logged for the refusals"

# a late client is refused at once, not left waiting while the loop spins
# (left in the backlog, it would wait for swsoak's 6 s receive timeout)
ms=$(date +%s%3N)
r=$("$SWSOAK" "$d/ctl" hold 1 0 2>/dev/null)
ms=$(($(date +%s%3N) - ms))
[ "$r" = "held 0 refused 1" ] || fail "a client while out of descriptors was not refused (got '$r')"
[ "$ms" -lt 5000 ] || fail "a client while out of descriptors waited $ms ms to be refused"
r=$(timeout 5 "$SWSOAK" "$d/ctl.mgmt" ctl ports 2>/dev/null) || true
[ -z "$r" ] || fail "the management socket answered without a descriptor to spare: $r"
t0=$(cpu_ticks "$pid")
sleep 2
t1=$(cpu_ticks "$pid")
log "switch CPU while exhausted: $((t1 - t0)) ticks in about 2 s"
[ $((t1 - t0)) -lt 60 ] || fail "the switch spins while out of descriptors ($((t1 - t0)) ticks)"

# descriptors free up: new ports work again
kill "$hold"
wait "$hold"
[ -z "${capture:-}" ] || { kill "$capture"; wait "$capture" 2>/dev/null; }
wait_for 10 eval "[ \$(switch_fds s) -le $((fds0 + 4)) ]" ||
	fail "held ports not released: $(switch_fds s) descriptors"
out=$("$SWCLIENT" "$d/ctl" pair 1000)
[ "$out" = "sent 1000 received 1000" ] || fail "after recovery: $out"
r=$("$SWSOAK" "$d/ctl.mgmt" ctl ports)
grep -q '^ok' <<<"$r" || fail "management socket after recovery: $r"

# and A <-> B lost nothing throughout
wait "$measure" || fail "measure failed: $(cat "$d/measure.out")"
log "$(grep -v measuring "$d/measure.out" | tr '\n' ';')"
grep -q '^measure .* lost 0 ' "$d/measure.out" ||
	fail "the connected ports lost frames: $(cat "$d/measure.out")"
switch_alive s || fail "switch died"
switch_stop s
