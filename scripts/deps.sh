#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# deps.sh - install the Debian 12 packages umnet builds and tests with, only those missing.
#
# Runs `apt-get update` once (only when something is missing) and installs nothing else.
set -e

# Build: compiler, make, pkg-config and the libraries umnet links.
# Test:  real peers (UML kernel, busybox for guest roots, classic uml_switch/tunctl,
#        VDE tools, QEMU later), iproute2 for namespaces, iperf3, tshark, clang for fuzzing.
PKGS="make gcc libc6-dev pkg-config libmnl-dev libpcap-dev libslirp-dev
      iproute2 iputils-ping procps psmisc kmod util-linux
      user-mode-linux busybox-static uml-utilities vde2 iperf3 netcat-openbsd
      clang libclang-rt-14-dev cppcheck clang-tidy valgrind tshark"

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
