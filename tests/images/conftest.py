"""Image factories for the images tests: every picture is drawn with Pillow into tmp_path.

The artworks are deliberately busy (several shapes, a gradient, text) and asymmetric: pHashes
of one flat shape on white collide easily, which would make "does not match" assertions
meaningless, and a symmetric logo would make the mirror test meaningless.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont, ImageOps

from listing_audit.config import load_rules
from listing_audit.images.assets import find_assets
from listing_audit.images.detect import AssetIndex, build_asset_index


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.load_default(size=size)


def draw_acme_logo() -> Image.Image:
    """A 300x300 RGBA logo on a transparent background: the 'acme-studios' asset."""
    img = Image.new("RGBA", (300, 300), (0, 0, 0, 0))
    draw = ImageDraw.Draw(img)
    draw.ellipse((20, 20, 150, 150), fill=(220, 30, 30, 255))
    draw.polygon([(170, 30), (280, 60), (210, 170)], fill=(20, 60, 200, 255))
    draw.rectangle((30, 190, 120, 280), fill=(30, 160, 60, 255))
    draw.text((135, 200), "ACME", fill=(0, 0, 0, 255), font=_font(48))
    draw.line((10, 290, 290, 175), fill=(250, 180, 0, 255), width=9)
    return img


def draw_zeta_logo() -> Image.Image:
    """A second, unrelated asset: stripes and rings, bottom-heavy."""
    img = Image.new("RGBA", (300, 300), (0, 0, 0, 0))
    draw = ImageDraw.Draw(img)
    for i in range(6):
        draw.rectangle((0, 140 + i * 26, 300, 152 + i * 26), fill=(90, 0, 120 + i * 20, 255))
    for r in (110, 80, 50):
        draw.ellipse((150 - r, 70 - r // 2, 150 + r, 70 + r // 2), outline=(0, 0, 0, 255), width=8)
    draw.text((200, 10), "Zq", fill=(200, 0, 0, 255), font=_font(40))
    return img


def draw_unrelated(kind: int, size: int = 800) -> Image.Image:
    """Listing pictures that copy nothing: a checkerboard, a gradient with a product-like
    blob, text-only packaging, and a photo-like smooth noise field."""
    if kind == 0:
        tiles = (np.indices((8, 8)).sum(axis=0) % 2 * 200 + 30).astype(np.uint8)
        arr = np.kron(tiles, np.ones((size // 8, size // 8), dtype=np.uint8))
        return Image.fromarray(arr).convert("RGB")
    if kind == 1:
        ramp = np.linspace(0, 255, size, dtype=np.float64)
        arr = np.stack(
            [
                np.tile(ramp, (size, 1)),
                np.tile(ramp[:, None], (1, size)),
                np.full((size, size), 90),
            ],
            axis=2,
        ).astype(np.uint8)
        img = Image.fromarray(arr)
        ImageDraw.Draw(img).ellipse((size // 3, size // 2, size - 40, size - 40), fill=(0, 0, 0))
        return img
    if kind == 2:
        img = Image.new("RGB", (size, size), "white")
        draw = ImageDraw.Draw(img)
        for row, word in enumerate(("Organic", "Bamboo", "Cutting", "Board", "Set of 3")):
            draw.text((40, 40 + row * 140), word, fill=(60, 40, 20), font=_font(110))
        return img
    rng = np.random.default_rng(7)
    coarse = rng.integers(0, 256, size=(6, 6, 3), dtype=np.uint8)
    return Image.fromarray(coarse).resize((size, size), Image.Resampling.BICUBIC)


def paste_on_canvas(art: Image.Image, scale: float = 0.5, canvas: int = 1500) -> Image.Image:
    """`art` resized by `scale` and pasted centred on a white square canvas, as a seller
    would put a downloaded logo on a product photo template."""
    small = art.resize(
        (round(art.width * scale), round(art.height * scale)), Image.Resampling.LANCZOS
    )
    out = Image.new("RGB", (canvas, canvas), "white")
    mask = small.getchannel("A") if small.mode == "RGBA" else None
    out.paste(
        small.convert("RGB"), ((canvas - small.width) // 2, (canvas - small.height) // 2), mask
    )
    return out


def save_jpeg_copy(art: Image.Image, path: Path, mirror: bool = False) -> Path:
    """A listing image copying `art`: half size on a 1500x1500 white canvas, JPEG quality 60."""
    img = paste_on_canvas(art)
    if mirror:
        img = ImageOps.mirror(img)
    path.parent.mkdir(parents=True, exist_ok=True)
    img.save(path, "JPEG", quality=60)
    return path


def write_bilevel_png(path: Path, width: int, height: int) -> Path:
    """A valid all-black 1-bit PNG of any size, streamed so it never exists in memory: a
    12000x12000 image is about 20 KB on disk (a decompression bomb)."""
    row = b"\x00" * (1 + (width + 7) // 8)  # filter byte + packed bits
    packer = zlib.compressobj(9)
    chunks = [packer.compress(row * 500) for _ in range(height // 500)]
    chunks.append(packer.compress(row * (height % 500)))
    chunks.append(packer.flush())

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", b"".join(chunks))
        + chunk(b"IEND", b"")
    )
    return path


@pytest.fixture
def acme_logo() -> Image.Image:
    return draw_acme_logo()


@pytest.fixture
def zeta_logo() -> Image.Image:
    return draw_zeta_logo()


@pytest.fixture
def touch() -> Callable[[Path], Path]:
    """Create a small real image file at a path (parents too); returns the path."""

    def make(path: Path) -> Path:
        path.parent.mkdir(parents=True, exist_ok=True)
        fmt = {".jpg": "JPEG", ".jpeg": "JPEG"}.get(path.suffix.lower(), None)
        Image.new("RGB", (8, 8), (200, 10, 10)).save(path, fmt or "PNG")
        return path

    return make


@pytest.fixture
def jpeg_copy() -> Callable[..., Path]:
    return save_jpeg_copy


@pytest.fixture
def unrelated() -> Callable[..., Image.Image]:
    return draw_unrelated


@pytest.fixture
def bilevel_png() -> Callable[[Path, int, int], Path]:
    return write_bilevel_png


@pytest.fixture
def canvas() -> Callable[..., Image.Image]:
    return paste_on_canvas


@pytest.fixture(scope="module")
def logo_index(tmp_path_factory: pytest.TempPathFactory) -> AssetIndex:
    """The acme and zeta logos as protected assets, indexed with the bundled rules."""
    root = tmp_path_factory.mktemp("assets")
    (root / "acme-studios").mkdir()
    (root / "zeta-arts").mkdir()
    draw_acme_logo().save(root / "acme-studios" / "logo.png")
    draw_zeta_logo().save(root / "zeta-arts" / "rings.png")
    built, skipped = build_asset_index(find_assets([root]), load_rules().image)
    assert skipped == []
    return built
