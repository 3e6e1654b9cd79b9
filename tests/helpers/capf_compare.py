#!/usr/bin/env python3
"""Compares the server's side of a replayed CAPF fixture with the fixture's,
field by field (CAPF-TVS-PROTOCOL.md section 1). Every server message must
equal the reference's byte for byte, except STORE_CERT_REQUEST, whose LSC has
its own serial, dates and signature: there the header fields, the elements'
order and every other element must match, the wrapper too, and the LSC must
carry the fixture device's public key, name the device and verify with the
openssl CLI under the server's CAPF certificate.
usage: capf_compare.py FIXTURE GOT CAFILE   (GOT: "S <hex>" lines, capf_client.py --replay)"""
import struct
import subprocess
import sys
import tempfile

from capf_client import transcript


def elements(msg):
    body, out, at = msg[8:], [], 0
    while at < len(body):
        tag, n = body[at], struct.unpack(">H", body[at + 1:at + 3])[0]
        out.append((tag, body[at + 3:at + 3 + n]))
        at += 3 + n
    return out


def openssl(args, data=None):
    return subprocess.run(["openssl"] + args, input=data, check=True, capture_output=True).stdout


def check_lsc(der, spki, device, cafile):
    problems = []
    if openssl(["pkey", "-pubin", "-outform", "DER"], openssl(["x509", "-inform", "DER", "-noout", "-pubkey"], der)) != spki:
        problems.append("the LSC does not carry the device's public key")
    subject = openssl(["x509", "-inform", "DER", "-noout", "-subject", "-nameopt", "RFC2253"], der).decode()
    if not subject.strip().endswith(",CN=" + device):  # RFC 2253 writes the first RDN last
        problems.append("the LSC's subject is " + subject.strip())
    with tempfile.NamedTemporaryFile(suffix=".der") as f:
        f.write(der)
        f.flush()
        pem = openssl(["x509", "-inform", "DER", "-in", f.name])
    with tempfile.NamedTemporaryFile(suffix=".pem") as f:
        f.write(pem)
        f.flush()
        r = subprocess.run(["openssl", "verify", "-partial_chain", "-CAfile", cafile, f.name], capture_output=True)
        if r.returncode != 0:
            problems.append("openssl verify: " + r.stdout.decode() + r.stderr.decode())
    return problems


def compare(want, got, spki, device, cafile):
    if want[1] != 9:
        return [] if want == got else ["want " + want.hex(), "got  " + got.hex()]
    problems = []
    if got[:6] != want[:6]:
        problems.append("header: want %s got %s" % (want[:6].hex(), got[:6].hex()))
    we, ge = elements(want), elements(got)
    if [t for t, _ in we] != [t for t, _ in ge]:
        return problems + ["element tags: want %s got %s" % ([t for t, _ in we], [t for t, _ in ge])]
    for (tag, wv), (_, gv) in zip(we, ge):
        if tag != 4:
            if wv != gv:
                problems.append("element %d: want %s got %s" % (tag, wv.hex(), gv.hex()))
            continue
        if gv[0] != 1 or struct.unpack(">H", gv[1:3])[0] != len(gv) - 3 or gv[3] != 0 or gv[4] != wv[4]:
            problems.append("certificate wrapper: want %s got %s" % (wv[:5].hex(), gv[:5].hex()))
        problems += check_lsc(gv[5:], spki, device, cafile)
    return problems


def main():
    fixture, got_file, cafile = sys.argv[1:4]
    msgs = transcript(fixture)
    want = [b for d, b in msgs if d == "S->C"]
    got = [bytes.fromhex(line[2:].strip()) for line in open(got_file) if line.startswith("S ")]
    spki = device = None
    for d, b in msgs:
        for tag, v in elements(b) if d == "C->S" else []:
            if tag == 9:
                spki = v
            if tag == 13:
                device = v.rstrip(b"\0").decode()
    if len(got) != len(want):
        sys.exit("%d server messages, the fixture has %d" % (len(got), len(want)))
    failed = False
    for i, (w, g) in enumerate(zip(want, got), 1):
        for p in compare(w, g, spki, device, cafile):
            print("server message %d (command %d): %s" % (i, w[1], p))
            failed = True
    sys.exit(1 if failed else 0)


main()
