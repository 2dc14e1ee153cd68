#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
# mkseeds.py - write the committed seed corpora, tests/fuzz/corpus/NAME/
#
# Seeds are small valid (and a few deliberately broken) inputs in each
# harness's input format, so that fuzzing starts from the interesting paths.
# Run it after changing a harness's input format; the output is committed.
# Not part of the build: `make fuzz` only reads the files.
import os
import shutil
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
MAGIC = 0xfeedface


def write(name, seeds):
    d = os.path.join(HERE, "corpus", name)
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    for i, (label, data) in enumerate(seeds):
        with open(os.path.join(d, "%02d-%s" % (i, label)), "wb") as f:
            f.write(data)


def sockaddr_abstract(tag):
    # like UML: abstract, pid inside, the rest uninitialised-looking bytes
    path = b"\0" + b"\0\0\0" + struct.pack("<II", 4242, tag) + b"\xa5" * 96
    return struct.pack("<H", 1) + path[:108]


def sockaddr_path(p):
    return struct.pack("<H", 1) + p.ljust(108, b"\0")


def request():
    v3 = struct.pack("<III", MAGIC, 3, 0)
    return [
        ("uml-v3", v3 + sockaddr_abstract(1) + b"\0\0"),
        ("vde-v3-descr", v3 + sockaddr_path(b"/tmp/vde.1234-0") + b"qemu-guest"),
        ("vde-port5", struct.pack("<III", MAGIC, 3, 5 << 8) + sockaddr_path(b"/tmp/x")),
        ("v1", struct.pack("<II", MAGIC, 0) + b"\x52\x54\x00\x12\x34\x56" +
         sockaddr_abstract(2)),
        ("v2", struct.pack("<III", MAGIC, 2, 0) + sockaddr_abstract(3)),
        ("bad-magic", b"GET / HTTP/1.0\r\n\r\n"),
        ("truncated", struct.pack("<II", MAGIC, 3) + b"\x01\x00"),
        ("inet", v3 + struct.pack("<H", 2) + b"\0" * 108),
        ("descr-ctrl", v3 + sockaddr_path(b"/tmp/y") + b"ab\x01cd"),
    ]


# fuzz_sw: config (ports/hub, macs, age, 16-byte key), then operations
OP = dict(add=0, dele=1, frame=2, raw=3, big=4, tick=5, sec=6, secoff=7,
          mirror=8, mirroff=9, hub=10, setmax=11, setage=12, reset=13)


def sw_cfg(ports=4, macs=8, age=10, hub=False):
    return bytes([(ports - 2) | (0x80 if hub else 0), macs - 1, age]) + bytes(range(16))


def sw_frame(port, dst, src, flags=0, payload=b""):
    # sel: dst index (bits 0-2), src index (bits 4-6); flags: tag, type
    return bytes([OP["frame"], port, dst | src << 4, flags, len(payload)]) + payload


def sw_ops():
    add = lambda p: bytes([OP["add"], p])
    arp = (b"\x00\x01\x08\x00\x06\x04\x00\x01" + b"\x52\x54\x00\x00\x00\x01" +
           b"\x0a\x00\x00\x02" + b"\0" * 6 + b"\x0a\x00\x00\x01")
    ipv4 = b"\x45\x00\x00\x1c" + b"\0" * 4 + b"\x40\x11\0\0" + b"\x0a\x00\x00\x02" + \
        b"\x0a\x00\x00\x01" + b"\x00\x44\x00\x43\x00\x08\x00\x00"
    basic = sw_cfg() + add(1) + add(2) + add(3) + \
        sw_frame(1, 4, 0) + sw_frame(2, 0, 1) + sw_frame(1, 1, 0) + sw_frame(3, 1, 2)
    secured = sw_cfg() + add(1) + add(2) + \
        bytes([OP["sec"], 1, 0x01 | 0x04 | 0x08 | 0x40, 0, 0, 32, 10, 0, 0, 2]) + \
        sw_frame(1, 4, 0, 0 << 2, arp) + sw_frame(1, 4, 0, 1 << 2, ipv4) + \
        sw_frame(1, 4, 1, 1 << 2, ipv4)
    churn = sw_cfg(ports=3, macs=2, age=1) + add(1) + add(2) + \
        sw_frame(1, 4, 0) + sw_frame(1, 4, 1) + sw_frame(1, 4, 2) + \
        bytes([OP["tick"], 0, 0x01, 0x00]) + bytes([OP["dele"], 1]) + \
        sw_frame(2, 0, 1) + bytes([OP["setmax"], 0, 40]) + add(1) + sw_frame(1, 1, 3)
    mirror = sw_cfg() + add(1) + add(2) + add(3) + bytes([OP["mirror"], 1, 3]) + \
        sw_frame(1, 4, 0) + sw_frame(2, 0, 1) + bytes([OP["dele"], 3]) + sw_frame(1, 1, 0)
    tagged = sw_cfg(hub=True) + add(1) + add(2) + \
        sw_frame(1, 4, 0, 0x01 | (3 << 2), b"\0\x05\x08\x00") + \
        bytes([OP["hub"] | 0x80, 0]) + bytes([OP["hub"], 0]) + sw_frame(2, 0, 1, 0x03)
    big = sw_cfg() + add(1) + add(2) + bytes([OP["big"], 1, 0, 0, 0, 1]) + \
        bytes([OP["big"], 1, 0, 0, 0, 2]) + bytes([OP["raw"], 2, 13]) + b"\x01" * 13
    return [("basic", basic), ("security", secured), ("churn-age", churn),
            ("mirror", mirror), ("vlan-hub", tagged), ("runt-big", big)]


