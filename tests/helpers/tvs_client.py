#!/usr/bin/env python3
"""A TVS client written from CAPF-TVS-PROTOCOL.md section 2, independent of
ucsh's code: asks whether a certificate is trusted and prints the answer.
usage: tvs_client.py PORT CAFILE DEVICE CERT.pem     -> "status S roles R ttl T"
       tvs_client.py PORT CAFILE --raw FILE          sends FILE's bytes as they are
       tvs_client.py PORT CAFILE --transcript FILE N sends message N of a fixture
Prints "closed" when the server closes without an answer, and the answer's
bytes as hex on a second line."""
import socket
import ssl
import struct
import subprocess
import sys


def der_of(pem):
    return subprocess.run(["openssl", "x509", "-in", pem, "-outform", "DER"], check=True,
                          capture_output=True).stdout


def request(device, der, session=1):
    body = bytes([1]) + struct.pack(">H", len(device) + 1) + b"\x01" + device.encode()
    body += bytes([2]) + struct.pack(">H", len(der)) + der
    return struct.pack(">BBBBIH", 0x57, 1, 1, 0, session, len(body)) + body


def transcript_message(path, n):
    msgs, cur = [], None
    for line in open(path):
        if line.startswith("## message"):
            cur = bytearray()
            msgs.append(cur)
        elif cur is not None and line.startswith("    "):
            cur.extend(bytes(int(x, 16) for x in line.split()[1:]))
    return bytes(msgs[n - 1])


def recv_exact(s, n):
    out = b""
    while len(out) < n:
        chunk = s.recv(n - len(out))
        if not chunk:
            return None
        out += chunk
    return out


def main():
    port, cafile = int(sys.argv[1]), sys.argv[2]
    if sys.argv[3] == "--raw":
        msg = open(sys.argv[4], "rb").read()
    elif sys.argv[3] == "--transcript":
        msg = transcript_message(sys.argv[4], int(sys.argv[5]))
    else:
        msg = request(sys.argv[3], der_of(sys.argv[4]))
    ctx = ssl.create_default_context(cafile=cafile)
    ctx.check_hostname = False
    with socket.create_connection(("127.0.0.1", port), timeout=20) as raw:
        try:
            s = ctx.wrap_socket(raw)
        except (ssl.SSLError, OSError):
            print("closed")
            return
        with s:
            s.sendall(msg)
            try:
                head = recv_exact(s, 10)
            except (ssl.SSLError, OSError):
                head = None
            if head is None:
                print("closed")
                return
            proto, version, command, _, session, length = struct.unpack(">BBBBIH", head)
            body = recv_exact(s, length)
    assert proto == 0x57 and version == 1 and command == 2, head
    status, roles, ttl, at = None, [], None, 0
    while at < len(body):
        tag, n = body[at], struct.unpack(">H", body[at + 1:at + 3])[0]
        value = body[at + 3:at + 3 + n]
        if tag == 7:
            status = value[0]
        elif tag == 8:
            roles = list(value)
        elif tag == 9:
            ttl = struct.unpack(">I", value)[0]
        else:
            raise SystemExit("unknown tag %d in the answer" % tag)
        at += 3 + n
    print("status %s roles %s ttl %s session %d" % (status, ",".join(map(str, roles)) or "-", ttl, session))
    print((head + body).hex())


if __name__ == "__main__":
    main()
