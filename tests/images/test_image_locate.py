"""locate: walking image folders safely, and PRODUCT.md's rules for attaching files."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from listing_audit.images.locate import IMAGE_SUFFIXES, attach_images, walk_images
from listing_audit.model import ImageRef, Listing

Touch = Callable[[Path], Path]


def slots(listing: Listing, root: Path) -> dict[str, str]:
    """{path relative to root: slot} of a listing's attached images."""
    return {ref.path.relative_to(root).as_posix(): ref.slot for ref in listing.images}


# ---- walk_images --------------------------------------------------------------------------------


def test_suffixes() -> None:
    assert {".jpg", ".jpeg", ".png", ".webp", ".gif", ".bmp", ".tif", ".tiff"} == IMAGE_SUFFIXES


def test_walk_is_recursive_sorted_and_filters_suffixes(tmp_path: Path, touch: Touch) -> None:
    for name in ("b/z.PNG", "a.JPG", "b/c/d.webp", "b/a.tiff"):
        touch(tmp_path / name)
    (tmp_path / "notes.txt").write_text("x")
    (tmp_path / "b" / "raw.psd").write_text("x")
    found = [p.relative_to(tmp_path).as_posix() for p in walk_images(tmp_path)]
    assert found == ["a.JPG", "b/a.tiff", "b/c/d.webp", "b/z.PNG"]


def test_walk_does_not_follow_links(tmp_path: Path, touch: Touch) -> None:
    root = tmp_path / "images"
    touch(root / "sub" / "real.jpg")
    outside = touch(tmp_path / "elsewhere" / "stranger.jpg")
    os.symlink(root, root / "sub" / "loop")  # a link to a parent: loops if followed
    os.symlink(tmp_path / "elsewhere", root / "linked-dir")  # folder outside: not entered
    os.symlink(outside, root / "outside.jpg")  # file outside root: left out
    os.symlink(root / "sub" / "real.jpg", root / "inside.jpg")  # file inside root: kept
    os.symlink(root / "b.jpg", root / "a.jpg")  # a looping pair of file links
    os.symlink(root / "a.jpg", root / "b.jpg")
    os.symlink(root / "missing.jpg", root / "dangling.jpg")
    found = [p.relative_to(root).as_posix() for p in walk_images(root)]
    assert found == ["inside.jpg", "sub/real.jpg"]


def test_walk_missing_root_and_file_root(tmp_path: Path, touch: Touch) -> None:
    assert list(walk_images(tmp_path / "nope")) == []
    one = touch(tmp_path / "one.png")
    assert list(walk_images(one)) == [one]


# ---- attach_images: naming rules ----------------------------------------------------------------


def test_asin_and_slot_codes(tmp_path: Path, touch: Touch) -> None:
    for name in (
        "B0ABC12345.jpg",
        "B0ABC12345.PT01.jpg",
        "b0abc12345.pt02.JPG",  # ASIN and slot in any case
        "B0ABC12345_PT03.png",  # underscore separator
        "B0ABC12345.SWCH.gif",
        "B0ABC12345.PT09.jpg",  # not a slot code: stem is not the ASIN
        "B0ABC123456.jpg",  # a longer id, not this ASIN
        "B0OTHER000.MAIN.jpg",
    ):
        touch(tmp_path / name)
    listing = Listing(sku="MUG-1", asin="B0ABC12345")
    assert attach_images([listing], [tmp_path]) == 5
    assert slots(listing, tmp_path) == {
        "B0ABC12345.jpg": "MAIN",
        "B0ABC12345.PT01.jpg": "PT01",
        "b0abc12345.pt02.JPG": "PT02",
        "B0ABC12345_PT03.png": "PT03",
        "B0ABC12345.SWCH.gif": "SWCH",
    }


def test_sku_exact_match_wins_over_case_insensitive(tmp_path: Path, touch: Touch) -> None:
    touch(tmp_path / "Mug-1.MAIN.jpg")
    touch(tmp_path / "MUG-1.PT01.jpg")
    touch(tmp_path / "cup-2.jpg")
    exact = Listing(sku="Mug-1")
    loose = Listing(sku="CUP-2")
    assert attach_images([exact, loose], [tmp_path]) == 2
    assert slots(exact, tmp_path) == {"Mug-1.MAIN.jpg": "MAIN"}
    assert slots(loose, tmp_path) == {"cup-2.jpg": "MAIN"}


def test_sku_that_looks_like_a_slot_code_is_taken_whole(tmp_path: Path, touch: Touch) -> None:
    touch(tmp_path / "MUG_PT01.jpg")
    touch(tmp_path / "MUG_PT02.jpg")
    whole = Listing(sku="MUG_PT01")
    base = Listing(sku="MUG")
    attach_images([whole, base], [tmp_path])
    assert slots(whole, tmp_path) == {"MUG_PT01.jpg": "MAIN"}
    assert slots(base, tmp_path) == {"MUG_PT02.jpg": "PT02"}


