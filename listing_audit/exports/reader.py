"""Read listing exports into `Listing`s: recognise the format, map columns, lose no row.

Every file is streamed (`iter_listings`), so a 500,000-row report never sits in memory as text or
raw rows; only the listings are kept. Every row is accounted for in the file's `FileRead` counts:

    physical lines = header rows + data rows + ignored rows (blank, repeated header)
                     + continuation lines (quoted fields holding line breaks)
    data rows      = rows kept + bad rows (each bad row is reported with its row number)
    listings made  >= rows kept (a multi-marketplace template row makes one per marketplace)
    listings out   = listings made - listings merged into another (same SKU and marketplace)

Warnings about rows that were kept (a mangled ID, a ragged row, a merge conflict) are reported as
`Skipped(..., kept=True)`; past `WARNING_CAP` of one kind in a file they are summarised.
"""

from __future__ import annotations

import gc
import logging
import re
import sys
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path

from ..errors import InputError
from ..model import Listing, Skipped
from .columns import ColumnPlan, Unit
from .formats import (
    EXPECTED_HINT,
    HEAD_ROWS,
    TEMPLATE,
    Layout,
    best_header_guess,
    describe_family,
    diagnose,
    find_layout,
    nearest_format,
)
from .headers import MULTI_VALUE, header_key
from .merge import merge_listings
from .tables import MAX_LINE_CHARS, OpenedExport, Table, open_export
from .tabs import RawRow

log = logging.getLogger(__name__)

WARNING_CAP = 50
#: `1.23457E+11`: a long number Excel displayed in scientific notation and saved as text; the
#: lost digits cannot be recovered (HAZARDS.md).
MANGLED = re.compile(r"^\d+(?:[.,]\d+)?[eE]\+\d+$")
#: Letters around a `?` (`Caf? Cr?me`) or runs of `??`: characters the report's encoding could
#: not hold, replaced by Amazon before the file was written (FORMATS.md).
LOST_CHARACTERS = re.compile(r"\w\?\w|\?\?")
ASIN = re.compile(r"^B0[0-9A-Z]{8}$")
_PARENT = frozenset({"parent", "eltern", "elternteil", "padre", "genitore", "親", "父"})
_CHILD = frozenset({"child", "kind", "enfant", "hijo", "figlio", "子", "子商品"})
_NOT_DATA_SHEETS = (
    "example",
    "beispiel",
    "exemple",
    "esempio",
    "ejemplo",
    "instructions",
    "data definitions",
    "valid values",
    "dropdown lists",
    "images",
)
_MARKERS = ("TemplateType=", "settings=")
_TEMPLATE_SHEETS = frozenset(
    {"template", "modello", "vorlage", "modèle", "plantilla", "テンプレート", "模板", "vorlagen"}
)


@dataclass(slots=True)
class FileRead:
    """What was read from one export file, with counts that reconcile (see the module doc)."""

    path: str
    format: str = ""
    encoding: str = ""
    sheets: list[str] = field(default_factory=list)
    lines: int = 0
    header_rows: int = 0
    rows: int = 0
    ignored: int = 0
    continuation_lines: int = 0
    bad_rows: int = 0
    listings: int = 0
    #: `--map` headers (as header keys) this file has.
    mapped_headers: set[str] = field(default_factory=set)

    @property
    def rows_kept(self) -> int:
        return self.rows - self.bad_rows

    def reconciles(self) -> bool:
        return (
            self.lines == self.header_rows + self.rows + self.ignored + self.continuation_lines
            and self.listings >= self.rows_kept
        )


@dataclass(slots=True)
class ReadResult:
    """Listings after merging, everything reported, and the counts per file."""

    listings: list[Listing]
    skipped: list[Skipped]
    files: list[FileRead] = field(default_factory=list)
    merged: int = 0

    @property
    def rows(self) -> int:
        """Data rows read across all files (rows in)."""
        return sum(f.rows for f in self.files)

    @property
    def bad_rows(self) -> int:
        """Rows reported as bad and left out."""
        return sum(f.bad_rows for f in self.files)

    @property
    def listings_read(self) -> int:
        """Listings made from the good rows, before merging."""
        return sum(f.listings for f in self.files)


