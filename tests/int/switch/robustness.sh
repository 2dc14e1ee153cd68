#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# robustness.sh - hostile and broken clients do not hurt well-behaved ports
#
#   swclient pair (A -> B, counted) ----+
#   garbage clients ------------------- umnet-switch (ASan)
#   a client that never reads --------+ |
#   a flood of random source MACs ------+
#
# While the others misbehave, A's frames all reach B, the switch stays up,
# its memory stays flat (MAC table bounded) and descriptors return to baseline.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../lib-switch.sh"

[ -x "$SWCLIENT" ] || skip "no $SWCLIENT (make unit builds it)"
d=$(tmpdir sw)
switch_start s --unix "$d/ctl" --sock "$d/vde" --max-macs 4096

# baseline traffic
out=$("$SWCLIENT" "$d/ctl" pair 5000)
[ "$out" = "sent 5000 received 5000" ] || fail "baseline: $out"
fds0=$(switch_fds s)

# garbage requests: refused one by one, with a reason
for i in 1 2 3 4 5; do
	r=$("$SWCLIENT" "$d/ctl" garbage)
	[ "$r" = closed ] || fail "garbage client $i was not hung up on"
done
grep -q 'refused a client.*bad magic' "$(switch_log s)" || fail "no reason logged for garbage"

# a truncated request then silence: dropped after the handshake timeout
"$SWCLIENT" "$d/ctl" partial 20 >"$d/partial.out" &
trunc_pid=$!
on_exit "kill $trunc_pid 2>/dev/null"

# a port that never reads, and floods of random sources (addressed to the
# flooding port itself, so that they fill the MAC table without competing
# with A's frames for B's queue: B losing broadcasts it cannot take in time
# would be the switch doing its job)
"$SWCLIENT" "$d/ctl" noread 20 >/dev/null &
noread_pid=$!
on_exit "kill $noread_pid 2>/dev/null"
rss0=$(switch_rss_kb s)
"$SWCLIENT" --to-self "$d/ctl" flood 50000 >/dev/null &
flood1=$!
"$SWCLIENT" --vde --to-self "$d/vde/ctl" flood 50000 >/dev/null &
flood2=$!

# meanwhile the well-behaved pair loses nothing
out=$("$SWCLIENT" "$d/ctl" pair 20000)
[ "$out" = "sent 20000 received 20000" ] || fail "during abuse: $out"
wait $flood1 $flood2
out=$("$SWCLIENT" --size 1500 "$d/vde/ctl" pair 5000)
[ "$out" = "sent 5000 received 5000" ] || fail "after abuse: $out"
rss1=$(switch_rss_kb s)
log "switch RSS ${rss0} KiB before floods, ${rss1} KiB after 100000 random sources"
[ "$rss1" -lt $((rss0 + 2048)) ] || fail "memory grew from $rss0 to $rss1 KiB"

grep -q 'MAC table full (4096 entries)' "$(switch_log s)" || fail "full table not reported"
wait_for 10 grep -q 'no complete request within 5 s' "$(switch_log s)" ||
	fail "truncated request not timed out"
wait $trunc_pid
[ "$(cat "$d/partial.out")" = closed ] || fail "truncated request: connection not closed"

# the never-reading port's queue filled and was dropped into, on that port only
switch_dump s
switch_alive s || fail "switch died"
kill $noread_pid
wait_for 5 eval "[ \$(switch_fds s) -le $fds0 ]" || fail "descriptors leaked: $(switch_fds s) > $fds0"
switch_stop s
[ ! -e "$d/ctl" ] || fail "control socket left behind"
[ ! -e "$d/vde" ] || fail "VDE directory left behind"
