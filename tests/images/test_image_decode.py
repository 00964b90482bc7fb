"""decode.load_image and trim_border: every odd file a seller's folder holds."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, PngImagePlugin

from listing_audit.images.decode import (
    ImageDecodeError,
    is_blank,
    load_image,
    straighten,
    trim_border,
)

CAP = 100_000_000


def px(img: Image.Image, xy: tuple[int, int]) -> tuple[int, ...]:
    value = img.getpixel(xy)
    assert isinstance(value, tuple)
    return value


def close(a: tuple[int, ...], b: tuple[int, ...], tol: int = 12) -> bool:
    return all(abs(x - y) <= tol for x, y in zip(a, b, strict=True))


# ---- decoding modes -----------------------------------------------------------------------------


def test_png_alpha_is_flattened_on_white(tmp_path: Path) -> None:
    img = Image.new("RGBA", (40, 40), (0, 0, 0, 0))  # transparent *black*: must not show
    draw = ImageDraw.Draw(img)
    draw.rectangle((10, 10, 19, 19), fill=(200, 0, 0, 255))
    draw.rectangle((25, 25, 34, 34), fill=(0, 0, 255, 128))
    img.save(tmp_path / "logo.png")
    out = load_image(tmp_path / "logo.png", CAP)
    assert out.mode == "RGB" and out.size == (40, 40)
    assert px(out, (0, 0)) == (255, 255, 255)
    assert px(out, (15, 15)) == (200, 0, 0)
    assert close(px(out, (30, 30)), (127, 127, 255), tol=2)


def test_cmyk_jpeg_becomes_rgb(tmp_path: Path) -> None:
    Image.new("CMYK", (64, 64), (0, 255, 255, 0)).save(tmp_path / "print.jpg", quality=95)
    assert Image.open(tmp_path / "print.jpg").mode == "CMYK"
    out = load_image(tmp_path / "print.jpg", CAP)
    assert out.mode == "RGB"
    assert close(px(out, (32, 32)), (255, 0, 0), tol=20)


def test_palette_gif(tmp_path: Path) -> None:
    img = Image.new("P", (30, 30), 0)
    img.putpalette([255, 255, 255, 10, 200, 30] + [0, 0, 0] * 254)
    ImageDraw.Draw(img).rectangle((5, 5, 24, 24), fill=1)
    img.save(tmp_path / "swatch.gif")
    out = load_image(tmp_path / "swatch.gif", CAP)
    assert out.mode == "RGB"
    assert px(out, (15, 15)) == (10, 200, 30)
    assert px(out, (1, 1)) == (255, 255, 255)


def test_animated_gif_uses_first_frame(tmp_path: Path) -> None:
    frames = [Image.new("RGB", (20, 20), c) for c in ((255, 0, 0), (0, 255, 0), (0, 0, 255))]
    frames[0].save(tmp_path / "anim.gif", save_all=True, append_images=frames[1:], duration=50)
    with Image.open(tmp_path / "anim.gif") as check:
        assert getattr(check, "n_frames", 1) == 3
    out = load_image(tmp_path / "anim.gif", CAP)
    assert close(px(out, (10, 10)), (255, 0, 0), tol=4)


def test_16_bit_png_is_scaled_not_clipped(tmp_path: Path) -> None:
    arr = np.zeros((20, 40), dtype=np.uint16)
    arr[:, :20] = 65535
    arr[:, 20:] = 32896  # 128 * 257
    Image.fromarray(arr).save(tmp_path / "deep.png")
    with Image.open(tmp_path / "deep.png") as check:
        assert check.mode == "I;16"
    out = load_image(tmp_path / "deep.png", CAP)
    assert px(out, (5, 5)) == (255, 255, 255)
    assert px(out, (30, 5)) == (128, 128, 128)  # Pillow's plain convert would give 255


def test_exif_orientation_is_applied(tmp_path: Path) -> None:
    img = Image.new("RGB", (200, 100), (0, 0, 255))
    ImageDraw.Draw(img).rectangle((0, 0, 99, 99), fill=(255, 0, 0))  # red left half
    exif = Image.Exif()
    exif[0x0112] = 6  # display rotated 90 degrees clockwise
    img.save(tmp_path / "phone.jpg", exif=exif.tobytes(), quality=95)
    out = load_image(tmp_path / "phone.jpg", CAP)
    assert out.size == (100, 200)
    assert close(px(out, (50, 20)), (255, 0, 0), tol=30)  # left half went to the top
    assert close(px(out, (50, 180)), (0, 0, 255), tol=30)


def test_big_jpeg_decodes_in_draft_mode(tmp_path: Path) -> None:
    Image.new("RGB", (3000, 2000), (10, 120, 10)).save(tmp_path / "big.jpg")
    out = load_image(tmp_path / "big.jpg", CAP, draft_size=512)
    assert out.size == (1500, 1000)  # largest power-of-two reduction keeping both sides >= 512
    assert load_image(tmp_path / "big.jpg", CAP, draft_size=4000).size == (3000, 2000)


# ---- files that must become ImageDecodeError ----------------------------------------------------


def test_truncated_jpeg(tmp_path: Path) -> None:
    rng = np.random.default_rng(1)
    noisy = Image.fromarray(rng.integers(0, 256, (400, 400, 3), dtype=np.uint8))
    buf = io.BytesIO()
    noisy.save(buf, "JPEG", quality=90)
    (tmp_path / "cut.jpg").write_bytes(buf.getvalue()[: len(buf.getvalue()) // 2])
    with pytest.raises(ImageDecodeError, match="truncated or corrupt"):
        load_image(tmp_path / "cut.jpg", CAP)


def test_text_file_named_jpg(tmp_path: Path) -> None:
    (tmp_path / "notes.jpg").write_text("SKU,price\nMUG-1,9.99\n")
    with pytest.raises(ImageDecodeError, match="not an image file"):
        load_image(tmp_path / "notes.jpg", CAP)


def test_zero_byte_file(tmp_path: Path) -> None:
    (tmp_path / "empty.png").write_bytes(b"")
    with pytest.raises(ImageDecodeError, match="empty file"):
        load_image(tmp_path / "empty.png", CAP)


def test_format_outside_listing_formats_is_refused(tmp_path: Path) -> None:
    Image.new("RGB", (32, 32), "red").save(tmp_path / "icon.png", format="ICO")
    assert Image.open(tmp_path / "icon.png").format == "ICO"  # Pillow alone would read it
    with pytest.raises(ImageDecodeError, match="not an image file"):
        load_image(tmp_path / "icon.png", CAP)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ImageDecodeError, match="cannot be read"):
        load_image(tmp_path / "gone.jpg", CAP)


def test_decompression_bomb_is_refused_before_load(
    tmp_path: Path, bilevel_png: Callable[[Path, int, int], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    bomb = bilevel_png(tmp_path / "bomb.png", 12000, 12000)
    assert bomb.stat().st_size < 100_000
    loads: list[object] = []
    original = PngImagePlugin.PngImageFile.load

    def spy(self: PngImagePlugin.PngImageFile) -> object:
        loads.append(self)
        return original(self)

    monkeypatch.setattr(PngImagePlugin.PngImageFile, "load", spy)
    with pytest.raises(ImageDecodeError, match=r"144 million pixels.*limit of 100 million"):
        load_image(bomb, CAP)
    assert loads == []


def test_pillow_hard_bomb_limit_gives_plain_reason(
    tmp_path: Path, bilevel_png: Callable[[Path, int, int], Path]
) -> None:
    bomb = bilevel_png(tmp_path / "huge.png", 20000, 20000)
    with pytest.raises(ImageDecodeError, match=r"400 million pixels.*decompression bomb"):
        load_image(bomb, CAP)


def test_configured_cap_below_pillow_guard(
    tmp_path: Path, bilevel_png: Callable[[Path, int, int], Path]
) -> None:
    path = bilevel_png(tmp_path / "wide.png", 2000, 1000)
    with pytest.raises(ImageDecodeError, match=r"2000x1000 = 2\.0 million pixels"):
        load_image(path, max_pixels=1_000_000)
    assert load_image(path, max_pixels=2_000_000).size == (2000, 1000)


def test_pillow_warning_does_not_veto_images_within_the_cap(
    tmp_path: Path, bilevel_png: Callable[[Path, int, int], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pillow warns at ~89 million pixels but Amazon allows 10,000 x 10,000: scaled down."""
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1_000_000)
    path = bilevel_png(tmp_path / "allowed.png", 1200, 1200)  # 1.44 M: Pillow warns
    assert load_image(path, max_pixels=1_500_000).size == (1200, 1200)
    with pytest.raises(ImageDecodeError, match="above the limit of 1.4 million"):
        load_image(path, max_pixels=1_400_000)