class Notes:
    """Per-file reporting: bad rows always one by one; warnings summarised past a cap."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.items: list[Skipped] = []
        self._counts: Counter[str] = Counter()
        self._overflow: dict[str, list[int]] = {}

    def bad(self, reason: str, row: int, column: str | None = None) -> None:
        self.items.append(Skipped(self.source, reason, row=row, column=column))

    def warn(
        self, kind: str, reason: str, row: int | None = None, column: str | None = None
    ) -> None:
        self._counts[kind] += 1
        if self._counts[kind] > WARNING_CAP:
            self._overflow.setdefault(kind, []).append(row or 0)
            return
        self.items.append(Skipped(self.source, reason, row=row, column=column, kept=True))

    def flush(self) -> list[Skipped]:
        for kind, rows in self._overflow.items():
            sample = ", ".join(str(r) for r in rows[:10])
            self.items.append(
                Skipped(
                    self.source,
                    f"{len(rows):,} more rows like the {WARNING_CAP} above ({kind}; rows "
                    f"{sample}{', ...' if len(rows) > 10 else ''}); rows kept",
                    kept=True,
                )
            )
        self._overflow.clear()
        return self.items


def _variation(value: str) -> str:
    word = value.strip().casefold()
    if not word:
        return ""
    if word in _PARENT or word.startswith("parent"):
        return "parent"
    if word in _CHILD or word.startswith("child"):
        return "child"
    return word


class RowReader:
    """Turns the cells of a row into a Listing for one unit (a plain file has one unit).

    Compiled once per table: the columns of each field are looked up with one `itemgetter`
    call per row, which keeps reading near 100,000 rows a second (benchmarks/read_speed.py)."""

    def __init__(self, fields: dict[str, list[int]], bullet_slots: int, has_id_type: bool):
        firsts = {n: cols[0] for n, cols in fields.items() if n not in MULTI_VALUE and cols}
        self.names = tuple(firsts)
        self.cols = tuple(firsts.values())
        self.get = itemgetter(*self.cols) if len(self.cols) > 1 else None
        self.width = max(self.cols, default=-1) + 1
        #: Fields with further columns (aliases, duplicated headers), tried when the first is empty.
        self.fallbacks = {
            n: cols[1:] for n, cols in fields.items() if n not in MULTI_VALUE and len(cols) > 1
        }
        self.terms = tuple(fields.get("search_terms", ()))
        self.images = tuple(fields.get("image_urls", ()))
        self.bullets = tuple(f"bullet_point{i}" for i in range(1, bullet_slots + 1))
        self.has_id_type = has_id_type

    def values(self, cells: list[str]) -> dict[str, str]:
        n = len(cells)
        if n >= self.width and self.get is not None:
            raw = self.get(cells)
        else:
            raw = tuple(cells[c] if c < n else "" for c in self.cols)
        single = dict(zip(self.names, [t.strip() for t in raw], strict=True))
        for name, cols in self.fallbacks.items():
            if not single[name]:
                single[name] = next((t for c in cols if c < n and (t := cells[c].strip())), "")
        return single

    def __call__(
        self, cells: list[str], source: str, number: int, marketplace: str, language: str
    ) -> Listing | None:
        single = self.values(cells)
        get = single.get
        n = len(cells)
        terms = " ".join(t for c in self.terms if c < n and (t := cells[c].strip()))
        images: tuple[str, ...] = ()
        if self.images:
            images = tuple(
                u.strip() for c in self.images if c < n for u in cells[c].split("|") if u.strip()
            )
        bullets = tuple([get(name, "") for name in self.bullets]) if self.bullets else ()
        sku, asin, title = get("sku", ""), get("asin", ""), get("title", "")
        brand, description = get("brand", ""), get("description", "")
        pid, external = get("product_id", ""), get("external_product_id", "")
        if not (
            sku or asin or title or brand or description or terms or any(bullets) or pid or external
        ):
            return None
        if not asin:
            kind = get("product_id_type", "").upper()
            if pid and kind in {"1", "ASIN"}:
                asin = pid
            elif external and get("external_product_id_type", "").upper() == "ASIN":
                asin = external
            elif pid and not self.has_id_type and ASIN.match(pid):
                asin = pid  # lite reports: `product-id` alone, and it is the ASIN
        variation = get("variation", "")
        if variation:
            variation = _variation(variation)
        parent = get("parent_sku", "")
        if parent and not variation:
            variation = "child"
        intern = sys.intern
        return Listing(
            sku=sku,
            asin=asin or None,
            title=title,
            brand=brand,
            bullets=bullets,
            description=description,
            search_terms=terms,
            image_urls=images,
            marketplace=intern(marketplace or get("marketplace", "")),
            status=intern(get("status", "")),
            source=source,
            row=number,
            language=intern(language),
            variation=intern(variation),
            parent_sku=parent,
            quantity=intern(get("quantity", "")),
            fulfillment=intern(get("fulfillment", "")),
        )


class PlanReader:
    """Every listing one row makes: one for a plain file, one per filled unit of a template."""

    def __init__(self, plan: ColumnPlan, default_market: str) -> None:
        has_id_type = "product_id_type" in plan.shared
        self.plan = plan
        self.default_market = default_market
        self.shared = RowReader(plan.shared, plan.bullet_slots, has_id_type)
        self.units: dict[int, RowReader] = {
            id(unit): RowReader(unit.fields, plan.bullet_slots, has_id_type)
            for market in plan.markets
            for unit in market.units
        }

    def __call__(self, cells: list[str], source: str, number: int) -> list[Listing]:
        plan = self.plan
        if not plan.markets:
            one = self.shared(cells, source, number, self.default_market, "")
            return [one] if one is not None else []
        n = len(cells)

        def filled(cols: tuple[int, ...]) -> bool:
            return any(c < n and cells[c].strip() for c in cols)

        made: list[Listing] = []
        for market in plan.markets:
            units: list[Unit] = [u for u in market.units if u.own and filled(u.own)]
            if not units and filled(market.own):
                units = [market.primary]
            for unit in units:
                listing = self.units[id(unit)](
                    cells, source, number, unit.marketplace, unit.language
                )
                if listing is not None:
                    made.append(listing)
        if not made:
            one = self.shared(cells, source, number, self.default_market, "")
            if one is not None:
                made.append(one)
        return made


def _read_table(table: Table, layout: Layout, info: FileRead, notes: Notes) -> Iterator[Listing]:
    plan = layout.plan
    width = layout.width
    source = table.source
    header = plan.header
    sku_cols = (
        plan.shared.get("sku")
        or [c for m in plan.markets for u in m.units for c in u.fields.get("sku", [])][:1]
    )
    sku_col = sku_cols[0] if sku_cols else 0
    # SKU-column texts of the header and the rows above it: a row carrying one of them is a
    # header repeated mid-file (two reports pasted together), not a listing.
    header_skus = {header[sku_col].strip()} | {
        row[sku_col] for row in layout.above if sku_col < len(row) and row[sku_col]
    }
    default_market = layout.settings.get("primaryMarketplaceId", "").removeprefix("amzn1.mp.o.")
    is_text = table.kind != "workbook"
    read_row = PlanReader(plan, default_market)
    lost: list[int] = []
    first_data = True
    for row in table.rows(width if table.kind == "tab-delimited text" else None):
        info.continuation_lines += row.span - 1
        number = row.number
        if number <= layout.header_number:
            info.header_rows += 1
            continue
        if layout.data_row is not None and number < layout.data_row:
            info.header_rows += 1
            if any(c.strip() for c in row.cells):
                notes.warn(
                    "template example row",
                    f"row {number} is Amazon's example row; not read",
                    row=number,
                )
            continue
        cells = row.cells
        if row.error:
            info.rows += 1
            info.bad_rows += 1
            last = number + row.span - 1
            notes.bad(
                f"lines {number}-{last} could not be split into fields ({row.error}); "
                "left out - check the quoting there",
                row=number,
            )
            continue
        if not "".join(cells).strip():
            info.ignored += 1
            continue
        n = len(cells)
        if (sku_col < n and cells[sku_col].strip() in header_skus) or cells[0].startswith(_MARKERS):
            info.ignored += 1
            notes.warn("repeated header", f"row {number} repeats the header; skipped", row=number)
            continue
        if (
            first_data
            and layout.family == TEMPLATE
            and not layout.settings
            and sku_col < n
            and cells[sku_col].strip().upper() == "ABC123"
        ):
            # Amazon's example row under the attribute names, when no settings= says so.
            info.header_rows += 1
            notes.warn(
                "template example row",
                f"row {number} is Amazon's example row (SKU ABC123); not read",
                row=number,
            )
            first_data = False
            continue
        first_data = False
        info.rows += 1
        if number in table.cut:
            notes.warn(
                "overlong line",
                f"line {number} is {table.cut[number]:,} characters long; only the first "
                f"{MAX_LINE_CHARS:,} were read (row kept) - check that row in the report",
                row=number,
            )
        if max(map(len, cells), default=0) > MAX_CELL_CHARS:
            cells = _cap_cells(cells, plan, number, notes)
        made = read_row(cells, source, number)
        if not made:
            info.bad_rows += 1
            notes.bad("row has no SKU, ASIN, title or listing text; left out", row=number)
            continue
        info.listings += len(made)
        _check_row(row, n, width, is_text, plan, made, notes, lost)
        if len(made) == 1:
            yield made[0]
        else:
            yield from made
    if lost:
        sample = ", ".join(str(r) for r in lost[:10])
        notes.warn(
            "lost characters",
            f"{len(lost):,} rows have '?' inside words (rows {sample}"
            f"{', ...' if len(lost) > 10 else ''}): characters the report's encoding could not "
            "hold were replaced before the file was written and cannot be restored here; check "
            "those titles in Seller Central or download the report as UTF-8",
            row=lost[0],
        )


#: Amazon allows 2,000 characters of description and 200 of title; a cell far longer is damage
#: or an attack, and fuzzy matching over it would cost time for nothing.
MAX_CELL_CHARS = 100_000


def _cap_cells(cells: list[str], plan: ColumnPlan, number: int, notes: Notes) -> list[str]:
    """Cells cut to MAX_CELL_CHARS, each cut reported with its column."""
    capped = list(cells)
    for col, value in enumerate(cells):
        if len(value) > MAX_CELL_CHARS:
            capped[col] = value[:MAX_CELL_CHARS]
            name = plan.header[col] if col < len(plan.header) else f"column {col + 1}"
            notes.warn(
                "overlong field",
                f"holds {len(value):,} characters; only the first {MAX_CELL_CHARS:,} were "
                "read (row kept)",
                row=number,
                column=name,
            )
    return capped


def _check_row(
    row: RawRow,
    n: int,
    width: int,
    is_text: bool,
    plan: ColumnPlan,
    made: list[Listing],
    notes: Notes,
    lost: list[int],
) -> None:
    """Warnings about a kept row: ragged, damaged text, mangled IDs, lost characters, no SKU."""
    number = row.number
    cells = row.cells
    if is_text and n < width:
        notes.warn(
            "short row",
            f"row has {n} fields, the header has {width}; missing fields read as empty (row kept)",
            row=number,
        )
    elif n > width and "".join(cells[width:]).strip():
        notes.warn(
            "long row",
            f"row has {n} fields, the header has {width}; the extra fields were not read "
            "(row kept) - check for tabs inside a title",
            row=number,
        )
    if row.rejoined:
        notes.warn(
            "line break inside a field",
            f"lines {number}-{number + row.span - 1} read as one row: a line break inside a "
            "field (not quoted) had split it; check that row in the report (row kept)",
            row=number,
        )
    if row.damaged:
        notes.warn(
            "undecodable text",
            "holds characters that could not be decoded (shown as \ufffd); check the file's "
            "encoding or give --encoding (row kept)",
            row=number,
        )
    for col, name in plan.id_columns:
        if col < n and "+" in cells[col]:
            value = cells[col].strip()
            if MANGLED.match(value):
                notes.warn(
                    "ID mangled by Excel",
                    f"{value!r} is a long number Excel turned into scientific notation; its "
                    "digits are lost - take the ID from Seller Central, not from a file saved "
                    "by Excel (row kept)",
                    row=number,
                    column=name,
                )
    first = made[0]
    if "?" in first.title and LOST_CHARACTERS.search(first.title):
        lost.append(number)
    if not first.sku:
        notes.warn(
            "no SKU",
            "row has no SKU; kept, but it cannot be merged with rows of other files",
            row=number,
        )


def _sheet_order(tables: list[tuple[Table, Layout]]) -> list[tuple[Table, Layout]]:
    """The data sheet(s) of a workbook: templates' `Template` sheet; else every sheet with
    listings, leaving out Amazon's example and instruction sheets."""
    usable = [
        (t, lay)
        for t, lay in tables
        if not any(word in t.sheet.casefold() for word in _NOT_DATA_SHEETS)
        and (len(lay.plan.fields) >= 2 or len(lay.plan.header) == 1)
    ]
    templates = [(t, lay) for t, lay in usable if lay.is_template]
    if templates:
        named = [(t, lay) for t, lay in templates if t.sheet.casefold() in _TEMPLATE_SHEETS]
        return named[:1] or templates[:1]
    return usable


