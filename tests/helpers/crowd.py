#!/usr/bin/env python3
"""Many TVS clients at once (tests/helpers/tvs_client.py's requests), started
together behind a barrier, optionally while other connections are held open
saying nothing (a slow client, many times over).
usage: crowd.py TVS_PORT CAFILE CERT.pem --queries N [--hold PORT:N]...
Prints "answered A of N" and "held H" (connections still open when the
queries were done)."""
import argparse
import socket
import ssl
import struct
import threading

from tvs_client import der_of, recv_exact, request


def ask(port, ctx, msg, barrier, results, i):
    barrier.wait()
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=60) as raw, ctx.wrap_socket(raw) as s:
            s.sendall(msg)
            head = recv_exact(s, 10)
            body = recv_exact(s, struct.unpack(">H", head[8:10])[0])
            results[i] = body[:4] == b"\x07\x00\x01\x00"  # STATUS 0: trusted
    except (OSError, ssl.SSLError, TypeError):
        results[i] = False


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("port", type=int)
    ap.add_argument("cafile")
    ap.add_argument("cert")
    ap.add_argument("--queries", type=int, required=True)
    ap.add_argument("--hold", action="append", default=[], help="PORT:N idle connections")
    a = ap.parse_args()
    held = []
    for spec in a.hold:
        port, n = (int(x) for x in spec.split(":"))
        held += [socket.create_connection(("127.0.0.1", port), timeout=60) for _ in range(n)]
    ctx = ssl.create_default_context(cafile=a.cafile)
    ctx.check_hostname = False
    msg = request("CP-8841-SEP00112233AA01", der_of(a.cert))
    barrier = threading.Barrier(a.queries)
    results = [False] * a.queries
    threads = [threading.Thread(target=ask, args=(a.port, ctx, msg, barrier, results, i)) for i in range(a.queries)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    still = 0
    for s in held:
        # Open means: the server has not closed it (a read would block).
        s.setblocking(False)
        try:
            still += s.recv(1) != b""
        except BlockingIOError:
            still += 1
        except OSError:
            pass
        s.close()
    print("answered %d of %d" % (sum(results), a.queries))
    print("held %d" % still)


main()
