# SPDX-License-Identifier: GPL-2.0-or-later
# lib.sh - helpers sourced by umnet integration tests: cleanup, netns, UML guests
#
# Usage, at the top of tests/int/<group>/<name>.sh:
#
#	#!/bin/bash
#	. "$(dirname "$0")/../lib.sh"
#
# Exit codes (automake convention): 0 pass, 77 skip, 99 rig error (the test
# could not be carried out, e.g. a guest never booted), anything else fail.
# Everything this library prints goes to stderr; stdout is the test's own.
# See tests/int/README.md for the API and the guest-side helpers.
#
# DOC: Theory of operation
#
# Sourcing creates one scratch directory, $UMNET_TMP (/tmp/umnet-$$-NAME.XXXXXX),
# and installs a single EXIT trap (INT/TERM/HUP turn into exit). Cleanup actions
# are appended, one line each, to a registry file inside $UMNET_TMP, so that
# helpers called in $(...) subshells can register too; the trap runs them in
# reverse order in the main shell, whatever the exit path, then removes
# $UMNET_TMP (kept with UMNET_KEEP=1).
#
# A UML guest is a linux.uml process started in the background by the main
# shell, so it stays our child until reaped: that is how uml_kill knows a PID
# is still ours. UML calls setsid() early, so its own helper processes share
# its process group, which uml_kill takes down with one SIGKILL.
#
# Each guest runs a generated /init-NAME script on a hostfs root. The script
# prints UMNET-INIT-START first: if that marker never shows up the boot failed
# before userspace (on 2 busy cores UML sometimes panics with "can't fork"),
# and uml_boot retries. The script ends with "UMNET-INIT-END rc=N" carrying
# the body's exit status, then `poweroff -f` makes the UML process exit.

[ -n "${_UMNET_LIB_SOURCED:-}" ] && return 0
_UMNET_LIB_SOURCED=1

