# SPDX-License-Identifier: GPL-2.0-or-later
# soak.bash - the soak scenario, sourced by soak.sh (ASan build) and
# soak-valgrind.sh (release build under valgrind). Not a test by itself.
#
#   swsoak measure: ports A <-> B, numbered, counted ---------+
#   swsoak churn x3 (uml, vde, QEMU stream): ports opened and |
#     closed, half requests, garbage, hang-ups, cut frames,   |
#     lengths out of step, SIGKILLed children ----------------+
#   swsoak flood x2 (uml, vde): random sources and sizes,     +-- umnet-switch
#     runts, 64 KiB, oversize (> 64 KiB) datagrams -----------+
#   swsoak sink x2: announce a MAC, never read ---------------+
#
# Phases: idle (descriptor baseline), warm-up (the same load for a quarter
# of the time, at least 10 s: allocator caches, the MAC table filled), idle
# again (RSS baseline), the soak itself, idle (descriptors and RSS compared
# with the baselines). The switch must stay up throughout and stop cleanly
# (exit 0, no sanitizer or valgrind report); A and B must lose at most
# SOAK_MAX_LOSS_PPM of their frames.
#
# Knobs: SOAK_MINUTES (length of the soak itself, may be fractional),
# SOAK_PPS (frames per second each way between A and B), SOAK_KIDS (killed
# children per churner), SOAK_MAX_LOSS_PPM, SOAK_RSS_SLACK_KB.

SWSOAK=${SWSOAK:-$(dirname "$UMNET_BIN")/tests/swsoak}
SINK_U=02:00:00:00:5e:01
SINK_V=02:00:00:00:5e:02

# soak_bg NAME CMD... - run CMD in the background, output in $d/NAME.out;
# its pid goes to $SOAK_PIDS (and to the cleanup registry)
soak_bg() {
	local name=$1

	shift
	"$@" >"$d/$name.out" 2>"$d/$name.err" &
	on_exit "kill $! 2>/dev/null"
	SOAK_PIDS="$SOAK_PIDS $!"
}

# soak_sample - note the switch's descriptors and RSS (peaks in SOAK_FD_MAX,
# SOAK_RSS_MAX); fail if it died
soak_sample() {
	local f r

	switch_alive s || { cat "$(switch_log s)" >&2; fail "the switch died (crash)"; }
	f=$(switch_fds s)
	r=$(switch_rss_kb s)
	[ "$f" -gt "${SOAK_FD_MAX:-0}" ] && SOAK_FD_MAX=$f
	[ "$r" -gt "${SOAK_RSS_MAX:-0}" ] && SOAK_RSS_MAX=$r
	return 0
}

# soak_load TAG SECS - the whole load for SECS seconds, then wait for it
soak_load() {
	local tag=$1 secs=$2 sinks p t_end

	SOAK_PIDS=""
	soak_bg "$tag-sink-u" "$SWSOAK" "$d/ctl" sink $((secs + 60)) $SINK_U
	soak_bg "$tag-sink-v" "$SWSOAK" --vde "$d/vde/ctl" sink $((secs + 60)) $SINK_V
	sinks=$SOAK_PIDS
	wait_for 10 grep -q registered "$d/$tag-sink-u.out" && wait_for 10 grep -q registered "$d/$tag-sink-v.out" ||
		fail "sinks did not register"
	SOAK_PIDS=""
	soak_bg "$tag-measure" "$SWSOAK" "$d/ctl" measure "$secs" "$SOAK_PPS"
	wait_for 10 grep -q measuring "$d/$tag-measure.out" || fail "measure did not start"
	soak_bg "$tag-flood-u" "$SWSOAK" --sink $SINK_U "$d/ctl" flood "$secs"
	soak_bg "$tag-flood-v" "$SWSOAK" --vde --sink $SINK_V "$d/vde/ctl" flood "$secs"
	soak_bg "$tag-churn-u" "$SWSOAK" --sink $SINK_U "$d/ctl" churn "$secs" "$SOAK_KIDS"
	soak_bg "$tag-churn-v" "$SWSOAK" --vde --sink $SINK_V "$d/vde/ctl" churn "$secs" "$SOAK_KIDS"
	soak_bg "$tag-churn-s" "$SWSOAK" --stream --sink $SINK_U "$d/stream" churn "$secs" "$SOAK_KIDS"
	log "$tag: load running for ${secs}s (pids$SOAK_PIDS)"
	t_end=$((SECONDS + secs))
	while :; do
		soak_sample
		for p in $SOAK_PIDS; do
			kill -0 "$p" 2>/dev/null && break
			p=""
		done
		[ -n "$p" ] || break
		# the counters as the soak ends, drops per reason included
		[ "$tag" = soak ] && [ ! -s "$d/stats-end" ] && [ "$SECONDS" -ge $((t_end - 2)) ] &&
			"$SWSOAK" "$d/ctl.mgmt" ctl stats >"$d/stats-end" 2>/dev/null
		sleep 1
	done
	for p in $SOAK_PIDS; do
		wait "$p" || fail "$tag: a load process failed: $(cat "$d"/"$tag"-*.err | tail -n 5)"
	done
	for p in $sinks; do
		kill "$p" 2>/dev/null
		wait "$p" 2>/dev/null
	done
	soak_sample
}

