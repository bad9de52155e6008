"""Real images for the docs tests, made without an imaging library."""

from __future__ import annotations

import struct
import zlib

RED = b"\xff\x00\x00"
BLUE = b"\x00\x00\x91"


def png(width: int = 3, height: int = 2, colour: bytes = RED) -> bytes:
    """A PNG of ``width`` by ``height`` pixels of one ``colour`` (RGB bytes)."""
    rows = b"".join(b"\x00" + colour * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )
