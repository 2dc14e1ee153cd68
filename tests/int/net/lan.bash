# SPDX-License-Identifier: GPL-2.0-or-later
# lan.bash - the rig of the umnet-net tests (tests/int/net/*.sh source it after lib.sh)
#
#   netns umnet-$$-lan                     netns umnet-$$-host
#   +-------------------------------+      +--------------------------------+
#   | lan0  10.77.0.1/24 (gateway)  |      | eth0 10.77.0.10/24             |
#   |       10.77.0.2/24 (server)   |<====>| default via 10.77.0.1          |
#   | net-tcp serve 10.77.0.2:7777  | veth | umnet-net ... examples/*.conf  |
#   +-------------------------------+      +--------------------------------+
#
# The host's veth end is called eth0, so the examples run as written. The
# state directory is per test. net_dump takes what must come back exactly
# after `down`: ip -d link, ip addr, ip route (all tables, IPv4 and IPv6),
# neighbours, the nftables rule set and the sysctls umnet-net sets.

LAN_GW=10.77.0.1
LAN_SRV=10.77.0.2
HOST_IP=10.77.0.10
LAN_PORT=7777

# lan_setup - make the two namespaces and start the server; sets LAN, HOST,
# STATE, NET (umnet-net), TCP (net-tcp)
lan_setup() {
	NET=$(umnet_bin umnet-net) || skip "umnet-net not built"
	TCP=$(dirname "$UMNET_BIN")/tests/net-tcp
	[ -x "$TCP" ] || skip "tests/helpers/net-tcp not built (make unit)"
	[ -c /dev/net/tun ] || skip "no /dev/net/tun"
	need_cmd ip nft
	LAN=$(netns_add lan) || exit
	HOST=$(netns_add host) || exit
	STATE=$(tmpdir state)
	# No IPv6 DAD: link-local addresses are final at once, dumps are stable
	ip netns exec "$HOST" sh -c 'echo 0 >/proc/sys/net/ipv6/conf/default/accept_dad'
	ip netns exec "$LAN" sh -c 'echo 0 >/proc/sys/net/ipv6/conf/default/accept_dad'
	run ip -n "$HOST" link add eth0 type veth peer name lan0 netns "$LAN" || bail "veth"
	run ip -n "$LAN" addr add "$LAN_GW/24" dev lan0
	run ip -n "$LAN" addr add "$LAN_SRV/24" dev lan0
	run ip -n "$LAN" link set lan0 up
	run ip -n "$HOST" addr add "$HOST_IP/24" dev eth0
	run ip -n "$HOST" link set eth0 up
	run ip -n "$HOST" route add default via "$LAN_GW"
	# The guests' subnets, routed back by the LAN's "gateway"
	ip netns exec "$LAN" "$TCP" serve "$LAN_SRV" "$LAN_PORT" >"$UMNET_TMP/server.log" 2>&1 &
	on_exit "kill $! 2>/dev/null"
	wait_for 5 grep -q listening "$UMNET_TMP/server.log" || bail "server did not start"
	wait_for 5 ip netns exec "$HOST" ping -c 1 -W 1 "$LAN_SRV" >/dev/null || bail "no LAN"
	wait_for 5 eval "ip -n $HOST -6 addr show dev eth0 | grep -q 'inet6 fe80'" ||
		bail "no IPv6 link-local address on eth0"
}

# net ARGS... - umnet-net in the host namespace with the test's state directory
net() {
	run ip netns exec "$HOST" "$NET" -s "$STATE" "$@"
}

# net_dump FILE - the host namespace's state, to compare before `up` and after `down`
#
# Neighbour entries that are not permanent are a cache: the kernel flushes a
# device's when it loses its last IPv4 address (the takeover does that to
# eth0) and learns them again on use. So both LAN neighbours are used right
# before each dump, and entries are compared without their NUD state.
net_dump() {
	ip netns exec "$HOST" ping -c 1 -W 2 "$LAN_GW" >/dev/null 2>&1
	ip netns exec "$HOST" ping -c 1 -W 2 "$LAN_SRV" >/dev/null 2>&1
	{
		# Running bridge timers are clocks, not configuration
		echo "== link"; ip -n "$HOST" -d link show |
			sed -E 's/(_timer) +[0-9.]+/\1 -/g'
		echo "== addr"; ip -n "$HOST" addr show
		echo "== route"; ip -n "$HOST" route show table all
		# Dynamic entries: their NUD state is traffic, not configuration
		echo "== neigh"
		ip -n "$HOST" neigh show | grep -vE ' (FAILED|INCOMPLETE) *$' |
			sed -E 's/ (REACHABLE|STALE|DELAY|PROBE|NOARP) *$//' | sort
		echo "== neigh proxy"; ip -n "$HOST" neigh show proxy
		echo "== nft"; ip netns exec "$HOST" nft list ruleset
		echo "== sysctl"
		ip netns exec "$HOST" sh -c 'grep -H . /proc/sys/net/ipv4/ip_forward \
			/proc/sys/net/ipv4/conf/*/proxy_arp /proc/sys/net/ipv4/conf/*/forwarding'
	} >"$1" 2>&1
}

# net_same BEFORE AFTER - fail unless the dumps are equal
net_same() {
	diff -u "$1" "$2" >&2 || fail "the host is not as it was ($1 vs $2)"
	log "host state identical to the one before up"
}

# hold_start - a TCP connection from the host to the LAN server, kept open
hold_start() {
	coproc HOLD { ip netns exec "$HOST" "$TCP" hold "$LAN_SRV" "$LAN_PORT" 2>&1; }
	on_exit "kill $HOLD_PID 2>/dev/null"
	read -t 10 -r HOLD_GREETING <&"${HOLD[0]}" || fail "no greeting on the held connection"
	[ "$HOLD_GREETING" = "hello $HOST_IP" ] || fail "held connection: $HOLD_GREETING"
}

# hold_check WORD - the held connection still carries data both ways
hold_check() {
	local reply

	echo "$1" >&"${HOLD[1]}"
	read -t 15 -r reply <&"${HOLD[0]}" || fail "held connection: no echo of '$1'"
	[ "$reply" = "echo $1" ] || fail "held connection: '$reply' for '$1'"
	log "held TCP connection alive: $1"
}

# hold_end - close it cleanly
hold_end() {
	local rc=0

	exec {HOLD[1]}>&-
	wait "$HOLD_PID" || rc=$?
	[ "$rc" = 0 ] || fail "held connection client exited $rc"
}

# up_again FILE ARGS... - a second `up` must change nothing, state file included
up_again() {
	local before out

	before=$(md5sum <"$STATE/net-$(basename "$1" .conf).state")
	out=$(net "${@:2}" up "$1") || fail "second up failed: $out"
	[ "$out" = "nothing to do" ] || fail "second up changed something: $out"
	[ "$(md5sum <"$STATE/net-$(basename "$1" .conf).state")" = "$before" ] ||
		fail "second up changed the state file"
	log "second up: nothing to do"
}

# state_gone NAME - `down` left no journal
state_gone() {
	[ ! -e "$STATE/net-$1.state" ] || fail "state file left after down: $(cat "$STATE/net-$1.state")"
}

# guest_nc - body fragment: connect to the LAN server, result 'greeting'
GUEST_NC='
echo x | nc -w 10 '$LAN_SRV' '$LAN_PORT' >/run/nc 2>&1
cat /run/nc
result greeting "$(head -n 1 /run/nc | tr " " _)"'
