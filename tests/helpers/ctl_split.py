#!/usr/bin/env python3
"""Independent of ucsh: split a CTL/ITL file into the bytes that were signed
(the file without its SIGNATURE element) and the signature, by walking the
header's TLV elements as CTL-FORMAT.md describes.
usage: ctl_split.py FILE SIGNED_OUT SIGNATURE_OUT"""
import sys

data = open(sys.argv[1], "rb").read()
pos = 0
header_len = None
while header_len is None or pos < header_len:
    tag = data[pos]
    if tag == 13:  # padding: a bare byte
        pos += 1
        continue
    length = int.from_bytes(data[pos + 1:pos + 3], "big")
    value = data[pos + 3:pos + 3 + length]
    if tag == 2:
        header_len = int.from_bytes(value, "big")
    if tag == 12:
        open(sys.argv[2], "wb").write(data[:pos] + data[pos + 3 + length:])
        open(sys.argv[3], "wb").write(value)
        sys.exit(0)
    pos += 3 + length
sys.exit("no signature element")
