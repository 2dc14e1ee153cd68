# SPDX-License-Identifier: GPL-2.0-or-later
# lib-qemu.sh - boot real Linux guests under QEMU in integration tests
#
# Source after lib.sh:
#
#	. "$(dirname "$0")/../lib.sh"
#	. "$(dirname "$0")/../lib-qemu.sh"
#
# See tests/int/README.md ("QEMU guests") for the API and the guest side.
#
# DOC: Theory of operation
#
# A QEMU guest is the distribution kernel (/boot/vmlinuz-VER, Debian's
# linux-image-amd64) with an initramfs made here: a static busybox, the
# virtio modules that kernel builds as modules (virtio_pci, virtio_net, the
# 9p stack; e1000 on demand) and a generated /init. Nothing else: no disk,
# no firmware beyond QEMU's SeaBIOS, no network but what the test passes.
#
# Speed. Without KVM (the usual case here: /dev/kvm may exist yet not work
# nested) QEMU emulates the CPU (TCG), where a stock boot takes 8-12 s. This
# brings it to about 4 s: booting the uncompressed ELF vmlinux through its
# PVH entry point instead of the XZ bzImage (decompressing 60 MB in an
# emulated CPU is the single biggest cost), `cryptomgr.notests` (the crypto
# self-tests), `rodata=off` (the W+X page-table walk), `pci=noacpi` (PCI
# IRQs from SeaBIOS's $PIR table: interpreting the ACPI link methods costs
# ~0.8 s at the first virtio probe), and no NIC option ROMs for SeaBIOS to
# run. `-M microvm` would be faster still, but under TCG on a loaded host
# its kernel fails to calibrate the TSC against the PIT and then hangs
# calibrating the APIC timer. The vmlinux and the shared part of the
# initramfs are built once per kernel and cached in $UMNET_BUILD/qemu/KEY/;
# each guest's initrd is that archive with a small second cpio appended
# that holds its /init (the kernel unpacks concatenated archives in order).
# Builders write temporary files and rename() them, so tests may race.
#
# KVM is used when it works: the first test after a host boot tries one
# KVM boot (10 s at most) and caches the answer, keyed by the host's
# boot_id, in $UMNET_BUILD/qemu/accel.*; UMNET_QEMU_ACCEL=kvm|tcg overrides.
#
# Syncing. The guest has no hostfs, so lib.sh's flag files reach it over a
# 9p share (virtio-9p, `-virtfs ...,mount_tag=umnet-sync`) mounted on /sync.
# The default share is $UML_ROOT/sync when a UML root exists, so QEMU
# guests, UML guests and the host (uml_signal/uml_await, or
# qemu_signal/qemu_await) all see one set of flags. 9p without a cache
# mode (cache=none) drops dentries on last use, so a guest polling for a
# flag asks the host each time and sees a new file on its next poll.
#
# Console and results. ttyS0 is written to $UMNET_TMP/qemu/NAME.log
# (-serial file:), QEMU's own messages to NAME.qemu.log. /init prints
# UMNET-INIT-START, runs the body, prints UMNET-INIT-END rc=N and powers off
# (ACPI: QEMU exits). panic=-1 plus -no-reboot make a panicking guest end
# QEMU at once rather than hang.
#
# Ownership. QEMU is started in the background by the main shell (through
# `ip netns exec`, which execs), so it stays our child; its command line
# carries `-name umnet-$$-NAME` so that the watchdog, running after the test
# died, only kills a process that is provably ours. The watchdog is a copy
# of the shell made when lib.sh was sourced, so the cleanup line that
# qemu_boot registers sources this file first if qemu_kill is unknown.

[ -n "${_UMNET_LIB_QEMU_SOURCED:-}" ] && return 0
_UMNET_LIB_QEMU_SOURCED=1

_UMNET_QEMU=$UMNET_TMP/qemu
_UMNET_LIB_QEMU=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib-qemu.sh
_UMNET_QEMU_CACHE=$UMNET_BUILD/qemu
UMNET_QEMU_ATTEMPTS=${UMNET_QEMU_ATTEMPTS:-2}
QEMU=${QEMU:-qemu-system-x86_64}
# Modules every guest loads, in dependency order (modprobe --show-depends
# adds what they need): virtio over PCI, its NIC, and 9p for /sync
_UMNET_QEMU_MODS="virtio_pci virtio_net 9pnet_virtio 9p"
# Loaded only when QEMU emulates an e1000 (PCI 8086:100e)
_UMNET_QEMU_MODS_E1000="e1000"
# Extra modules the test needs (e.g. 8021q); loaded by every guest
QEMU_MODULES=${QEMU_MODULES:-}

