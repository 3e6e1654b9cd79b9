#!/usr/bin/env python3
"""swap.py A B SECONDS: exchanges paths A and B (renameat2 RENAME_EXCHANGE)
as fast as it can for SECONDS, to race a program that resolves A."""
import ctypes
import sys
import time

libc = ctypes.CDLL(None, use_errno=True)
AT_FDCWD, RENAME_EXCHANGE = -100, 2
a, b = sys.argv[1].encode(), sys.argv[2].encode()
end = time.time() + float(sys.argv[3])
while time.time() < end:
    if libc.renameat2(AT_FDCWD, a, AT_FDCWD, b, RENAME_EXCHANGE) != 0:
        sys.exit(f"renameat2: errno {ctypes.get_errno()}")
