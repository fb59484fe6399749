#!/usr/bin/env python3
"""Draws the app icons into public/icons/: a white cross on the app's accent blue (#0b5cad,
--accent in public/style.css). icon-192.png and icon-512.png are rounded squares on a
transparent background; maskable-512.png fills the whole square and keeps the cross inside
the central safe zone (a circle of 40 % of the size), as maskable icons must.
Usage: make-icons.py [OUT_DIR]. Python standard library only (zlib, struct); deterministic,
so running it again gives the same bytes."""

import struct
import sys
import zlib
from pathlib import Path

ACCENT = (0x0B, 0x5C, 0xAD)
WHITE = (0xFF, 0xFF, 0xFF)
SAMPLES = 4  # 4 x 4 samples per pixel: smooth edges


def png(width, height, rows):
    """rows: list of bytes, RGBA, one per line."""
    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

    raw = b"".join(b"\x00" + row for row in rows)  # filter type 0 on every line
    return (b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw, 9))
            + chunk(b"IEND", b""))


def inside_rounded_square(x, y, size, radius):
    if radius == 0:
        return 0 <= x <= size and 0 <= y <= size
    cx = min(max(x, radius), size - radius)
    cy = min(max(y, radius), size - radius)
    return (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2


def inside_cross(x, y, size, arm, thickness):
    """A plus sign centred in the square: arms `arm` long from the centre, `thickness` wide."""
    c = size / 2
    dx, dy = abs(x - c), abs(y - c)
    return (dx <= thickness / 2 and dy <= arm) or (dy <= thickness / 2 and dx <= arm)


def draw(size, maskable):
    radius = 0 if maskable else size * 0.18
    # Maskable: the cross fits in the safe circle of radius 0.4 * size.
    arm = size * (0.26 if maskable else 0.32)
    thickness = size * (0.17 if maskable else 0.21)
    rows = []
    step = 1 / SAMPLES
    offsets = [(i + 0.5) * step for i in range(SAMPLES)]
    for py in range(size):
        row = bytearray()
        for px in range(size):
            bg = cross = 0
            for oy in offsets:
                for ox in offsets:
                    x, y = px + ox, py + oy
                    if inside_rounded_square(x, y, size, radius):
                        bg += 1
                        if inside_cross(x, y, size, arm, thickness):
                            cross += 1
            n = SAMPLES * SAMPLES
            if bg == 0:
                row += b"\x00\x00\x00\x00"
                continue
            # Colour: the cross's share of the covered samples; alpha: the covered share.
            t = cross / bg
            rgb = [round(a * (1 - t) + b * t) for a, b in zip(ACCENT, WHITE)]
            row += bytes(rgb + [round(255 * bg / n)])
        rows.append(bytes(row))
    return png(size, size, rows)


def main():
    out = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent / "public/icons")
    out.mkdir(parents=True, exist_ok=True)
    for name, size, maskable in [("icon-192.png", 192, False), ("icon-512.png", 512, False),
                                 ("maskable-512.png", 512, True)]:
        data = draw(size, maskable)
        (out / name).write_bytes(data)
        print(f"{out / name}: {size}x{size}, {len(data)} bytes")


if __name__ == "__main__":
    main()
