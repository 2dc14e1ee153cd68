#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
# client.py - call a uml_net helper the way UML does, and print what came back
#
#   client.py tap [--hold FLAG] HELPER 4 tuntap up [GATE]
#       stdout = AF_UNIX SOCK_DGRAM socketpair; one recvmsg() of the reply:
#       16-byte name, text, SCM_RIGHTS. With --hold, keep the TAP descriptor
#       open (the TAP lives as long as it does) until the file FLAG exists.
#   client.py text HELPER 4 add|del TAP ADDR MASK
#       stdout = AF_UNIX SOCK_STREAM socketpair; the reply is a native int
#       length, then that many bytes (UML's read_output()).
#
# Prints key=value lines (newlines in text become " | "): rc, bytes, name,
# fds, tun_name, tun_flags (TUNGETIFF on the received descriptor), len,
# exact (the stream held exactly 4 + len bytes), nul (ends in NUL), text.
# Used by tests/int/helper/*.sh; runs as any user.
import array
import fcntl
import os
import socket
import struct
import subprocess
import sys
import time

TUNGETIFF = 0x800454d2


def main():
    mode, cmd = sys.argv[1], sys.argv[2:]
    hold = None
    if cmd and cmd[0] == '--hold':
        hold, cmd = cmd[1], cmd[2:]
    kind = socket.SOCK_DGRAM if mode == 'tap' else socket.SOCK_STREAM
    mine, theirs = socket.socketpair(socket.AF_UNIX, kind)
    p = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=theirs.fileno())
    theirs.close()
    mine.settimeout(30)
    out = {}
    fds = []
    if mode == 'tap':
        msg, anc, _, _ = mine.recvmsg(4096, socket.CMSG_SPACE(16))
        for lvl, typ, data in anc:
            if lvl == socket.SOL_SOCKET and typ == socket.SCM_RIGHTS:
                fds += array.array('i', data[:len(data) - len(data) % 4])
        out['bytes'] = len(msg)
        out['name'] = msg[:16].split(b'\0')[0].decode()
        out['nul'] = int(msg.endswith(b'\0'))
        out['text'] = msg[16:].rstrip(b'\0').decode(errors='replace')
        out['fds'] = len(fds)
        if fds:
            ifr = fcntl.ioctl(fds[0], TUNGETIFF, b'\0' * 40)
            out['tun_name'] = ifr[:16].split(b'\0')[0].decode()
            out['tun_flags'] = '0x%04x' % struct.unpack('H', ifr[16:18])[0]
    else:
        data = b''
        while True:
            chunk = mine.recv(65536)
            if not chunk:
                break
            data += chunk
        n = struct.unpack('i', data[:4])[0] if len(data) >= 4 else -1
        out['bytes'] = len(data)
        out['len'] = n
        out['exact'] = int(len(data) == 4 + n)
        out['nul'] = int(data.endswith(b'\0'))
        out['text'] = data[4:].rstrip(b'\0').decode(errors='replace')
    out['rc'] = p.wait()
    for k, v in out.items():
        print('%s=%s' % (k, str(v).replace('\n', ' | ')))
    sys.stdout.flush()
    while hold and not os.path.exists(hold):
        time.sleep(0.05)


main()
