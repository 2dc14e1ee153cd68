#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# build.sh - install what umnet needs on Debian 12, then run make with the given targets.
#
# Usage: sudo ./build.sh [make targets...]    e.g. ./build.sh demo, ./build.sh test
set -e
cd "$(dirname "$0")"
sh scripts/deps.sh
exec make "$@"
