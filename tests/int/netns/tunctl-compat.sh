#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# tunctl-compat.sh - umnet's tunctl and Debian's uml-utilities tunctl agree
#
#  netns umnet-$$-deb: /usr/bin/tunctl          netns umnet-$$-our: build/.../tunctl
#
# The same command lines run, in the same order, in two fresh namespaces
# (so automatic names like tap0 come out the same). For each: the same
# stdout, the same exit status and the same first line on stderr (the
# perror-style line; we may add hints after it). Then both namespaces must
# hold the same devices with the same type, persistence, owner and group.
# Both programs run with argv[0] "tunctl" so getopt's messages match.
#
# Deliberate differences (documented in umnet-tunctl(8)) are checked on
# our side only, at the end.

. "$(dirname "$0")/../lib.sh"

need_root
need_cmd ip
ours=$(umnet_bin tunctl) || skip "tunctl (umnet's compat front-end) not built"
umnet_tunctl=$(umnet_bin umnet-tunctl) || skip "umnet-tunctl not built"
theirs=/usr/bin/tunctl
[ -x "$theirs" ] || skip "needs Debian's tunctl (apt-get install uml-utilities)"
[ -c /dev/net/tun ] || skip "no /dev/net/tun (tun module not loaded?)"

nsd=$(netns_add deb)
nsu=$(netns_add our)
out=$UMNET_TMP/out
mkdir -p "$out"

# Devices the cases create; deleted with their namespace, listed for clarity
P=ct$$

cases=(
	""
	"-u 1000"
	"-u 1000 -g 1000"
	"-g 1000"
	"-b -u root"
	"-b"
	"-t ${P}x%d -u 1000"
	"-t ${P}x%d"
	"-t tap0 -u 1001"
	"-u 0x10 -t ${P}h"
	"-u 010 -t ${P}o"
	"-u -1 -t ${P}m"
	"-u -1 -g -1 -t ${P}n"
	"-g root -u nobody -t ${P}g"
	"-t lo"
	"-t ${P}a%db%d"
	"-t ${P}a/b"
	"-d tap0"
	"-d tap0"
	"-d ${P}none"
	"-b -d tap1"
	"-f /nonexistent/tun"
	"-u no-such-user-$$"
	"-g no-such-group-$$"
	"-u 12x"
	"-x"
	"-t"
	"-d"
	"-t ${P}e stray"
)

# one NS PROG N ARGS - run case N, keep stdout, status and first stderr line
one() {
	local ns=$1 prog=$2 n=$3 rc=0

	shift 3
	ip netns exec "$ns" bash -c 'exec -a tunctl "$@"' tunctl "$prog" "$@" \
		>"$out/$n.$ns.stdout" 2>"$out/$n.$ns.stderr" || rc=$?
	echo "$rc" >"$out/$n.$ns.rc"
	head -n 1 "$out/$n.$ns.stderr" >"$out/$n.$ns.stderr1"
}

# tun_state NS - "name type persist user group" per TUN/TAP device, sorted
tun_state() {
	ip -n "$1" -d link show | awk '
		/^[0-9]+:/ { name = $2; sub(":$", "", name); sub("@.*", "", name) }
		/^ +tun type/ {
			user = "-"; group = "-"; persist = "off"
			for (i = 1; i <= NF; i++) {
				if ($i == "user") user = $(i + 1)
				if ($i == "group") group = $(i + 1)
				if ($i == "persist") persist = $(i + 1)
			}
			print name, $3, persist, user, group
		}' | sort
}

failures=0
for n in "${!cases[@]}"; do
	# shellcheck disable=SC2086 # the case is a list of words
	one "$nsd" "$theirs" "$n" ${cases[n]}
	# shellcheck disable=SC2086
	one "$nsu" "$ours" "$n" ${cases[n]}
	for what in stdout rc stderr1; do
		if ! cmp -s "$out/$n.$nsd.$what" "$out/$n.$nsu.$what"; then
			log "case $n (tunctl ${cases[n]}): $what differs:"
			diff -u "$out/$n.$nsd.$what" "$out/$n.$nsu.$what" | sed 's/^/    /' >&2
			failures=$((failures + 1))
		fi
	done
	log "tunctl ${cases[n]} -> rc $(cat "$out/$n.$nsu.rc"): $(tr '\n' ' ' <"$out/$n.$nsu.stdout")"
done

tun_state "$nsd" >"$out/state.deb"
tun_state "$nsu" >"$out/state.our"
log "devices left: $(wc -l <"$out/state.our")"
if ! cmp -s "$out/state.deb" "$out/state.our"; then
	log "device state differs (debian, ours):"
	diff -u "$out/state.deb" "$out/state.our" | sed 's/^/    /' >&2
	failures=$((failures + 1))
fi
[ -s "$out/state.our" ] || fail "no devices left to compare: the test did not run"
[ "$failures" = 0 ] || fail "$failures differences from Debian's tunctl"

# umnet-tunctl is the same program under its own name
a=$(ip netns exec "$nsu" "$umnet_tunctl" -b -t "${P}u") || fail "umnet-tunctl -b"
[ "$a" = "${P}u" ] || fail "umnet-tunctl -b printed '$a'"

# Deliberate differences, ours only: an empty uid is not root, a long name
# is not silently cut, -n makes a TUN device, -d finds its type itself
rc=0; ip netns exec "$nsu" "$ours" -u "" -t "${P}z" >/dev/null 2>&1 || rc=$?
[ "$rc" = 1 ] || fail "-u '' accepted"
rc=0; ip netns exec "$nsu" "$ours" -t "${P}-name-far-too-long" >/dev/null 2>&1 || rc=$?
[ "$rc" = 1 ] || fail "a 16+ character name accepted"
a=$(ip netns exec "$nsu" "$ours" -n -t "${P}t") || fail "-n"
[ "$a" = "Set '${P}t' persistent and owned by uid 0" ] || fail "-n printed '$a'"
tun_state "$nsu" | grep -q "^${P}t tun on root -$" || fail "-n did not make a persistent TUN"
a=$(ip netns exec "$nsu" "$ours" -d "${P}t") || fail "-d of a TUN device"
[ "$a" = "Set '${P}t' nonpersistent" ] || fail "-d printed '$a'"
tun_state "$nsu" | grep -q "^${P}t " && fail "${P}t still there"

log "${#cases[@]} command lines: same stdout, exit status and error line as Debian's tunctl"
exit 0
