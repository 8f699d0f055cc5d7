"""A small PNG writer for test inputs libpng writers will not make on purpose: any colour type,
bit depth and Adam7 interlacing, and the raw chunks to corrupt (CRC, truncation).

Written from the PNG specification (ISO/IEC 15948): signature, IHDR, optional PLTE, one IDAT of
zlib-compressed filtered scanlines (filter type 0), IEND; each chunk is length, type, data, CRC-32
of type and data.
"""

from __future__ import annotations

import struct
import zlib

import numpy as np

SIGNATURE = b"\x89PNG\r\n\x1a\n"
GRAY, RGB, PALETTE, GRAY_ALPHA, RGBA = 0, 2, 3, 4, 6
SAMPLES = {GRAY: 1, RGB: 3, PALETTE: 1, GRAY_ALPHA: 2, RGBA: 4}

# Adam7 passes: (x start, y start, x step, y step).
ADAM7 = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]


def chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def _scanlines(pixels: np.ndarray, bit_depth: int) -> bytes:
    """Filter type 0 scanlines of an image (rows, columns[, samples]) of 8- or 16-bit samples."""
    dtype = ">u2" if bit_depth == 16 else "u1"
    rows = pixels.reshape(pixels.shape[0], -1).astype(dtype)
    return b"".join(b"\x00" + row.tobytes() for row in rows)


def encode(pixels: np.ndarray, bit_depth: int = 8, color_type: int = GRAY, interlace: bool = False,
           palette: bytes | None = None) -> bytes:
    """PNG bytes of `pixels`: (height, width) for one sample, (height, width, samples) for more."""
    assert bit_depth in (8, 16)
    height, width = pixels.shape[:2]
    ihdr = struct.pack(">IIBBBBB", width, height, bit_depth, color_type, 0, 0, 1 if interlace else 0)
    if interlace:
        raw = b""
        for x0, y0, dx, dy in ADAM7:
            sub = pixels[y0::dy, x0::dx]
            if sub.shape[0] and sub.shape[1]:
                raw += _scanlines(sub, bit_depth)
    else:
        raw = _scanlines(pixels, bit_depth)
    body = chunk(b"IHDR", ihdr)
    if color_type == PALETTE:
        body += chunk(b"PLTE", palette if palette is not None else bytes(range(256)) * 3)
    return SIGNATURE + body + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


def gray_ramp(width: int, height: int, bit_depth: int = 16, seed: int = 0) -> np.ndarray:
    """A deterministic grayscale test image with distinct values."""
    y, x = np.mgrid[0:height, 0:width]
    top = (1 << bit_depth) - 1
    return ((x * 37 + y * 101 + seed * 13) % (top + 1)).astype(np.uint16)


def corrupt_idat_crc(png: bytes) -> bytes:
    """The same PNG with one bit of the IDAT chunk's CRC flipped."""
    at = png.index(b"IDAT")
    length = struct.unpack(">I", png[at - 4:at])[0]
    crc_at = at + 4 + length
    return png[:crc_at] + bytes([png[crc_at] ^ 0x01]) + png[crc_at + 1:]