def txq():
    push = lambda n: bytes([0, n])
    bigpush = lambda n: bytes([0x80, n >> 8, n & 0xff])
    pop = lambda n: bytes([2 | (n << 2)])
    return [
        ("fifo", struct.pack(">HB", 256, 16) + push(10) + push(20) + push(30) + pop(1) +
         push(40) + pop(3)),
        ("wrap", struct.pack(">HB", 128, 32) + push(40) + push(40) + pop(1) + push(40) +
         push(40) + pop(2) + push(8) + bytes([3])),
        ("full", struct.pack(">HB", 64, 4) + push(0) + push(0) + push(0) + push(0) +
         push(0) + pop(4)),
        ("big", struct.pack(">HB", 4096, 8) + bigpush(4000) + bigpush(5000) +
         bytes([0x83]) + push(1)),
    ]


def cmdparse():
    lines = [
        "ports", "-j macs 3", "stats --reset 12", "port del 7", "tap add tap0",
        "tap del umnet-tap1", "hub on", "aging 300", "maxmacs 8192", "log debug",
        "mirror 1 to 2", "mirror 3 off", "security", "security 4 off",
        "security 2 mac=52:54:00:12:34:56,02:00:00:00:00:01 ip=10.0.0.2,fe80::/64 max-macs=4",
        'capture 3 -f "icmp and host 10.0.0.1"', 'capture all -f "ether \\"x\\" \\\\"',
        "--json stats\r\n", "version\n", "help", "shutdown", "bogus 1 2 3",
        "stats\t2", 'tap add "a b"', "aging 99999999999",
    ]
    return [("%s" % l.split()[0].strip("-") if l.split() else "empty", l.encode())
            for l in lines] + [("binary", b"ports\x00\xff\n")]


def mgmtline():
    # a schedule (count, then chunk sizes - 1), then the stream
    sched = lambda *sz: bytes([len(sz)] + [x - 1 for x in sz])
    return [
        ("whole", sched() + b"ports\n"),
        ("bytewise", sched(1) + b"-j stats 3\r\n"),
        ("split", sched(3, 1, 7) + b"security 2 mac=52:54:00:12:34:56 ip=10.0.0.2\n"),
        ("trailing", sched(2) + b"version\nshutdown\n"),
        ("noeol", sched(4) + b"macs"),
        ("long", sched(200, 255) + b"tap add " + b"x" * 4200 + b"\n"),
        ("empty", sched()),
        ("binary", sched(5) + b"\x00\xff\r\n"),
    ]


