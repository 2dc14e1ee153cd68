#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# setuid.sh - umnet-helper installed setuid root, and with the file capability
# cap_net_admin+ep only, run by unprivileged users as UML would run it: a user
# the policy names gets a TAP of their own and may claim the addresses of
# their range; nobody (not named), a user pointing UMNET_HELPER_CONF at a
# policy of their choosing, and a user touching root's TAP are refused
#
#   netns $ns:  v0 10.77.1.10/24
#   mount namespace $mnt: /etc is an overlay whose upper layer holds
#               umnet/helper.conf (the real /etc is not touched):
#                   user $user: gateway 10.77.1.254, guest 10.77.1.48/29
#   $dir (root, 0755, a filesystem without nosuid):
#               umnet-helper (root, 4755), uml_net -> umnet-helper,
#               caps/umnet-helper (cap_net_admin+ep), client.py
#   $user:      a throwaway user made with useradd, removed at exit
#   guest g:    linux.uml run by $user (eth0=tuntap,,,10.77.1.254), with
#               $dir first on PATH: UML runs the setuid uml_net
. "$(dirname "$0")/../lib.sh"

need_root
need_cmd useradd userdel setpriv nsenter unshare
py=$(command -v /usr/bin/python3 || command -v python3) || skip "needs python3"
helper=$(umnet_bin umnet-helper) || skip "umnet-helper not built"
ns=$(netns_add su) || exit
run ip -n "$ns" link add v0 type veth peer name v1
run ip -n "$ns" addr add 10.77.1.10/24 dev v0
run ip -n "$ns" link set v0 up

# The users must be able to reach $dir: open up our own scratch directory
chmod 0711 "$UMNET_TMP"
dir=$(tmpdir suid)
chmod 0755 "$dir"
findmnt -n -o OPTIONS -T "$dir" | grep -qw nosuid && skip "$dir is on a nosuid filesystem"
install -o root -g root -m 4755 "$helper" "$dir/umnet-helper"
ln -s umnet-helper "$dir/uml_net"
install -m 0644 "$UMNET_ROOT/tests/int/helper/client.py" "$dir/client.py"
mkdir -m 0755 "$dir/flags"

user=umnet$$a
run useradd --system --no-create-home --user-group --shell /usr/sbin/nologin "$user" ||
	bail "useradd failed"
# after the clients it ran have gone (userdel refuses a user with processes)
on_exit "wait_for 5 eval '! pgrep -u $user >/dev/null'; userdel $user"
uid=$(id -u "$user")

# A private /etc: an overlay whose upper layer has the policy
up=$(tmpdir etc-up) work=$(tmpdir etc-work)
chmod 0755 "$up"
mkdir -m 0755 "$up/umnet"
cat >"$up/umnet/helper.conf" <<EOF
ip_forward no
user $user
	gateway 10.77.1.254
	guest 10.77.1.48/29
EOF
chmod 0644 "$up/umnet/helper.conf"
unshare -m --propagation private sleep 3600 &
mnt=$!
on_exit "kill $mnt 2>/dev/null"
# sleep runs once unshare(1) has made / private: before that, a mount could
# propagate to the host's /etc
wait_for 5 eval '[ "$(cat /proc/$mnt/comm)" = sleep ] &&
	[ "$(readlink /proc/$mnt/ns/mnt)" != "$(readlink /proc/self/ns/mnt)" ]' ||
	bail "no mount namespace"
nsenter --mount="/proc/$mnt/ns/mnt" mount -t overlay overlay \
	-o "lowerdir=/etc,upperdir=$up,workdir=$work" /etc || skip "cannot mount an overlay on /etc"
# A private /dev as well, with a syslog socket of our own in it
devup=$(tmpdir dev-up) devwork=$(tmpdir dev-work)
chmod 0755 "$devup"
nsenter --mount="/proc/$mnt/ns/mnt" mount -t overlay overlay \
	-o "lowerdir=/dev,upperdir=$devup,workdir=$devwork" /dev || skip "cannot mount an overlay on /dev"
