"""Turn any listing or asset image file into one comparable RGB picture, or say plainly why not.

Listing folders hold whatever sellers downloaded or exported: progressive and CMYK JPEGs from
print shops, phone photos rotated by an EXIF tag, palette and animated GIFs, 16-bit PNGs,
logos with alpha, half-downloaded files and the occasional text file named `.jpg`. Each is
either decoded into an 8-bit RGB image on a white background (how Amazon shows it), or becomes
an `ImageDecodeError` whose reason is shown to the seller as a "skipped" line; one bad file
never stops a scan (STYLE.md, "Per-item problems never abort").

Safety (HAZARDS.md, Images): only the decoders of formats a listing image can be are allowed to
run, the pixel count is checked against the configured cap before any pixel data is decoded,
Pillow's `DecompressionBombWarning` is an error, and `LOAD_TRUNCATED_IMAGES` is never set.
"""

from __future__ import annotations

import re
import struct
import warnings
from pathlib import Path

import numpy as np
from PIL import Image, ImageChops, ImageOps, UnidentifiedImageError

#: Pillow format names a listing image can be (Amazon accepts JPEG, PNG, GIF and TIFF; sellers
#: also keep WebP and BMP). "JPEG" also opens MPO, the multi-picture JPEG phones write (Pillow
#: registers no separate MPO opener).
LISTING_FORMATS: tuple[str, ...] = ("JPEG", "PNG", "WEBP", "GIF", "BMP", "TIFF")

#: Amazon shows listing images on white, so transparency is flattened onto white.
BACKGROUND: tuple[int, int, int] = (255, 255, 255)

_PILLOW_PIXELS = re.compile(r"\((\d+) pixels\)")
_ALPHA_MODES = frozenset({"RGBA", "LA", "PA", "RGBa", "La"})
_DEEP_MODES = frozenset({"I;16", "I;16L", "I;16B", "I;16N", "I", "F"})
#: The background border is found on a copy reduced to about this many pixels on its long side
#: (a box filter, `Image.reduce`): the box is then off by at most the reduction factor.
TRIM_SIDE = 300
#: Rec. 601 luma weights, the brightness Pillow's own "L" conversion uses.
_LUMA = np.array([0.299, 0.587, 0.114])