def streamframe():
    # bound (2 bytes, value % 4096 + 1), schedule (count, sizes - 1), stream
    def seed(bound, sizes, frames, tail=b""):
        head = struct.pack(">H", bound - 1) + bytes([len(sizes)] + [x - 1 for x in sizes])
        return head + b"".join(struct.pack(">I", len(f)) + f for f in frames) + tail
    eth = bytes.fromhex("ffffffffffff020000000001") + b"\x08\x06" + b"\0" * 46
    return [
        ("one", seed(1514, [], [eth])),
        ("bytewise", seed(1514, [1], [eth, eth])),
        ("burst", seed(1514, [255, 3], [eth] * 40)),
        ("big", seed(4096, [200], [b"\xaa" * 4096])),
        ("runt", seed(1514, [], [b"", b"x", eth])),
        ("toolong", seed(100, [7], [eth, b"y" * 101])),
        ("partial", seed(1514, [5], [eth], struct.pack(">I", 60) + b"z" * 30)),
        ("huge", seed(1514, [], [], b"\xff\xff\xff\xff" + b"q" * 8)),
    ]


def secfilter():
    def seed(text, frame=b""):
        return struct.pack(">H", len(text)) + text.encode() + frame

    eth = lambda src, t: b"\xff" * 6 + src + struct.pack(">H", t)
    mac = b"\x52\x54\x00\x12\x34\x56"
    arp = b"\x00\x01\x08\x00\x06\x04\x00\x01" + mac + b"\x0a\x00\x00\x02" + \
        b"\0" * 6 + b"\x0a\x00\x00\x01"
    ip4 = b"\x45\x00\x00\x14" + b"\0" * 4 + b"\x40\x01\0\0" + b"\x0a\x00\x00\x02" + \
        b"\x0a\x00\x00\x01"
    na = bytes([136, 0, 0, 0, 0x60, 0, 0, 0]) + b"\xfe\x80" + b"\0" * 13 + b"\x02" + \
        bytes([2, 1]) + mac
    ip6 = b"\x60\0\0\0" + struct.pack(">HBB", len(na), 58, 255) + b"\xfe\x80" + \
        b"\0" * 13 + b"\x02" + b"\xff\x02" + b"\0" * 13 + b"\x01" + na
    return [
        ("mac-arp", seed("mac=52:54:00:12:34:56", eth(mac, 0x0806) + arp)),
        ("ip4", seed("ip=10.0.0.2,192.168.1.0/24 max-macs=3", eth(mac, 0x0800) + ip4)),
        ("nd", seed("mac=52:54:00:12:34:56 ip=fe80::/64", eth(mac, 0x86dd) + ip6)),
        ("vlan", seed("mac=52:54:00:12:34:56,ip=10.0.0.2",
                      b"\xff" * 6 + mac + b"\x81\x00\x00\x05" + b"\x08\x06" + arp)),
        ("bad", seed("mac=01:00:00:00:00:00,ip=300.1.1.1", eth(mac, 0x0800))),
        ("empty", seed("", b"\x01\x02")),
    ]


def nlmsg():
    def nlmsg_(t, flags, seq, pid, payload):
        n = 16 + len(payload)
        pad = (4 - n % 4) % 4
        return struct.pack("<IHHII", n, t, flags, seq, pid) + payload + b"\0" * pad

    def attr(t, payload):
        n = 4 + len(payload)
        return struct.pack("<HH", n, t) + payload + b"\0" * ((4 - n % 4) % 4)

    ifi = struct.pack("<BBHiII", 0, 0, 1, 3, 0x1043, 0)
    link = nlmsg_(16, 2, 7, 99, ifi + attr(3, b"tap0\0") + attr(4, struct.pack("<I", 1500)) +
                  attr(1, b"\x52\x54\x00\x12\x34\x56") +
                  attr(18, attr(1, b"tun\0") + attr(2, attr(3, b"\x02") +
                                                   attr(6, b"\x01"))))
    ifa = struct.pack("<BBBBI", 2, 24, 0, 0, 3)
    addr = nlmsg_(20, 2, 7, 99, ifa + attr(2, b"\x0a\x00\x00\x02") + attr(1, b"\x0a\x00\x00\x02"))
    rtm = struct.pack("<BBBBBBBBI", 2, 24, 0, 0, 254, 4, 0, 1, 0)
    route = nlmsg_(24, 2, 7, 99, rtm + attr(1, b"\x0a\x00\x00\x00") + attr(4, struct.pack("<I", 3)))
    done = nlmsg_(3, 2, 7, 99, struct.pack("<i", 0))
    err = nlmsg_(2, 0x300, 7, 99, struct.pack("<i", -17) + struct.pack("<IHHII", 20, 16, 5, 7, 99) +
                 attr(1, b"File exists\0"))
    hdr = bytes([0]) + struct.pack(">II", 99, 7)
    # the harness reads portid and seq big-endian; datagram lengths too
    return [
        ("link-dump", hdr + bytes([1]) + struct.pack(">H", len(link)) + link + done),
        ("addr-route", hdr + bytes([0]) + addr + route + done),
        ("ext-ack", hdr + bytes([0]) + err),
        ("requests", bytes([1, 100, 1]) + b"umnet-tap%d\0".ljust(23, b"\0") +
         b"\0\0\0\1" + bytes([0, 24]) + b"\x0a\0\0\x02" + b"\0" * 12 + b"\1"),
    ]