syslog=$UMNET_TMP/syslog
nsenter --mount="/proc/$mnt/ns/mnt" "$py" -c '
import os, socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind("/dev/log")
os.chmod("/dev/log", 0o666)
with open(sys.argv[1], "ab", buffering=0) as f:
    while True:
        f.write(s.recv(4096).rstrip(b"\0") + b"\n")
' "$syslog" &
syslogd=$!
on_exit "kill $syslogd 2>/dev/null"
wait_for 5 test -S "$devup/log" || bail "no syslog socket"

# A permissive policy for the override attempt: valid and root's, so only
# the override rule can refuse it
evil=$(tmpdir evil)/helper.conf
printf 'user nobody\nuser %s\n\tguest 10.77.1.0/25\n\tgateway 10.77.1.1\n' "$user" >"$evil"
chmod 0755 "$(dirname "$evil")"
chmod 0644 "$evil"

# as USER CMD... - run CMD as USER in the private /etc and the namespace
as() {
	local who=$1

	shift
	nsenter --mount="/proc/$mnt/ns/mnt" ip netns exec "$ns" \
		setpriv --reuid="$who" --regid="$(id -g "$who")" --init-groups -- "$@"
}

declare -A R
# call USER tap|text HELPER ARGS... - the helper's reply lands in R[]
call() {
	local who=$1 k v out

	shift
	out=$(as "$who" env ${ENV:-} "$py" "$dir/client.py" "$@" 2>"$UMNET_TMP/stderr") ||
		fail "client.py as $who: $out $(cat "$UMNET_TMP/stderr")"
	R=()
	while IFS='=' read -r k v; do
		R[$k]=$v
	done <<<"$out"
	log "  as $who: ${*:2} -> rc=${R[rc]} name=${R[name]:-} text=${R[text]}"
}

expect() {
	[ "${R[rc]}" = "$1" ] || fail "exit status ${R[rc]}, expected $1"
	[[ ${R[text]} == *"$2"* ]] || fail "reply '${R[text]}' does not say '$2'"
}

# hold_tap VAR USER HELPER GATE - a TAP kept open by client.py as USER
hold_tap() {
	local out=$dir/flags/$1.out

	as "$2" "$py" "$dir/client.py" tap --hold "$dir/flags/$1.release" "$3" 4 tuntap up "$4" \
		>"$out" 2>&1 &
	on_exit "touch $dir/flags/$1.release"
	wait_for 10 grep -q '^rc=' "$out" || fail "no reply for tuntap up as $2"
	grep -qx 'rc=0' "$out" && grep -qx 'fds=1' "$out" || fail "tuntap up as $2: $(cat "$out")"
	printf -v "$1" '%s' "$(sed -n 's/^name=//p' "$out")"
}

state() {
	ip -n "$ns" -4 route show table all
	ip -n "$ns" -4 addr show
	ip -n "$ns" neigh show proxy
	ip -n "$ns" -o link show type tun | cut -d: -f2
}

log "setuid root, run by $user (uid $uid), whom the policy names"
hold_tap T "$user" "$dir/uml_net" 10.77.1.254
log "  $user's TAP: $T"
ip -d -n "$ns" link show "$T" | grep -q "persist off user $user" ||
	fail "$T is not $user's: $(ip -d -n "$ns" link show "$T")"
ip -n "$ns" -4 addr show "$T" | grep -q 'inet 10.77.1.254/32' || fail "no gateway on $T"
call "$user" text "$dir/uml_net" 4 add "$T" 10.77.1.50 255.255.255.0
expect 0 "10.77.1.50 published on v0 (proxy ARP)"
ip -n "$ns" route show 10.77.1.50 | grep -q "dev $T" || fail "no route"
before=$(state)
call "$user" text "$dir/uml_net" 4 add "$T" 10.77.1.60 255.255.255.0
expect 1 "refused: 10.77.1.60 is not in the guest addresses allowed for uid $uid ($user)"
call "$user" tap "$dir/uml_net" 4 tuntap up 10.77.1.1
expect 1 "refused: gateway 10.77.1.1 is not allowed for uid $uid ($user)"
[ "${R[fds]}" = 0 ] || fail "refused tuntap up passed a descriptor"
[ "$(state)" = "$before" ] || fail "refusals changed the host: $(diff <(echo "$before") <(state))"