# _qemu_kernel - print "VERSION VMLINUZ" for the kernel to boot: the newest
# /boot/vmlinuz-VERSION whose modules include virtio_net and 9p, or
# $UMNET_QEMU_KERNEL (its version from $UMNET_QEMU_KVER or the file name).
# 1 if none.
_qemu_kernel() {
	local k v

	if [ -n "${UMNET_QEMU_KERNEL:-}" ]; then
		k=$UMNET_QEMU_KERNEL
		v=${UMNET_QEMU_KVER:-${k##*/vmlinuz-}}
		[ -r "$k" ] && [ -d "/lib/modules/$v" ] || return 1
		echo "$v $k"
		return 0
	fi
	for k in $(printf '%s\n' /boot/vmlinuz-* | sort -rV); do
		v=${k#/boot/vmlinuz-}
		[ -r "$k" ] || continue
		modinfo -k "$v" -n virtio_net 9p >/dev/null 2>&1 || continue
		echo "$v $k"
		return 0
	done
	return 1
}

# qemu_need - skip unless QEMU guests can run here: qemu-system-x86_64, a
# kernel in /boot with virtio_net and 9p modules, a static busybox, and the
# tools that build the initramfs
qemu_need() {
	need_cmd "$QEMU" modprobe modinfo
	_umnet_busybox >/dev/null || skip "needs a static busybox (busybox-static)"
	_qemu_kernel >/dev/null ||
		skip "needs a guest kernel: /boot/vmlinuz-VER with virtio_net and 9p modules (linux-image-amd64)"
	"$QEMU" -device help 2>/dev/null | grep -q '"virtio-9p-pci"' ||
		skip "$QEMU lacks virtio-9p (virtfs)"
}

# _qemu_vmlinux VMLINUZ OUT - extract the uncompressed ELF kernel from a
# bzImage into OUT if it has a PVH entry (QEMU boots that directly);
# 1 if it cannot (then the bzImage is booted as it is)
_qemu_vmlinux() {
	local z=$1 out=$2 off tool

	command -v readelf >/dev/null 2>&1 || return 1
	for tool in 'xz:\xfd7zXZ\x00' 'zstd:\x28\xb5\x2f\xfd' 'gzip:\x1f\x8b\x08'; do
		command -v "${tool%%:*}" >/dev/null 2>&1 || continue
		for off in $(LC_ALL=C grep -obUaP "${tool#*:}" "$z" 2>/dev/null | cut -d: -f1 | head -n 3); do
			tail -c "+$((off + 1))" "$z" | "${tool%%:*}" -dc >"$out" 2>/dev/null
			# trailing data after the stream makes the tool fail: judge the output
			# PVH entry: ELF note XEN_ELFNOTE_PHYS32_ENTRY (18)
			if [ "$(head -c 4 "$out" | od -An -c | tr -d ' ')" = 177ELF ] &&
				readelf -n "$out" 2>/dev/null | grep -q 'type: (0x00000012)'; then
				return 0
			fi
		done
	done
	rm -f "$out"
	return 1
}

# _qemu_modlist KVER MODULE... - print the module files MODULEs need, in
# load order, each once
_qemu_modlist() {
	local v=$1 m

	shift
	for m in "$@"; do
		modprobe -S "$v" --show-depends "$m" 2>/dev/null | awk '$1 == "insmod" { print $2 }'
		# built in: nothing to load
		[ "${PIPESTATUS[0]}" = 0 ] || modinfo -k "$v" -n "$m" >/dev/null 2>&1 ||
			echo "missing:$m"
	done | awk '!seen[$0]++'
}

# _qemu_stage_mods KVER LISTFILE DIR MODULE... - copy MODULEs and their
# dependencies into DIR/lib/modules (decompressed: busybox insmod takes
# plain .ko) and write their guest paths, in load order, to LISTFILE
_qemu_stage_mods() {
	local v=$1 list=$2 dir=$3 f base

	shift 3
	: >"$list"
	while read -r f; do
		case $f in
		missing:*) echo "module ${f#missing:} not found for kernel $v" >&2; return 1 ;;
		esac
		base=${f##*/}
		case $f in
		*.ko) cp "$f" "$dir/lib/modules/$base" ;;
		*.ko.xz) base=${base%.xz}; xz -dc "$f" >"$dir/lib/modules/$base" ;;
		*.ko.zst) base=${base%.zst}; zstd -qdc "$f" >"$dir/lib/modules/$base" ;;
		*.ko.gz) base=${base%.gz}; gzip -dc "$f" >"$dir/lib/modules/$base" ;;
		*) echo "unknown module file $f" >&2; return 1 ;;
		esac || return 1
		echo "/lib/modules/$base" >>"$list"
	done < <(_qemu_modlist "$v" "$@")
}