# ---- trim_border --------------------------------------------------------------------------------


def _canvas(background: tuple[int, int, int]) -> Image.Image:
    img = Image.new("RGB", (400, 300), background)
    ImageDraw.Draw(img).rectangle((100, 50, 199, 149), fill=(20, 20, 120))
    return img


def test_trim_white_canvas() -> None:
    out = trim_border(_canvas((255, 255, 255)), tolerance=24)
    assert out.size == (100, 100)
    assert px(out, (0, 0)) == (20, 20, 120)


def test_trim_off_white_canvas() -> None:
    """A brightened photo's background is not 255: 210/205/200 is 45-55 away from white."""
    out = trim_border(_canvas((210, 205, 200)), tolerance=24)
    assert out.size == (100, 100)


def test_trim_light_grey_canvas() -> None:
    out = trim_border(_canvas((235, 235, 235)), tolerance=24)
    assert out.size == (100, 100)


def test_trim_dark_canvas() -> None:
    img = Image.new("RGB", (300, 300), (5, 5, 5))
    ImageDraw.Draw(img).ellipse((40, 60, 139, 259), fill=(250, 250, 0))
    assert trim_border(img, tolerance=24).size == (100, 200)


def test_trim_ignores_an_isolated_speck() -> None:
    img = _canvas((255, 255, 255))
    img.putpixel((3, 290), (0, 0, 0))
    assert trim_border(img, tolerance=24).size == (100, 100)


