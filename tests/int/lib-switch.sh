# SPDX-License-Identifier: GPL-2.0-or-later
# lib-switch.sh - start, watch and stop an umnet-switch in integration tests
#
# Source after lib.sh. The switch runs in the background from the build under
# test ($UMNET_BIN, the sanitizer build in `make test`); its log is checked for
# sanitizer reports when it stops, and a switch that crashed fails the test.

UMNET_BIN=${UMNET_BIN:-$UMNET_ROOT/build/asan/bin}
SWCLIENT=${SWCLIENT:-$(dirname "$UMNET_BIN")/tests/swclient}
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

# switch_start [-n NETNS] NAME [ARGS...] - start umnet-switch ARGS in the
# background (inside NETNS: UML's abstract data sockets are per namespace);
# sets SW_PID_<NAME> and SW_LOG_<NAME>; waits until it logs that it runs.
# SWITCH_WRAP, if set, is a command (split at spaces) that execs the switch
# in the same process, e.g. "prlimit --nofile=64:64" or "valgrind -q".
switch_start() {
	local name log pid pre=() wrap=()
	if [ "$1" = -n ]; then
		pre=(ip netns exec "$2")
		shift 2
	fi
	name=$1
	shift
	log=$UMNET_TMP/switch-$name.log
	read -r -a wrap <<<"${SWITCH_WRAP:-}"
	"${pre[@]}" "${wrap[@]}" "$UMNET_BIN/umnet-switch" "$@" >"$log" 2>&1 &
	pid=$!
	eval "SW_PID_$name=$pid SW_LOG_$name=$log"
	on_exit "kill $pid 2>/dev/null; wait $pid 2>/dev/null"
	wait_for "${SWITCH_START_TIMEOUT:-10}" grep -q 'mode, up to' "$log" ||
		{ cat "$log" >&2; fail "switch $name did not start"; }
	log "switch $name running as pid $pid: umnet-switch $*"
}

# switch_pid NAME - print the switch's pid
switch_pid() {
	eval "echo \$SW_PID_$1"
}

# switch_log NAME - print the path of the switch's log
switch_log() {
	eval "echo \$SW_LOG_$1"
}

# switch_alive NAME - succeed while the switch process runs
switch_alive() {
	kill -0 "$(switch_pid "$1")" 2>/dev/null
}

# switch_rss_kb NAME - resident memory of the switch in KiB
switch_rss_kb() {
	awk '/^VmRSS:/ { print $2 }' "/proc/$(switch_pid "$1")/status"
}

# switch_fds NAME - number of open descriptors of the switch
switch_fds() {
	ls "/proc/$(switch_pid "$1")/fd" | wc -l
}

# switch_stop NAME - SIGTERM, then fail unless it exits 0 with a clean log
switch_stop() {
	local pid log rc
	pid=$(switch_pid "$1")
	log=$(switch_log "$1")
	kill -TERM "$pid" 2>/dev/null || fail "switch $1 was no longer running"
	wait "$pid"
	rc=$?
	if grep -qE 'ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:' "$log" || [ "$rc" != 0 ]; then
		cat "$log" >&2
		fail "switch $1 exited with status $rc or a sanitizer report"
	fi
	log "switch $1 stopped cleanly"
}

# switch_dump NAME - have the switch log its port and MAC tables (SIGUSR1),
# wait for them, and keep this dump in $UMNET_TMP/dump-NAME
switch_dump() {
	local log n
	log=$(switch_log "$1")
	n=$(grep -c 'end of tables' "$log")
	kill -USR1 "$(switch_pid "$1")"
	wait_for 5 eval "[ \$(grep -c 'end of tables' '$log') -gt $n ]" || fail "switch $1 did not dump"
	awk -v n="$n" '/ mode, [0-9]+ ports, / { if (e == n) on = 1 }
		on { print } /end of tables/ { e++; on = 0 }' "$log" >"$UMNET_TMP/dump-$1"
}

# switch_mac_port NAME MAC - from the last switch_dump: the port MAC is on, "" if none
switch_mac_port() {
	sed -n "s/.*mac $2 vlan [0-9]* port \([0-9]*\) .*/\1/p" "$UMNET_TMP/dump-$1"
}

# switch_port_count NAME - from the last switch_dump: number of ports
switch_port_count() {
	grep -c ': port [0-9]* ' "$UMNET_TMP/dump-$1"
}

# umid_port UMID - read `umnet-ctl ports` on stdin: print the port of the UML
# guest whose umid is UMID (the peer column ends "umid UMID"), "" if none
umid_port() {
	awk -v u="$1" '$NF == u && $(NF - 1) == "umid" { print $1 }'
}
