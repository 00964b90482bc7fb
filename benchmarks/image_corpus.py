"""A labelled corpus of listing images for measuring image detection, drawn by this code.

Everything is generated from one seed, so a corpus can be rebuilt exactly and thresholds tuned
on one seed can be checked on another (held-out) seed. Nothing here is a real logo.

- **Assets** (the protected images): logos (shapes + a word), left-right symmetric flat-colour
  emblems (the hard case for pHash: many DCT coefficients sit at the median), cartoon
  characters, full-bleed print patterns and photo-like artwork. Logos, emblems and characters
  come with transparency, as rights owners send them.
- **Copies** (one line each in the accuracy report): the asset centred on a white canvas as an
  Amazon main image, then edited one way (`FAMILIES`), saved as JPEG.
- **Clean images**: other artwork of the *same kinds* on the same white-canvas layout (hard
  negatives), product photos of the same categories, photo-like scenes, scenes with other
  artwork embedded, and non-asset artwork under the same banners and badges.

With `art="real"` (`image_accuracy.py --art real`) the artwork is real instead: assets and
same-kind negatives are clip art drawn by people (Debian's `openclipart-png`, public domain:
signs, flags, playing cards, animals, people...), and scenes are cut from Debian's
`gnome-backgrounds` wallpapers. Neither is committed; the benchmark installs the packages
(`ensure_real_art`). Real clip art brings hard negatives no drawing code thought of: the king
and the queen of one suit, road signs of one family, flags of three bands.
"""

from __future__ import annotations

import functools
import math
import random
import re
import string
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageEnhance, ImageFilter, ImageFont, ImageOps

Art = Image.Image
ART_KINDS: tuple[str, ...] = ("logo", "emblem", "character", "pattern", "photo")


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.load_default(size=size)


def _colour(rnd: random.Random, lo: int = 0, hi: int = 235) -> tuple[int, int, int]:
    return (rnd.randrange(lo, hi), rnd.randrange(lo, hi), rnd.randrange(lo, hi))


def _word(rnd: random.Random, lo: int = 3, hi: int = 7) -> str:
    return "".join(rnd.choice(string.ascii_uppercase) for _ in range(rnd.randint(lo, hi)))


def _star(cx: float, cy: float, r: float, points: int, turn: float) -> list[tuple[float, float]]:
    out = []
    for i in range(points * 2):
        radius = r if i % 2 == 0 else r * 0.45
        a = turn + math.pi * i / points
        out.append((cx + radius * math.cos(a), cy + radius * math.sin(a)))
    return out


def _shape(draw: ImageDraw.ImageDraw, rnd: random.Random, w: int, h: int) -> None:
    """One random flat shape somewhere in a w x h box."""
    fill = (*_colour(rnd), 255)
    x0, y0 = rnd.uniform(0, w * 0.7), rnd.uniform(0, h * 0.7)
    x1, y1 = x0 + rnd.uniform(w * 0.15, w * 0.5), y0 + rnd.uniform(h * 0.15, h * 0.5)
    kind = rnd.randrange(7)
    if kind == 0:
        draw.ellipse((x0, y0, x1, y1), fill=fill)
    elif kind == 1:
        draw.rectangle((x0, y0, x1, y1), fill=fill)
    elif kind == 2:
        draw.rounded_rectangle((x0, y0, x1, y1), radius=rnd.uniform(5, 30), fill=fill)
    elif kind == 3:
        pts = [(rnd.uniform(0, w), rnd.uniform(0, h)) for _ in range(rnd.randint(3, 5))]
        draw.polygon(pts, fill=fill)
    elif kind == 4:
        r = (x1 - x0) / 2
        draw.polygon(_star(x0 + r, y0 + r, r, rnd.randint(4, 7), rnd.uniform(0, 1)), fill=fill)
    elif kind == 5:
        draw.ellipse((x0, y0, x1, y1), outline=fill, width=rnd.randint(6, 22))
    else:
        draw.line(
            [(rnd.uniform(0, w), rnd.uniform(0, h)) for _ in range(rnd.randint(2, 4))],
            fill=fill,
            width=rnd.randint(6, 20),
        )


def draw_logo(rnd: random.Random) -> Art:
    w, h = rnd.randint(380, 560), rnd.randint(260, 480)
    img = Image.new("RGBA", (w, h), (0, 0, 0, 0))
    draw = ImageDraw.Draw(img)
    for _ in range(rnd.randint(2, 5)):
        _shape(draw, rnd, w, h)
    if rnd.random() < 0.8:
        size = rnd.randint(36, 80)
        draw.text(
            (rnd.uniform(0, w * 0.4), rnd.uniform(h * 0.4, h * 0.8)),
            _word(rnd),
            fill=(*_colour(rnd, 0, 160), 255),
            font=_font(size),
        )
    return img


