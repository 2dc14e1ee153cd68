#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# coverage.sh - source coverage of each parser by its fuzzing corpus (clang, llvm-cov)
#
# Usage: tests/fuzz/coverage.sh [NAME...]      (after `make fuzz` grew the corpora)
#
# Builds every harness again with -fprofile-instr-generate -fcoverage-mapping
# (no sanitizers) into build/fuzz-cov, replays the committed seeds and the
# scratch corpus (build/fuzz/corpus/NAME) once, and prints the line and
# branch coverage of the source files that harness is about. The numbers
# in docs/robustness.md come from here.
set -eu
cd "$(dirname "$0")/../.."
out=build/fuzz-cov
cc=${FUZZ_CC:-clang}
mkdir -p "$out/obj"

# The files each harness is meant to cover
declare -A files=(
	[request]="src/core/request.c"
	[sw]="src/core/sw.c src/core/fdb.c src/core/secfilter.c"
	[txq]="src/core/txq.c"
	[cmdparse]="src/core/cmdparse.c"
	[mgmtline]="src/core/cmdparse.c"
	[streamframe]="src/core/streamframe.c"
	[secfilter]="src/core/secfilter.c"
	[nlmsg]="src/sys/nlmsg.c"
	[helper]="src/helper/req.c src/helper/policy.c"
	[netconf]="src/net/conf.c"
	[text]="src/core/text.c src/core/addr.c"
)

flags=(-std=gnu11 -O0 -g -D_GNU_SOURCE -Isrc $(pkg-config --cflags libmnl libpcap 2>/dev/null)
	-fprofile-instr-generate -fcoverage-mapping)
objs=()
for src in src/core/*.c src/sys/*.c src/net/*.c src/helper/*.c; do
	[ -e "$src" ] || continue
	o=$out/obj/${src//\//_}.o
	[ "$o" -nt "$src" ] || "$cc" "${flags[@]}" -fsanitize=fuzzer-no-link -w -c -o "$o" "$src"
	objs+=("$o")
done
rm -f "$out/lib.a"
ar rcs "$out/lib.a" "${objs[@]}"

[ $# -gt 0 ] || set -- $(ls tests/fuzz/fuzz_*.c | sed 's|.*/fuzz_||; s|\.c$||')
printf '%-10s %-28s %8s %9s\n' harness file lines branches
for name in "$@"; do
	bin=$out/fuzz_$name
	"$cc" "${flags[@]}" -fsanitize=fuzzer -o "$bin" "tests/fuzz/fuzz_$name.c" "$out/lib.a" \
		$(pkg-config --libs libmnl libpcap 2>/dev/null)
	rm -f "$out/$name".prof*
	mkdir -p "build/fuzz/corpus/$name"
	LLVM_PROFILE_FILE="$out/$name.profraw" "$bin" -runs=0 "build/fuzz/corpus/$name" \
		"tests/fuzz/corpus/$name" >"$out/$name.log" 2>&1
	llvm-profdata merge -sparse -o "$out/$name.profdata" "$out/$name.profraw"
	for f in ${files[$name]:-}; do
		llvm-cov report "$bin" -instr-profile="$out/$name.profdata" "$f" 2>/dev/null |
			awk -v n="$name" -v f="$f" '$1 == "TOTAL" {
				printf "%-10s %-28s %8s %9s\n", n, f, $10, $13 }'
	done
done
