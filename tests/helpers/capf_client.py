#!/usr/bin/env python3
"""A CAPF device written from CAPF-TVS-PROTOCOL.md section 1, independent of
ucsh's code. It authenticates with a string (or none), makes the key the
server asks for with the openssl CLI, stores the LSC it gets, and prints
the END_SESSION reason and what happened.
usage: capf_client.py PORT CAFILE DEVICE [--password DIGITS] [--out LSC.pem] [--key KEY.pem]
                      [--slow SECONDS] [--auth-cert PEM --auth-key KEY [--sudi-cert PEM --sudi-key KEY]]
                      [--tamper] [--replay FIXTURE]"""
import argparse
import hashlib
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


def der_of(pem_path):
    return subprocess.run(["openssl", "x509", "-in", pem_path, "-outform", "DER"], check=True,
                          capture_output=True).stdout


def wrap(der):
    return b"\x01" + struct.pack(">H", len(der) + 2) + b"\x00\x01" + der


def sign(key, data, alg):
    """As devices sign (fact sheet 1.8): EC keys make ordinary ECDSA; RSA keys
    the raw private-key operation on a PKCS#1 type-1 block around the bare
    digest (pkeyutl without a digest pads what it is given)."""
    text = subprocess.run(["openssl", "pkey", "-in", key, "-noout", "-text"], check=True,
                          capture_output=True).stdout
    if b"ASN1 OID" in text:
        return subprocess.run(["openssl", "dgst", "-" + alg, "-sign", key], input=data, check=True,
                              capture_output=True).stdout
    return subprocess.run(["openssl", "pkeyutl", "-sign", "-inkey", key, "-pkeyopt", "rsa_padding_mode:pkcs1"],
                          input=hashlib.new(alg, data).digest(), check=True, capture_output=True).stdout


def auth_elements(a, session):
    """AUTH_RESPONSE in the reference client's element order."""
    password = (a.password or "").encode() + b"\x00"
    name = a.device.encode() + b"\x00"
    if not a.auth_cert:
        return [(1, b"\x01"), (7, b"\x03"), (11, password), (13, name)]
    der = der_of(a.auth_cert)
    sha1 = sign(a.auth_key, name + der, "sha1")
    sha512 = sign(a.auth_key, name + der, "sha512")
    if a.tamper:
        sha512 = sha512[:-1] + bytes([sha512[-1] ^ 1])
    out = [(1, b"\x01"), (4, wrap(der)), (6, sha1), (7, b"\x03"), (11, password), (13, name)]
    if a.sudi_cert:
        sder = der_of(a.sudi_cert)
        signed = struct.pack("<I", session) + sder
        parts = [(0, sder), (1, sign(a.sudi_key, signed, "sha1")), (3, sign(a.sudi_key, signed, "sha512"))]
        out.append((16, b"".join(bytes([i]) + struct.pack(">H", len(d)) + d for i, d in parts)))
    out.append((20, b"\x03" + struct.pack(">H", len(sha512)) + sha512))
    return out


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


def replay(port, ctx, path, resession):
    """resession: an attacker's replay, the header's session id set to the server's."""
    session = None
    with socket.create_connection(("127.0.0.1", port), timeout=30) as raw, ctx.wrap_socket(raw) as s:
        for direction, data in transcript(path):
            if direction == "S->C":
                command, session, _, raw_msg = receive(s)
                print("S " + raw_msg.hex())
                if command == 15:
                    return
            else:
                if resession:
                    data = data[:2] + struct.pack(">I", session) + data[6:]
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
    ap.add_argument("--resession", action="store_true", help="replay with the server's session id")
    ap.add_argument("--auth-cert", help="authenticate with this certificate (PEM) ...")
    ap.add_argument("--auth-key", help="... and its private key")
    ap.add_argument("--sudi-cert", help="add a SUDI block with this certificate ...")
    ap.add_argument("--sudi-key", help="... and its private key")
    ap.add_argument("--tamper", action="store_true", help="alter the SHA-512 signature")
    a = ap.parse_args()
    if not a.key:
        fd, a.key = tempfile.mkstemp()
        os.close(fd)
    ctx = ssl.create_default_context(cafile=a.cafile)
    ctx.check_hostname = False
    if a.replay:
        replay(a.port, ctx, a.replay, a.resession)
        return
    with socket.create_connection(("127.0.0.1", a.port), timeout=30) as raw, ctx.wrap_socket(raw) as s:
        command, session, el, _ = receive(s)
        assert command == 1 and el[7] == b"\x03", (command, el)
        s.sendall(message(2, session, auth_elements(a, session)))
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
                    s.sendall(message(12, session, [(1, b"\x01"), (4, wrap(der_of(a.lsc)))]))
                else:
                    s.sendall(message(12, session, [(1, b"\x07")]))
            elif command == 13:  # DELETE_CERT_REQUEST
                s.sendall(message(14, session, [(1, b"\x01" if a.has_lsc else b"\x07")]))
            else:
                raise SystemExit("unexpected command %d" % command)


if __name__ == "__main__":
    main()