# _qemu_cpio DIR OUT - pack DIR as a newc archive (cpio, else busybox cpio)
_qemu_cpio() {
	local bb

	if command -v cpio >/dev/null 2>&1; then
		(cd "$1" && find . | LC_ALL=C sort | cpio -o -H newc --quiet) >"$2"
	else
		bb=$(_umnet_busybox) || return 1
		(cd "$1" && find . | LC_ALL=C sort | "$bb" cpio -o -H newc) >"$2" 2>/dev/null
	fi
}

# _qemu_build_base KVER VMLINUZ OUTDIR - build OUTDIR/{base.cpio,kernel}
# (kernel: a symlink to the PVH vmlinux or to VMLINUZ) in a private
# directory, then rename the results into place
_qemu_build_base() {
	local v=$1 z=$2 out=$3 bb st a tmp

	bb=$(_umnet_busybox) || return 1
	tmp=$(mktemp -d "$out/.build.XXXXXX") || return 1
	st=$tmp/root
	mkdir -p "$st"/{bin,dev,proc,sys,run,tmp,sync,root,etc,lib/modules} || return 1
	cp "$bb" "$st/bin/busybox" || return 1
	for a in $("$bb" --list); do
		[ "$a" = busybox ] || ln -sf busybox "$st/bin/$a"
	done
	echo "root:x:0:0:root:/root:/bin/sh" >"$st/etc/passwd"
	echo "root:x:0:" >"$st/etc/group"
	# The kernel opens /dev/console for /init before devtmpfs is mounted;
	# without the node /init starts with no stdout (it also reopens it later)
	mknod "$st/dev/console" c 5 1 2>/dev/null || true
	# shellcheck disable=SC2086
	_qemu_stage_mods "$v" "$st/lib/modules/always.list" "$st" $_UMNET_QEMU_MODS $QEMU_MODULES &&
		_qemu_stage_mods "$v" "$st/lib/modules/e1000.list" "$st" $_UMNET_QEMU_MODS_E1000 &&
		_qemu_cpio "$st" "$tmp/base.cpio" || { rm -rf "$tmp"; return 1; }

	if [ ! -e "$out/vmlinux" ] || [ "$z" -nt "$out/vmlinux" ]; then
		if _qemu_vmlinux "$z" "$tmp/vmlinux"; then
			mv -f "$tmp/vmlinux" "$out/vmlinux"
		else
			log "qemu: no PVH vmlinux in $z, booting the bzImage (slower under TCG)"
		fi
	fi
	if [ -e "$out/vmlinux" ]; then
		ln -sfn vmlinux "$tmp/kernel"
	else
		ln -sfn "$z" "$tmp/kernel"
	fi
	mv -f "$tmp/base.cpio" "$out/base.cpio" && mv -fT "$tmp/kernel" "$out/kernel"
	rm -rf "$tmp"
}

