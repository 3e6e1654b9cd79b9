#!/usr/bin/env python3
"""Hostile CAPF devices: N sessions, each replaying the device side of a
fixture (its messages put in the server's session, the device name replaced)
with one message damaged at random — bytes flipped, cut short, extended, its
body length or command or an element's tag or length changed, an element
repeated, the session id wrong. Seeded, so a failure can be run again.
usage: capf_mutate.py PORT CAFILE SEED N FIXTURE.txt:DEVICE...
Prints one line per outcome: "END_SESSION R: COUNT", "closed: COUNT"."""
import collections
import random
import socket
import ssl
import struct
import sys

from capf_client import receive, transcript


def elements(body):
    out, at = [], 0
    while at + 3 <= len(body):
        tag, n = body[at], struct.unpack(">H", body[at + 1:at + 3])[0]
        out.append((tag, body[at + 3:at + 3 + n]))
        at += 3 + n
    return out


def build(command, session, elems):
    body = b"".join(bytes([t]) + struct.pack(">H", len(v)) + v for t, v in elems)
    return struct.pack(">BBIH", 0x55, command, session, len(body)) + body


def renamed(msg, device):
    elems = [(t, device.encode() + b"\0" if t == 13 else v) for t, v in elements(msg[8:])]
    return build(msg[1], 0, elems)


def damage(rng, msg):
    m = bytearray(msg)
    kind = rng.randrange(9)
    if kind == 0:
        for _ in range(rng.randint(1, 8)):
            i = rng.randrange(len(m))
            m[i] ^= 1 << rng.randrange(8)
    elif kind == 1:
        m = m[:rng.randrange(len(m))]
    elif kind == 2:
        m += bytes(rng.randrange(256) for _ in range(rng.randint(1, 64)))
    elif kind == 3:
        m[6:8] = struct.pack(">H", rng.choice([0, 1, len(m) - 7, len(m), 65535, rng.randrange(65536)]))
    elif kind == 4:
        m[1] = rng.randrange(256)
    elif kind == 5 and len(m) > 8:
        m[8] = rng.randrange(256)  # the first element's tag
    elif kind == 6 and len(m) > 10:
        m[9:11] = struct.pack(">H", rng.randrange(65536))  # its length
    elif kind == 7:
        elems = elements(bytes(m[8:]))
        if elems:
            elems.append(rng.choice(elems))
        m = bytearray(build(m[1], 0, elems))
    else:
        m[2:6] = struct.pack(">I", rng.randrange(1 << 32))
    return bytes(m), kind == 8


def session(port, ctx, msgs, rng):
    bad = rng.randrange(len(msgs))
    with socket.create_connection(("127.0.0.1", port), timeout=10) as raw, ctx.wrap_socket(raw) as s:
        try:
            command, sid, el, _ = receive(s)
            for i, m in enumerate(msgs):
                keep_sid = False
                if i == bad:
                    m, keep_sid = damage(rng, m)
                    s.settimeout(1)  # the server may be waiting for more: hang up then
                if not keep_sid:
                    m = m[:2] + struct.pack(">I", sid) + m[6:]
                s.sendall(m)
                if m[1] == 17 and i != bad:  # REQUEST_IN_PROGRESS: no answer to it
                    continue
                command, _, el, _ = receive(s)
                if command == 15:
                    return "END_SESSION %d" % el[1][0]
            command, _, el, _ = receive(s)
            return "END_SESSION %d" % el[1][0] if command == 15 else "command %d" % command
        except socket.timeout:
            return "no answer (the server waits)"
        except (EOFError, OSError, ssl.SSLError, AssertionError, KeyError, struct.error):
            return "closed"


def main():
    port, cafile, seed, n = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    plans = []
    for spec in sys.argv[5:]:
        path, device = spec.rsplit(":", 1)
        plans.append([renamed(b, device) for d, b in transcript(path) if d == "C->S"])
    ctx = ssl.create_default_context(cafile=cafile)
    ctx.check_hostname = False
    rng = random.Random(seed)
    seen = collections.Counter(session(port, ctx, rng.choice(plans), rng) for _ in range(n))
    for outcome, count in sorted(seen.items()):
        print("%s: %d" % (outcome, count))


main()