def test_trim_keeps_uniform_and_full_bleed_images() -> None:
    plain = Image.new("RGB", (50, 50), (240, 240, 240))
    assert trim_border(plain, tolerance=24) is plain
    ramp = Image.linear_gradient("L").convert("RGB")
    assert trim_border(ramp, tolerance=24).size == ramp.size


def test_trim_within_tolerance_is_background() -> None:
    img = Image.new("RGB", (100, 100), (255, 255, 255))
    ImageDraw.Draw(img).rectangle((10, 10, 89, 89), fill=(240, 240, 240))  # 15 off: noise
    ImageDraw.Draw(img).rectangle((40, 40, 59, 59), fill=(0, 0, 0))
    assert trim_border(img, tolerance=24).size == (20, 20)
    # At tolerance 10 the grey square is content: a plate the artwork sits on, kept (trimming
    # stops once a canvas came off all four sides).
    assert trim_border(img, tolerance=10).size == (80, 80)


def test_trim_takes_letterbox_bars_then_the_canvas() -> None:
    picture = _canvas((255, 255, 255))  # 400 x 300, artwork 100 x 100
    boxed = Image.new("RGB", (400, 500), (0, 0, 0))
    boxed.paste(picture, (0, 100))
    assert trim_border(boxed, tolerance=24).size == (100, 100)


def test_trim_finds_a_pale_colour_logo() -> None:
    """Pale yellow on white is only 15 luma levels away: found through the colour channel."""
    img = Image.new("RGB", (200, 200), (255, 255, 255))
    ImageDraw.Draw(img).rectangle((50, 60, 129, 99), fill=(255, 255, 120))
    assert trim_border(img, tolerance=24).size == (80, 40)


def _banded_print() -> Image.Image:
    """Full-bleed artwork with a flat band along its bottom edge: the band is artwork, not a
    border, although one whole side of the picture is that one colour."""
    art = Image.new("RGB", (400, 300), (70, 120, 200))
    draw = ImageDraw.Draw(art)
    for i in range(8):
        draw.ellipse(
            (i * 50, 40 + (i % 3) * 30, i * 50 + 40, 80 + (i % 3) * 30), fill=(240, 200, 40)
        )
    draw.rectangle((0, 200, 400, 300), fill=(60, 160, 90))
    return art


