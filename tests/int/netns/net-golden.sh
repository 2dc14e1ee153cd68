#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# net-golden.sh - umnet-net golden tests: tests/conf/*.conf and examples/*.conf
# against the output they must give (tests/conf/*.out)
#
#   bad-*.conf      `umnet-net check FILE`: the file:line errors
#   other *.conf    `umnet-net plan FILE` in a namespace that looks like a host:
#                   eth0 52:54:00:77:00:10, 10.77.0.10/24, default via 10.77.0.1
#   examples/X.conf the same, compared with tests/conf/example-X.out
#
# NAME.args, if present, holds extra arguments (e.g. -D uplink=eth0). Each
# output ends with "# exit N". UMNET_GOLDEN_UPDATE=1 rewrites the .out files.
# The plans are taken twice, and the namespace must not change in between.
. "$(dirname "$0")/../lib.sh"

need_root
need_cmd ip
NET=$(umnet_bin umnet-net) || skip "umnet-net not built"
cd "$UMNET_ROOT/tests/conf" || bail "no tests/conf"

host=$(netns_add host) || exit
lan=$(netns_add lan) || exit
# No duplicate address detection: a link-local address would otherwise turn
# from "tentative" to settled during the test, which reads as a change
ip netns exec "$host" sh -c 'echo 0 >/proc/sys/net/ipv6/conf/default/accept_dad'
run ip -n "$host" link add eth0 address 52:54:00:77:00:10 type veth peer name lan0 netns "$lan"
run ip -n "$host" addr add 10.77.0.10/24 dev eth0
run ip -n "$host" link set eth0 up
run ip -n "$lan" link set lan0 up
run ip -n "$host" route add default via 10.77.0.1
ip netns exec "$host" sh -c 'echo 0 >/proc/sys/net/ipv4/ip_forward'
# eth0's carrier comes up a moment after lan0's: wait for it, for the same reason
wait_for 10 eval 'ip -n "$host" link show eth0 | grep -q "state UP"' || bail "eth0 did not come up"
before=$(ip -n "$host" -d link; ip -n "$host" addr; ip -n "$host" route)

# golden NAME FILE - run FILE, compare with NAME.out
golden() {
	local name=$1 file=$2 args=() out cmd=plan

	[ -e "$name.args" ] && read -ra args <"$name.args"
	case $name in bad-*) cmd=check ;; esac
	out=$(ip netns exec "$host" "$NET" -s "$UMNET_TMP/state" "${args[@]}" "$cmd" "$file" 2>&1;
	      echo "# exit $?")
	if [ "${UMNET_GOLDEN_UPDATE:-0}" = 1 ]; then
		printf '%s\n' "$out" >"$name.out"
		log "updated $name.out"
		return 0
	fi
	[ -e "$name.out" ] || { log "FAIL: $name.out missing"; return 1; }
	if ! diff -u "$name.out" <(printf '%s\n' "$out") >&2; then
		log "FAIL: $name"
		return 1
	fi
	log "ok $name ($cmd)"
}

rc=0 n=0
for f in *.conf; do
	golden "${f%.conf}" "$f" || rc=1
	n=$((n + 1))
done
for f in ../../examples/*.conf; do
	b=$(basename "$f" .conf)
	# The example's own name, so that messages and tables read as they would
	cp "$f" "$UMNET_TMP/$b.conf"
	(cd "$UMNET_TMP" && golden "$UMNET_ROOT/tests/conf/example-$b" "$b.conf") || rc=1
	n=$((n + 1))
done
[ "$(ip -n "$host" -d link; ip -n "$host" addr; ip -n "$host" route)" = "$before" ] ||
	fail "plan changed the namespace"
[ "$rc" = 0 ] || fail "golden outputs differ"
log "$n golden files match"