log "the policy path cannot be overridden by a user"
ENV="UMNET_HELPER_CONF=$evil" call "$user" text "$dir/uml_net" 4 add "$T" 10.77.1.60 255.255.255.0
expect 1 "refused: 10.77.1.60 is not in the guest addresses allowed for uid $uid ($user) by /etc/umnet/helper.conf"
ENV="UMNET_HELPER_CONF=$evil" call nobody tap "$dir/uml_net" 4 tuntap up
expect 1 "refused: uid 65534 (nobody) is not allowed to use this helper by /etc/umnet/helper.conf"
[ "$(state)" = "$before" ] || fail "refusals changed the host"

log "nobody is not named: refused, nothing made"
call nobody tap "$dir/uml_net" 4 tuntap up 10.77.1.254
expect 1 "refused: uid 65534 (nobody) is not allowed to use this helper"
[ -z "${R[name]}" ] && [ "${R[fds]}" = 0 ] || fail "refused tuntap up replied with a TAP"
call nobody text "$dir/uml_net" 4 del "$T" 10.77.1.50 255.255.255.0
expect 1 "refused: uid 65534 (nobody) is not allowed"
[ "$(state)" = "$before" ] || fail "nobody changed the host"

log "refusals are in syslog (authpriv.warning) with the user"
# logged PATTERN - the syslog reader has written a matching line (it runs
# on its own: give it a moment)
logged() { wait_for 5 grep -q "$1" "$syslog"; }
logged "^<84>.* umnet-helper\[[0-9]*\]: refused tuntap up 10.77.1.254: uid 65534 (nobody): uid 65534 (nobody) is not allowed to use this helper by /etc/umnet/helper.conf$" ||
	fail "refusal not logged: $(cat "$syslog")"
logged "^<84>.* refused add $T 10.77.1.60/24: uid $uid ($user): 10.77.1.60 is not in the guest addresses" ||
	fail "refused add not logged"
logged "^<86>.* umnet-helper\[[0-9]*\]: add $T 10.77.1.50/24: uid $uid ($user): done$" ||
	fail "add not logged"

log "root's TAP is not $user's"
hold_tap R0 root "$dir/uml_net" ""
call "$user" text "$dir/uml_net" 4 add "$R0" 10.77.1.51 255.255.255.0
expect 1 "refused: $R0: $R0 does not belong to uid $uid"
touch "$dir/flags/R0.release"
wait_for 5 eval "! ip -n $ns link show $R0 >/dev/null 2>&1" || fail "$R0 left"

call "$user" text "$dir/uml_net" 4 del "$T" 10.77.1.50 255.255.255.0
expect 0 "route 10.77.1.50/32 dev $T removed"
touch "$dir/flags/T.release"
wait_for 5 eval "! ip -n $ns link show $T >/dev/null 2>&1" || fail "$T left"

log "without setuid or capability the helper says what is missing"
install -m 0755 "$helper" "$dir/plain-helper"
call "$user" text "$dir/plain-helper" 4 add tap0 10.77.1.50 255.255.255.0
expect 1 "no CAP_NET_ADMIN: umnet-helper must be installed setuid root or with 'setcap cap_net_admin+ep'"

if command -v setcap >/dev/null 2>&1; then
	log "file capability cap_net_admin+ep instead of setuid"
	mkdir -m 0755 "$dir/caps"
	install -m 0755 "$helper" "$dir/caps/umnet-helper"
	run setcap cap_net_admin+ep "$dir/caps/umnet-helper" || fail "setcap"
	hold_tap C "$user" "$dir/caps/umnet-helper" 10.77.1.254
	ip -d -n "$ns" link show "$C" | grep -q "user $user" || fail "$C is not $user's"
	call "$user" text "$dir/caps/umnet-helper" 4 add "$C" 10.77.1.53 255.255.255.0
	expect 0 "proxy_arp on $C"
	[ "$(ip netns exec "$ns" cat "/proc/sys/net/ipv4/conf/$C/proxy_arp")" = 1 ] ||
		fail "proxy_arp not set with CAP_NET_ADMIN alone"
	call nobody text "$dir/caps/umnet-helper" 4 add "$C" 10.77.1.54 255.255.255.0
	expect 1 "refused: uid 65534 (nobody) is not allowed"
	call "$user" text "$dir/caps/umnet-helper" 4 del "$C" 10.77.1.53 255.255.255.0
	expect 0 "proxy_arp off on $C"
	touch "$dir/flags/C.release"
