#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
# stream-peer.py SOCKET - QEMU -netdev stream peers, well-behaved and not, for stream.sh
#
# Two ports A and B exchange frames behind 4-byte big-endian lengths, as QEMU
# sends them: one frame, a burst of 1000 in one write, a frame byte by byte,
# 64 KiB frames; a port that announces 70000 bytes must be hung up on, one
# that dies mid-frame must not disturb the others; and while B stops reading
# and A sends 20000 frames, what B reads afterwards is whole frames in order.
# Exit 0 and "ok" when all holds.
import socket, struct, sys, time
path = sys.argv[1]
def conn():
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM); s.connect(path); return s
def frame(dst, src, n, tag):
    body = dst + src + b'\x88\xb5' + tag
    return body + b'\0' * max(0, n - len(body))
def send(s, f): s.sendall(struct.pack('>I', len(f)) + f)
def recv_frames(s, want, timeout=10):
    s.settimeout(timeout); buf = b''; out = []
    while len(out) < want:
        try: d = s.recv(1 << 20)
        except socket.timeout: break
        if not d: break
        buf += d
        while len(buf) >= 4:
            n = struct.unpack('>I', buf[:4])[0]
            if len(buf) < 4 + n: break
            out.append(buf[4:4+n]); buf = buf[4+n:]
    return out
A = bytes.fromhex('020000000001'); B = bytes.fromhex('020000000002'); BC = b'\xff'*6
a, b = conn(), conn()
time.sleep(0.2)
send(a, frame(BC, A, 60, b'hello'))       # b learns nothing, receives the broadcast
r = recv_frames(b, 1); assert len(r) == 1 and r[0][6:12] == A, r
send(b, frame(A, B, 60, b'back'))
r = recv_frames(a, 1); assert len(r) == 1 and r[0][6:12] == B, r
# 1000 frames in one write, then byte by byte
blob = b''.join(struct.pack('>I', 100) + frame(B, A, 100, b'%d' % i) for i in range(1000))
a.sendall(blob)
r = recv_frames(b, 1000); print('bulk', len(r)); assert len(r) == 1000
one = struct.pack('>I', 1500) + frame(B, A, 1500, b'slow')
for i in range(len(one)):
    a.send(one[i:i+1])
r = recv_frames(b, 1); assert len(r) == 1 and len(r[0]) == 1500
# 64 KiB frames both ways
big = frame(B, A, 65536, b'big')
for i in range(20): send(a, big)
r = recv_frames(b, 20); print('big', len(r)); assert len(r) == 20 and all(len(x) == 65536 for x in r)
# out of step: a header of 70000
c = conn(); time.sleep(0.1)
c.sendall(struct.pack('>I', 70000) + b'x' * 100)
c.settimeout(3); assert c.recv(10) == b''   # the switch closed it
# half a frame then gone
d = conn(); time.sleep(0.1); d.sendall(struct.pack('>I', 100) + b'y' * 50); d.close()
send(a, frame(B, A, 60, b'still'))
r = recv_frames(b, 1); assert len(r) == 1
print("ok1")
def stuck(n, size, what):
    """b stops reading while a sends n frames of size, far more than the
    buffers hold: what b then reads must be whole frames, in order, and
    the stream must still be in step for the frame after them"""
    for i in range(n):
        send(a, frame(B, A, size, b'%08d' % i))
    time.sleep(0.5)
    r = recv_frames(b, n, timeout=5)
    seq = [int(x[14:22]) for x in r]
    assert all(len(x) == size for x in r), 'cut frame'
    assert seq == sorted(seq), 'out of order'
    print('stuck reader, %s: got %d of %d in order and whole' % (what, len(r), n))
    send(a, frame(B, A, 60, b'after'))
    r = recv_frames(b, 1)
    assert len(r) == 1 and r[0][14:19] == b'after', r

stuck(20000, 1500, '1500 B')
# a batch of 64 KiB frames is more than the kernel puts in one skb, so the
# switch's writes end mid-frame and it must finish each one
stuck(400, 65536, '64 KiB')
print('ok')
