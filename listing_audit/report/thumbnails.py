"""Small PNG thumbnails for the `Image matches` sheet: a person judges a match in a second.

The files were decoded once already by the image stage; here only the few matched ones are opened
again, at reduced scale (JPEG draft mode), behind the same pixel cap, and any failure just leaves
the cell without a picture.
"""

from __future__ import annotations

import io
import warnings
from pathlib import Path

from PIL import Image, ImageOps

THUMB_PX = 110
MAX_PIXELS = 100_000_000
_FORMATS = ["JPEG", "PNG", "WEBP", "GIF", "BMP", "TIFF"]


def thumbnail_png(path: str | Path, size: int = THUMB_PX) -> bytes | None:
    """PNG bytes of the image shrunk to fit `size` x `size` on white, or None if unreadable."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path, formats=_FORMATS) as img:
                if img.width * img.height > MAX_PIXELS:
                    return None
                img.draft("RGB", (size * 2, size * 2))
                img.seek(0)
                picture = ImageOps.exif_transpose(img.convert("RGBA"))
        picture.thumbnail((size, size))
        canvas = Image.new("RGB", picture.size, (255, 255, 255))
        canvas.paste(picture, (0, 0), picture)
        out = io.BytesIO()
        canvas.save(out, format="PNG", optimize=True)
        return out.getvalue()
    except (
        OSError,
        ValueError,
        SyntaxError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
    ):
        return None
