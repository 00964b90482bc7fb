"""Which local image files belong to which listing (PRODUCT.md, "Product images").

Sellers keep listing pictures the way Amazon's bulk image upload wants them named: the ASIN or
SKU, optionally followed by a slot code (`B0ABC12345.MAIN.jpg`, `SKU-1.PT01.png`). Some keep one
folder per product instead, and some simply download the pictures named in the export's image
URLs. Three rules, tried in this order for every listing:

1. **Name**: the file's stem is the listing's ASIN or SKU, optionally followed by `.SLOT` or
   `_SLOT` where SLOT is MAIN, PT01..PT08 or SWCH (any case). No slot code means MAIN, as in
   Amazon's image upload naming. If a whole stem is itself some listing's ASIN or SKU (a SKU
   like `MUG_PT01`), it is taken whole and no slot code is split off.
2. **Folder**: the file sits directly in a sub-folder (below an --images folder, not the
   folder itself) named after the ASIN or SKU. Its slot is the slot code at the end of its
   stem (`MAIN.jpg`, `1_PT02.jpg`), else OTHER: guessing from sort order would make a
   secondary picture look like the main one.
3. **URL**: the file's name equals the last path segment of one of the listing's image URLs.
   For Amazon image URLs (`.../images/I/71abcDEF._AC_SL1500_.jpg`) the image id before the
   first dot also matches (`71abcDEF.jpg`), because downloads are often saved without the
   size suffix. The first URL is MAIN, the next ones PT01, PT02, ... (the order of
   `main_image_url`, `other_image_url1..8` in Amazon's templates), later ones OTHER.

ASINs match in any case (Amazon prints them upper-case, file systems and people do not);
SKUs match exactly first and in any case only when nothing matches exactly, because SKUs are
case-sensitive in Seller Central. URL names match exactly: Amazon image ids are case-sensitive.

Files are indexed once in dicts keyed by name, so attaching is linear in files + listings;
catalogs have 100k+ listings and a double loop would take hours.
"""

from __future__ import annotations

import os
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ..model import ImageRef, Listing

#: Suffixes of the formats Amazon accepts for listing images (JPEG, PNG, GIF, TIFF) plus the
#: WebP and BMP files sellers download or export from editors. Compared lower-case.
IMAGE_SUFFIXES: frozenset[str] = frozenset(
    {".jpg", ".jpeg", ".png", ".webp", ".gif", ".bmp", ".tif", ".tiff"}
)

#: Amazon's image slot codes (Seller Central image upload naming).
SLOTS: tuple[str, ...] = ("MAIN", *(f"PT{i:02d}" for i in range(1, 9)), "SWCH")

_SLOT_ALTERNATION = "|".join(SLOTS)
#: `<key>.<SLOT>` or `<key>_<SLOT>` at the end of a stem.
_NAME_WITH_SLOT = re.compile(rf"^(?P<key>.+)[._](?P<slot>{_SLOT_ALTERNATION})$", re.IGNORECASE)
#: A slot code at the end of a stem inside a product folder: `MAIN`, `1_PT02`, `front-PT03`.
_SLOT_AT_END = re.compile(rf"(?:^|[._\-\s])(?P<slot>{_SLOT_ALTERNATION})$", re.IGNORECASE)

#: A file: where it is, the slot it claims.
_Hit = tuple[Path, str]


def walk_images(root: Path) -> Iterator[Path]:
    """Every image file under `root`, recursively, in sorted order, without following links.

    Following directory links loops forever on a link to a parent (HAZARDS.md, Images), so
    linked folders are not entered. A linked *file* is kept only when its target resolves
    inside `root`; a dangling or looping link (RuntimeError on Python 3.11) is left out. A
    `root` that is itself an image file yields that file; a missing root yields nothing.
    """
    if root.is_file():
        if root.suffix.lower() in IMAGE_SUFFIXES:
            yield root
        return
    try:
        real_root = root.resolve(strict=True)
    except (OSError, RuntimeError):
        return
    found: list[Path] = []
    for dirpath, _dirnames, filenames in os.walk(root, followlinks=False):
        for name in filenames:
            if os.path.splitext(name)[1].lower() not in IMAGE_SUFFIXES:
                continue
            path = Path(dirpath, name)
            if path.is_symlink() and not _link_inside(path, real_root):
                continue
            found.append(path)
    yield from sorted(found)


def _link_inside(link: Path, real_root: Path) -> bool:
    """Whether a symlinked file points at an existing file inside `real_root`."""
    try:
        target = link.resolve(strict=True)
    except (OSError, RuntimeError):  # dangling, or a loop (RuntimeError on 3.11)
        return False
    return target.is_file() and target.is_relative_to(real_root)


def slot_in_name(stem: str) -> str | None:
    """The slot code at the end of a file stem (`B0ABC.PT01` -> PT01), upper-case, or None."""
    match = _SLOT_AT_END.search(stem)
    return match.group("slot").upper() if match else None