# _qemu_base - make sure the cached kernel and base initramfs for this
# kernel and module set are current; sets _QEMU_KERNEL, _QEMU_BASE, _QEMU_KVER
_qemu_base() {
	local kv v z key dir lib=$_UMNET_LIB_QEMU bb

	kv=$(_qemu_kernel) || bail "qemu: no guest kernel"
	v=${kv%% *} z=${kv#* }
	key=$v-$(echo "$_UMNET_QEMU_MODS $QEMU_MODULES" | md5sum | cut -c1-8)
	dir=$_UMNET_QEMU_CACHE/$key
	bb=$(_umnet_busybox)
	mkdir -p "$dir" || bail "cannot create $dir"
	if [ ! -e "$dir/base.cpio" ] || [ ! -e "$dir/kernel" ] || [ "$lib" -nt "$dir/base.cpio" ] ||
		[ "$z" -nt "$dir/base.cpio" ] || [ "$bb" -nt "$dir/base.cpio" ]; then
		log "qemu: building the guest initramfs for kernel $v in $dir"
		_qemu_build_base "$v" "$z" "$dir" || bail "qemu: cannot build the guest initramfs"
	fi
	_QEMU_KVER=$v
	_QEMU_KERNEL=$(readlink -f "$dir/kernel")
	_QEMU_BASE=$dir/base.cpio
}

# _qemu_probe_kvm - 0 if a KVM guest boots here within 10 s (/dev/kvm can
# exist and still not work, e.g. without nested virtualisation)
_qemu_probe_kvm() {
	local d

	d=$(tmpdir kvm-probe)
	mkdir "$d/root"
	printf '#!/bin/sh\necho UMNET-KVM-OK\n/bin/poweroff -f\n' >"$d/root/init"
	chmod +x "$d/root/init"
	_qemu_cpio "$d/root" "$d/init.cpio" || return 1
	cat "$_QEMU_BASE" "$d/init.cpio" >"$d/initrd"
	timeout -s KILL 10 "$QEMU" -nodefaults -no-user-config -display none -no-reboot \
		-M pc -accel kvm -cpu host -m 128 -kernel "$_QEMU_KERNEL" -initrd "$d/initrd" \
		-append "console=ttyS0 quiet panic=-1" -serial "file:$d/console" \
		</dev/null >"$d/qemu.log" 2>&1
	grep -q UMNET-KVM-OK "$d/console" 2>/dev/null
}

# _qemu_accel - print kvm or tcg: $UMNET_QEMU_ACCEL, else the cached probe
# result for this host boot, else probe now
_qemu_accel() {
	local id f a

	case ${UMNET_QEMU_ACCEL:-auto} in
	kvm | tcg) echo "$UMNET_QEMU_ACCEL"; return 0 ;;
	esac
	[ -r /dev/kvm ] && [ -w /dev/kvm ] || { echo tcg; return 0; }
	id=$(cat /proc/sys/kernel/random/boot_id 2>/dev/null) || id=unknown
	f=$_UMNET_QEMU_CACHE/accel.$id.$(stat -c %Y "$(command -v "$QEMU")")
	if [ ! -s "$f" ]; then
		if _qemu_probe_kvm; then a=kvm; else a=tcg; fi
		log "qemu: KVM probe: using $a"
		echo "$a" >"$f.$$" && mv -f "$f.$$" "$f"
	fi
	cat "$f"
}

