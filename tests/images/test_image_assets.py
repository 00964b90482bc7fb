"""assets.find_assets: owners from folder names, stable unique ids."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from listing_audit.images.assets import UNKNOWN_OWNER, find_assets
from listing_audit.model import Asset

Touch = Callable[[Path], Path]


def test_owner_is_first_folder_level(tmp_path: Path, touch: Touch) -> None:
    root = tmp_path / "assets"
    touch(root / "acme-studios" / "logo.png")
    touch(root / "acme-studios" / "characters" / "rabbit.JPG")
    touch(root / "loose.webp")
    (root / "acme-studios" / "licence.pdf").write_text("not an image")
    assert find_assets([root]) == [
        Asset(
            root / "acme-studios" / "characters" / "rabbit.JPG",
            "acme-studios",
            "acme-studios/characters/rabbit.JPG",
        ),
        Asset(root / "acme-studios" / "logo.png", "acme-studios", "acme-studios/logo.png"),
        Asset(root / "loose.webp", UNKNOWN_OWNER, "loose.webp"),
    ]


def test_ids_are_unique_across_folders(tmp_path: Path, touch: Touch) -> None:
    """Only colliding ids get a folder prefix, so adding a folder keeps the others' ids."""
    first, second, third = (
        tmp_path / "brand-a",
        tmp_path / "x" / "assets",
        tmp_path / "y" / "assets",
    )
    touch(first / "acme" / "logo.png")
    touch(first / "acme" / "only-here.png")
    touch(second / "acme" / "logo.png")
    touch(third / "acme" / "logo.png")
    ids = [a.asset_id for a in find_assets([first, second, third])]
    assert ids == [
        "brand-a/acme/logo.png",
        "acme/only-here.png",
        "assets/acme/logo.png",
        "assets#2/acme/logo.png",
    ]
    assert len(set(ids)) == len(ids)


def test_same_folder_twice_is_read_once(tmp_path: Path, touch: Touch) -> None:
    touch(tmp_path / "acme" / "logo.png")
    assets = find_assets([tmp_path, tmp_path / "acme" / ".."])
    assert [a.asset_id for a in assets] == ["acme/logo.png"]


def test_links_are_not_followed(tmp_path: Path, touch: Touch) -> None:
    root = tmp_path / "assets"
    touch(root / "acme" / "logo.png")
    touch(tmp_path / "private" / "secret.png")
    os.symlink(tmp_path / "private", root / "acme" / "private")
    os.symlink(root, root / "acme" / "loop")
    assert [a.asset_id for a in find_assets([root])] == ["acme/logo.png"]