def test_trim_keeps_a_full_bleed_band() -> None:
    """A border is cut only when two whole sides show it: one side in the band's colour is
    not a border (cutting it made a turned copy, which keeps the band, miss its hash)."""
    art = _banded_print()
    assert trim_border(art, tolerance=24) is art
    canvas = Image.new("RGB", (1000, 1000), "white")
    canvas.paste(art, (300, 350))
    width, height = trim_border(canvas, tolerance=24).size  # found on a 3x reduced copy
    assert abs(width - 400) <= 3 and abs(height - 300) <= 3


@pytest.mark.parametrize("angle", [-12.0, -4.0, 3.0, 7.5])
def test_straighten_turns_a_turned_print_upright(angle: float) -> None:
    art = _banded_print()
    canvas = Image.new("RGB", (1000, 1000), "white")
    canvas.paste(art, (300, 350))
    turned = trim_border(canvas.rotate(angle, Image.Resampling.BICUBIC, fillcolor="white"), 24)
    upright = straighten(turned, 24)
    assert upright is not None
    assert abs(upright.width / upright.height - 4 / 3) < 0.03
    small = (40, 30)
    diff = np.abs(
        np.asarray(upright.resize(small), dtype=float) - np.asarray(art.resize(small), dtype=float)
    )
    assert diff.mean() < 6


def test_straighten_leaves_upright_pictures_and_round_logos_alone() -> None:
    canvas = Image.new("RGB", (1000, 1000), "white")
    canvas.paste(_banded_print(), (300, 350))
    assert straighten(trim_border(canvas, 24), 24) is None  # upright already
    logo = Image.new("RGB", (800, 800), "white")
    ImageDraw.Draw(logo).ellipse((100, 200, 700, 600), fill=(0, 0, 200))
    turned = trim_border(logo.rotate(8, fillcolor="white"), 24)
    assert straighten(turned, 24) is None  # an ellipse's enclosing rectangle means nothing


def test_the_ends_of_each_row_give_the_same_enclosing_rectangle_as_every_pixel() -> None:
    """straighten fits its rectangle to the first and last pixel of each row: the same convex
    hull as all of them, at a fraction of the points."""
    import cv2

    from listing_audit.images.decode import _row_ends

    rng = np.random.default_rng(5)
    for _ in range(20):
        mask = np.zeros((200, 240), np.uint8)
        centre = (float(rng.uniform(80, 160)), float(rng.uniform(70, 130)))
        size = (float(rng.uniform(30, 120)), float(rng.uniform(30, 90)))
        corners = cv2.boxPoints((centre, size, float(rng.uniform(-30, 30))))
        cv2.fillPoly(mask, [corners.astype(np.int32)], 1)
        mask[rng.integers(0, 200, 40), rng.integers(0, 240, 40)] = 1  # specks, holes do not matter
        every = cv2.minAreaRect(cv2.findNonZero(mask))
        ends = cv2.minAreaRect(_row_ends(mask))
        assert np.allclose(every[0], ends[0], atol=0.01)
        assert np.allclose(sorted(every[1]), sorted(ends[1]), atol=0.01)


def test_is_blank_tells_nothing_drawn_from_a_few_thin_lines() -> None:
    assert is_blank(Image.new("RGBA", (900, 900), (200, 10, 10, 0)), 24)
    assert is_blank(Image.new("RGB", (900, 900), (90, 90, 90)), 24)
    drawn = Image.new("RGBA", (900, 900), (0, 0, 0, 0))
    ImageDraw.Draw(drawn).line([(100, 450), (800, 450)], fill=(0, 0, 0, 255), width=4)
    assert not is_blank(drawn, 24)
    # White lines on transparency are drawn too: they show on a dark background.
    white = Image.new("RGBA", (900, 900), (0, 0, 0, 0))
    ImageDraw.Draw(white).line([(100, 450), (800, 450)], fill=(255, 255, 255, 255), width=4)
    assert not is_blank(white, 24)
