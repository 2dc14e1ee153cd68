# SPDX-License-Identifier: GPL-2.0-or-later
# table.awk - medians of umnet-bench result lines, side by side, with ratios
#
# Input: "result switch=S test=T size=N ports=P key=value..." lines, any
# number of repetitions. Output: one row per figure; columns floor (no switch),
# umnet, vde, uml, umnet/vde, umnet/uml. "(-)" marks figures where lower is
# better, so a ratio below 1 favours umnet there.

function median(s,    a, n, i, j, t) {
	n = split(s, a, " ")
	if (!n)
		return ""
	for (i = 2; i <= n; i++)
		for (j = i; j > 1 && a[j - 1] + 0 > a[j] + 0; j--) {
			t = a[j]; a[j] = a[j - 1]; a[j - 1] = t
		}
	return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}

# keys_sorted SET OUT - numeric keys of SET into OUT[1..n], ascending; Return: n
function keys_sorted(set, out,    k, n, i, j, t) {
	n = 0
	for (k in set)
		out[++n] = k + 0
	for (i = 2; i <= n; i++)
		for (j = i; j > 1 && out[j - 1] > out[j]; j--) {
			t = out[j]; out[j] = out[j - 1]; out[j - 1] = t
		}
	return n
}

function get(sw, key, m) {
	return median(V[sw, key, m])
}

function fmt(v, scale,    x) {
	if (v == "" || v == "-")
		return "-"
	x = v / scale
	if (x >= 1000 || x == int(x))
		return sprintf("%.0f", x)
	if (x >= 100)
		return sprintf("%.0f", x)
	if (x >= 10)
		return sprintf("%.1f", x)
	return sprintf("%.2f", x)
}

function ratio(a, b) {
	if (a == "" || b == "" || b + 0 == 0)
		return "-"
	return sprintf("%.2f", a / b)
}

# row LABEL KEY METRIC SCALE - one figure for every switch
function row(label, key, m, scale,    f, u, v, l) {
	f = get("floor", key, m); u = get("umnet", key, m)
	v = get("vde", key, m); l = get("uml", key, m)
	if (u == "" && v == "" && l == "")
		return
	printf "%-38s %9s %9s %9s %9s %9s %9s\n", label, fmt(f, scale), fmt(u, scale),
		fmt(v, scale), fmt(l, scale), ratio(u, v), ratio(u, l)
}

# rowf LABEL KEY METRIC SCALE - a figure of the floors only
function rowf(label, key, m, scale,    f) {
	f = get("floor", key, m)
	if (f != "")
		printf "%-38s %9s\n", label, fmt(f, scale)
}

# rowv LABEL F U V L [NORATIO] - precomputed values
function rowv(label, f, u, v, l, noratio) {
	printf "%-38s %9s %9s %9s %9s %9s %9s\n", label, fmt(f, 1), fmt(u, 1), fmt(v, 1),
		fmt(l, 1), noratio ? "" : ratio(u, v), noratio ? "" : ratio(u, l)
}

function sub_(a, b) {
	return a == "" || b == "" ? "" : a - b
}

function pct(a, b) {
	return a == "" || b == "" || b + 0 == 0 ? "" : 100 * a / b
}

function growth(sw, a, b,    x, y) {
	x = get(sw, "fanout:" a, "sw_ns"); y = get(sw, "fanout:" b, "sw_ns")
	return x == "" || y == "" || x + 0 == 0 ? "" : 100 * (y - x) / x
}

/^result / {
	delete kv
	for (i = 2; i <= NF; i++) {
		split($i, p, "=")
		kv[p[1]] = p[2]
	}
	sw = kv["switch"]; t = kv["test"]
	if (t == "floor")
		delete kv["sw_ns"]	# no switch there
	if (t == "tput" || t == "floor") {
		key = "tput:" kv["size"]
		sizes[kv["size"] + 0] = 1
	} else if (t == "relay") {
		key = "relay:" kv["size"]
	} else if (t == "fanout") {
		key = "fanout:" kv["ports"]
		ports[kv["ports"] + 0] = 1
	} else {
		key = t
	}
	if (kv["sw_ns"] != "" && kv["size"] > 0)
		kv["sw_s_gb"] = kv["sw_ns"] / kv["size"]	# ns/B = s/GB
	for (k in kv)
		if (k != "switch" && k != "test")
			V[sw, key, k] = V[sw, key, k] " " kv[k]
}

