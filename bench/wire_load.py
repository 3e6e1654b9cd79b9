#!/usr/bin/env python3
"""Load for bench/capf-wire: N TVS queries or N CAPF installs over TLS from
C client processes at once; prints the rate (per second). Written from
CAPF-TVS-PROTOCOL.md, like the tests' clients; a device key made once
is reused (the server cannot tell).
usage: wire_load.py tvs PORT CAFILE CERT.der N C
       wire_load.py capf PORT CAFILE SPKI.der PREFIX N C"""
import socket
import ssl
import struct
import sys
import multiprocessing
import time


def recv_exact(s, n):
    out = b""
    while len(out) < n:
        chunk = s.recv(n - len(out))
        if not chunk:
            raise EOFError
        out += chunk
    return out


def el(tag, v):
    return bytes([tag]) + struct.pack(">H", len(v)) + v


def capf_msg(command, session, body):
    return struct.pack(">BBIH", 0x55, command, session, len(body)) + body


def capf_read(s):
    proto, command, session, n = struct.unpack(">BBIH", recv_exact(s, 8))
    return command, session, recv_exact(s, n)


def tvs_once(ctx, port, der):
    body = el(1, b"\x01CP-8841-SEP00112233AA01") + el(2, der)
    with socket.create_connection(("127.0.0.1", port)) as raw, ctx.wrap_socket(raw) as s:
        s.sendall(struct.pack(">BBBBIH", 0x57, 1, 1, 0, 1, len(body)) + body)
        head = recv_exact(s, 10)
        recv_exact(s, struct.unpack(">H", head[8:10])[0])


def capf_once(ctx, port, spki, device):
    with socket.create_connection(("127.0.0.1", port)) as raw, ctx.wrap_socket(raw) as s:
        command, session, _ = capf_read(s)
        s.sendall(capf_msg(2, session, el(1, b"\x01") + el(7, b"\x03") + el(11, b"\x00") + el(13, device.encode() + b"\x00")))
        while True:
            command, _, body = capf_read(s)
            if command == 15:
                assert body[3] == 1, body
                return
            if command == 3:
                s.sendall(capf_msg(4, session, el(9, spki)))
            elif command == 9:
                s.sendall(capf_msg(10, session, el(1, b"\x01")))


def worker(kind, port, cafile, payload, prefix, indices, errors):
    """One client process (threads would share Python's interpreter lock and
    measure the client): its share of the requests, one after another."""
    ctx = ssl.create_default_context(cafile=cafile)
    ctx.check_hostname = False
    failed = 0
    for i in indices:
        try:
            if kind == "tvs":
                tvs_once(ctx, port, payload)
            else:
                capf_once(ctx, port, payload, "%s%06d" % (prefix, i))
        except Exception:  # counted, not fatal
            failed += 1
    with errors.get_lock():
        errors.value += failed


def main():
    kind, port, cafile = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    payload = open(sys.argv[4], "rb").read()
    if kind == "tvs":
        prefix, n, c = "", int(sys.argv[5]), int(sys.argv[6])
    else:
        prefix, n, c = sys.argv[5], int(sys.argv[6]), int(sys.argv[7])
    errors = multiprocessing.Value("i", 0)
    procs = [multiprocessing.Process(target=worker, args=(kind, port, cafile, payload, prefix,
                                                          range(w, n, c), errors)) for w in range(c)]
    start = time.monotonic()
    for p in procs:
        p.start()
    for p in procs:
        p.join()
    took = time.monotonic() - start
    print("%.1f %d" % (n / took, errors.value))


main()