# soak_idle FDS - wait until the switch is back to FDS descriptors (all
# peers gone); fail if it does not get there
soak_idle() {
	wait_for 30 eval "[ \$(switch_fds s) -le $1 ]" ||
		fail "descriptors did not return to baseline: $(switch_fds s) > $1"
}

# soak_run SECS - the whole scenario; prints the report
soak_run() {
	local secs=$1 warm fds0 fds1 rss0 rss1 ports0 ports1 m slack

	[ -x "$SWSOAK" ] || skip "no $SWSOAK (make unit builds it)"
	SOAK_PPS=${SOAK_PPS:-2000}
	SOAK_KIDS=${SOAK_KIDS:-4}
	SOAK_MAX_LOSS_PPM=${SOAK_MAX_LOSS_PPM:-5000}
	warm=$((secs / 4))
	[ "$warm" -ge 10 ] || warm=10
	d=$(tmpdir soak)
	switch_start s --unix "$d/ctl" --sock "$d/vde" --stream "$d/stream" --max-macs 4096 \
		--mgmt "$d/ctl.mgmt"
	fds0=$(switch_fds s)
	log "idle: $fds0 descriptors, $(switch_rss_kb s) KiB"

	soak_load warm "$warm"
	soak_idle "$fds0"
	rss0=$(switch_rss_kb s)
	ports0=$(grep -c ') connected: ' "$(switch_log s)")
	log "after warm-up: $(switch_fds s) descriptors, $rss0 KiB"
	SOAK_FD_MAX=0 SOAK_RSS_MAX=0

	soak_load soak "$secs"
	soak_idle "$fds0"
	fds1=$(switch_fds s)
	rss1=$(switch_rss_kb s)
	ports1=$(grep -c ') connected: ' "$(switch_log s)")

	m=$(grep '^measure ' "$d/soak-measure.out")
	slack=${SOAK_RSS_SLACK_KB:-$((rss0 / 10 > 8192 ? rss0 / 10 : 8192))}
	{
		echo "SOAK RESULT ($secs s, $SOAK_PPS frames/s each way between A and B)"
		echo "  crashes: 0 (the switch ran throughout)"
		echo "  ports opened during the soak: $((ports1 - ports0))"
		sed 's/^/  churn: /' "$d"/soak-churn-*.out
		sed 's/^/  /' "$d"/soak-flood-*.out
		sed 's/^/  measure: /' "$d/soak-measure.out" | grep -v measuring
		echo "  descriptors: $fds0 idle, $SOAK_FD_MAX peak, $fds1 after"
		echo "  RSS: $rss0 KiB after warm-up, $SOAK_RSS_MAX KiB peak, $rss1 KiB after" \
			"(slack $slack KiB)"
		if [ -s "$d/stats-end" ]; then
			echo "  switch counters near the end (stats):"
			sed 's/^/    /' "$d/stats-end"
		fi
	} | tee "$UMNET_TMP/report" >&2
	mkdir -p "$UMNET_BUILD" && cp "$UMNET_TMP/report" "$UMNET_BUILD/${UMNET_TEST}-report.txt"

	[ "$fds1" -le "$fds0" ] || fail "descriptors leaked: $fds1 > $fds0"
	[ "$rss1" -le $((rss0 + slack)) ] || fail "RSS grew from $rss0 to $rss1 KiB"
	[ -n "$m" ] || fail "no loss measurement"
	[ "$(sed 's/.*loss_ppm //' <<<"$m")" -le "$SOAK_MAX_LOSS_PPM" ] ||
		fail "the well-behaved ports lost more than $SOAK_MAX_LOSS_PPM ppm: $m"
	switch_stop s
}