END {
	printf "%-38s %9s %9s %9s %9s %9s %9s\n", "figure", "floor", "umnet", "vde_sw",
		"uml_sw", "umnet/vde", "umnet/uml"
	rowf("floor: generator alone, kframes/s", "tput:64", "delivered_fps", 1000)
	rowf("floor: generator CPU ns/frame", "tput:64", "gen_ns", 1)
	rowf("relay 64 B (no logic): kframes/s", "relay:64", "delivered_fps", 1000)
	rowf("relay 64 B (no logic): CPU ns/frame", "relay:64", "sw_ns", 1)
	rowf("relay 1500 B: CPU ns/frame", "relay:1500", "sw_ns", 1)
	n = keys_sorted(sizes, ss)
	for (i = 1; i <= n; i++) {
		s = ss[i]; k = "tput:" s
		row("tput " s " B: delivered kframes/s", k, "delivered_fps", 1000)
		row("tput " s " B: offered kframes/s", k, "offered_fps", 1000)
		row("tput " s " B: Gbit/s", k, "gbps", 1)
		row("tput " s " B: loss % (-)", k, "loss_pct", 1)
		row("tput " s " B: switch CPU ns/frame (-)", k, "sw_ns", 1)
		row("tput " s " B: switch CPU s/GB (-)", k, "sw_s_gb", 1)
		row("tput " s " B: generator CPU ns/frame", k, "gen_ns", 1)
		f = get("floor", "relay:" s, "sw_ns")
		if (f != "")
			rowv("tput " s " B: switch CPU / relay CPU (-)", "",
			     ratio(get("umnet", k, "sw_ns"), f), ratio(get("vde", k, "sw_ns"), f),
			     ratio(get("uml", k, "sw_ns"), f))
		f = get("floor", k, "delivered_fps")
		if (f != "")
			rowv("tput " s " B: delivered, % of floor", "",
			     pct(get("umnet", k, "delivered_fps"), f),
			     pct(get("vde", k, "delivered_fps"), f),
			     pct(get("uml", k, "delivered_fps"), f))
	}
	row("tput max: largest frame carried, B", "tput_max", "size", 1)
	row("tput max: Gbit/s", "tput_max", "gbps", 1)
	row("tput max: loss % (-)", "tput_max", "loss_pct", 1)
	row("tput max: switch CPU ns/frame (-)", "tput_max", "sw_ns", 1)
	row("tput max: switch CPU s/GB (-)", "tput_max", "sw_s_gb", 1)
	row("latency p50 us, one CPU (-)", "lat", "p50_us", 1)
	row("latency p99 us (-)", "lat", "p99_us", 1)
	row("latency p99.9 us (-)", "lat", "p999_us", 1)
	n = keys_sorted(ports, pp)
	for (i = 1; i <= n; i++) {
		k = "fanout:" pp[i]
		row("fanout " pp[i] " ports: kframes/s", k, "delivered_fps", 1000)
		row("fanout " pp[i] " ports: switch ns/frame (-)", k, "sw_ns", 1)
	}
	if (n > 1)
		rowv("fanout " pp[1] "->" pp[n] ": ns/frame growth %", "",
		     growth("umnet", pp[1], pp[n]), growth("vde", pp[1], pp[n]),
		     growth("uml", pp[1], pp[n]), 1)
	row("flood: CPU/flood frame, fixed src, ns", "flood", "fixed_ns", 1)
	row("flood: CPU/flood frame, random src, ns", "flood", "random_ns", 1)
	row("flood: learn cost, random/fixed (-)", "flood", "learn_ratio", 1)
	row("flood: A->B CPU/frame after/before (-)", "flood", "after_ratio", 1)
	row("flood: A->B kframes/s, before", "flood", "idle_fps", 1000)
	row("flood: A->B kframes/s, after", "flood", "after_fps", 1000)
	row("flood: A->B rate, during/before", "flood", "ratio", 1)
	row("flood: A->B at half rate, kframes/s", "flood", "capped_fps", 1000)
	row("flood: same, during the flood", "flood", "capflood_fps", 1000)
	row("flood: half rate, during/before", "flood", "cap_ratio", 1)
	row("flood: switch RSS after, KiB (-)", "flood", "rss1_kb", 1)
	if (get("umnet", "flood", "rss1_kb") get("vde", "flood", "rss1_kb") \
	    get("uml", "flood", "rss1_kb") != "")
		rowv("flood: RSS growth in flood, KiB (-)", "",
		     sub_(get("umnet", "flood", "rss1_kb"), get("umnet", "flood", "rss0_kb")),
		     sub_(get("vde", "flood", "rss1_kb"), get("vde", "flood", "rss0_kb")),
		     sub_(get("uml", "flood", "rss1_kb"), get("uml", "flood", "rss0_kb")))
	row("stuck: CPU/frame in, stuck/reading (-)", "stuck", "cpu_ratio", 1)
	row("stuck: A->B rate, stuck/reading", "stuck", "ratio", 1)
	row("stuck: A->B rate, stuck/no feed", "stuck", "ratio_idle", 1)
}
