#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# run.sh - scripts/check-layers.sh must catch each broken house rule (make check runs it)
#
# Builds small trees in a scratch directory, each breaking one rule, and
# expects the check to fail on it with the reason; a clean tree must pass.
set -u
cd "$(dirname "$0")/../.."
check=$PWD/scripts/check-layers.sh
t=$(mktemp -d /tmp/umnet-layers.XXXXXX)
trap 'rm -rf "$t"' EXIT
rc=0

# tree NAME FILE:INCLUDE... - make $t/NAME with each FILE including INCLUDE ("" for none)
tree() {
	local name=$1 spec f inc
	shift
	for spec in "$@"; do
		f=$t/$name/${spec%%:*}
		inc=${spec#*:}
		mkdir -p "$(dirname "$f")"
		[ -n "$inc" ] && echo "#include \"$inc\"" >>"$f"
		touch "$f"
	done
}

# expect NAME PATTERN - the check fails on $t/NAME and says PATTERN
expect() {
	local out
	if out=$("$check" "$t/$1" 2>&1); then
		echo "layers: $1: check passed a broken tree"
		rc=1
	elif ! grep -q -- "$2" <<<"$out"; then
		echo "layers: $1: expected '$2', got: $out"
		rc=1
	fi
}

tree clean core/a.c:core/a.h core/a.h: sys/b.c:core/a.h daemon/d.c:port/p.h port/p.h:sys/b.h \
	cli/c.c:net/n.h net/n.h:core/a.h cmd/x.c:daemon/d.h sys/b.h:version.h
if ! out=$("$check" "$t/clean" 2>&1); then
	echo "layers: a clean tree failed: $out"
	rc=1
fi
tree up core/a.c:sys/b.h sys/b.h:
expect up 'core/a.c includes "sys/b.h": core may include only nothing'
tree sideways net/a.c:cli/b.h cli/b.h:
expect sideways 'net/a.c includes "cli/b.h": net may include only core sys'
tree daemon-cli daemon/a.c:cli/b.h cli/b.h:
expect daemon-cli 'daemon may include only core sys port'
tree cycle sys/a.c:sys/b.h sys/a.h: sys/b.c:sys/a.h sys/b.h:
expect cycle 'sys/a and sys/b include each other'
tree cycle-h daemon/m.h:daemon/s.h daemon/s.c:daemon/m.h daemon/s.h:
expect cycle-h 'daemon/m and daemon/s include each other'
tree nowhere core/a.c:frob/b.h
expect nowhere 'no room frob'
tree long core/a.c:
seq 1001 >"$t/long/core/a.c"
expect long 'core/a.c: 1001 lines'
[ "$rc" = 0 ] && echo "layers: the check catches every broken rule"
exit $rc
