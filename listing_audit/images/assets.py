"""Protected assets: the logos, artwork and product photos of others (PRODUCT.md, --assets).

The first folder level under an --assets folder names the owner, so a compliance team can
drop a rights holder's files into `assets/acme-studios/` and every match reports
`acme-studios`. The asset id is the path relative to the --assets folder: it goes into finding
identities, so it must not depend on where the folder lives (moving it keeps the ids).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from ..model import Asset
from .locate import walk_images

#: Owner of a file placed directly in an --assets folder, not in an owner's sub-folder.
UNKNOWN_OWNER = "unknown owner"


def find_assets(asset_dirs: list[Path]) -> list[Asset]:
    """Every image under each folder in `asset_dirs` (links not followed), as `Asset`s.

    Ids are relative paths with forward slashes. When several folders hold the same relative
    path, those ids (and only those, so other ids stay stable when a folder is added) are
    prefixed with the folder's name, and with `#2`, `#3`... when the folder names are equal
    too. A folder given twice is read once.
    """
    found: list[tuple[int, Path, str, str]] = []  # (folder number, path, relative id, owner)
    seen_dirs: set[Path] = set()
    for number, asset_dir in enumerate(asset_dirs):
        key = asset_dir.resolve()
        if key in seen_dirs:
            continue
        seen_dirs.add(key)
        for path in walk_images(asset_dir):
            relative = path.relative_to(asset_dir) if path != asset_dir else Path(path.name)
            owner = relative.parts[0] if len(relative.parts) > 1 else UNKNOWN_OWNER
            found.append((number, path, relative.as_posix(), owner))

    id_counts = Counter(rel for _, _, rel, _ in found)
    dir_names = _unique_dir_names(asset_dirs)
    assets: list[Asset] = []
    for number, path, rel, owner in found:
        asset_id = rel if id_counts[rel] == 1 else f"{dir_names[number]}/{rel}"
        assets.append(Asset(path=path, owner=owner, asset_id=asset_id))
    return assets


def _unique_dir_names(asset_dirs: list[Path]) -> list[str]:
    """Each folder's name, with `#2`, `#3`... added to repeats (`a/assets`, `b/assets`)."""
    names: list[str] = []
    counts: Counter[str] = Counter()
    for asset_dir in asset_dirs:
        name = asset_dir.resolve().name or str(asset_dir)
        counts[name] += 1
        names.append(name if counts[name] == 1 else f"{name}#{counts[name]}")
    return names
