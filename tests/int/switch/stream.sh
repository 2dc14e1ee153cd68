#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# stream.sh - QEMU's -netdev stream framing on --stream ports: bursts, frames cut
# anywhere, 64 KiB frames, a stuck reader, and peers that break the framing
#
#   stream-peer.py A, B, and broken peers --- umnet-switch --stream PATH (ASan)
#   swclient pair (A' -> B', counted) ------- same switch, --unix CTL
#
# The real QEMU is in tests/int/qemu/stream.sh; this one drives what QEMU
# never does: a length beyond any frame, a peer gone mid-frame, a reader
# that stops while its queue overflows.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../lib-switch.sh"

[ -x "$SWCLIENT" ] || skip "no $SWCLIENT (make unit builds it)"
need_cmd python3
d=$(tmpdir st)
switch_start s --stream "$d/stream" --unix "$d/ctl"
fds0=$(switch_fds s)

out=$(timeout 120 python3 "$(dirname "$0")/stream-peer.py" "$d/stream" 2>&1) ||
	fail "stream peers: $out"
log "$(tr '\n' ';' <<<"$out")"
grep -q '^ok$' <<<"$out" || fail "stream peers did not finish: $out"
grep -q 'frame of 70000 bytes announced.*out of step' "$(switch_log s)" ||
	fail "no reason logged for the broken length"

# the other ports never noticed
out=$("$SWCLIENT" "$d/ctl" pair 5000)
[ "$out" = "sent 5000 received 5000" ] || fail "uml ports beside the stream ones: $out"
wait_for 5 eval "[ \$(switch_fds s) -le $fds0 ]" ||
	fail "descriptors not back to baseline: $(switch_fds s), was $fds0"
switch_alive s || fail "switch died"
switch_stop s