def url_names(url: str) -> tuple[str, ...]:
    """The file names a downloaded copy of `url` may have: its last path segment and, for
    Amazon image URLs, the image id before the first dot (`71abcDEF._AC_SL1500_.jpg` ->
    `71abcDEF`). The id is used only for Amazon URLs: for other hosts the part before the dot
    is often a generic word (`image`, `1`) that would attach strangers' pictures."""
    parts = urlsplit(url.strip())
    name = unquote(parts.path.rsplit("/", 1)[-1])
    if not name:
        return ()
    host = parts.netloc.lower()
    amazon = "amazon" in host or "._" in name
    image_id = name.split(".", 1)[0]
    if amazon and image_id and image_id != name:
        return (name, image_id)
    return (name,)


def url_slot(position: int) -> str:
    """Slot of the image URL at `position` (0-based): MAIN, then PT01..PT08, then OTHER."""
    if position == 0:
        return "MAIN"
    return f"PT{position:02d}" if position <= 8 else "OTHER"


class _FileIndex:
    """Image files keyed by every name a listing can claim them under (built once)."""

    def __init__(self) -> None:
        self.stem_exact: dict[str, list[_Hit]] = defaultdict(list)
        self.stem_folded: dict[str, list[_Hit]] = defaultdict(list)
        self.folder_exact: dict[str, list[_Hit]] = defaultdict(list)
        self.folder_folded: dict[str, list[_Hit]] = defaultdict(list)
        self.file_name: dict[str, list[Path]] = defaultdict(list)
        self.file_id: dict[str, list[Path]] = defaultdict(list)

    def add(self, path: Path, in_subfolder: bool, known: _KnownKeys) -> None:
        stem = path.stem
        key, slot = stem, "MAIN"
        if not known.has(stem):
            match = _NAME_WITH_SLOT.match(stem)
            if match:
                key, slot = match.group("key"), match.group("slot").upper()
        self.stem_exact[key].append((path, slot))
        self.stem_folded[key.casefold()].append((path, slot))
        if in_subfolder:
            folder = path.parent.name
            hit = (path, slot_in_name(stem) or "OTHER")
            self.folder_exact[folder].append(hit)
            self.folder_folded[folder.casefold()].append(hit)
        self.file_name[path.name].append(path)
        self.file_id[path.name.split(".", 1)[0]].append(path)


class _KnownKeys:
    """The ASINs and SKUs of the catalog, to tell a SKU like `MUG_PT01` from `MUG` + PT01."""

    def __init__(self, listings: Iterable[Listing]) -> None:
        self.exact: set[str] = set()
        self.folded: set[str] = set()
        for listing in listings:
            if listing.sku:
                self.exact.add(listing.sku)
                self.folded.add(listing.sku.casefold())
            if listing.asin:
                self.folded.add(listing.asin.casefold())

    def has(self, stem: str) -> bool:
        return stem in self.exact or stem.casefold() in self.folded


def _by_key(
    exact: dict[str, list[_Hit]], folded: dict[str, list[_Hit]], listing: Listing
) -> list[_Hit]:
    """Files claimed by the listing's ASIN (any case) and SKU (exact, else any case)."""
    hits: list[_Hit] = []
    if listing.asin:
        hits.extend(folded.get(listing.asin.casefold(), ()))
    if listing.sku:
        sku_hits = exact.get(listing.sku) or folded.get(listing.sku.casefold(), [])
        hits.extend(sku_hits)
    return hits


def attach_images(listings: list[Listing], image_dirs: list[Path]) -> int:
    """Append an `ImageRef` to `listing.images` for every file under `image_dirs` that belongs
    to the listing by the module's three rules; return how many distinct files were attached.

    A file is attached to a listing once (the first rule that claims it sets the slot); it
    may belong to several listings, e.g. SKUs that share an ASIN. The same file reached
    through two overlapping folders counts once.
    """
    known = _KnownKeys(listings)
    index = _FileIndex()
    seen: set[str] = set()
    for image_dir in image_dirs:
        for path in walk_images(image_dir):
            identity = os.path.normcase(os.path.abspath(path))
            if identity in seen:
                continue
            seen.add(identity)
            in_subfolder = path.parent != image_dir and path != image_dir
            index.add(path, in_subfolder, known)

    attached: set[Path] = set()
    for listing in listings:
        already = {ref.path for ref in listing.images}
        hits = _by_key(index.stem_exact, index.stem_folded, listing)
        hits += _by_key(index.folder_exact, index.folder_folded, listing)
        for position, url in enumerate(listing.image_urls):
            slot = url_slot(position)
            names = url_names(url)
            if not names:
                continue
            paths = list(index.file_name.get(names[0], ()))
            if len(names) > 1:
                paths += index.file_id.get(names[1], ())
            hits.extend((path, slot) for path in paths)
        for path, slot in hits:
            if path in already:
                continue
            already.add(path)
            listing.images.append(ImageRef(path, slot))
            attached.add(path)
    return len(attached)