def _unrecognised(path: Path, heads: list[tuple[Table, list[RawRow]]]) -> InputError:
    if not heads:
        return InputError(str(path), "workbook has no worksheets", EXPECTED_HINT)
    if len(heads) == 1 and heads[0][0].kind != "workbook":
        return InputError(str(path), diagnose(heads[0][1]), EXPECTED_HINT)
    parts: list[str] = []
    guesses: list[str] = []
    for table, head in heads:
        row = best_header_guess(head)
        if row is None:
            parts.append(f"{table.sheet!r} (empty)")
            continue
        cells = [c for c in row.cells if c.strip()]
        guesses.extend(cells)
        shown = ", ".join(repr(c[:30]) for c in cells[:6]) + (" ..." if len(cells) > 6 else "")
        parts.append(f"{table.sheet!r} (row {row.number}: {shown})")
    near = nearest_format(guesses)
    nearest = (
        f"; nearest known format: {near[0]} ({near[1]} of its {near[2]} columns found)"
        if near
        else "; it does not look like any listing export"
    )
    return InputError(
        str(path),
        "workbook has no data sheet with a header row naming a SKU column; sheets: "
        + "; ".join(parts)
        + nearest,
        EXPECTED_HINT,
    )


def iter_listings(
    path: Path,
    encoding: str | None = None,
    column_map: list[tuple[str, str]] | None = None,
    info: FileRead | None = None,
    notes: Notes | None = None,
) -> Iterator[Listing]:
    """Stream the listings of one export; counts go to `info`, reports to `notes`.

    Raises InputError (on the first `next`) when the file cannot be used as a whole."""
    info = info if info is not None else FileRead(str(path))
    notes = notes if notes is not None else Notes(str(path))
    with open_export(path, encoding) as opened:
        yield from _read_opened(opened, column_map, info, notes)


