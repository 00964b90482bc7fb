"""Hostile images: every bad file is reported by name and skipped; the scan goes on, in time,
and links are not followed out of the image folder."""

from __future__ import annotations

import io
import json
import os
import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

ASINS = [f"B0IMGS{i:04d}" for i in range(16)]


def _picture(seed: int, mode: str = "RGB") -> Image.Image:
    img = Image.new("RGB", (400, 300), "white")
    d = ImageDraw.Draw(img)
    d.ellipse((40 + seed, 30, 300, 260 - seed), fill=(20 * seed % 255, 90, 160))
    d.rectangle((200, 100 + seed, 380, 200), fill=(200, 40 + seed, 40))
    return img.convert(mode)


def _bomb_png(path: Path, side: int = 11_000) -> None:
    """A tiny PNG that declares side x side pixels (1-bit), streamed so the test stays light."""
    raw_row = b"\x00" + b"\x00" * ((side + 7) // 8)
    comp = zlib.compressobj(9)
    data = b"".join(comp.compress(raw_row) for _ in range(side)) + comp.flush()

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(
            ">I", zlib.crc32(kind + body) & 0xFFFFFFFF)

    ihdr = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", data)
                     + chunk(b"IEND", b""))


@pytest.fixture
def hostile_folder(tmp_path: Path) -> Path:
    images = tmp_path / "images"
    images.mkdir()
    jpeg = io.BytesIO()
    _picture(1).save(jpeg, "JPEG")
    (images / f"{ASINS[0]}.MAIN.jpg").write_bytes(jpeg.getvalue()[: len(jpeg.getvalue()) // 2])
    png = io.BytesIO()
    _picture(2).save(png, "PNG")
    broken = bytearray(png.getvalue())
    broken[29] ^= 0xFF  # inside IHDR: its CRC no longer matches
    (images / f"{ASINS[1]}.MAIN.png").write_bytes(bytes(broken))
    _bomb_png(images / f"{ASINS[2]}.MAIN.png")
    (images / f"{ASINS[3]}.MAIN.jpg").write_bytes(b"")
    (images / f"{ASINS[4]}.MAIN.jpg").write_text("I am text, not a JPEG", encoding="utf-8")
    frames = [_picture(i % 7, "P").resize((64, 48)) for i in range(2000)]
    frames[0].save(images / f"{ASINS[5]}.MAIN.gif", save_all=True, append_images=frames[1:],
                   duration=10)
    Image.new("I;16", (300, 200), 40000).save(images / f"{ASINS[6]}.MAIN.tif")
    _picture(3, "CMYK").save(images / f"{ASINS[7]}.MAIN.jpg")
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90 degrees on display
    _picture(4).save(images / f"{ASINS[8]}.MAIN.jpg", exif=exif)
    (images / "loop").mkdir()
    os.symlink(images, images / "loop" / "back-to-top")
    outside = tmp_path / "outside"
    outside.mkdir()
    _picture(5).save(outside / f"{ASINS[9]}.MAIN.jpg")
    os.symlink(outside / f"{ASINS[9]}.MAIN.jpg", images / f"{ASINS[9]}.MAIN.jpg")
    spaced = images / f"{ASINS[10]} folder with spaces ünï"
    spaced.mkdir()
    _picture(6).save(images / f"{ASINS[10]}.PT01 copy ☃.jpg")
    _picture(7).save(images / f"{ASINS[11]}..MAIN.jpg")
    return tmp_path


def test_every_bad_image_is_named_and_the_scan_goes_on(hostile_folder: Path, run_cli) -> None:
    catalog = hostile_folder / "catalog.txt"
    catalog.write_text("seller-sku\titem-name\tasin1\n" + "".join(
        f"S{i}\tProduct {i}\t{asin}\n" for i, asin in enumerate(ASINS)), encoding="utf-8")
    assets = hostile_folder / "assets" / "owner"
    assets.mkdir(parents=True)
    _picture(9).save(assets / "art.png")
    out = hostile_folder / "r.json"
    done = run_cli("scan", str(catalog), "--images", str(hostile_folder / "images"), "--assets",
                   str(hostile_folder / "assets"), "--no-default-brands", "--json", str(out),
                   outputs=(out,))
    assert done.code == 0, done.text
    data = json.loads(out.read_text("utf-8"))
    assert len(data["listings"]) == len(ASINS)
    skipped = {Path(s["file"]).name: s["reason"] for s in data["skipped"]}
    for bad in (f"{ASINS[0]}.MAIN.jpg", f"{ASINS[1]}.MAIN.png", f"{ASINS[2]}.MAIN.png",
                f"{ASINS[3]}.MAIN.jpg", f"{ASINS[4]}.MAIN.jpg"):
        assert bad in skipped, (bad, skipped)
    assert "pixels" in skipped[f"{ASINS[2]}.MAIN.png"]
    for good in (f"{ASINS[5]}.MAIN.gif", f"{ASINS[6]}.MAIN.tif", f"{ASINS[7]}.MAIN.jpg",
                 f"{ASINS[8]}.MAIN.jpg"):
        assert good not in skipped, (good, skipped[good])
    # The link out of the folder was not followed: that listing has no image from outside.
    files = [f["path"] for f in data["run"]["files"] if f["kind"] == "image"]
    assert not any("outside" in f for f in files)
    assert not any(f"{ASINS[9]}" in Path(f).name for f in files)
