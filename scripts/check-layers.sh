#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# check-layers.sh - the house rules of src/: rooms include only rooms below them,
# no two modules include each other, no source file over 1000 lines
#
# Usage: scripts/check-layers.sh [SRC_DIR]      (default src; `make check` runs it)
#
# Rooms and what each may include besides itself (docs/design.md):
#
#	core	pure logic: nothing
#	sys	kernel glue: core
#	port	switch port backends: core sys
#	net	umnet-net's planner and executor: core sys
#	helper	umnet-helper: core sys
#	cli	front-end parsing and printing: core sys net
#	daemon	the switch daemon: core sys port
#	cmd	argv and one call: anything
#
# A module is a .c file and its .h (src/sys/nl.c and src/sys/nl.h). Exit
# status 1, with one line per broken rule, if any rule is broken.
set -u
src=${1:-src}
max_lines=1000
declare -A may=(
	[core]=""
	[sys]="core"
	[port]="core sys"
	[net]="core sys"
	[helper]="core sys"
	[cli]="core sys net"
	[daemon]="core sys port"
)
bad=0

say() {
	echo "check-layers: $*"
	bad=1
}

files=$(cd "$src" && find . -name '*.[ch]' | sed 's|^\./||' | sort)
declare -A incs	# module -> the modules it includes

for f in $files; do
	room=${f%%/*}
	[ "$room" = "$f" ] && room=""	# src/version.h: a room of its own, below all
	mod=${f%.[ch]}
	n=$(wc -l <"$src/$f")
	[ "$n" -le "$max_lines" ] || say "$f: $n lines (at most $max_lines)"
	while read -r inc; do
		[ -n "$inc" ] || continue
		to=${inc%%/*}
		[ "$to" = "$inc" ] && continue	# "version.h"
		if [ "$room" != cmd ] && [ "$to" != "$room" ] &&
		   [[ " ${may[$room]-} " != *" $to "* ]]; then
			if [ -z "${may[$to]+x}" ] && [ "$to" != cmd ]; then
				say "$f includes \"$inc\": no room $to"
			else
				say "$f includes \"$inc\": $room may include only ${may[$room]:-nothing} besides itself"
			fi
		fi
		target=${inc%.h}
		[ "$target" != "$mod" ] && incs[$mod]="${incs[$mod]-} $target"
	done < <(sed -n 's/^#include "\([^"]*\)".*/\1/p' "$src/$f")
done

# Two modules including each other (a .c or .h of each naming the other's .h)
for a in "${!incs[@]}"; do
	for b in ${incs[$a]}; do
		[[ "$a" < "$b" ]] || continue
		[[ " ${incs[$b]-} " == *" $a "* ]] && say "$a and $b include each other"
	done
done
exit $bad
