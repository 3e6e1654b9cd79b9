#!/usr/bin/env python3
"""A CAPF device written from CAPF-TVS-PROTOCOL.md section 1, independent of
ucsh's code. It authenticates with a string (or none), makes the key the
server asks for with the openssl CLI, stores the LSC it gets, and prints
the END_SESSION reason and what happened.
usage: capf_client.py PORT CAFILE DEVICE [--password DIGITS] [--out LSC.pem] [--key KEY.pem]
                      [--slow SECONDS] [--raw FILE]"""
import argparse
import os
import socket
import ssl
import struct
import subprocess
import tempfile
import time

CURVES = {0: "P-256", 1: "P-384", 2: "P-521"}


def message(command, session, elements):
    body = b"".join(bytes([tag]) + struct.pack(">H", len(v)) + v for tag, v in elements)
    return struct.pack(">BBIH", 0x55, command, session, len(body)) + body


def recv_exact(s, n):
    out = b""
    while len(out) < n:
        chunk = s.recv(n - len(out))
        if not chunk:
            raise EOFError("closed")
        out += chunk
    return out


def receive(s):
    head = recv_exact(s, 8)
    proto, command, session, length = struct.unpack(">BBIH", head)
    assert proto == 0x55, head
    body = recv_exact(s, length)
    elements, at = {}, 0
    while at < len(body):
        tag, n = body[at], struct.unpack(">H", body[at + 1:at + 3])[0]
        assert tag in (1, 2, 3, 4, 7, 8, 10, 17, 18), "unexpected tag %d" % tag
        elements[tag] = body[at + 3:at + 3 + n]
        at += 3 + n
    return command, session, elements, head + body


def make_key(elements, key_path):
    if elements[17][0] == 0:
        bits = struct.unpack(">H", elements[10])[0]
        gen = ["openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:%d" % bits]
    else:
        gen = ["openssl", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:" + CURVES[elements[18][0]]]
    subprocess.run(gen + ["-out", key_path], check=True, capture_output=True)
    return subprocess.run(["openssl", "pkey", "-in", key_path, "-pubout", "-outform", "DER"], check=True,
                          capture_output=True).stdout


def transcript(path):
    """The messages of a fixture: (direction, bytes)."""
    msgs, cur = [], None
    for line in open(path):
        if line.startswith("## message"):
            cur = [line.split(":")[1].split()[0], bytearray()]
            msgs.append(cur)
        elif cur is not None and line.startswith("    "):
            cur[1].extend(bytes(int(x, 16) for x in line.split()[1:]))
    return [(d, bytes(b)) for d, b in msgs]


def replay(port, ctx, path):
    with socket.create_connection(("127.0.0.1", port), timeout=30) as raw, ctx.wrap_socket(raw) as s:
        for direction, data in transcript(path):
            if direction == "S->C":
                print("S " + receive(s)[3].hex())
            else:
                s.sendall(data)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("port", type=int)
    ap.add_argument("cafile")
    ap.add_argument("device")
    ap.add_argument("--password")
    ap.add_argument("--out")
    ap.add_argument("--key", help="where the device keeps its new private key (a temporary file by default)")
    ap.add_argument("--slow", type=float, default=0)
    ap.add_argument("--lsc", help="the LSC the device holds (PEM), sent when the server fetches it")
    ap.add_argument("--has-lsc", action="store_true", help="answer a delete with 'deleted'")
    ap.add_argument("--replay", help="send a fixture's device messages; print the server's as hex")
    a = ap.parse_args()
    if not a.key:
        fd, a.key = tempfile.mkstemp()
        os.close(fd)
    ctx = ssl.create_default_context(cafile=a.cafile)
    ctx.check_hostname = False
    if a.replay:
        replay(a.port, ctx, a.replay)
        return
    with socket.create_connection(("127.0.0.1", a.port), timeout=30) as raw, ctx.wrap_socket(raw) as s:
        command, session, el, _ = receive(s)
        assert command == 1 and el[7] == b"\x03", (command, el)
        password = (a.password or "").encode() + b"\x00"
        s.sendall(message(2, session, [(1, b"\x01"), (7, b"\x03"), (11, password), (13, a.device.encode() + b"\x00")]))
        while True:
            command, sid, el, _ = receive(s)
            assert sid == session
            if command == 15:
                print("END_SESSION %d" % el[1][0])
                return
            if command == 3:
                s.sendall(message(17, session, []))  # REQUEST_IN_PROGRESS
                time.sleep(a.slow)
                spki = make_key(el, a.key)
                s.sendall(message(4, session, [(9, spki)]))
            elif command == 9:
                cert = el[4]
                assert cert[0] == 1 and struct.unpack(">H", cert[1:3])[0] == len(cert) - 3 and el[3] == b"\x01"
                der = cert[5:]
                if a.out:
                    pem = subprocess.run(["openssl", "x509", "-inform", "DER"], input=der, check=True,
                                         capture_output=True).stdout
                    open(a.out, "wb").write(pem)
                s.sendall(message(10, session, [(1, b"\x01")]))
            elif command == 11:  # FETCH_CERT_REQUEST
                if a.lsc:
                    der = subprocess.run(["openssl", "x509", "-in", a.lsc, "-outform", "DER"], check=True,
                                         capture_output=True).stdout
                    wrapped = b"\x01" + struct.pack(">H", len(der) + 2) + b"\x00\x01" + der
                    s.sendall(message(12, session, [(1, b"\x01"), (4, wrapped)]))
                else:
                    s.sendall(message(12, session, [(1, b"\x07")]))
            elif command == 13:  # DELETE_CERT_REQUEST
                s.sendall(message(14, session, [(1, b"\x01" if a.has_lsc else b"\x07")]))
            else:
                raise SystemExit("unexpected command %d" % command)


main()