def test_sub_folder_named_after_asin_or_sku(tmp_path: Path, touch: Touch) -> None:
    touch(tmp_path / "B0ABC12345" / "front.jpg")
    touch(tmp_path / "B0ABC12345" / "MAIN.jpg")
    touch(tmp_path / "b0abc12345" / "2_PT02.png")
    touch(tmp_path / "SKU-9" / "side.PT05.webp")
    touch(tmp_path / "SKU-9" / "deeper" / "skip.jpg")  # only the folder itself counts
    touch(tmp_path / "OTHER" / "MAIN.jpg")
    listing = Listing(sku="SKU-9", asin="B0ABC12345")
    assert attach_images([listing], [tmp_path]) == 4
    assert slots(listing, tmp_path) == {
        "B0ABC12345/MAIN.jpg": "MAIN",
        "B0ABC12345/front.jpg": "OTHER",
        "b0abc12345/2_PT02.png": "PT02",
        "SKU-9/side.PT05.webp": "PT05",
    }


def test_image_dir_itself_named_after_asin_is_not_a_product_folder(
    tmp_path: Path, touch: Touch
) -> None:
    root = tmp_path / "B0ABC12345"
    touch(root / "front.jpg")
    listing = Listing(sku="S", asin="B0ABC12345")
    assert attach_images([listing], [root]) == 0


def test_image_url_basenames(tmp_path: Path, touch: Touch) -> None:
    for name in (
        "71abcDEF.jpg",  # Amazon id without the size suffix
        "81Xyz+9k._AC_SL1500_.jpg",  # the exact URL file name
        "dl/61qqq.png",  # any sub-folder, any extension
        "71ABCDEF.jpg",  # Amazon ids are case-sensitive
        "image.jpg",  # generic name from a non-Amazon URL: only the full name matches
        "image.v2.jpg",
    ):
        touch(tmp_path / name)
    listing = Listing(
        sku="S1",
        image_urls=(
            "https://m.media-amazon.com/images/I/71abcDEF._AC_SL1500_.jpg",
            "https://m.media-amazon.com/images/I/81Xyz%2B9k._AC_SL1500_.jpg",
            "https://images-na.ssl-images-amazon.com/images/I/61qqq.jpg",
            "https://cdn.example.com/p/image.v2.jpg?width=800",
        ),
    )
    assert attach_images([listing], [tmp_path]) == 4
    assert slots(listing, tmp_path) == {
        "71abcDEF.jpg": "MAIN",
        "81Xyz+9k._AC_SL1500_.jpg": "PT01",
        "dl/61qqq.png": "PT02",
        "image.v2.jpg": "PT03",
    }


# ---- attach_images: identity and counting -------------------------------------------------------


def test_file_shared_by_listings_with_one_asin(tmp_path: Path, touch: Touch) -> None:
    touch(tmp_path / "B0SHARED01.jpg")
    red, blue = (
        Listing(sku="TEE-RED", asin="B0SHARED01"),
        Listing(sku="TEE-BLUE", asin="b0shared01"),
    )
    assert attach_images([red, blue], [tmp_path]) == 1
    assert red.images == blue.images == [ImageRef(tmp_path / "B0SHARED01.jpg", "MAIN")]


def test_no_duplicate_refs(tmp_path: Path, touch: Touch) -> None:
    """Name, folder and URL rules all claim one file; two overlapping folders list it twice;
    a second call must not add it again either."""
    path = touch(tmp_path / "B0ABC12345" / "B0ABC12345.PT01.jpg")
    listing = Listing(
        sku="B0ABC12345",
        asin="B0ABC12345",
        image_urls=("https://m.media-amazon.com/images/I/B0ABC12345.PT01.jpg",),
    )
    assert attach_images([listing], [tmp_path, tmp_path / "B0ABC12345"]) == 1
    assert listing.images == [ImageRef(path, "PT01")]
    attach_images([listing], [tmp_path])
    assert listing.images == [ImageRef(path, "PT01")]


def test_symlink_loop_in_image_folder(tmp_path: Path, touch: Touch) -> None:
    touch(tmp_path / "B0ABC12345" / "MAIN.jpg")
    os.symlink(tmp_path, tmp_path / "B0ABC12345" / "back-up")
    listing = Listing(sku="S", asin="B0ABC12345")
    assert attach_images([listing], [tmp_path]) == 1


def test_unrelated_files_and_listings_without_ids(tmp_path: Path, touch: Touch) -> None:
    touch(tmp_path / "holiday.jpg")
    listing = Listing(sku="S-1")
    nameless = Listing(sku="")
    assert attach_images([listing, nameless], [tmp_path]) == 0
    assert listing.images == [] and nameless.images == []