def draw_emblem(rnd: random.Random) -> Art:
    """Left-right symmetric, flat colours: draw the left half and mirror it."""
    w, h = rnd.choice((300, 360, 420)), rnd.randint(300, 460)
    half = Image.new("RGBA", (w // 2, h), (0, 0, 0, 0))
    draw = ImageDraw.Draw(half)
    base = (*_colour(rnd), 255)
    if rnd.random() < 0.5:
        draw.pieslice((0, 0, w, h), 90, 270, fill=base)
    else:
        draw.rectangle(
            (rnd.randint(0, 30), rnd.randint(0, 40), w, h - rnd.randint(0, 40)), fill=base
        )
    for _ in range(rnd.randint(2, 4)):
        _shape(draw, rnd, w // 2 + 40, h)
    img = Image.new("RGBA", (w, h), (0, 0, 0, 0))
    img.paste(half, (0, 0))
    img.paste(ImageOps.mirror(half), (w - w // 2, 0))
    return img


def draw_character(rnd: random.Random) -> Art:
    """A cartoon character: head, ears, eyes, mouth and extras, each drawn one of several ways
    and placed freely, so two characters share a kind, not a drawing."""
    s = rnd.randint(380, 480)
    img = Image.new("RGBA", (s, s), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    fur, line = (*_colour(rnd, 40, 255), 255), (*_colour(rnd, 0, 90), 255)
    cx, cy = rnd.uniform(0.4, 0.6), rnd.uniform(0.5, 0.62)
    hw, hh = rnd.uniform(0.28, 0.42), rnd.uniform(0.24, 0.36)
    head = (s * (cx - hw), s * (cy - hh), s * (cx + hw), s * (cy + hh))
    ears = rnd.randrange(4)
    for side in (-1, 1):
        ex = cx + side * hw * rnd.uniform(0.5, 0.85)
        ey = cy - hh * rnd.uniform(0.7, 1.0)
        r = s * rnd.uniform(0.06, 0.14)
        if ears == 0:
            d.polygon(
                [
                    (s * ex - r, s * ey + r),
                    (s * ex + side * r * 0.3, s * ey - r * 2),
                    (s * ex + r, s * ey + r),
                ],
                fill=fur,
            )
        elif ears == 1:
            d.ellipse(
                (s * ex - r, s * ey - r, s * ex + r, s * ey + r), fill=fur, outline=line, width=5
            )
        elif ears == 2:
            d.ellipse(
                (s * ex - r * 0.6, s * ey - r * 2.5, s * ex + r * 0.6, s * ey + r),
                fill=fur,
                outline=line,
                width=4,
            )
    shape = rnd.randrange(3)
    width = rnd.randint(3, 10)
    if shape == 0:
        d.ellipse(head, fill=fur, outline=line, width=width)
    elif shape == 1:
        d.rounded_rectangle(
            head, radius=s * rnd.uniform(0.05, 0.15), fill=fur, outline=line, width=width
        )
    else:
        x0, y0, x1, y1 = head
        d.polygon(
            [
                (x0, y0 + (y1 - y0) * 0.3),
                ((x0 + x1) / 2, y0),
                (x1, y0 + (y1 - y0) * 0.3),
                (x1, y1),
                (x0, y1),
            ],
            fill=fur,
            outline=line,
            width=width,
        )
    eye = rnd.randrange(4)
    ey = cy + hh * rnd.uniform(-0.35, 0.05)
    spread = hw * rnd.uniform(0.3, 0.6)
    er = rnd.uniform(0.04, 0.1)
    pupil = (*_colour(rnd, 0, 120), 255)
    for side in (-1, 1):
        ex = cx + side * spread + rnd.uniform(-0.03, 0.03)
        if eye == 0:
            d.ellipse(
                (s * (ex - er), s * (ey - er * 1.3), s * (ex + er), s * (ey + er * 1.3)),
                fill="white",
                outline=line,
                width=3,
            )
            pr = er * rnd.uniform(0.4, 0.7)
            d.ellipse((s * (ex - pr), s * (ey - pr), s * (ex + pr), s * (ey + pr)), fill=pupil)
        elif eye == 1:
            d.ellipse(
                (
                    s * (ex - er * 0.5),
                    s * (ey - er * 0.5),
                    s * (ex + er * 0.5),
                    s * (ey + er * 0.5),
                ),
                fill=pupil,
            )
        elif eye == 2:
            d.arc(
                (s * (ex - er), s * (ey - er), s * (ex + er), s * (ey + er)),
                200,
                340,
                fill=line,
                width=5,
            )
        else:
            d.rectangle(
                (s * (ex - er), s * (ey - er * 0.4), s * (ex + er), s * (ey + er * 0.4)), fill=pupil
            )
    my = cy + hh * rnd.uniform(0.3, 0.6)
    mw = hw * rnd.uniform(0.2, 0.5)
    mouth = rnd.randrange(3)
    if mouth == 0:
        d.arc(
            (s * (cx - mw), s * (my - 0.06), s * (cx + mw), s * (my + 0.04)),
            10,
            170,
            fill=line,
            width=5,
        )
    elif mouth == 1:
        d.ellipse(
            (s * (cx - mw * 0.5), s * (my - 0.03), s * (cx + mw * 0.5), s * (my + 0.04)),
            fill=(*_colour(rnd), 255),
        )
    else:
        d.line(
            [(s * (cx - mw), s * my), (s * cx, s * (my + 0.03)), (s * (cx + mw), s * my)],
            fill=line,
            width=4,
        )
    for _ in range(rnd.randint(1, 3)):  # extras: a hat, a bow, cheeks, a patch...
        _shape(d, rnd, s, s)
    return img


def draw_pattern(rnd: random.Random) -> Art:
    """A full-bleed print: waves, stripes or dots over a ground colour, plus a motif."""
    w, h = rnd.randint(380, 520), rnd.randint(380, 520)
    img = Image.new("RGBA", (w, h), (*_colour(rnd), 255))
    d = ImageDraw.Draw(img)
    style = rnd.randrange(3)
    n = rnd.randint(5, 9)
    for i in range(n):
        c = (*_colour(rnd, 30, 255), 255)
        if style == 0:
            y0 = (i + 0.5) * h / n
            amp, per, ph = rnd.uniform(8, 25), rnd.uniform(25, 60), rnd.uniform(0, 6)
            pts = [(x, y0 + amp * math.sin(x / per + ph)) for x in range(0, w + 10, 8)]
            d.line(pts, fill=c, width=rnd.randint(8, 16))
        elif style == 1:
            a = rnd.uniform(-0.6, 0.6)
            x0 = i * w / n
            d.polygon(
                [(x0, 0), (x0 + w / n / 2, 0), (x0 + w / n / 2 + a * h, h), (x0 + a * h, h)], fill=c
            )
        else:
            for _ in range(6):
                x, y, r = rnd.uniform(0, w), rnd.uniform(0, h), rnd.uniform(8, 30)
                d.ellipse((x - r, y - r, x + r, y + r), fill=c)
    mx, my, mr = rnd.uniform(0.2, 0.8) * w, rnd.uniform(0.2, 0.8) * h, rnd.uniform(30, 60)
    d.polygon(_star(mx, my, mr, rnd.randint(5, 8), rnd.uniform(0, 1)), fill=(*_colour(rnd), 255))
    return img


def smooth_noise(rnd: random.Random, w: int, h: int, cells: int) -> Image.Image:
    """Bicubic-upsampled random colours: the soft colour fields of a photo."""
    rng = np.random.default_rng(rnd.randrange(2**32))
    coarse = rng.integers(0, 256, size=(cells, cells, 3), dtype=np.uint8)
    return Image.fromarray(coarse).resize((w, h), Image.Resampling.BICUBIC)


def draw_photo(rnd: random.Random, w: int | None = None, h: int | None = None) -> Art:
    """A photo-like picture: soft colour fields, blurred objects, a horizon, grain."""
    w = w or rnd.randint(420, 560)
    h = h or rnd.randint(380, 520)
    img = smooth_noise(rnd, w, h, rnd.randint(3, 6))
    d = ImageDraw.Draw(img)
    if rnd.random() < 0.6:
        y = rnd.uniform(0.4, 0.7) * h
        d.rectangle((0, y, w, h), fill=_colour(rnd))
    for _ in range(rnd.randint(3, 8)):
        x, y = rnd.uniform(0, w), rnd.uniform(0, h)
        r1, r2 = rnd.uniform(15, w / 4), rnd.uniform(15, h / 4)
        if rnd.random() < 0.5:
            d.ellipse((x - r1, y - r2, x + r1, y + r2), fill=_colour(rnd))
        else:
            d.rectangle((x - r1, y - r2, x + r1, y + r2), fill=_colour(rnd))
    img = img.filter(ImageFilter.GaussianBlur(rnd.uniform(1.0, 3.0)))
    rng = np.random.default_rng(rnd.randrange(2**32))
    grain = rng.normal(0, rnd.uniform(2, 7), size=(h, w, 1))
    arr = np.clip(np.asarray(img, dtype=np.float32) + grain, 0, 255).astype(np.uint8)
    return Image.fromarray(arr).convert("RGBA")


DRAWERS: dict[str, Callable[[random.Random], Art]] = {
    "logo": draw_logo,
    "emblem": draw_emblem,
    "character": draw_character,
    "pattern": draw_pattern,
    "photo": draw_photo,
}


def draw_product(rnd: random.Random) -> Image.Image:
    """A same-category product shot on white: bottle, box, mug or bag, shaded, with a label."""
    size = rnd.choice((1000, 1200, 1500))
    img = Image.new("RGB", (size, size), "white")
    d = ImageDraw.Draw(img)
    c = _colour(rnd, 20, 230)
    dark = tuple(max(0, v - 50) for v in c)
    s = size / 1000
    kind = rnd.randrange(4)
    if kind == 0:  # bottle
        d.rounded_rectangle((380 * s, 300 * s, 620 * s, 900 * s), radius=60 * s, fill=c)
        d.rectangle((450 * s, 150 * s, 550 * s, 310 * s), fill=dark)
    elif kind == 1:  # box
        d.polygon(
            [(250 * s, 350 * s), (650 * s, 300 * s), (800 * s, 400 * s), (400 * s, 460 * s)],
            fill=dark,
        )
        d.rectangle((250 * s, 350 * s, 400 * s, 850 * s), fill=c)
        d.polygon(
            [(400 * s, 460 * s), (800 * s, 400 * s), (800 * s, 800 * s), (400 * s, 850 * s)], fill=c
        )
    elif kind == 2:  # mug
        d.rounded_rectangle((300 * s, 300 * s, 650 * s, 800 * s), radius=30 * s, fill=c)
        d.ellipse((600 * s, 400 * s, 780 * s, 650 * s), outline=c, width=int(40 * s))
    else:  # bag
        d.polygon(
            [(250 * s, 350 * s), (750 * s, 350 * s), (820 * s, 880 * s), (180 * s, 880 * s)], fill=c
        )
        d.arc((380 * s, 150 * s, 620 * s, 450 * s), 180, 360, fill=dark, width=int(25 * s))
    if rnd.random() < 0.7:
        d.text(
            (330 * s, 550 * s),
            _word(rnd, 4, 8),
            fill=(255, 255, 255),
            font=_font(int(rnd.randint(40, 70) * s)),
        )
    for _ in range(rnd.randint(2, 6)):
        x, y, r = rnd.uniform(350, 650) * s, rnd.uniform(400, 800) * s, rnd.uniform(8, 30) * s
        d.ellipse((x - r, y - r, x + r, y + r), fill=tuple(min(255, v + 40) for v in c))
    return img.filter(ImageFilter.GaussianBlur(0.8))


# ---- placing and editing --------------------------------------------------------------------


def main_image(
    art: Art, rnd: random.Random, size: int | None = None, scale: float | None = None
) -> Image.Image:
    """The artwork centred on a white square canvas: an Amazon main image."""
    size = size or rnd.choice((1000, 1200, 1500, 1600))
    scale = scale or rnd.uniform(0.55, 0.85)
    f = size * scale / max(art.size)
    small = art.resize(
        (max(1, round(art.width * f)), max(1, round(art.height * f))), Image.Resampling.LANCZOS
    )
    canvas = Image.new("RGB", (size, size), "white")
    canvas.paste(
        small.convert("RGB"), ((size - small.width) // 2, (size - small.height) // 2), small
    )
    return canvas


def _resize_by(img: Image.Image, factor: float) -> Image.Image:
    return img.resize(
        (max(1, round(img.width * factor)), max(1, round(img.height * factor))),
        Image.Resampling.LANCZOS,
    )


def _banner(img: Image.Image, rnd: random.Random) -> Image.Image:
    """A sales banner or badge over part of the picture."""
    out = img.copy()
    d = ImageDraw.Draw(out)
    w, h = out.size
    text = rnd.choice(("BEST SELLER", "-30%", "NEW", "SALE", "HOT DEAL", "2 PACK", "FREE GIFT"))
    colour = rnd.choice(((220, 20, 30), (250, 180, 0), (20, 20, 20), (0, 120, 220)))
    style = rnd.randrange(3)
    if style == 0:  # band across the top or bottom
        bh = rnd.uniform(0.1, 0.18) * h
        y = 0 if rnd.random() < 0.5 else h - bh
        d.rectangle((0, y, w, y + bh), fill=colour)
        d.text((w * 0.08, y + bh * 0.15), text, fill="white", font=_font(int(bh * 0.6)))
    elif style == 1:  # round badge in a corner
        r = rnd.uniform(0.1, 0.16) * w
        cx = r * 1.1 if rnd.random() < 0.5 else w - r * 1.1
        d.ellipse((cx - r, r * 0.1, cx + r, r * 2.1), fill=colour)
        d.text((cx - r * 0.7, r * 0.8), text[:5], fill="white", font=_font(int(r * 0.45)))
    else:  # diagonal ribbon text over the picture
        d.text((w * 0.1, h * rnd.uniform(0.4, 0.6)), text, fill=colour, font=_font(int(h * 0.1)))
    return out


def _rotate(img: Image.Image, rnd: random.Random) -> Image.Image:
    angle = rnd.uniform(2, 8) * rnd.choice((-1, 1))
    return img.rotate(angle, Image.Resampling.BICUBIC, expand=rnd.random() < 0.5, fillcolor="white")


def _crop(img: Image.Image, rnd: random.Random, art_box: tuple[int, int, int, int]) -> Image.Image:
    """Cut away up to a quarter of the artwork's area, from one or two sides."""
    x0, y0, x1, y1 = art_box
    keep = rnd.uniform(0.75, 0.9)  # area kept
    if rnd.random() < 0.5:  # one side
        side = rnd.randrange(4)
        if side == 0:
            x0 = round(x1 - (x1 - x0) * keep)
        elif side == 1:
            x1 = round(x0 + (x1 - x0) * keep)
        elif side == 2:
            y0 = round(y1 - (y1 - y0) * keep)
        else:
            y1 = round(y0 + (y1 - y0) * keep)
    else:  # two sides, sqrt(keep) each
        k = math.sqrt(keep)
        if rnd.random() < 0.5:
            x0 = round(x1 - (x1 - x0) * k)
        else:
            x1 = round(x0 + (x1 - x0) * k)
        if rnd.random() < 0.5:
            y0 = round(y1 - (y1 - y0) * k)
        else:
            y1 = round(y0 + (y1 - y0) * k)
    return img.crop((x0, y0, x1, y1))


def _letterbox(img: Image.Image, rnd: random.Random) -> Image.Image:
    w, h = img.size
    ratio = rnd.choice((16 / 9, 4 / 3, 3 / 4, 9 / 16, 2.0))
    bg = rnd.choice(((0, 0, 0), (255, 255, 255), (240, 240, 240), _colour(rnd, 0, 255)))
    if ratio >= 1:
        out = Image.new("RGB", (round(h * ratio), h), bg)
    else:
        out = Image.new("RGB", (w, round(w / ratio)), bg)
    out.paste(img, ((out.width - w) // 2, (out.height - h) // 2))
    return out


def embed(art: Art, rnd: random.Random, area: tuple[float, float]) -> Image.Image:
    """`art` placed inside a scene (`scene_for`), its bounding box covering `area` of it."""
    w = rnd.choice((1000, 1200, 1500))
    h = round(w * rnd.choice((1.0, 0.75, 1.25)))
    scene = scene_for(rnd, w, h)
    frac = rnd.uniform(*area)
    f = math.sqrt(frac * w * h / (art.width * art.height))
    f = min(f, 0.95 * w / art.width, 0.95 * h / art.height)
    small = _resize_by(art, f)
    if rnd.random() < 0.5:
        small = small.rotate(rnd.uniform(-10, 10), Image.Resampling.BICUBIC, expand=True)
    x = rnd.randint(0, max(0, w - small.width))
    y = rnd.randint(0, max(0, h - small.height))
    scene.paste(small.convert("RGB"), (x, y), small)
    return scene


def _art_box(size: int, art: Art, scale: float) -> tuple[int, int, int, int]:
    f = size * scale / max(art.size)
    aw, ah = round(art.width * f), round(art.height * f)
    return ((size - aw) // 2, (size - ah) // 2, (size - aw) // 2 + aw, (size - ah) // 2 + ah)


def make_copy(art: Art, family: str, rnd: random.Random) -> tuple[Image.Image, int]:
    """A listing image copying `art` edited as `family`, and the JPEG quality to save it at."""
    size = rnd.choice((1000, 1200, 1500, 1600))
    scale = rnd.uniform(0.55, 0.85)
    img = main_image(art, rnd, size, scale)
    q = rnd.randint(80, 92)
    if family == "plain":
        pass
    elif family == "resize-down":
        img = _resize_by(img, rnd.uniform(1 / 3, 0.5))
    elif family == "resize-up":
        img = _resize_by(img, rnd.uniform(1.3, 2.0))
    elif family == "jpeg-low":
        q = rnd.randint(15, 35)
    elif family == "grey":
        img = img.convert("L").convert("RGB")
    elif family == "brightness":
        img = ImageEnhance.Brightness(img).enhance(
            rnd.choice((rnd.uniform(0.6, 0.85), rnd.uniform(1.15, 1.4)))
        )
    elif family == "contrast":
        img = ImageEnhance.Contrast(img).enhance(
            rnd.choice((rnd.uniform(0.5, 0.8), rnd.uniform(1.2, 1.6)))
        )
    elif family == "saturation":
        img = ImageEnhance.Color(img).enhance(
            rnd.choice((rnd.uniform(0.2, 0.6), rnd.uniform(1.4, 2.0)))
        )
    elif family == "mirror":
        img = ImageOps.mirror(img)
    elif family == "rotate":
        img = _rotate(img, rnd)
    elif family == "crop":
        img = _crop(img, rnd, _art_box(size, art, scale))
    elif family == "letterbox":
        img = _letterbox(img, rnd)
    elif family == "overlay":
        img = _banner(img, rnd)
    elif family == "combined":
        img = ImageOps.mirror(_resize_by(img, rnd.uniform(0.4, 0.7)))
        img = ImageEnhance.Brightness(img).enhance(rnd.uniform(0.8, 1.2))
        img = ImageEnhance.Contrast(img).enhance(rnd.uniform(0.8, 1.2))
        q = rnd.randint(40, 70)
    elif family == "embedded":
        img, q = embed(art, rnd, (0.25, 0.5)), rnd.randint(75, 92)
    elif family == "embedded-small":
        img, q = embed(art, rnd, (0.1, 0.25)), rnd.randint(75, 92)
    else:
        raise ValueError(family)
    return img, q


#: Edit families with their target recall (the issue's "Measured accuracy" targets).
FAMILIES: dict[str, float | None] = {
    "plain": 0.95,
    "resize-down": 0.95,
    "resize-up": 0.95,
    "jpeg-low": 0.95,
    "grey": 0.95,
    "brightness": 0.95,
    "contrast": 0.95,
    "saturation": 0.95,
    "mirror": 0.95,
    "rotate": 0.95,
    "letterbox": 0.95,
    "combined": 0.95,
    "crop": 0.90,
    "overlay": 0.90,
    "embedded": 0.80,
    "embedded-small": None,  # 10-25% of the picture: below the range, reported only
}

CLEAN_KINDS: tuple[str, ...] = ("same-kind-art", "product", "scene", "scene-with-art", "banner-art")


def make_clean(kind: str, rnd: random.Random) -> tuple[Image.Image, int]:
    """A listing image that copies no asset (its artwork is drawn fresh from the same kinds)."""
    q = rnd.randint(75, 92)
    if kind == "same-kind-art":
        return main_image(other_art(rnd, ART_KINDS), rnd), q
    if kind == "product":
        return draw_product(rnd), q
    if kind == "scene":
        return scene_for(rnd, rnd.choice((1000, 1200)), rnd.choice((1000, 1200))), q
    if kind == "scene-with-art":
        return embed(other_art(rnd, ART_KINDS[:3]), rnd, (0.15, 0.5)), q
    if kind == "banner-art":
        return _banner(main_image(other_art(rnd, ART_KINDS), rnd), rnd), q
    raise ValueError(kind)


#: Where Debian puts the real artwork (`ensure_real_art` installs it).
CLIPART = Path("/usr/share/openclipart/png")
WALLPAPERS = Path("/usr/share/backgrounds/gnome")
#: Clip art smaller than this on its long side is left out (assets come at print resolution),
#: and larger than MAX_ART_SIDE too (the package holds a 15,000 px poster).
MIN_ART_SIDE, MAX_ART_SIDE = 400, 4000

#: Real artwork of the corpus being drawn, in each drawing process: `negatives` (clip art
#: that is not an asset) and `scenes` (wallpapers). Empty: everything is drawn.
_REAL: dict[str, list[Path]] = {}


def ensure_real_art() -> None:
    """Install Debian's clip art and wallpaper packages when they are missing (needs root and
    the Debian package registry); raise SystemExit with what to do when that fails."""
    import shutil
    import subprocess

    if CLIPART.is_dir() and WALLPAPERS.is_dir():
        return
    apt = shutil.which("apt-get")
    if apt is None:
        raise SystemExit("--art real needs Debian's openclipart-png and gnome-backgrounds")
    done = subprocess.run(
        [apt, "install", "-y", "-qq", "openclipart-png", "gnome-backgrounds"],
        capture_output=True,
        text=True,
    )
    if done.returncode or not CLIPART.is_dir():
        raise SystemExit(
            "could not install openclipart-png and gnome-backgrounds: "
            + (done.stderr.strip()[-300:] or "apt-get failed")
            + "\nInstall them (apt-get install openclipart-png gnome-backgrounds) and run again."
        )


def _stem(path: Path) -> str:
    """A clip art's name without its version suffix ("king_of_clubs_01" -> "king_of_clubs")."""
    name = path.stem.lower()
    head, _, tail = name.rpartition("_")
    return head if head and tail.isdigit() else name


def _words(path: Path) -> set[str]:
    """The words of a clip art's name of 3 letters or more (subjects and authors' names)."""
    return {w for w in re.split(r"[^a-z]+", _stem(path)) if len(w) >= 3}


def related(path: Path, assets: list[Path]) -> bool:
    """Whether clip art may be a version of, or share parts with, one of `assets`, judged by
    names alone (never by the detector being measured): in the same folder (a folder holds
    one set: jigsaw pieces of one drawing, document icons on one page template), or sharing
    a word of its name (the bee and "bee2", one author's tux drawings). Such art is no
    negative: a match with it may be right."""
    folders = {a.parent for a in assets}
    words = set().union(*(_words(a) for a in assets)) if assets else set()
    return path.parent in folders or bool(_words(path) & words)


def _drawn(path: Path) -> bool:
    """Whether anything is drawn in a clip art file: some pixel not fully transparent, and
    not every pixel alike (one flat colour). Judged here by Pillow alone, not by the scan."""
    with Image.open(path) as img:
        rgba = img.convert("RGBA")
    low, high = rgba.getchannel("A").getextrema()
    if high == 0:
        return False
    return low != high or any(lo != hi for lo, hi in rgba.convert("RGB").getextrema())


def real_art(min_side: int = MIN_ART_SIDE) -> list[Path]:
    """Clip art files at least `min_side` px on their long side, one per distinct content,
    in a fixed order."""
    import hashlib
    import warnings

    seen: set[str] = set()
    out: list[Path] = []
    for path in sorted(CLIPART.rglob("*.png")):
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", Image.DecompressionBombWarning)
                with Image.open(path) as img:
                    if not min_side <= max(img.size) <= MAX_ART_SIDE:
                        continue
        except (OSError, Image.DecompressionBombError):
            continue
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        if digest not in seen:
            seen.add(digest)
            out.append(path)
    return out


def _init_real(real: dict[str, list[Path]]) -> None:
    _REAL.clear()
    _REAL.update(real)


def other_art(rnd: random.Random, kinds: tuple[str, ...]) -> Art:
    """Artwork that is no asset: real clip art when the corpus is real, else drawn fresh."""
    if _REAL.get("negatives"):
        with Image.open(rnd.choice(_REAL["negatives"])) as img:
            return img.convert("RGBA")
    return DRAWERS[rnd.choice(kinds)](rnd)


@functools.lru_cache(maxsize=32)
def _wallpaper(path: Path) -> Image.Image:
    """A wallpaper decoded once per drawing process, at most 2,400 px wide (they are 4K)."""
    with Image.open(path) as img:
        wall = img.convert("RGB")
    wall.thumbnail((2400, 2400))
    return wall


def scene_for(rnd: random.Random, w: int, h: int) -> Image.Image:
    """A w x h background scene: a random cut of a real wallpaper when the corpus is real
    (half the time, the other half drawn), else a drawn photo-like scene."""
    if _REAL.get("scenes") and rnd.random() < 0.5:
        wall = _wallpaper(rnd.choice(_REAL["scenes"]))
        f = rnd.uniform(1.0, 2.0) * max(w / wall.width, h / wall.height)
        wall = wall.resize((max(w, round(wall.width * f)), max(h, round(wall.height * f))))
        x, y = rnd.randint(0, wall.width - w), rnd.randint(0, wall.height - h)
        return wall.crop((x, y, x + w, y + h))
    return draw_photo(rnd, w, h).convert("RGB")


@dataclass(frozen=True, slots=True)
class Item:
    """One listing image of the corpus and what it should match (`asset` None: nothing)."""

    path: Path
    family: str  # an edit family, or "clean:<kind>"
    asset: str | None


def _write_item(job: tuple[int, str, int, str | None, Path, Path]) -> Item:
    """Draw and save one listing image (`build` runs these on a process pool)."""
    seed, family, j, rel, asset_dir, path = job
    rnd = random.Random(f"{seed}/{family}/{j}")
    if rel is None:
        img, q = make_clean(family.removeprefix("clean:"), rnd)
    else:
        with Image.open(asset_dir / rel) as art:
            img, q = make_copy(art.convert("RGBA"), family, rnd)
    img.save(path, quality=q)
    return Item(path, family, rel)


def draw_library(out: Path, count: int, seed: int) -> Path:
    """`count` more assets drawn by our code (all five kinds) under out/, in owner folders
    `library-N/`: a protected-asset library of realistic size, of which no listing image is a
    copy. Its own random stream (the seed + 10,000), so the corpus itself does not change."""
    rnd = random.Random(seed + 10_000)
    folder = out / f"library-{seed}-{count}"
    if (folder / ".done").exists():
        return folder
    for i in range(count):
        kind = ART_KINDS[i % len(ART_KINDS)]
        path = folder / f"library-{i % 50}" / f"{kind}-{i:05d}.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        DRAWERS[kind](rnd).save(path)
    (folder / ".done").write_text("")
    return folder


def build(
    out: Path,
    seed: int,
    assets: int = 60,
    per_family: int = 60,
    clean: int = 2000,
    families: list[str] | None = None,
    workers: int | None = None,
    art: str = "drawn",
) -> tuple[Path, list[Item]]:
    """Write assets under out/assets/<owner>/ and listing images under out/images/.

    Returns the assets folder and the labelled listing images. Deterministic for a seed: each
    image has its own random generator seeded by (seed, family, number). `art="real"`: assets,
    negatives and half the scenes are real artwork (module docstring).
    """
    from concurrent.futures import ProcessPoolExecutor

    rnd = random.Random(seed)
    asset_dir, image_dir = out / "assets", out / "images"
    asset_dir.mkdir(parents=True, exist_ok=True)
    image_dir.mkdir(parents=True, exist_ok=True)
    rels: list[str] = []
    real: dict[str, list[Path]] = {}
    if art == "real":
        ensure_real_art()
        pool = real_art()
        chosen = rnd.sample(pool, assets)
        # A file with nothing drawn in it is no artwork to copy (the scan refuses it as an
        # asset): another is drawn in its place, so corpora without one stay as they were.
        for i in range(len(chosen)):
            while not _drawn(chosen[i]):
                chosen[i] = rnd.choice([p for p in pool if p not in chosen])
        real["negatives"] = [p for p in pool if not related(p, chosen)]
        real["scenes"] = sorted(WALLPAPERS.glob("*.webp"))
        for i, path in enumerate(chosen):
            owner = f"owner-{i % 7}"
            rel = f"{owner}/{path.parent.name}-{_stem(path)}-{i:04d}.png"
            (asset_dir / owner).mkdir(exist_ok=True)
            with Image.open(path) as img:
                img.convert("RGBA").save(asset_dir / rel)
            rels.append(rel)
    elif art != "drawn":
        raise ValueError(art)
    for i in range(assets if art == "drawn" else 0):
        kind = ART_KINDS[i % len(ART_KINDS)]
        art = DRAWERS[kind](rnd)
        owner = f"owner-{i % 7}"
        rel = f"{owner}/{kind}-{i:04d}.png"
        (asset_dir / owner).mkdir(exist_ok=True)
        if kind in ("pattern", "photo") and i % 2:
            rel = rel.replace(".png", ".jpg")
            art.convert("RGB").save(asset_dir / rel, quality=95)
        else:
            art.save(asset_dir / rel)
        rels.append(rel)
    jobs: list[tuple[int, str, int, str | None, Path, Path]] = []
    for family in families or list(FAMILIES):
        for j in range(per_family):
            rel = rels[(j * 7 + len(jobs)) % len(rels)]
            jobs.append((seed, family, j, rel, asset_dir, image_dir / f"{family}-{j:04d}.jpg"))
    for j in range(clean):
        kind = CLEAN_KINDS[j % len(CLEAN_KINDS)]
        jobs.append(
            (seed, f"clean:{kind}", j, None, asset_dir, image_dir / f"clean-{kind}-{j:05d}.jpg")
        )
    with ProcessPoolExecutor(max_workers=workers, initializer=_init_real, initargs=(real,)) as ex:
        items = list(ex.map(_write_item, jobs, chunksize=16))
    return asset_dir, items