def _read_opened(
    opened: OpenedExport,
    column_map: list[tuple[str, str]] | None,
    info: FileRead,
    notes: Notes,
) -> Iterator[Listing]:
    heads = [(t, t.head(HEAD_ROWS)) for t in opened.tables]
    found: list[tuple[Table, Layout]] = []
    for table, head in heads:
        layout = find_layout(head, column_map)
        if layout is not None:
            found.append((table, layout))
    chosen = _sheet_order(found) if opened.is_workbook else found
    if not chosen:
        raise _unrecognised(opened.path, heads)
    first_table = chosen[0][0]
    if first_table.encoding is not None:
        choice = first_table.encoding
        info.encoding = choice.label
        if choice.ambiguous:
            notes.warn(
                "encoding",
                f"encoding not certain: read as {choice.label}; the file is also valid as "
                f"{', '.join(choice.alternatives)} - if the text looks wrong, give --encoding",
            )
        elif choice.errors == "replace" and "--encoding" not in choice.label:
            notes.warn(
                "encoding",
                "no encoding fits every byte; read as Windows-1252 with undecodable bytes "
                "shown as \ufffd (rows holding them are listed)",
            )
    info.format = "; ".join(dict.fromkeys(describe_family(lay) for _, lay in chosen))
    info.sheets = [t.sheet for t, _ in chosen if t.sheet]
    for table, layout in chosen:
        info.mapped_headers |= layout.plan.mapped
        if layout.plan.duplicates:
            notes.warn(
                "duplicated header",
                "header names written more than once: "
                + ", ".join(repr(d) for d in dict.fromkeys(layout.plan.duplicates))
                + "; the first non-empty value of each is used",
                row=layout.header_number,
            )
        mark = info.listings
        yield from _read_table(table, layout, info, notes)
        info.lines += table.lines
        log.info(
            "%s: %s, %s; %d rows, %d listings",
            table.source,
            describe_family(layout),
            info.encoding or "workbook",
            info.rows,
            info.listings - mark,
        )


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while listings pile up: they hold no cycles, and
    with it running, keeping 500,000 listings took 16 s instead of 10 s (measured with
    benchmarks/read_speed.py). Restored on the way out, errors included."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def read_exports(
    paths: list[Path],
    encoding: str | None = None,
    column_map: list[tuple[str, str]] | None = None,
) -> ReadResult:
    """Read and merge every export; raise InputError when a file cannot be used as a whole."""
    listings: list[Listing] = []
    skipped: list[Skipped] = []
    files: list[FileRead] = []
    used_headers: set[str] = set()
    with _gc_paused():
        for path in paths:
            info = FileRead(str(path))
            notes = Notes(str(path))
            listings.extend(iter_listings(path, encoding, column_map, info, notes))
            skipped.extend(notes.flush())
            files.append(info)
            used_headers |= info.mapped_headers
    for name, header in column_map or []:
        if header_key(header) not in used_headers:
            skipped.append(
                Skipped(
                    "--map",
                    f"no file has a column {header!r} (--map {name}={header}); check the "
                    "spelling against the file's header row",
                    column=header,
                    kept=True,
                )
            )
    merged = merge_listings(listings)
    return ReadResult(merged.listings, skipped + merged.notes, files, merged.merged)