class ImageDecodeError(Exception):
    """A file that cannot be used as an image; `reason` says why in plain words."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _millions(pixels: int) -> str:
    value = pixels / 1_000_000
    return f"{value:.0f} million" if value >= 10 else f"{value:.1f} million"


def _too_big(pixels: int, max_pixels: int, size: tuple[int, int] | None = None) -> str:
    shape = f"{size[0]}x{size[1]} = " if size else ""
    return (
        f"image is {shape}{_millions(pixels)} pixels, above the limit of "
        f"{_millions(max_pixels)} (decompression bomb guard)"
    )


def load_image(
    path: Path, max_pixels: int, draft_size: int = 512, keep_alpha: bool = False
) -> Image.Image:
    """Decode `path` into an RGB image, or raise `ImageDecodeError` with a plain reason.

    Steps, each for a reason:
    - the size from the header is checked against `max_pixels` before decoding, because a
      12 KB PNG can declare 10,000 x 10,000 pixels and allocate hundreds of MB on load;
    - JPEGs decode in draft mode at 1/2, 1/4 or 1/8 scale, never below `draft_size` on either
      side: the perceptual hash looks at 32x32 pixels, so full 10,000 px decodes are waste;
    - only the first frame of an animated GIF/WebP/PNG is used (it is what search shows);
    - the EXIF orientation is applied, so a phone photo compares the way it is displayed;
    - palette, CMYK, 16-bit and grey images become 8-bit RGB; transparency is flattened
      onto white, unless `keep_alpha` (assets: `to_rgb` flattens them on other backgrounds
      too), when a picture with transparency comes back as RGBA.

    Pillow's own bomb guard fires at `Image.MAX_IMAGE_PIXELS` (about 89 million pixels), below
    the default cap of 100 million that lets through Amazon's largest 10,000 x 10,000 images.
    Its warning is therefore an error unless the image is within `max_pixels`, in which case
    the file is opened again with the warning silenced. Pillow's hard limit (twice its
    warning limit) is always an error.
    """
    try:
        if path.stat().st_size == 0:
            raise ImageDecodeError("empty file (0 bytes)")
    except OSError as exc:
        raise ImageDecodeError(f"cannot be read ({exc.strerror or exc})") from None
    try:
        return _decode(path, max_pixels, draft_size, keep_alpha, bomb_warning_is_error=True)
    except Image.DecompressionBombWarning as exc:
        pixels = _pillow_pixels(exc)
        if pixels is None or pixels > max_pixels:
            raise ImageDecodeError(_too_big(pixels or 0, max_pixels)) from None
        return _decode(path, max_pixels, draft_size, keep_alpha, bomb_warning_is_error=False)


def _pillow_pixels(exc: Exception) -> int | None:
    match = _PILLOW_PIXELS.search(str(exc))
    return int(match.group(1)) if match else None


def _decode(
    path: Path, max_pixels: int, draft_size: int, keep_alpha: bool, *, bomb_warning_is_error: bool
) -> Image.Image:
    """One attempt at decoding; every Pillow failure becomes an `ImageDecodeError`."""
    with warnings.catch_warnings():
        if bomb_warning_is_error:
            warnings.simplefilter("error", Image.DecompressionBombWarning)
        else:
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            with path.open("rb") as fh, Image.open(fh, formats=LISTING_FORMATS) as img:
                width, height = img.size
                if width * height > max_pixels:
                    raise ImageDecodeError(_too_big(width * height, max_pixels, img.size))
                img.draft("RGB", (draft_size, draft_size))  # a no-op for non-JPEG formats
                img.seek(0)
                img.load()
                upright = _upright(img)
                if keep_alpha and _has_alpha(upright) and upright.mode not in _DEEP_MODES:
                    return upright.convert("RGBA")
                return to_rgb(upright)
        except (ImageDecodeError, Image.DecompressionBombWarning):
            raise
        except Image.DecompressionBombError as exc:
            raise ImageDecodeError(_too_big(_pillow_pixels(exc) or 0, max_pixels)) from None
        except UnidentifiedImageError:
            raise ImageDecodeError(
                "not an image file (or not JPEG, PNG, WebP, GIF, BMP or TIFF)"
            ) from None
        except (FileNotFoundError, PermissionError, IsADirectoryError) as exc:
            raise ImageDecodeError(f"cannot be read ({exc.strerror or exc})") from None
        except (OSError, SyntaxError, EOFError, struct.error, IndexError) as exc:
            # Truncated JPEGs fail at load() with OSError; broken PNG chunks raise OSError or
            # SyntaxError; broken GIF/TIFF structures raise EOFError, struct.error, IndexError.
            raise ImageDecodeError(f"truncated or corrupt image data ({exc})") from None
        except (ValueError, TypeError, ZeroDivisionError, MemoryError) as exc:
            raise ImageDecodeError(f"image data cannot be decoded ({exc})") from None


def _upright(img: Image.Image) -> Image.Image:
    """The image as displayed: EXIF orientation applied. A broken EXIF block is ignored
    rather than skipping the picture: the pixels are still worth comparing."""
    try:
        return ImageOps.exif_transpose(img)
    except Exception:  # noqa: BLE001 - Pillow's EXIF parser raises many types on bad data
        return img.copy()


def _has_alpha(img: Image.Image) -> bool:
    return img.mode in _ALPHA_MODES or "transparency" in img.info


def to_rgb(img: Image.Image, background: tuple[int, int, int] = BACKGROUND) -> Image.Image:
    """8-bit RGB from any Pillow mode: 16/32-bit grey is scaled (not clipped) to 8 bits, CMYK
    and palette are converted, transparency is composited onto `background` (white)."""
    if img.mode in _DEEP_MODES:
        img = _deep_to_l(img)
    if _has_alpha(img):
        rgba = img.convert("RGBA")
        canvas = Image.new("RGBA", rgba.size, (*background, 255))
        canvas.alpha_composite(rgba)
        return canvas.convert("RGB")
    return img.convert("RGB")


#: Why a protected image is left out when nothing is drawn in it (`is_blank`).
BLANK_ASSET = (
    "the picture is blank (fully transparent, or one flat colour): there is nothing in it to "
    "match, and as an asset it would match every plain picture; it is left out. Check that "
    "the right file was exported"
)


def is_blank(img: Image.Image, tolerance: int) -> bool:
    """Whether nothing is drawn in the picture: flattened on white and on black alike, no
    channel of any pixel differs from another's by more than `tolerance`. Real clip art holds
    such files (a light bulb whose every pixel is fully transparent); as an asset its hash,
    that of a flat picture, matched 38 of 2,000 clean images of real clip-art seed 8 (32 of
    its 400 smooth scenes), most at distance 0. Judged on a copy reduced to about `TRIM_SIDE`
    pixels by averaging, so a stray pixel does not count but a drawing of thin lines does."""
    factor = max(1, max(img.size) // TRIM_SIDE)
    # Without transparency, the picture is the same on any background: one look will do.
    backgrounds = ((255, 255, 255), (0, 0, 0)) if _has_alpha(img) else ((255, 255, 255),)
    for background in backgrounds:
        flat = to_rgb(img, background)
        pixels = np.asarray(flat.reduce(factor) if factor > 1 else flat).reshape(-1, 3)
        if int(np.ptp(pixels.astype(np.int16), axis=0).max()) > tolerance:
            return False
    return True


def _deep_to_l(img: Image.Image) -> Image.Image:
    """16-bit, 32-bit and float grey to 8-bit. Pillow's own conversion clips values above 255,
    which would turn a 16-bit PNG white."""
    arr = np.asarray(img, dtype=np.float64)
    if img.mode.startswith("I;16"):
        arr = arr / 257.0
    elif img.mode == "I":
        arr = np.clip(arr, 0, 65535) / 257.0 if arr.max(initial=0) > 255 else arr
    elif arr.max(initial=0) <= 1.0:  # "F" images are usually 0..1
        arr = arr * 255.0
    return Image.fromarray(np.clip(np.rint(arr), 0, 255).astype(np.uint8))


def trim_border(img: Image.Image, tolerance: int, passes: int = 4) -> Image.Image:
    """Crop away a uniform background border, so a logo on a big canvas compares with the
    tight-cropped logo file it was copied from.

    The background colour is the per-channel median of the 1-pixel outer frame, not assumed
    white: brightened or re-encoded product photos sit on off-white or grey. A pixel is
    content when its brightness (Rec. 601 luma) differs from the background's by more than
    `tolerance`, or any one channel differs by more than twice `tolerance`. Why not "any
    channel by `tolerance`": JPEG keeps colour at half resolution (4:2:0) and quantises it
    harder, so colour ringing spreads several pixels past saturated edges and widens the box.
    Measured on a purple-striped 300 px logo pasted at half size into a 1500 px canvas, JPEG
    quality 60: per-channel test 18 bits of pHash from the original, this test 2 bits; a
    pale-yellow logo is still found through the doubled per-channel test.

    A row or column counts only when it holds at least `min(h, w) // 250` (and 2) content
    pixels, so an isolated speck of dust or noise near the edge does not stop the crop. If
    nothing differs, the image is returned unchanged.

    A border is cut only where one is: at least two whole sides of the picture in the
    background colour (a canvas has four, letterbox bars two). Full-bleed artwork with a flat
    band along one edge (a print's ground, a photo's foreground) keeps its band: cutting it
    made the asset's hash differ from a turned copy's, which keeps the band.

    The crop is repeated (up to `passes` times) while it takes bars off two opposite sides: a
    main image letterboxed onto black bars loses the bars first (they are the frame's majority
    colour, as bars always are: they fill two whole sides), then its white canvas. Once a crop
    comes from all four sides the canvas is gone and trimming stops, so an emblem on a plate of
    one colour keeps its plate (cut again, the asset lost its plate, then its outer shapes,
    while a copy drawn at another size stopped earlier: 50 bits apart). For speed the box is
    found on a copy reduced to about `TRIM_SIDE` pixels, with Pillow's per-band lookup tables
    rather than numpy arithmetic: about 1.5 ms instead of 45 ms on a 750 px picture.
    """
    box = trim_box(img, tolerance, passes)
    if box is None:
        return img
    return (img if img.mode == "RGB" else img.convert("RGB")).crop(box)


def trim_box(
    img: Image.Image,
    tolerance: int,
    passes: int = 4,
    colour: bool = True,
    past_canvas: bool = False,
) -> tuple[int, int, int, int] | None:
    """The box `trim_border` crops to, or None when nothing comes off (an asset's
    transparency mask is cropped with the same box as its pixels).

    `colour=False` judges content by brightness alone. Artwork framed by one flat colour (an
    emblem on a coloured plate) loses its plate when its shapes differ from the plate in
    colour, but a grey copy of it, whose shapes then differ by a few grey levels, keeps the
    plate. `past_canvas=True` goes on trimming after a canvas came off all round (a plate
    of one colour inside it is cut too). Whether a flat frame is background or artwork is
    often undecidable from one picture, so an asset is hashed under each of these trims
    (`features.compute_asset_features`) and a copy, trimmed one way, meets its own."""
    rgb = img if img.mode == "RGB" else img.convert("RGB")
    factor = max(1, max(rgb.size) // TRIM_SIDE)
    small = rgb.reduce(factor) if factor > 1 else rgb
    x0, y0 = 0, 0
    for number in range(passes):
        if number == 0:
            box = _content_box(small, tolerance, strict=True, colour=colour)
        else:
            # The outer line of a crop can mix border and canvas (the reduction averages
            # them): look inside it.
            inner = _content_box(
                small.crop((1, 1, small.width - 1, small.height - 1)),
                tolerance,
                strict=True,
                colour=colour,
            )
            box = (
                None if inner is None else (inner[0] + 1, inner[1] + 1, inner[2] + 1, inner[3] + 1)
            )
        if box is None:
            break
        bars = _spans(box, small.size)
        small = small.crop(box)
        x0, y0 = x0 + box[0], y0 + box[1]
        if not bars and not past_canvas:  # a canvas came off all round: the picture is left
            break
    if small.size == rgb.size or (x0, y0, small.width, small.height) == (0, 0, *_ceil(rgb, factor)):
        return None
    width, height = rgb.size
    return (
        x0 * factor,
        y0 * factor,
        min(width, (x0 + small.width) * factor),
        min(height, (y0 + small.height) * factor),
    )


def _spans(box: tuple[int, int, int, int], size: tuple[int, int], slack: int = 1) -> bool:
    """Whether a crop took bars off two opposite sides only (it keeps the full width or the
    full height, give or take `slack` pixels): letterbox bars, behind which a canvas may
    still wait. A crop from all four sides took the canvas itself; cropping again would cut
    into artwork that sits on a plate of one colour, and a copy, drawn at another size, would
    not be cut the same way."""
    x0, y0, x1, y1 = box
    width, height = size
    full_width = x0 <= slack and x1 >= width - slack
    full_height = y0 <= slack and y1 >= height - slack
    return full_width or full_height


def _ceil(img: Image.Image, factor: int) -> tuple[int, int]:
    """Size of `img.reduce(factor)`."""
    return (-(-img.width // factor), -(-img.height // factor))


def _content_box(
    rgb: Image.Image, tolerance: int, strict: bool = False, colour: bool = True
) -> tuple[int, int, int, int] | None:
    """The box of content against the frame's median colour, or None when it is the whole
    picture or there is no content at all. `strict` (`trim_box` asks it on every pass) also
    needs two whole sides of the frame in the background colour: a border to remove has
    them (bars, a canvas), while a picture already cropped tight, or full-bleed artwork,
    touches them."""
    width, height = rgb.size
    if height < 3 or width < 3:
        return None
    arr = np.asarray(rgb)
    sides = (arr[0], arr[-1], arr[:, 0], arr[:, -1])
    frame = np.concatenate((arr[0], arr[-1], arr[1:-1, 0], arr[1:-1, -1]))
    background = np.median(frame, axis=0)
    if strict:
        plain = sum(
            float(np.mean(np.abs(side.astype(np.int16) - background).max(axis=1) <= tolerance))
            >= 0.95
            for side in sides
        )
        if plain < 2:
            return None
    levels = np.arange(256, dtype=np.float64)
    luma_bg = float(background @ _LUMA)
    grey = rgb.convert("L").point((np.abs(levels - luma_bg) > tolerance).astype(int).tolist())
    content = np.asarray(grey)
    if colour:
        table: list[int] = []
        for channel in range(3):
            far = np.abs(levels - background[channel]) > 2 * tolerance
            table.extend(far.astype(int).tolist())
        bands = rgb.point(table).split()
        coloured = ImageChops.lighter(ImageChops.lighter(bands[0], bands[1]), bands[2])
        content = np.maximum(np.asarray(coloured), content)
    need = max(2, min(height, width) // 250)
    rows = np.flatnonzero(np.count_nonzero(content, axis=1) >= need)
    cols = np.flatnonzero(np.count_nonzero(content, axis=0) >= need)
    if rows.size == 0 or cols.size == 0:
        return None
    box = (int(cols[0]), int(rows[0]), int(cols[-1]) + 1, int(rows[-1]) + 1)
    return None if box == (0, 0, width, height) else box


#: A trimmed picture is a turned rectangle (a photo or print rotated a few degrees) when its
#: content fills at least this share of its smallest enclosing rotated rectangle ...
TURNED_FILL = 0.9
#: ... turned by more than `TURNED_MIN` and at most `TURNED_MAX` degrees.
TURNED_MIN, TURNED_MAX = 1.0, 20.0
#: Long side, in pixels, the straightened picture is made at: the hashes need 32 x 32.
TURNED_SIDE = 384


def _row_ends(mask: np.ndarray) -> np.ndarray:
    """The first and last set pixel of every row of `mask`, as (n, 1, 2) int32 points: their
    convex hull is that of all set pixels, so `cv2.minAreaRect` gives the same rectangle from
    a few hundred points instead of every pixel (11 ms of a 36 ms feature pass before)."""
    rows = np.flatnonzero(mask.any(axis=1))
    lines = mask[rows].astype(bool)
    first = lines.argmax(axis=1)
    last = mask.shape[1] - 1 - lines[:, ::-1].argmax(axis=1)
    points = np.concatenate([np.stack([first, rows], axis=1), np.stack([last, rows], axis=1)])
    return points.astype(np.int32).reshape(-1, 1, 2)


def straighten(img: Image.Image, tolerance: int) -> Image.Image | None:
    """A trimmed picture whose content is a turned rectangle, turned back upright and cut to
    that rectangle; None when the content is not one (a logo's own outline, an upright
    picture).

    Whole-picture hashes do not survive rotation: a photo or print pasted on a canvas turned by
    5 degrees is 30-45 bits from its own hash. Keypoints find most of them, but smooth artwork
    (a photo-like print, a flat emblem on a plate) has too few corners. Its outline, though, is
    a rectangle: the smallest rotated rectangle around the content (`cv2.minAreaRect`) gives the
    angle, and the content must fill it (`TURNED_FILL`) so a round or irregular logo, whose
    enclosing rectangle's angle means nothing, is left to the keypoints."""
    import cv2

    rgb = img if img.mode == "RGB" else img.convert("RGB")
    scale = min(1.0, TURNED_SIDE / max(rgb.size))
    small = rgb.resize(
        (max(1, round(rgb.width * scale)), max(1, round(rgb.height * scale))),
        Image.Resampling.BILINEAR,
        reducing_gap=2.0,
    )
    arr = np.asarray(small)
    if min(arr.shape[:2]) < 16:
        return None
    frame = np.concatenate((arr[0], arr[-1], arr[1:-1, 0], arr[1:-1, -1]))
    background = np.median(frame, axis=0)
    # In uint8 with OpenCV: the numpy int16/float version of these two lines took 5 ms.
    diff = cv2.absdiff(arr, np.full_like(arr, np.round(background).astype(np.uint8)))
    far = np.maximum(np.maximum(diff[..., 0], diff[..., 1]), diff[..., 2])
    grey = cv2.cvtColor(arr, cv2.COLOR_RGB2GRAY)
    luma = cv2.absdiff(grey, np.full_like(grey, round(float(background @ _LUMA))))
    raw = ((luma > tolerance) | (far > 2 * tolerance)).astype(np.uint8)
    mask = np.asarray(cv2.morphologyEx(raw, cv2.MORPH_OPEN, np.ones((3, 3), np.uint8)))
    filled = cv2.countNonZero(mask)
    if filled < 64:
        return None
    (cx, cy), (w, h), angle = cv2.minAreaRect(_row_ends(mask))
    while angle > 45:  # OpenCV versions differ ([-90, 0) or (0, 90]): fold into (-45, 45]
        angle, w, h = angle - 90, h, w
    while angle <= -45:
        angle, w, h = angle + 90, h, w
    if not (TURNED_MIN < abs(angle) <= TURNED_MAX) or w * h <= 0:
        return None
    if filled < TURNED_FILL * w * h:
        return None
    turn = cv2.getRotationMatrix2D((cx, cy), angle, 1.0)
    upright = cv2.warpAffine(
        arr, turn, (arr.shape[1], arr.shape[0]), flags=cv2.INTER_LINEAR, borderValue=(255, 255, 255)
    )
    # Inside the rectangle only, a pixel short of its edge (smoothed with the background).
    cut = cv2.getRectSubPix(upright, (max(1, int(w) - 2), max(1, int(h) - 2)), (cx, cy))
    return Image.fromarray(cut)