def helper():
    argv = lambda *w: b"\0" + b"\0".join(x.encode() for x in w)
    pol = lambda t: b"\1" + t.encode()
    return [
        ("tuntap-up", argv("4", "tuntap", "up", "192.168.0.254")),
        ("tuntap-nogate", argv("4", "tuntap", "up", "")),
        ("add", argv("4", "add", "tap0", "192.168.0.3", "255.255.255.0")),
        ("del", argv("4", "del", "tap0", "192.168.0.3", "255.255.255.255")),
        ("slip", argv("4", "slip", "down", "sl0")),
        ("bad-mask", argv("4", "add", "tap0", "10.0.0.1", "255.0.255.0")),
        ("v3", argv("3", "ethertap", "tap0")),
        ("policy", pol("ip_forward yes\n# users\nuser alice\n\tgateway 192.168.0.254\n"
                       "\tguest 192.168.0.0/25 192.168.1.0/24\ngroup uml\n"
                       "\tgateway 10.1.0.1 # host side\n\tguest 10.1.0.128/25\n")),
        ("policy-ids", pol("user 1000\n\tguest 172.16.0.0/12\ngroup 27\n\tgateway 192.0.2.1\n")),
        ("policy-bad", pol("user alice\n\tgateway 10.0.0.1\n\tguest 10.0.0.0/24\n")),
        ("policy-reserved", pol("user bob\n\tguest 127.0.0.0/8\n")),
    ]


def netconf():
    seeds = []
    ex = os.path.join(HERE, "..", "..", "examples")
    for f in sorted(os.listdir(ex)) if os.path.isdir(ex) else []:
        if f.endswith(".conf"):
            with open(os.path.join(ex, f), "rb") as fh:
                seeds.append((f[:-5], fh.read()))
    seeds += [
        ("oneline", b"bridge br0 { uplink $uplink; stp on; hello-time 2; ageing-time 300 }; "
                    b"tap t0 { group 100; bridge br0; address 10.9.0.1/24; address fd00::1/64 }"),
        ("quotes", b"x = \"a \\\" b\"\ntap \"tp1\" { route 10.0.0.2; proxy-arp off }\n"
                   b"forward\ndhcp\n"),
        ("errors", b"bridge { }\n}\ntap tap0 { bridge nope }\nnat { out }\nbogus 1\n"),
    ]
    return seeds


def text():
    # option byte (split bound, address family), then the text
    return [
        ("words", b"\x03" + b'nft load t "add table ip x; \\"q\\"" tab\there'),
        ("escapes", b"\x01" + b'"a\\n\\t\\\\b" c"d e"f'),
        ("unterminated", b"\x02" + b'"open'),
        ("prefix4", b"\x01" + b"10.0.3.77/20"),
        ("prefix6", b"\x02" + b"2001:db8:ffff::1/33"),
        ("mac", b"\x00" + b"52:54:00:Ab:cD:ef"),
        ("ifname", b"\x00" + b"tap%d"),
        ("secs", b"\x80" + b"1.25"),
        ("json", b"\x00" + b'"\\\x01\x7f\xc3\xbc'),
    ]


def main():
    write("request", request())
    write("sw", sw_ops())
    write("txq", txq())
    write("cmdparse", cmdparse())
    write("mgmtline", mgmtline())
    write("streamframe", streamframe())
    write("secfilter", secfilter())
    write("nlmsg", nlmsg())
    write("helper", helper())
    write("netconf", netconf())
    write("text", text())


if __name__ == "__main__":
    main()