# The guest's /init: mounts, modules, /sync, then the lib.sh helpers and
# the body in a subshell (so that `exit` in the body still reaches the END
# marker), then power off.
_qemu_init_script() {
	local name=$1 body=$2

	cat <<EOF
#!/bin/sh
# Generated by tests/int/lib-qemu.sh for guest $name
export PATH=/bin HOME=/root
mount -t devtmpfs devtmpfs /dev
exec </dev/console >/dev/console 2>&1
mount -t proc proc /proc
echo UMNET-INIT-START $name \$(cut -d" " -f1 /proc/uptime)
UMNET_GUEST=$name
mount -t sysfs sysfs /sys
mount -t tmpfs -o size=32m tmpfs /run
hostname $name
_umnet_setup() {
	local m
	for m in \$(cat /lib/modules/always.list); do insmod \$m || return 1; done
	if grep -qx 0x100e /sys/bus/pci/devices/*/device 2>/dev/null; then
		for m in \$(cat /lib/modules/e1000.list); do insmod \$m || return 1; done
	fi
	mount -t 9p -o trans=virtio,version=9p2000.L umnet-sync /sync || return 1
	ip link set lo up
}

$(_guest_sh_helpers)

if _umnet_setup; then
	echo UMNET-INIT-READY \$(cut -d" " -f1 /proc/uptime)
	(
	:
$body
	)
	rc=\$?
else
	echo "GUEST-FAIL: guest setup (modules, 9p /sync) failed"
	rc=1
fi
echo "UMNET-INIT-END rc=\$rc"
poweroff -f
EOF
}

_qemu_pid() {
	cat "$_UMNET_QEMU/$1.pid" 2>/dev/null
}

# _qemu_owner PID NAME - _guest_owner for QEMU guest NAME (0 ours, 1 PID
# reused, 2 gone)
_qemu_owner() {
	_guest_owner "$1" " -name umnet-$UMNET_PID-$2 "
}

# qemu_kill NAME - SIGKILL guest NAME's QEMU and reap it; harmless if it is
# not running
qemu_kill() {
	local name=$1 pid own

	pid=$(_qemu_pid "$name") || return 0
	[ -n "$pid" ] || return 0
	_qemu_owner "$pid" "$name" && own=0 || own=$?
	if [ "$own" = 0 ]; then
		kill -KILL "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
	fi
	rm -f "$_UMNET_QEMU/$name.pid"
}

# _qemu_start NAME NS MEM SYNC APPEND QEMUARGS... - one boot attempt
_qemu_start() {
	local name=$1 ns=$2 mem=$3 sync=$4 append=$5 accel
	local -a cmd

	shift 5
	accel=$_QEMU_ACCEL
	cmd=("$QEMU" -name "umnet-$UMNET_PID-$name" -nodefaults -no-user-config
		-display none -no-reboot -M pc -accel "$accel")
	[ "$accel" = kvm ] && cmd+=(-cpu host)
	cmd+=(-smp 1 -m "$mem" -kernel "$_QEMU_KERNEL" -initrd "$_UMNET_QEMU/$name.initrd"
		-append "$append" -serial "file:$_UMNET_QEMU/$name.log"
		-virtfs "local,path=$sync,mount_tag=umnet-sync,security_model=none"
		# No option ROMs: SeaBIOS would run iPXE's init for each NIC
		-global virtio-net-pci.romfile= -global e1000.romfile= "$@")
	[ -n "$ns" ] && cmd=(ip netns exec "$ns" "${cmd[@]}")

	: >"$_UMNET_QEMU/$name.log"
	log "+ ${cmd[*]}"
	"${cmd[@]}" </dev/null >"$_UMNET_QEMU/$name.qemu.log" 2>&1 &
	echo $! >"$_UMNET_QEMU/$name.pid"
}

# _qemu_await_init NAME TIMEOUT_S - 0 once /init started, 1 if QEMU died
# first, 2 on timeout
_qemu_await_init() {
	local log=$_UMNET_QEMU/$1.log pid deadline

	pid=$(_qemu_pid "$1")
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

_qemu_tail() {
	log "guest $1: console tail:"
	tail -n "${2:-25}" "$_UMNET_QEMU/$1.log" | tr -d '\r' | sed 's/^/    /' >&2
	if [ -s "$_UMNET_QEMU/$1.qemu.log" ]; then
		log "guest $1: QEMU said:"
		tail -n 10 "$_UMNET_QEMU/$1.qemu.log" | sed 's/^/    /' >&2
	fi
}

# qemu_boot [-n NETNS] [-m MEM] [-t BOOT_TIMEOUT_S] [-s SYNCDIR] [-a KARGS]
#           NAME BODY [QEMUARGS...]
#
# Boot guest NAME (letters, digits, - and _) running BODY, a busybox sh
# script, with QEMUARGS (its NICs: -netdev ... -device ...) added to QEMU's
# command line, inside NETNS if given. SYNCDIR (default: qemu_sync_dir) is
# the guest's /sync. KARGS are extra kernel arguments. Returns once the
# guest's /init runs; a boot that
# dies or hangs before that is retried, $UMNET_QEMU_ATTEMPTS times in all,
# then the test exits 99. Must be called in the main shell.
qemu_boot() {
	local ns="" mem=${QEMU_MEM:-128M} tmo=${QEMU_BOOT_TIMEOUT:-60} sync=${QEMU_SYNC:-} kargs=""
	local name body append attempt why t0 OPTIND=1 opt

	while getopts "n:m:t:s:a:" opt; do
		case $opt in
		n) ns=$OPTARG ;;
		m) mem=$OPTARG ;;
		t) tmo=$OPTARG ;;
		s) sync=$OPTARG ;;
		a) kargs=$OPTARG ;;
		*) bail "qemu_boot: bad option" ;;
		esac
	done
	shift $((OPTIND - 1))
	[ $# -ge 2 ] || bail "qemu_boot: usage: qemu_boot [opts] NAME BODY [QEMUARGS...]"
	name=$1 body=$2
	shift 2

	[[ $name =~ ^[A-Za-z0-9_-]{1,32}$ ]] || bail "qemu_boot: bad guest name '$name'"
	[ "${BASHPID:-$$}" = "$UMNET_PID" ] || bail "qemu_boot: must run in the main shell"
	[ -n "$sync" ] || sync=$(qemu_sync_dir)
	mkdir -p "$_UMNET_QEMU" "$sync" || bail "qemu_boot: cannot create $_UMNET_QEMU or $sync"
	# QEMU option values treat ',' as a separator
	[[ $sync$_UMNET_QEMU != *,* ]] || bail "qemu_boot: ',' in $sync or $_UMNET_QEMU"
	[ -e "$_UMNET_QEMU/$name.init" ] && bail "qemu_boot: guest $name exists"

	_qemu_base
	[ -n "${_QEMU_ACCEL:-}" ] || _QEMU_ACCEL=$(_qemu_accel)
	mkdir -p "$_UMNET_QEMU/$name.root"
	_qemu_init_script "$name" "$body" >"$_UMNET_QEMU/$name.root/init"
	chmod +x "$_UMNET_QEMU/$name.root/init"
	cp "$_UMNET_QEMU/$name.root/init" "$_UMNET_QEMU/$name.init"
	_qemu_cpio "$_UMNET_QEMU/$name.root" "$_UMNET_QEMU/$name.cpio" ||
		bail "qemu_boot: cannot pack the init of $name"
	cat "$_QEMU_BASE" "$_UMNET_QEMU/$name.cpio" >"$_UMNET_QEMU/$name.initrd" ||
		bail "qemu_boot: cannot write the initrd of $name"

	# quiet: the console is the result channel, and serial output is slow
	# under TCG. The rest: see Speed in the Theory of operation.
	append="console=ttyS0 panic=-1 cryptomgr.notests rodata=off pci=noacpi"
	[ "${UMNET_QEMU_VERBOSE:-0}" = 1 ] || append+=" quiet"
	[ -n "$kargs" ] && append+=" $kargs"
	# The watchdog forked while lib.sh was sourced, before this file: let it
	# source this file before its first qemu_kill
	on_exit "declare -F qemu_kill >/dev/null || . $(printf %q "$_UMNET_LIB_QEMU"); qemu_kill $name"

	for ((attempt = 1; attempt <= UMNET_QEMU_ATTEMPTS; attempt++)); do
		t0=$(_umnet_now_ms)
		_qemu_start "$name" "$ns" "$mem" "$sync" "$append" "$@"
		_qemu_await_init "$name" "$tmo" && why=0 || why=$?
		case $why in
		0)
			log "guest $name: /init started after $(($(_umnet_now_ms) - t0)) ms ($_QEMU_ACCEL)"
			return 0
			;;
		1) why="QEMU exited before /init" ;;
		*) why="no /init after ${tmo}s" ;;
		esac
		_qemu_tail "$name" 10
		qemu_kill "$name"
		mv "$_UMNET_QEMU/$name.log" "$_UMNET_QEMU/$name.log.$attempt"
		mv "$_UMNET_QEMU/$name.qemu.log" "$_UMNET_QEMU/$name.qemu.log.$attempt"
		log "guest $name: boot attempt $attempt failed: $why"
	done
	bail "guest $name never reached /init in $UMNET_QEMU_ATTEMPTS boots"
}

# qemu_console NAME - print the path of guest NAME's console log
qemu_console() {
	echo "$_UMNET_QEMU/$1.log"
}

# qemu_pid NAME - print the PID of guest NAME's QEMU, if running
qemu_pid() {
	_qemu_pid "$1"
}

_qemu_end_rc() {
	_guest_end_rc "$_UMNET_QEMU/$1.log"
}

# qemu_wait NAME [TIMEOUT_S] - wait (default 60 s) for guest NAME's body to
# end and QEMU to exit. Return: the body's exit status; 124 if it did not
# finish in time (the guest is killed); 125 if QEMU ended without finishing
# the body. On non-zero, the console tail goes to stderr.
qemu_wait() {
	_guest_wait qemu "$1" "${2:-60}" "$_UMNET_QEMU/$1.rc"
}

# qemu_result NAME KEY - print the last value guest NAME reported with
# `result KEY VALUE` (console line "RESULT KEY=VALUE"); 1 if none
qemu_result() {
	_guest_result "$_UMNET_QEMU/$1.log" "$2"
}

# qemu_sync_dir - print the default /sync share: $QEMU_SYNC, else
# $UML_ROOT/sync (shared with UML guests), else $UMNET_TMP/sync
qemu_sync_dir() {
	if [ -n "${QEMU_SYNC:-}" ]; then
		echo "$QEMU_SYNC"
	elif [ -n "${UML_ROOT:-}" ]; then
		echo "$UML_ROOT/sync"
	else
		echo "$UMNET_TMP/sync"
	fi
}

# qemu_signal FLAG - raise FLAG in the default sync directory
qemu_signal() {
	mkdir -p "$(qemu_sync_dir)" && : >"$(qemu_sync_dir)/$1"
}

# qemu_await FLAG TIMEOUT_S - wait for a guest to raise FLAG in the default
# sync directory with `signal`
qemu_await() {
	wait_for "$2" test -e "$(qemu_sync_dir)/$1"
}