UMNET_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
UMNET_BUILD=${UMNET_BUILD:-build}
case $UMNET_BUILD in
/*) ;;
*) UMNET_BUILD=$UMNET_ROOT/$UMNET_BUILD ;;
esac
UMNET_BIN=${UMNET_BIN:-$UMNET_BUILD/bin}
UMNET_TEST=$(basename "$0" .sh)
UMNET_PID=$$
UMNET_UML_ATTEMPTS=${UMNET_UML_ATTEMPTS:-3}
UML_ROOT=${UML_ROOT:-}

_umnet_now_ms() {
	local t=${EPOCHREALTIME:-}

	if [ -n "$t" ]; then
		t=${t/[.,]/}
		echo $((10#$t / 1000))
	else
		echo $(($(date +%s%N) / 1000000))
	fi
}
_UMNET_T0=$(_umnet_now_ms)

# ---------------------------------------------------------------------------
# Reporting

# log MSG... - print "[test +s.ms] MSG" to stderr
log() {
	local ms=$(($(_umnet_now_ms) - _UMNET_T0))

	printf '[%s +%d.%03ds] %s\n' "$UMNET_TEST" $((ms / 1000)) $((ms % 1000)) "$*" >&2
}

# run CMD... - echo "+ CMD" to stderr, then run it; returns its status
run() {
	log "+ $*"
	"$@"
}

# skip REASON - print "SKIP: REASON" to stderr and exit 77
skip() {
	echo "SKIP: $*" >&2
	exit 77
}

# fail MSG - print "FAIL: MSG" to stderr and exit 1
fail() {
	echo "FAIL: $*" >&2
	exit 1
}

# bail MSG - the rig itself failed (not the code under test): exit 99
bail() {
	echo "ERROR: $*" >&2
	exit 99
}

# need_root - skip unless running as root
need_root() {
	[ "$(id -u)" = 0 ] || skip "needs root"
}

# umnet_bin NAME - print the path of umnet binary NAME in $UMNET_BIN;
# 1 if it is not built
umnet_bin() {
	[ -x "$UMNET_BIN/$1" ] || return 1
	echo "$UMNET_BIN/$1"
}

# need_cmd CMD... - skip unless every CMD is in PATH
need_cmd() {
	local c

	for c in "$@"; do
		command -v "$c" >/dev/null 2>&1 || skip "needs $c"
	done
}

# ---------------------------------------------------------------------------
# Scratch space and cleanup

UMNET_TMP=$(mktemp -d "/tmp/umnet-$$-$(printf %.24s "$UMNET_TEST").XXXXXX") ||
	bail "cannot create scratch directory under /tmp"
_UMNET_CLEANUP=$UMNET_TMP/.cleanup
: >"$_UMNET_CLEANUP"

# on_exit CMD - run CMD (one line, eval'd) at exit; last registered runs first
on_exit() {
	case $* in
	*$'\n'*) bail "on_exit: command must be one line" ;;
	esac
	printf '%s\n' "$*" >>"$_UMNET_CLEANUP"
}

# Run the registry once (whoever comes first: trap or watchdog), newest
# first, then remove $UMNET_TMP
_umnet_run_cleanup() {
	local cmds=() i

	[ -e "$_UMNET_CLEANUP" ] || return 0
	mapfile -t cmds <"$_UMNET_CLEANUP"
	rm -f "$_UMNET_CLEANUP"
	for ((i = ${#cmds[@]} - 1; i >= 0; i--)); do
		eval "${cmds[i]}" || true
	done

	if [ "${UMNET_KEEP:-0}" = 1 ]; then
		echo "kept $UMNET_TMP" >&2
	else
		rm -rf "$UMNET_TMP"
	fi
}

# The EXIT trap: clean up in the main shell, stop the watchdog, keep $?
_umnet_cleanup() {
	local rc=$?

	trap - EXIT INT TERM HUP
	# A subshell that somehow inherited the trap must not clean up for us
	[ "${BASHPID:-$$}" = "$UMNET_PID" ] || exit "$rc"

	_umnet_run_cleanup
	[ -z "${_UMNET_WD_PID:-}" ] || kill "$_UMNET_WD_PID" 2>/dev/null || true
	exit "$rc"
}

# A SIGKILLed test runs no trap. This watchdog, in its own process group so
# that a group-wide kill (timeout(1), a runner) spares it, polls the test's
# PID and runs the registry once the test is gone. Guests then die within a
# second or so instead of leaking with their namespaces.
_umnet_watchdog() {
	trap - EXIT
	trap '' INT HUP
	while kill -0 "$UMNET_PID" 2>/dev/null; do
		sleep 1
	done
	_umnet_run_cleanup
}

trap _umnet_cleanup EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM

# tmpdir [NAME] - print the path of a new directory under $UMNET_TMP
tmpdir() {
	mktemp -d "$UMNET_TMP/${1:-tmp}.XXXXXX"
}

# ---------------------------------------------------------------------------
# Waiting

# wait_for TIMEOUT_S CMD... - poll CMD every 50 ms until it succeeds.
# Return: 0 once CMD succeeded, 1 on timeout. TIMEOUT_S may be fractional.
wait_for() {
	local tmo_ms deadline

	tmo_ms=$(awk -v t="$1" 'BEGIN { printf "%d", t * 1000 }')
	shift
	deadline=$(($(_umnet_now_ms) + tmo_ms))
	while :; do
		"$@" && return 0
		[ "$(_umnet_now_ms)" -lt "$deadline" ] || return 1
		sleep 0.05
	done
}

# ---------------------------------------------------------------------------
# Network namespaces

# netns_name NAME - print the unique namespace name for NAME (umnet-$$-NAME)
netns_name() {
	echo "umnet-$UMNET_PID-$1"
}

# netns_add NAME - create namespace umnet-$$-NAME with lo up, register its
# deletion, print its name. Safe in $(...).
netns_add() {
	local ns

	ns=$(netns_name "$1")
	ip netns add "$ns" || bail "cannot create netns $ns"
	on_exit "ip netns del $ns 2>/dev/null"
	ip -n "$ns" link set lo up || bail "cannot bring up lo in $ns"
	echo "$ns"
}

# ---------------------------------------------------------------------------
# UML guests

_UMNET_GUESTS=$UMNET_TMP/guests
_UMNET_UML_DIR=$UMNET_TMP/uml
UMNET_UML_APPLETS="sh ash ip ping nc md5sum dd cat echo printf sleep usleep mount umount
	poweroff reboot ifconfig route grep egrep seq head tail wc sed awk cut tr kill
	ps udhcpc ls mkdir rmdir rm mv cp ln touch sync hostname test [ true false env
	timeout netstat arp mkfifo cmp date uname dmesg xargs sort uniq tee stat
	readlink basename dirname find od hexdump ipneigh brctl vconfig nslookup"

_umnet_busybox() {
	local bb

	for bb in "${UMNET_BUSYBOX:-}" /bin/busybox /usr/bin/busybox; do
		[ -n "$bb" ] && [ -x "$bb" ] || continue
		# A dynamic busybox would need the host's libc inside the guest:
		# look for the ELF interpreter path (PT_INTERP)
		LC_ALL=C grep -qaE '/lib(64)?/ld-(linux|musl)' "$bb" && continue
		echo "$bb"
		return 0
	done
	return 1
}

# uml_need - skip unless UML guests can run here (linux.uml, a static
# busybox, a C compiler for the shim)
uml_need() {
	need_cmd linux.uml
	_umnet_busybox >/dev/null || skip "needs a static busybox (busybox-static)"
	command -v "${CC:-cc}" >/dev/null 2>&1 || command -v gcc >/dev/null 2>&1 ||
		skip "needs a C compiler to build the UML xstate shim"
}

# uml_shim - build $UMNET_BUILD/uml/xstate-shim.so if missing or older than
# its source and print its path. Concurrent callers are safe: each builds
# into its own temporary file and rename()s it into place.
uml_shim() {
	local src=$UMNET_ROOT/tests/uml/xstate-shim.c
	local so=$UMNET_BUILD/uml/xstate-shim.so
	local cc=${CC:-cc} tmp

	if [ ! -e "$so" ] || [ "$src" -nt "$so" ]; then
		command -v "$cc" >/dev/null 2>&1 || cc=gcc
		mkdir -p "${so%/*}" || return 1
		tmp=$so.tmp.$$.$RANDOM
		if ! "$cc" -std=gnu11 -Wall -Wextra -Werror -O2 -fPIC -shared \
			-o "$tmp" "$src" >&2; then
			rm -f "$tmp"
			return 1
		fi
		mv -f "$tmp" "$so" || return 1
	fi
	echo "$so"
}

# uml_rootfs [DIR] - make a hostfs root in DIR (default $UMNET_TMP/root):
# bin/busybox with applet links, empty proc sys dev tmp etc run mnt, and a
# sync/ directory shared by all guests booted on it. Sets UML_ROOT=DIR, the
# default root for uml_boot. Call it in the main shell, not in $(...).
uml_rootfs() {
	local dir=${1:-$UMNET_TMP/root} bb a

	bb=$(_umnet_busybox) || skip "needs a static busybox (busybox-static)"
	mkdir -p "$dir"/{bin,proc,sys,dev,tmp,etc,run,mnt,root,sync} || bail "cannot create $dir"
	cp "$bb" "$dir/bin/busybox" || bail "cannot copy busybox"
	for a in $UMNET_UML_APPLETS; do
		ln -sf busybox "$dir/bin/$a"
	done
	echo "root:x:0:0:root:/root:/bin/sh" >"$dir/etc/passwd"
	echo "root:x:0:" >"$dir/etc/group"
	UML_ROOT=$dir
}

# _guest_sh_helpers - the shell functions every guest's body may use, UML or
# QEMU: result, run, fail, signal, quiet_net, nc_recv, await (tests/int/README.md). /sync is the
# flag directory both kinds of guest share with the host.
_guest_sh_helpers() {
	cat <<'EOF'
# result KEY VALUE - report KEY=VALUE to the host (uml_result/qemu_result NAME KEY)
result() { echo "RESULT $1=$2"; }
# run CMD... - echo the command on the console, then run it
run() { echo "+ $*"; "$@"; }
# fail MSG - report and end the body with status 1
fail() { echo "GUEST-FAIL: $*"; exit 1; }
# signal NAME - raise flag NAME, visible to the host and every guest sharing /sync
signal() { : >"/sync/$1"; }
# quiet_net DEV - no traffic on DEV that timers send: no IPv6 (router
# solicitations, MLD reports), and ARP entries that stay reachable for an
# hour (no probes); else counters that a test compares could move
quiet_net() {
	[ ! -e "/proc/sys/net/ipv6/conf/$1/disable_ipv6" ] || echo 1 >"/proc/sys/net/ipv6/conf/$1/disable_ipv6"
	echo 3600000 >"/proc/sys/net/ipv4/neigh/$1/base_reachable_time_ms"
}
# nc_recv PORT SECS - nc takes one connection on PORT into /run/recv, in the
# background (pid in $nc_pid) for SECS at most; returns once it listens. A
# fifo opened read-write keeps nc's stdin open and silent, so nc only ends
# when the sender shuts its side down.
nc_recv() {
	[ -p /run/hold ] || mkfifo /run/hold
	timeout "$2" nc -l -p "$1" <>/run/hold >/run/recv &
	nc_pid=$!
	n=100
	until netstat -ltn 2>/dev/null | grep -q ":$1 "; do
		n=$((n - 1)); [ $n -gt 0 ] || fail "nc is not listening"; sleep 0.1
	done
}
# await NAME [TIMEOUT_S] - wait for flag NAME (default 60 s); 1 on timeout
await() {
	local n=$(( ${2:-60} * 10 ))
	while [ ! -e "/sync/$1" ]; do
		[ $n -gt 0 ] || { echo "GUEST-TIMEOUT: flag $1"; return 1; }
		n=$((n - 1))
		sleep 0.1
	done
}
EOF
}

# The guest-side prelude: helpers for the test body, then the body in a
# subshell so that `exit` in the body still reaches the END marker.
_uml_init_script() {
	local name=$1 body=$2

	cat <<EOF
#!/bin/sh
# Generated by tests/int/lib.sh for guest $name
echo UMNET-INIT-START $name
export PATH=/bin HOME=/root
UMNET_GUEST=$name
mount -t proc proc /proc
mount -t sysfs sysfs /sys
[ -e /dev/null ] || mount -t devtmpfs devtmpfs /dev
mount -t tmpfs -o size=32m tmpfs /run
hostname $name
ip link set lo up

$(_guest_sh_helpers)

(
:
$body
)
rc=\$?
sync
echo "UMNET-INIT-END rc=\$rc"
poweroff -f
EOF
}

_uml_pid() {
	cat "$_UMNET_GUESTS/$1.pid" 2>/dev/null
}

# _guest_owner PID TEXT - is PID one of this test's guests? 0 yes, 1 no (its
# PID was reused), 2 it is gone or a zombie. Our unreaped child is ours by
# definition; otherwise (the watchdog, after the test died) its command line
# must hold TEXT, which names this test's guest.
_guest_owner() {
	local stat cmdline

	{ read -r stat <"/proc/$1/stat"; } 2>/dev/null || return 2
	stat=${stat##*) }
	set -- "$1" "$2" $stat
	[ "$3" = Z ] && return 2
	[ "$4" = "$UMNET_PID" ] && return 0
	cmdline=$(tr '\0' ' ' <"/proc/$1/cmdline" 2>/dev/null)
	[[ $cmdline == *"$2"* ]]
}

# _uml_owner PID NAME - _guest_owner for UML guest NAME: its command line
# names our private uml_dir
_uml_owner() {
	_guest_owner "$1" "umid=$2 uml_dir=$_UMNET_UML_DIR "
}

# True once no live process is left in process group $1. Zombies do not
# count: orphans are reparented to PID 1, which may reap them lazily (in
# containers it often does), and kill -0 still succeeds on a zombie.
_uml_group_is_gone() {
	local p st

	kill -0 -- "-$1" 2>/dev/null || return 0
	command -v pgrep >/dev/null 2>&1 || return 1
	for p in $(pgrep -g "$1"); do
		{ read -r st <"/proc/$p/stat"; } 2>/dev/null || continue
		st=${st##*) }
		[ "${st%% *}" = Z ] || return 1
	done
	return 0
}

# uml_kill NAME - SIGKILL guest NAME's whole process group and reap it.
# Harmless if the guest is not running.
uml_kill() {
	local name=$1 pid own

	pid=$(_uml_pid "$name") || return 0
	[ -n "$pid" ] || return 0
	_uml_owner "$pid" "$name" && own=0 || own=$?
	case $own in
	0)
		# Before UML's setsid() there is no group yet: kill the PID too
		kill -KILL -- "-$pid" 2>/dev/null || true
		kill -KILL "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
		;;
	2)
		# Leader gone, its PID not reused: a group by that id can only
		# hold UML helpers of ours
		kill -KILL -- "-$pid" 2>/dev/null || true
		;;
	esac
	wait_for 5 _uml_group_is_gone "$pid" ||
		log "guest $name: process group $pid survived SIGKILL"
	rm -f "$_UMNET_GUESTS/$name.pid"
}

# _uml_start NAME SHIM NS MEM ROOT UMLARGS... - one boot attempt
_uml_start() {
	local name=$1 shim=$2 ns=$3 mem=$4 root=$5
	local -a cmd

	shift 5
	cmd=(linux.uml "mem=$mem" "umid=$name" "uml_dir=$_UMNET_UML_DIR"
		root=/dev/root rootfstype=hostfs "hostfs=$root" rw
		"init=/init-$name" con=null con0=null,fd:1)
	[ "${UMNET_UML_VERBOSE:-0}" = 1 ] || cmd+=(quiet)
	# Boot in ~0.4 s instead of ~1.5 s: skip the RAID6 benchmark (only
	# md/btrfs RAID6 would need it) and the 256 legacy BSD ptys
	[ "${UMNET_UML_FASTBOOT:-1}" = 1 ] &&
		cmd+=(initcall_blacklist=raid6_select_algo pty.legacy_count=0)
	cmd+=("$@")
	[ -n "$shim" ] && cmd=(env "LD_PRELOAD=$shim" "${cmd[@]}")
	[ -n "$ns" ] && cmd=(ip netns exec "$ns" "${cmd[@]}")

	rm -rf "${_UMNET_UML_DIR:?}/$name"
	log "+ ${cmd[*]}"
	"${cmd[@]}" </dev/null >"$_UMNET_GUESTS/$name.log" 2>&1 &
	echo $! >"$_UMNET_GUESTS/$name.pid"
}

# _uml_await_init NAME TIMEOUT_S - 0 once /init started, 1 if UML died, 2 on timeout
_uml_await_init() {
	local name=$1 log=$_UMNET_GUESTS/$1.log pid deadline

	pid=$(_uml_pid "$name")
	deadline=$(($(_umnet_now_ms) + $2 * 1000))
	while :; do
		grep -q UMNET-INIT-START "$log" && return 0
		if ! kill -0 "$pid" 2>/dev/null; then
			grep -q UMNET-INIT-START "$log" && return 0
			return 1
		fi
		[ "$(_umnet_now_ms)" -lt "$deadline" ] || return 2
		sleep 0.05
	done
}

# uml_boot [-n NETNS] [-m MEM] [-r ROOT] [-t BOOT_TIMEOUT_S] NAME BODY [UMLARGS...]
#
# BOOT_TIMEOUT_S (default 30) and uml_wait's TIMEOUT_S are whole seconds.
#
# Boot guest NAME (letters, digits, - and _) on hostfs ROOT (default
# $UML_ROOT) running BODY, a busybox sh script, as its test; UMLARGS are
# extra kernel arguments such as eth0=mcast,... Returns once the guest's
# /init is running. A boot that dies or hangs before /init is retried, up to
# $UMNET_UML_ATTEMPTS times in all; after that the test exits 99 (bail).
# Must be called in the main shell, not in $(...).
uml_boot() {
	local ns="" mem=${UML_MEM:-64M} root=$UML_ROOT tmo=${UML_BOOT_TIMEOUT:-30}
	local name body shim="" attempt why t0 OPTIND=1 opt

	while getopts "n:m:r:t:" opt; do
		case $opt in
		n) ns=$OPTARG ;;
		m) mem=$OPTARG ;;
		r) root=$OPTARG ;;
		t) tmo=$OPTARG ;;
		*) bail "uml_boot: bad option" ;;
		esac
	done
	shift $((OPTIND - 1))
	[ $# -ge 2 ] || bail "uml_boot: usage: uml_boot [opts] NAME BODY [UMLARGS...]"
	name=$1 body=$2
	shift 2

	[[ $name =~ ^[A-Za-z0-9_-]{1,32}$ ]] || bail "uml_boot: bad guest name '$name'"
	[ -n "$root" ] && [ -d "$root/bin" ] || bail "uml_boot: no root; call uml_rootfs first"
	[ "${BASHPID:-$$}" = "$UMNET_PID" ] || bail "uml_boot: must run in the main shell"
	mkdir -p "$_UMNET_GUESTS" "$_UMNET_UML_DIR"
	[ -e "$_UMNET_GUESTS/$name.init" ] && bail "uml_boot: guest $name exists"

	if [ "${UMNET_UML_SHIM:-1}" = 1 ]; then
		shim=$(uml_shim) || bail "cannot build the UML xstate shim"
	fi
	_uml_init_script "$name" "$body" >"$root/init-$name"
	chmod +x "$root/init-$name"
	cp "$root/init-$name" "$_UMNET_GUESTS/$name.init"
	on_exit "uml_kill $name"

	for ((attempt = 1; attempt <= UMNET_UML_ATTEMPTS; attempt++)); do
		t0=$(_umnet_now_ms)
		_uml_start "$name" "$shim" "$ns" "$mem" "$root" "$@"
		_uml_await_init "$name" "$tmo" && why=0 || why=$?
		case $why in
		0)
			log "guest $name: /init started after $(($(_umnet_now_ms) - t0)) ms"
			return 0
			;;
		1) why="UML exited before /init" ;;
		*) why="no /init after ${tmo}s" ;;
		esac
		uml_kill "$name"
		mv "$_UMNET_GUESTS/$name.log" "$_UMNET_GUESTS/$name.log.$attempt"
		log "guest $name: boot attempt $attempt failed: $why; console tail:"
		tail -n 5 "$_UMNET_GUESTS/$name.log.$attempt" | tr -d '\r' | sed 's/^/    /' >&2
	done
	bail "guest $name never reached /init in $UMNET_UML_ATTEMPTS boots"
}

# uml_console NAME - print the path of guest NAME's console log
uml_console() {
	echo "$_UMNET_GUESTS/$1.log"
}

# uml_pid NAME - print the PID of guest NAME's UML process, if running
uml_pid() {
	_uml_pid "$1"
}

_uml_tail() {
	log "guest $1: console tail:"
	tail -n "${2:-25}" "$(uml_console "$1")" | tr -d '\r' | sed 's/^/    /' >&2
}

_uml_end_rc() {
	_guest_end_rc "$(uml_console "$1")"
}

# _guest_end_rc CONSOLE - the exit status a guest's body reported on its
# console (UMNET-INIT-END rc=N), or nothing yet
_guest_end_rc() {
	tr -d '\r' <"$1" | sed -n 's/^UMNET-INIT-END rc=\([0-9]*\)$/\1/p' | tail -n 1
}

_guest_is_gone() {
	! kill -0 "$1" 2>/dev/null
}

# _guest_wait KIND NAME TIMEOUT_S RCFILE - uml_wait and qemu_wait, for KIND
# uml (UML) or qemu (QEMU): _KIND_pid, _KIND_end_rc, KIND_kill and
# _KIND_tail say how to find, read, stop and show that kind of guest; the
# outcome is kept in RCFILE for a second wait on the same guest
_guest_wait() {
	local kind=$1 name=$2 tmo=$3 rcfile=$4 what pid rc="" deadline

	what=${kind^^}
	pid=$("_${kind}_pid" "$name")
	if [ -z "$pid" ]; then
		rc=$("_${kind}_end_rc" "$name")
		[ -n "$rc" ] || rc=$(cat "$rcfile" 2>/dev/null) || rc=125
		return "${rc:-125}"
	fi

	deadline=$(($(_umnet_now_ms) + tmo * 1000))
	while :; do
		rc=$("_${kind}_end_rc" "$name")
		[ -n "$rc" ] && break
		if _guest_is_gone "$pid"; then
			rc=$("_${kind}_end_rc" "$name")
			[ -n "$rc" ] || {
				log "guest $name: $what exited before its body finished"
				rc=125
			}
			break
		fi
		if [ "$(_umnet_now_ms)" -ge "$deadline" ]; then
			log "guest $name: body still running after ${tmo}s, killing it"
			rc=124
			break
		fi
		sleep 0.1
	done
	# poweroff follows the END marker: give it a moment, then insist
	[ "$rc" = 124 ] || wait_for 10 _guest_is_gone "$pid" ||
		log "guest $name: did not power off, killing it"
	"${kind}_kill" "$name"
	echo "$rc" >"$rcfile"
	[ "$rc" = 0 ] || "_${kind}_tail" "$name"
	return "$rc"
}

# _guest_result CONSOLE KEY - the last value a guest reported with
# `result KEY VALUE` (console line "RESULT KEY=VALUE"); 1 if none
_guest_result() {
	local v

	[[ $2 =~ ^[A-Za-z0-9_.-]+$ ]] || bail "result: bad key '$2'"
	v=$(tr -d '\r' <"$1" | sed -n "s/^RESULT $2=//p" | tail -n 1)
	[ -n "$v" ] || grep -q "^RESULT $2=" <(tr -d '\r' <"$1") || return 1
	echo "$v"
}

# uml_wait NAME [TIMEOUT_S] - wait (default 60 s) for guest NAME's body to end
# and the guest to power off. Return: the body's exit status; 124 if it did
# not finish in time (the guest is killed); 125 if UML died without finishing
# the body. On non-zero, the console tail goes to stderr.
uml_wait() {
	_guest_wait uml "$1" "${2:-60}" "$_UMNET_GUESTS/$1.rc"
}

# uml_result NAME KEY - print the last value the guest reported with
# `result KEY VALUE` (console line "RESULT KEY=VALUE"); 1 if none
uml_result() {
	_guest_result "$(uml_console "$1")" "$2"
}

# uml_ping_host NETNS NAME ADDR/LEN HOST_IP UMLARGS... - boot guest NAME in
# NETNS with eth0 at ADDR/LEN; it pings HOST_IP ten times, then the namespace
# pings ADDR ten times, and the test fails unless both lose nothing. Returns
# once the guest has powered off. Must be called in the main shell.
uml_ping_host() {
	local ns=$1 name=$2 addr=$3 host=$4 out
	local body

	shift 4
	body="run ip addr add $addr dev eth0 && run ip link set eth0 up || fail address
ping -c 10 -i 0.2 -W 3 $host >/run/p
cat /run/p
"'result loss "$(sed -n "s/.* \([0-9.]*\)% packet loss.*/\1/p" /run/p)"'"
signal $name-pinged
await $name-host-done 60"
	uml_boot -n "$ns" "$name" "$body" "$@"
	uml_await "$name-pinged" 60 || fail "guest $name did not ping"
	out=$(ip netns exec "$ns" ping -c 10 -i 0.2 -W 3 "${addr%/*}") ||
		fail "the namespace cannot ping guest $name: $out"
	grep -q ' 0% packet loss' <<<"$out" || fail "namespace -> guest $name: $out"
	uml_signal "$name-host-done"
	uml_wait "$name" 30 || fail "guest $name failed"
	[ "$(uml_result "$name" loss)" = 0 ] ||
		fail "guest $name -> $host: loss $(uml_result "$name" loss)%"
}

# uml_signal NAME - raise flag NAME in $UML_ROOT/sync, seen by guests' `await`
uml_signal() {
	: >"$UML_ROOT/sync/$1"
}

# uml_await NAME TIMEOUT_S - wait for a guest to raise flag NAME with `signal`
uml_await() {
	wait_for "$2" test -e "$UML_ROOT/sync/$1"
}

# Last, so that the watchdog's copy of the shell has every function above.
# set -m gives it its own process group; it is disowned, so bash never
# reports on it.
set -m
_umnet_watchdog </dev/null >/dev/null 2>&1 &
_UMNET_WD_PID=$!
set +m
disown "$_UMNET_WD_PID"
