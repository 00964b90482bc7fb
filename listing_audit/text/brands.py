"""Load brand lists: the PRODUCT.md CSV format, or a .txt with one brand a line.

A bad row is reported (file and row) and left out; a file without the required columns is a
ConfigError. One-letter brands are refused: they would match everywhere.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ConfigError
from ..exports.decode import decode_bytes
from ..model import BrandEntry, Skipped
from .normalise import compact

REQUIRED = ("brand", "aliases", "owner", "kind", "risk")
OPTIONAL = ("notes", "source", "generic_terms")
KINDS = frozenset({"trademark", "character", "generic_trademark"})
RISKS = frozenset({"high", "medium", "low"})
MIN_BRAND_CHARS = 2


@dataclass(slots=True)
class BrandBook:
    """Every brand entry of a scan, with what was refused along the way."""

    entries: list[BrandEntry] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


def _list_files(path: Path) -> list[Path]:
    if path.is_dir():
        return sorted(
            p for p in path.iterdir() if p.suffix.lower() in {".csv", ".txt"} and p.is_file()
        )
    if path.is_file():
        return [path]
    raise ConfigError(f"{path}: brand list not found", "check the --brands path")


def _read_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ConfigError(f"{path}: cannot be read ({exc.strerror})", "check permissions") from None
    text, _ = decode_bytes(data, str(path))
    return text


def _check_name(name: str, path: Path, row: int, book: BrandBook) -> bool:
    if not name:
        book.skipped.append(
            Skipped(str(path), "empty brand name; row left out", row=row, column="brand")
        )
        return False
    if len(compact(name)) < MIN_BRAND_CHARS:
        book.skipped.append(
            Skipped(
                str(path),
                f"brand {name!r} is shorter than "
                f"{MIN_BRAND_CHARS} letters and would match everywhere; "
                "row left out",
                row=row,
                column="brand",
            )
        )
        return False
    return True


def _read_txt(path: Path, book: BrandBook) -> None:
    for row, line in enumerate(_read_text(path).splitlines(), start=1):
        name = line.strip()
        if not name or name.startswith("#"):
            continue
        if _check_name(name, path, row, book):
            book.entries.append(BrandEntry(brand=name, owner="", list_file=str(path)))


def _read_csv(path: Path, book: BrandBook) -> None:
    reader = csv.DictReader(io.StringIO(_read_text(path), newline=""))
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise ConfigError(
            f"{path}: brand list lacks the column(s) {', '.join(missing)}",
            "the header must be brand,aliases,owner,kind,risk (+ optional notes,source)",
        )
    reader.fieldnames = header
    for raw in reader:
        row = reader.line_num
        rec = {k: (v or "").strip() for k, v in raw.items() if isinstance(k, str)}
        name = rec.get("brand", "")
        if not _check_name(name, path, row, book):
            continue
        kind = rec.get("kind", "").lower() or "trademark"
        risk = rec.get("risk", "").lower() or "medium"
        if kind not in KINDS:
            book.skipped.append(
                Skipped(
                    str(path),
                    f"kind {kind!r} is not one of {', '.join(sorted(KINDS))}; row left out",
                    row=row,
                    column="kind",
                )
            )
            continue
        if risk not in RISKS:
            book.skipped.append(
                Skipped(
                    str(path),
                    f"risk {risk!r} is not high, medium or low; row left out",
                    row=row,
                    column="risk",
                )
            )
            continue
        aliases = tuple(
            a.strip()
            for a in rec.get("aliases", "").split("|")
            if len(compact(a.strip())) >= MIN_BRAND_CHARS
        )
        book.entries.append(
            BrandEntry(
                brand=name,
                aliases=aliases,
                owner=rec.get("owner", ""),
                kind=kind,
                risk=risk,
                notes=rec.get("notes", ""),
                source=rec.get("source", ""),
                generic_terms=tuple(
                    t.strip() for t in rec.get("generic_terms", "").split("|") if t.strip()
                ),
                list_file=str(path),
            )
        )


def load_brand_lists(paths: list[Path]) -> BrandBook:
    """Read every brand list file (a folder means every .csv and .txt in it)."""
    book = BrandBook()
    for path in paths:
        for file in _list_files(path):
            book.files.append(str(file))
            if file.suffix.lower() == ".txt":
                _read_txt(file, book)
            else:
                _read_csv(file, book)
    return book
