#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# deps.sh - install the Debian 12 packages umnet builds and tests with, only those missing.
#
# Runs `apt-get update` once (only when something is missing) and installs nothing else.
set -e

# Build: compiler, make, pkg-config and the libraries umnet links.
# Test:  real peers (UML kernel, busybox for guest roots, classic uml_switch/tunctl,
#        VDE tools, QEMU), iproute2 for namespaces, iperf3, tshark, clang for fuzzing.
# QEMU guests (tests/int/lib-qemu.sh): qemu-system-x86 (its Depends bring seabios and
#        ipxe-qemu; none of its Recommends is used: no display, disk image or UEFI) and
#        linux-image-amd64, the guest kernel, whose modules include virtio_net and 9p
#        (the smaller cloud flavour lacks 9p); xz-utils unpacks its vmlinux for PVH boot.
PKGS="make gcc libc6-dev pkg-config libmnl-dev libpcap-dev libslirp-dev libnftables-dev
      iproute2 iputils-ping procps psmisc kmod util-linux nftables libcap2-bin python3
      user-mode-linux busybox-static uml-utilities vde2 iperf3 netcat-openbsd
      clang libclang-rt-14-dev cppcheck clang-tidy valgrind tshark jq
      qemu-system-x86 linux-image-amd64 xz-utils"

missing=""
for p in $PKGS; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed"; then
		missing="$missing $p"
	fi
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" != 0 ]; then
	echo "deps.sh: missing packages:$missing" >&2
	echo "deps.sh: run as root (sudo ./build.sh ...) to install them" >&2
	exit 1
fi
echo "deps.sh: installing:$missing" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
# shellcheck disable=SC2086
apt-get install -y -q --no-install-recommends $missing
