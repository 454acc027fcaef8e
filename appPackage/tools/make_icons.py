#!/usr/bin/env python3
"""Draws the Bitácora Teams icons (a logbook with a compass rose) and writes them as PNG.

Standard library only (zlib + struct), so it runs on any machine with python3 and no imaging package:
    python3 appPackage/tools/make_icons.py            # writes appPackage/color.png and appPackage/outline.png
    python3 appPackage/tools/make_icons.py OUT_DIR    # writes them into OUT_DIR instead

color.png   192x192, full colour, opaque rounded-square background (Teams "color" icon).
outline.png 32x32, white on transparent: every pixel is pure white, only the alpha channel varies (Teams "outline").

Shapes are described in a 0..1 unit square and rasterised with 8x8 supersampling for smooth edges, so the output
is deterministic: re-running the script produces byte-identical files.
"""
from __future__ import annotations

import math
import struct
import sys
import zlib
from pathlib import Path

SUPERSAMPLE = 8

# Palette: deep territorial blue, paper white, a warm accent for the compass's north needle.
BLUE = (14, 74, 122)
BLUE_DARK = (9, 50, 84)
PAPER = (255, 255, 255)
ACCENT = (242, 160, 44)


# ---------------------------------------------------------------- geometry (unit square, y grows downwards)

def rounded_rect(x0, y0, x1, y1, r):
    def inside(x, y):
        if x < x0 or x > x1 or y < y0 or y > y1:
            return False
        cx = min(max(x, x0 + r), x1 - r)
        cy = min(max(y, y0 + r), y1 - r)
        return (x - cx) ** 2 + (y - cy) ** 2 <= r * r
    return inside


def ring(cx, cy, r_outer, r_inner):
    def inside(x, y):
        d2 = (x - cx) ** 2 + (y - cy) ** 2
        return r_inner * r_inner <= d2 <= r_outer * r_outer
    return inside


def disc(cx, cy, r):
    return ring(cx, cy, r, 0.0)


def polygon(points):
    def inside(x, y):
        result = False
        j = len(points) - 1
        for i, (xi, yi) in enumerate(points):
            xj, yj = points[j]
            if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
                result = not result
            j = i
        return result
    return inside


def minus(shape, hole):
    return lambda x, y: shape(x, y) and not hole(x, y)


def union(*shapes):
    return lambda x, y: any(s(x, y) for s in shapes)


def star_points(cx, cy, r_long, r_short, angle_deg):
    """A 4-point compass star rotated by angle_deg; returns the kite of each point separately."""
    kites = []
    for k in range(4):
        a = math.radians(angle_deg + 90 * k)
        tip = (cx + r_long * math.sin(a), cy - r_long * math.cos(a))
        left = (cx + r_short * math.sin(a - math.pi / 4), cy - r_short * math.cos(a - math.pi / 4))
        right = (cx + r_short * math.sin(a + math.pi / 4), cy - r_short * math.cos(a + math.pi / 4))
        kites.append([tip, right, (cx, cy), left])
    return kites


# ---------------------------------------------------------------- rasteriser

def render(size, layers, background=None):
    """layers: list of (rgb, shape). Returns rows of RGBA tuples (straight alpha)."""
    rows = []
    n = SUPERSAMPLE
    for py in range(size):
        row = []
        for px in range(size):
            acc_r = acc_g = acc_b = acc_a = 0.0
            for sy in range(n):
                y = (py + (sy + 0.5) / n) / size
                for sx in range(n):
                    x = (px + (sx + 0.5) / n) / size
                    colour = background
                    for rgb, shape in layers:
                        if shape(x, y):
                            colour = rgb
                    if colour is not None:
                        acc_r += colour[0]
                        acc_g += colour[1]
                        acc_b += colour[2]
                        acc_a += 1.0
            samples = n * n
            if acc_a == 0:
                row.append((255, 255, 255, 0))
            else:
                row.append((round(acc_r / acc_a), round(acc_g / acc_a), round(acc_b / acc_a),
                            round(255 * acc_a / samples)))
        rows.append(row)
    return rows


def write_png(path: Path, rows):
    height = len(rows)
    width = len(rows[0])
    raw = bytearray()
    for row in rows:
        raw.append(0)  # filter: none
        for r, g, b, a in row:
            raw += bytes((r, g, b, a))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)  # 8-bit RGBA
    data = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(bytes(raw), 9)) + chunk(b"IEND", b"")
    path.write_bytes(data)


# ---------------------------------------------------------------- the two icons

def scaled(shape, factor, cx=0.5, cy=0.5):
    """The shape shrunk towards (cx, cy), so the symbol keeps Teams' recommended padding."""
    return lambda x, y: shape(cx + (x - cx) / factor, cy + (y - cy) / factor)


def colour_icon():
    # Full-bleed background: Teams rounds the corners itself. The symbol sits in about the central 60%.
    background = lambda x, y: True
    book = rounded_rect(0.25, 0.17, 0.77, 0.83, 0.045)
    spine = rounded_rect(0.25, 0.17, 0.35, 0.83, 0.045)
    rings = union(*(rounded_rect(0.215, y, 0.30, y + 0.035, 0.017) for y in (0.27, 0.44, 0.61)))
    ribbon = polygon([(0.66, 0.83), (0.71, 0.83), (0.71, 0.92), (0.685, 0.895), (0.66, 0.92)])
    cx, cy = 0.56, 0.50
    dial = ring(cx, cy, 0.175, 0.150)
    kites = star_points(cx, cy, 0.145, 0.045, 0)
    north = polygon(kites[0])
    others = union(*(polygon(k) for k in kites[1:]))
    hub = disc(cx, cy, 0.022)
    symbol = [
        (ACCENT, ribbon),
        (PAPER, book),
        (BLUE_DARK, spine),
        (PAPER, rings),
        (BLUE, dial),
        (BLUE, others),
        (ACCENT, north),
        (PAPER, hub),
    ]
    return [(BLUE, background)] + [(rgb, scaled(shape, 0.78, 0.5, 0.52)) for rgb, shape in symbol]


def outline_icon():
    # A notebook outline with a compass star: white strokes, transparent everywhere else.
    book = minus(rounded_rect(0.16, 0.06, 0.84, 0.94, 0.09), rounded_rect(0.245, 0.145, 0.755, 0.855, 0.04))
    spine = rounded_rect(0.16, 0.06, 0.34, 0.94, 0.08)
    kites = star_points(0.545, 0.50, 0.20, 0.065, 0)
    star = union(*(polygon(k) for k in kites))
    return [(PAPER, union(book, spine, star))]


def main():
    # Optional argument: another output folder (the tests use it to check the committed icons are reproducible).
    here = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent
    here.mkdir(parents=True, exist_ok=True)
    write_png(here / "color.png", render(192, colour_icon()))
    write_png(here / "outline.png", render(32, outline_icon()))
    print(f"wrote {here / 'color.png'} and {here / 'outline.png'}")


if __name__ == "__main__":
    main()