else
	log "setcap not installed: file capability case not run"
fi

if ! command -v linux.uml >/dev/null 2>&1; then
	log "no linux.uml: the guest run by $user is not tried"
	log "ok"
	exit 0
fi
log "a real UML guest run by $user finds the setuid helper as uml_net on PATH"
uml_need
uml_rootfs
chmod 0777 "$UML_ROOT/sync" "$UML_ROOT/tmp"
# UML's own directory must be $user's
mkdir -p "$UMNET_TMP/uml"
chown "$user" "$UMNET_TMP/uml"
# uml_boot runs "linux.uml" from PATH: this one enters the private /etc and
# /dev and becomes $user first
wrap=$(tmpdir wrap)
chmod 0755 "$wrap"
printf '#!/bin/sh\nTMPDIR=/tmp exec nsenter --mount=/proc/%s/ns/mnt setpriv --reuid=%s --regid=%s --init-groups -- %s "$@"\n' \
	"$mnt" "$uid" "$(id -g "$user")" "$(command -v linux.uml)" >"$wrap/linux.uml"
chmod 0755 "$wrap/linux.uml"
oldpath=$PATH
export PATH=$wrap:$dir:$PATH
export ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0
uml_boot -n "$ns" g '
run ip link set eth0 up || fail "eth0 up (tuntap up)"
run ip addr add 10.77.1.50/24 dev eth0 || fail "address"
ping -c 3 -i 0.2 -W 3 10.77.1.254 >/run/p
result gate_loss "$(sed -n "s/.* \([0-9.]*\)% packet loss.*/\1/p" /run/p)"
run ip addr add 10.77.1.60/24 dev eth0
signal g-up
await host-done 60' eth0=tuntap,,,10.77.1.254
export PATH=$oldpath
uml_await g-up 60 || fail "guest did not come up: $(tail -n 5 "$(uml_console g)")"
[ "$(stat -c %U "/proc/$(uml_pid g)")" = "$user" ] || fail "UML does not run as $user"
G=$(ip -n "$ns" -o link show type tun | awk -F': ' '{ print $2 }')
log "  guest's TAP: $G"
ip -d -n "$ns" link show "$G" | grep -q "persist off user $user" || fail "$G is not $user's"
[ "$(uml_result g gate_loss)" = 0 ] || fail "guest -> gateway loss $(uml_result g gate_loss)%"
ip -n "$ns" route show 10.77.1.50 | grep -q "^10.77.1.50 dev $G" || fail "no route to the guest"
ip -n "$ns" neigh show proxy | grep -q '^10.77.1.50 dev v0 proxy' || fail "no proxy entry"
ip -n "$ns" route show 10.77.1.60 | grep -q . && fail "10.77.1.60 routed against the policy"
console_refused() {
	tr -d '\r' <"$(uml_console g)" |
		grep -q "refused add $G 10.77.1.60/24: 10.77.1.60 is not in the guest addresses allowed for uid $uid ($user)"
}
# (stderr: UML's console log; the reply text is printk'd, hidden by "quiet")
wait_for 10 console_refused || fail "no refusal on the guest's console"
logged "refused add $G 10.77.1.60/24: uid $uid ($user)" || fail "refusal not in syslog"
uml_signal host-done
uml_wait g 30 || fail "guest failed"
wait_for 10 eval "! ip -n $ns link show $G >/dev/null 2>&1" || fail "$G outlived the guest"
log "ok"
