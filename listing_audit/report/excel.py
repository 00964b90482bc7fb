"""The risk-ranked Excel workbook an operations team filters, assigns and acts on.

Sheets: Summary (what was scanned, counts, who is behind the findings, a chart), Flagged ASINs
(one row per listing to act on, with team columns), Findings (one row per finding, the
evidence), All listings (every listing, so "nothing was skipped" can be shown in an appeal) and
Skipped (what could not be read, and why).

Listing text is untrusted and goes into every sheet, so every string passes through
`safe.cell_text` and is then forced to a string cell: openpyxl would otherwise store
`=HYPERLINK(...)` as a live formula and `#N/A` as an error cell (HAZARDS.md, "Writing"). Styles
are created once at import and shared, so 100,000 rows cost one style record each, not one
object per cell.

Speed, measured with openpyxl 3.1.5 (no lxml) on 100,000 listings: about 35 s when one in ten
is flagged, about 2 minutes when every one is flagged with two findings. Nearly all of it is
openpyxl serialising cells (roughly 20 µs each).
"""

from __future__ import annotations

import contextlib
import io
import math
import os
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias

from openpyxl import Workbook
from openpyxl.cell.cell import Cell, WriteOnlyCell
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.chart import BarChart, Reference
from openpyxl.chart.marker import DataPoint
from openpyxl.drawing.image import Image as XLImage
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from listing_audit.model import (
    ACTIONS,
    LEVELS,
    Finding,
    ImageFinding,
    ListingResult,
    ScanResult,
    Skipped,
    TextFinding,
)
from listing_audit.report.i18n import listing_reasons, t
from listing_audit.report.marketplaces import product_url
from listing_audit.report.safe import atomic_write, cell_text, check_writable
from listing_audit.report.thumbnails import thumbnail_png

if TYPE_CHECKING:  # only named in hints; the module is private to openpyxl
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

CellValue = str | int | float | None

#: Excel's hard limits (Microsoft, "Excel specifications and limits"). Module constants so a
#: test can lower them instead of writing a million rows.
MAX_SHEET_ROWS = 1_048_576
MAX_HYPERLINKS = 65_530

#: What a team member can record against a flagged listing (the Decision drop-down).
DECISIONS: tuple[str, ...] = ("Remove", "Fix", "Keep - authorized", "Keep - false alarm", "Done")

LEVEL_COLOURS: dict[str, str] = {
    "high": "F8696B",  # red
    "medium": "FFB366",  # orange
    "low": "FFEB84",  # yellow
    "none": "BFBFBF",  # grey, used by the chart only
}
LEVEL_FILLS: dict[str, PatternFill] = {
    level: PatternFill(fill_type="solid", fgColor=colour)
    for level, colour in LEVEL_COLOURS.items()
    if level != "none"
}
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill(fill_type="solid", fgColor="DDEBF7")
TITLE_FONT = Font(bold=True, size=14)
SECTION_FONT = Font(bold=True, size=12)
LINK_FONT = Font(color="0563C1", underline="single")
HIGHLIGHT = InlineFont(b=True, color="C00000")
WRAP = Alignment(wrap_text=True, vertical="top")

FLAGGED_COLUMNS: tuple[tuple[str, float], ...] = (
    ("Rank", 7),
    ("ASIN", 14),
    ("SKUs", 18),
    ("Title", 60),
    ("Level", 9),
    ("Action", 9),
    ("Score", 8),
    ("Reasons", 60),
    ("Brands / assets matched", 30),
    ("Decision", 20),
    ("Assignee", 16),
    ("Notes", 40),
)
FINDING_COLUMNS: tuple[tuple[str, float], ...] = (
    ("Rank", 7),
    ("ASIN", 14),
    ("SKU", 18),
    ("Finding ID", 18),
    ("Rule", 16),
    ("Kind", 7),
    ("Field or slot", 15),
    ("Brand or asset", 24),
    ("Owner", 20),
    ("Text as written / image path", 40),
    ("Normalised", 20),
    ("Match or method", 14),
    ("Context", 50),
    ("Cue", 24),
    ("Distance", 9),
    ("Evidence", 14),
    ("Score", 8),
    ("Action", 9),
)
LISTING_COLUMNS: tuple[tuple[str, float], ...] = (
    ("Rank", 7),
    ("ASIN", 14),
    ("SKU", 18),
    ("Title", 60),
    ("Status", 11),
    ("Source file", 30),
    ("Row", 7),
    ("Level", 9),
    ("Action", 9),
    ("Score", 8),
    ("Findings", 9),
    ("Problems", 50),
)
IMAGE_COLUMNS: tuple[tuple[str, float], ...] = (
    ("Rank", 7),
    ("ASIN", 14),
    ("SKU", 18),
    ("Slot", 8),
    ("Listing image", 17),
    ("Protected image", 17),
    ("Asset", 30),
    ("Owner", 20),
    ("Method", 14),
    ("Distance", 9),
    ("Score", 8),
    ("Image file", 50),
)
#: Thumbnails grow the file (a few KB each); only the riskiest matches get pictures.
MAX_THUMBNAIL_ROWS = 1_000
THUMB_ROW_HEIGHT = 86  # points: a 110 px thumbnail
SKIPPED_COLUMNS: tuple[tuple[str, float], ...] = (
    ("File", 40),
    ("Row", 7),
    ("Column", 20),
    ("Reason", 80),
)
NOTHING_SKIPPED = "Nothing skipped: every row and image in the inputs was used."
TOP_N = 15


#: What goes into a row: an openpyxl Cell for text, else a plain number or None. openpyxl has
#: no type hints, so the checker sees Cell as Any; `object` keeps the isinstance checks honest.
Written: TypeAlias = object


def _cell(ws: WriteOnlyWorksheet, value: CellValue) -> Written:
    """A cell whose text can never be a formula or an error value, nor break the file.

    Numbers and blanks go to openpyxl as plain values (its fast path); text becomes a Cell
    forced to the string type, because openpyxl decides the type from the text itself.
    """
    if isinstance(value, str):
        if not value:
            return None  # nothing to show, and openpyxl writes no XML for it
        cell = WriteOnlyCell(ws, value=cell_text(value))
        cell.data_type = "s"
        return cell
    return value


def _cells(ws: WriteOnlyWorksheet, values: Iterable[CellValue]) -> list[Written]:
    return [_cell(ws, value) for value in values]


def _style(cell: Written, **styles: object) -> None:
    """Style a text cell; blanks and numbers in styled positions are left plain."""
    if isinstance(cell, Cell):
        for name, style in styles.items():
            setattr(cell, name, style)


def _score(value: float, digits: int = 1) -> float | None:
    """Rounded for reading; NaN would make Excel call the file damaged, so it becomes empty."""
    number = float(value)
    return round(number, digits) if math.isfinite(number) else None


class _Sheet:
    """A streaming (write-only) sheet that knows how many rows it holds.

    Write-only sheets keep memory flat: measured on 100,000 listings with 150,000 findings, a
    normal workbook peaked at 1.3 GB and a write-only one at 0.2 GB, in about the same time.
    The price: each row is written once, in order, styled before it is appended, and sheet
    settings (widths, frozen header) come before the first row.
    """

    def __init__(self, wb: Workbook, title: str, widths: Sequence[float] = ()) -> None:
        self.ws: WriteOnlyWorksheet = wb.create_sheet(title)
        self.rows = 0
        for index, width in enumerate(widths, start=1):
            self.ws.column_dimensions[get_column_letter(index)].width = width

    def append(self, values: Iterable[CellValue], **first_cell_styles: object) -> list[Written]:
        """Append a row; `first_cell_styles` style its first cell (titles, labels)."""
        cells = _cells(self.ws, values)
        if cells:
            _style(cells[0], **first_cell_styles)
        return self.append_cells(cells)

    def append_cells(self, cells: list[Written]) -> list[Written]:
        self.ws.append(cells)
        self.rows += 1
        return cells

    def header(self, names: Sequence[str]) -> int:
        """A bold, shaded header row; returns its row number."""
        cells = _cells(self.ws, names)
        for cell in cells:
            _style(cell, font=HEADER_FONT, fill=HEADER_FILL)
        self.append_cells(cells)
        return self.rows


RowStyler = Callable[[list[Written], int], None]


def _data_sheet(
    wb: Workbook,
    title: str,
    columns: Sequence[tuple[str, float]],
    rows: Iterable[Sequence[CellValue]],
    style_row: RowStyler | None = None,
    lang: str = "en",
) -> list[tuple[_Sheet, int]]:
    """A filterable table with a frozen bold header; returns [(sheet, rows written), ...].

    Excel holds 1,048,576 rows a sheet; a catalog with many findings a listing can exceed that,
    so the table continues on `Title (2)`, `Title (3)`... with the same header. `style_row` gets
    each row's index across all parts.
    """
    parts: list[tuple[_Sheet, int]] = []
    room = MAX_SHEET_ROWS - 1  # the header

    def new_part() -> _Sheet:
        name = t(title, lang) + (f" ({len(parts) + 1})" if parts else "")
        sheet = _Sheet(wb, name, [width for _, width in columns])
        sheet.ws.freeze_panes = "A2"
        sheet.header([t(name, lang) for name, _ in columns])
        return sheet

    sheet, written, index = new_part(), 0, 0
    for values in rows:
        if written >= room:
            parts.append((sheet, written))
            sheet, written = new_part(), 0
        cells = _cells(sheet.ws, values)
        if style_row is not None:
            style_row(cells, index)
        sheet.append_cells(cells)
        written += 1
        index += 1
    parts.append((sheet, written))
    for part, count in parts:
        part.ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{1 + count}"
    return parts


def _matched(results: Sequence[ListingResult]) -> str:
    """The brands and assets behind the findings, each once, in finding order."""
    names = [
        f.asset if isinstance(f, ImageFinding) else f.brand for r in results for f in r.findings
    ]
    return "; ".join(dict.fromkeys(name for name in names if name))


def _pages(results: list[ListingResult]) -> list[list[ListingResult]]:
    """Flagged product pages: SKUs sharing an ASIN, adjacent in rank order, as one group."""
    pages: dict[str, list[ListingResult]] = {}
    for r in results:
        pages.setdefault(r.listing.key, []).append(r)
    return [members for members in pages.values() if members[0].risk_level != "none"]


def highlighted_title(title: str, findings: Sequence[Finding]) -> CellRichText | str:
    """The title with every word a title finding matched in bold red: where to edit, at a glance.

    Spans are found from the matched text as written (findings quote it exactly); overlapping
    or repeated spans are merged. Plain text when nothing in the title matched."""
    title = cell_text(title)
    spans: list[tuple[int, int]] = []
    for f in findings:
        if isinstance(f, TextFinding) and f.field == "title" and f.matched_text:
            start = title.find(f.matched_text)
            while start != -1:
                spans.append((start, start + len(f.matched_text)))
                start = title.find(f.matched_text, start + len(f.matched_text))
    if not spans:
        return title
    spans.sort()
    merged: list[list[int]] = []
    for a, b in spans:
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    parts: list[str | TextBlock] = []
    at = 0
    for a, b in merged:
        if a > at:
            parts.append(title[at:a])
        parts.append(TextBlock(HIGHLIGHT, title[a:b]))
        at = b
    if at < len(title):
        parts.append(title[at:])
    return CellRichText(*parts)


def _reasons(result: ListingResult, lang: str) -> list[str]:
    """The scorer's reasons in English; in another language, rebuilt from the findings."""
    return listing_reasons(result, lang)


def _flagged_sheet(wb: Workbook, flagged: list[list[ListingResult]], lang: str) -> tuple[int, int]:
    """One row per product page to act on (SKUs sharing an ASIN grouped), in rank order, with
    the team's Decision / Assignee / Notes columns.

    Returns (rows written, ASINs linked): Excel allows 65,530 links a sheet, so later ASINs are
    plain text and the Summary says so.
    """

    def rows() -> Iterable[list[CellValue]]:
        for members in flagged:
            top = members[0]
            listing = top.listing
            yield [
                top.rank,
                listing.asin or "",
                ", ".join(dict.fromkeys(m.listing.sku for m in members)),
                listing.title,
                t(top.risk_level, lang),
                t(top.action, lang),
                _score(top.risk_score),
                "\n".join(dict.fromkeys(r for m in members for r in _reasons(m, lang))),
                _matched(members),
            ]

    linked = 0

    def style(cells: list[Written], index: int) -> None:
        nonlocal linked
        top = flagged[index][0]
        asin_cell = cells[1]
        url = product_url(top.listing.asin, top.listing.marketplace)
        if url is not None and isinstance(asin_cell, Cell) and linked < MAX_HYPERLINKS:
            asin_cell.hyperlink = url
            asin_cell.font = LINK_FONT
            linked += 1
        if isinstance(cells[3], Cell):
            rich = highlighted_title(top.listing.title, top.findings)
            if isinstance(rich, CellRichText):
                cells[3].value = rich
        fill = LEVEL_FILLS.get(top.risk_level)
        if fill is not None:
            _style(cells[4], fill=fill)
        _style(cells[7], alignment=WRAP)

    parts = _data_sheet(wb, "Flagged ASINs", FLAGGED_COLUMNS, rows(), style, lang)
    decision_col = get_column_letter(1 + [name for name, _ in FLAGGED_COLUMNS].index("Decision"))
    for sheet, written in parts:
        decision = DataValidation(
            type="list",
            formula1='"' + ",".join(DECISIONS) + '"',
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="Decision",
            error="Choose one of: " + ", ".join(DECISIONS),
        )
        decision.add(f"{decision_col}2:{decision_col}{max(2, 1 + written)}")
        sheet.ws.data_validations.append(decision)
    return sum(written for _, written in parts), linked


def _finding_rows(results: list[ListingResult], lang: str) -> Iterable[list[CellValue]]:
    for r in results:
        listing = r.listing
        start: list[CellValue] = [r.rank, listing.asin or "", listing.sku]
        for f in r.findings:
            finding_id = f.finding_id(listing.key)
            if isinstance(f, ImageFinding):
                yield [
                    *start,
                    finding_id,
                    f.rule_id,
                    t("image", lang),
                    f.slot,
                    f.asset,
                    f.owner,
                    f.image,
                    None,
                    f.method,
                    None,
                    None,
                    None if f.inliers else _score(f.distance, 4),
                    f"{f.inliers} keypoints" if f.inliers else None,
                    _score(f.score, 2),
                    t(f.action, lang),
                ]
            else:
                yield [
                    *start,
                    finding_id,
                    f.rule_id,
                    t("text", lang),
                    f.field,
                    f.brand,
                    f.owner,
                    f.matched_text,
                    f.normalised,
                    f.match,
                    f.context,
                    f.cue_text or f.cue,
                    f.distance or None,
                    None,
                    _score(f.score, 2),
                    t(f.action, lang),
                ]


def _problems(result: ScanResult) -> Callable[[ListingResult], str]:
    """Per listing, the problems met while reading it: its row's warnings, unreadable images."""
    by_row: defaultdict[tuple[str, int], list[str]] = defaultdict(list)
    by_file: defaultdict[str, list[str]] = defaultdict(list)
    for s in result.skipped:
        if s.row is not None:
            by_row[(s.file, s.row)].append(s.reason)
        else:
            by_file[s.file].append(s.reason)

    def problems(r: ListingResult) -> str:
        notes = list(by_row.get((r.listing.source, r.listing.row), ()))
        for ref in r.listing.images:
            notes += [f"{Path(ref.path).name}: {why}" for why in by_file.get(str(ref.path), ())]
        return "; ".join(notes)

    return problems


def _listing_rows(result: ScanResult, lang: str) -> Iterable[list[CellValue]]:
    problems = _problems(result)
    for r in result.results:
        listing = r.listing
        yield [
            r.rank,
            listing.asin or "",
            listing.sku,
            listing.title,
            listing.status,
            listing.source,
            listing.row or None,
            t(r.risk_level, lang),
            t(r.action, lang),
            _score(r.risk_score),
            len(r.findings),
            problems(r),
        ]
    for s in _left_out(result):
        yield [None, "", "", "", "", s.file, s.row, t("skipped", lang), "", None, None, s.reason]


def _left_out(result: ScanResult) -> list[Skipped]:
    """Export rows the reader could not use: listed on `All listings` too, so its rows reconcile
    with the input (rows read = listings + rows left out)."""
    exports = set(result.inputs.exports)
    return [
        s
        for s in result.skipped
        if not s.kept and s.row is not None and s.file.split(" [", 1)[0] in exports
    ]


def _level_fill_at(column: int, results: list[ListingResult]) -> RowStyler:
    def style(cells: list[Written], index: int) -> None:
        if index >= len(results):
            return  # a row the reader left out: no level to colour
        fill = LEVEL_FILLS.get(results[index].risk_level)
        if fill is not None:
            _style(cells[column], fill=fill)

    return style


def _image_sheet(wb: Workbook, result: ScanResult, lang: str) -> int:
    """Listing image and protected asset side by side, with method and distance.

    Thumbnails make the file grow, so only the first MAX_THUMBNAIL_ROWS matches get pictures
    (highest risk first); every match still has its row. Returns the number of rows."""
    matches = [(r, f) for r in result.results for f in r.findings if isinstance(f, ImageFinding)]

    def rows() -> Iterable[list[CellValue]]:
        for r, f in matches:
            yield [
                r.rank,
                r.listing.asin or "",
                r.listing.sku,
                f.slot,
                None,
                None,
                f.asset,
                f.owner,
                f.method,
                _score(f.distance, 4),
                _score(f.score, 2),
                f.image,
            ]

    parts = _data_sheet(wb, "Image matches", IMAGE_COLUMNS, rows(), lang=lang)
    sheet = parts[0][0]
    asset_thumbs: dict[str, bytes | None] = {}
    for index, (_, f) in enumerate(matches[:MAX_THUMBNAIL_ROWS]):
        row = index + 2
        sheet.ws.row_dimensions[row].height = THUMB_ROW_HEIGHT
        if f.asset not in asset_thumbs:
            asset_thumbs[f.asset] = thumbnail_png(result.inputs.asset_files.get(f.asset, ""))
        for column, png in (("E", thumbnail_png(f.image)), ("F", asset_thumbs[f.asset])):
            if png is not None:
                picture = XLImage(io.BytesIO(png))
                sheet.ws.add_image(picture, f"{column}{row}")
    return len(matches)


def _run_sheet(wb: Workbook, result: ScanResult, lang: str) -> None:
    """What an appeal cites: tool, time, duration, options, and the SHA-256 of every input."""
    sheet = _Sheet(wb, t("Run info", lang), (24, 70, 14, 66))
    run = result.run
    sheet.header([t("Item", lang), t("Value", lang)])
    facts: list[list[CellValue]] = [
        ["Tool", f"listing-audit {result.tool_version}"],
        ["Started at", run.started_at if run else result.generated_at],
        ["Duration (s)", run.duration_s if run else None],
        ["Rules file", run.rules_file if run else ""],
        ["Rules fingerprint", result.rules_fingerprint],
        ["Brand lists", "\n".join(result.inputs.brand_lists)],
        ["Brand entries", result.inputs.brands],
        ["Asset folders", "\n".join(result.inputs.asset_dirs)],
        ["Protected assets", result.inputs.assets],
        ["Image folders", "\n".join(result.inputs.image_dirs)],
        ["Listing images", result.inputs.images],
    ]
    for name, value in run.options.items() if run else ():
        facts.append([f"Option {name}", value])
    for fact in facts:
        cells = _cells(sheet.ws, [t(str(fact[0]), lang), *fact[1:]])
        _style(cells[1], alignment=WRAP)
        sheet.append_cells(cells)
    files = run.files if run else []
    _section(
        sheet,
        t("Input files", lang),
        [t("Kind", lang), t("Path", lang), t("Size (bytes)", lang), t("SHA-256", lang)],
    )
    for f in files[: MAX_SHEET_ROWS - sheet.rows - 2]:
        sheet.append([f.kind, f.path, f.size, f.sha256])
    if len(files) > MAX_SHEET_ROWS - sheet.rows:
        sheet.append(["… more files are listed in the JSON report (run.files)"])


def _top_sources(
    results: list[ListingResult],
) -> tuple[list[list[CellValue]], list[list[CellValue]]]:
    """Who is behind the findings: brands/assets and owners, by listings affected then findings."""
    findings: Counter[tuple[str, str, str]] = Counter()
    listings: defaultdict[tuple[str, str, str], set[int]] = defaultdict(set)
    owner_findings: Counter[str] = Counter()
    owner_listings: defaultdict[str, set[int]] = defaultdict(set)
    for index, r in enumerate(results):
        for f in r.findings:
            if isinstance(f, ImageFinding):
                key = (f.asset, f.owner, "image asset")
            else:
                key = (f.brand, f.owner, "brand")
            findings[key] += 1
            listings[key].add(index)
            owner_findings[f.owner] += 1
            owner_listings[f.owner].add(index)
    sources = sorted(findings, key=lambda k: (-len(listings[k]), -findings[k], k))[:TOP_N]
    owners = sorted(owner_findings, key=lambda o: (-len(owner_listings[o]), -owner_findings[o], o))
    source_rows: list[list[CellValue]] = [
        [name, owner or "(unknown)", kind, len(listings[key]), findings[key]]
        for key in sources
        for name, owner, kind in (key,)
    ]
    owner_rows: list[list[CellValue]] = [
        [owner or "(unknown)", len(owner_listings[owner]), owner_findings[owner]]
        for owner in owners[:TOP_N]
    ]
    return source_rows, owner_rows


def _section(sheet: _Sheet, title: str, headers: Sequence[str], lang: str = "en") -> int:
    """A blank line, a section title and a bold header row; returns the header's row number."""
    sheet.append([])
    sheet.append([t(title, lang)], font=SECTION_FONT)
    return sheet.header([t(h, lang) for h in headers])


def _summary_sheet(sheet: _Sheet, result: ScanResult, notes: list[str], lang: str) -> None:
    """The first page a seller or an appeal reviewer reads: what was scanned and what was found."""
    results = result.results
    inputs = result.inputs
    sheet.append([t("listing-audit report", lang)], font=TITLE_FONT)
    sheet.append([t("Generated at", lang), result.generated_at])
    sheet.append([t("Tool version", lang), result.tool_version])
    sheet.append([t("Rules fingerprint", lang), result.rules_fingerprint])

    by_level = result.by_level()
    level_header = _section(sheet, "Listings by level", ["Level", "Listings"], lang)
    for level in LEVELS:
        fill = LEVEL_FILLS.get(level)
        sheet.append([t(level, lang), by_level[level]], **({"fill": fill} if fill else {}))
    sheet.append([t("Total", lang), len(results)], font=HEADER_FONT)

    by_action = Counter(r.action for r in results)
    _section(sheet, "Listings by action", ["Action", "Listings"], lang)
    for action in ACTIONS:
        sheet.append([t(action, lang), by_action.get(action, 0)])

    _section(sheet, "Inputs scanned", ["Input", "Count", "Details"], lang)
    scanned: list[list[CellValue]] = [
        ["Export files", len(inputs.exports), "\n".join(inputs.exports)],
        ["Rows read", inputs.rows, ""],
        [
            "Rows left out",
            len(_left_out(result)),
            "unusable rows, each with its reason on All listings",
        ],
        ["Listings", len(results), ""],
        ["Images", inputs.images, "\n".join(inputs.image_dirs)],
        ["Protected assets", inputs.assets, "\n".join(inputs.asset_dirs)],
        ["Brand entries", inputs.brands, ""],
        ["Brand lists", len(inputs.brand_lists), "\n".join(inputs.brand_lists)],
        ["Own brands", len(inputs.own_brands), "\n".join(inputs.own_brands)],
        ["Authorized brands", len(inputs.authorized_brands), "\n".join(inputs.authorized_brands)],
        ["Findings", sum(len(r.findings) for r in results), "one row each on the Findings sheet"],
        ["Skipped items", len(result.skipped), "listed on the Skipped sheet"],
    ]
    for row in scanned:
        cells = _cells(sheet.ws, [t(str(row[0]), lang), *row[1:]])
        _style(cells[2], alignment=WRAP)
        sheet.append_cells(cells)

    sources, owners = _top_sources(results)
    _section(
        sheet,
        "Top brands and assets behind findings",
        ["Brand or asset", "Owner", "Kind", "Listings", "Findings"],
        lang,
    )
    for source_row in sources or [["No findings", "", "", 0, 0]]:
        sheet.append(source_row)
    _section(sheet, "Top owners behind findings", ["Owner", "Listings", "Findings"], lang)
    for owner_row in owners or [["No findings", 0, 0]]:
        sheet.append(owner_row)

    if notes:
        _section(sheet, "Notes", ["Note"], lang)
        for note in notes:
            sheet.append([note])

    _level_chart(sheet.ws, level_header)


def _level_chart(ws: WriteOnlyWorksheet, header_row: int) -> None:
    """Bar chart of listings by level, each bar in its level's colour."""
    chart = BarChart()
    chart.type = "col"
    chart.title = "Listings by level"
    chart.y_axis.title = "Listings"
    chart.x_axis.title = "Risk level"
    chart.legend = None
    data = Reference(ws, min_col=2, min_row=header_row, max_row=header_row + len(LEVELS))
    categories = Reference(ws, min_col=1, min_row=header_row + 1, max_row=header_row + len(LEVELS))
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(categories)
    series = chart.series[0]
    for index, level in enumerate(LEVELS):
        point = DataPoint(idx=index)
        point.graphicalProperties.solidFill = LEVEL_COLOURS[level]
        series.dPt.append(point)
    chart.width = 16
    chart.height = 8
    ws.add_chart(chart, "G2")


# ---- weekly scans: what changed, and the team's accepted findings -----------------------------

#: Words of the Changes and Accepted sheets in Chinese (the rest come from i18n).
_WEEKLY_ZH: dict[str, str] = {
    "Changes": "变化",
    "Accepted": "已接受的发现",
    "Change": "变化",
    "Level before": "之前等级",
    "Level now": "当前等级",
    "Decided at": "决定日期",
    "Expires": "到期日",
    "new finding": "新发现",
    "resolved finding": "已解决的发现",
    "level up": "风险升高",
    "level down": "风险降低",
    "new listing": "新商品",
    "removed listing": "已移除的商品",
}

CHANGE_COLUMNS: tuple[tuple[str, float], ...] = (
    ("Change", 16),
    ("ASIN", 14),
    ("SKU", 18),
    ("Title", 50),
    ("Level before", 12),
    ("Level now", 12),
    ("Finding ID", 18),
    ("Rule", 16),
    ("Brand or asset", 24),
    ("Field or slot", 15),
    ("Text as written / image path", 40),
)
ACCEPTED_COLUMNS: tuple[tuple[str, float], ...] = (
    ("Rank", 7),
    ("ASIN", 14),
    ("SKU", 18),
    ("Finding ID", 18),
    ("Rule", 16),
    ("Brand or asset", 24),
    ("Field or slot", 15),
    ("Text as written / image path", 40),
    ("Score", 8),
    ("Decision", 20),
    ("Assignee", 16),
    ("Notes", 40),
    ("Decided at", 11),
    ("Expires", 11),
)
#: Decisions that no longer hold are named one by one on the Summary up to this many.
MAX_DECISION_NOTES = 20


def _tr(word: str, lang: str) -> str:
    return _WEEKLY_ZH.get(word, t(word, lang)) if lang == "zh" else word


def _tr_columns(columns: Sequence[tuple[str, float]], lang: str) -> tuple[tuple[str, float], ...]:
    return tuple((_tr(name, lang), width) for name, width in columns)


def _changes_sheet(wb: Workbook, result: ScanResult, lang: str) -> None:
    """What changed since the earlier scan: listings up or down a level first, then new and
    removed listings, then new and resolved findings (by finding ID)."""
    changes = result.changes
    if changes is None:
        return

    def level(value: str) -> str:
        return t(value, lang) if value else ""

    def rows() -> Iterable[list[CellValue]]:
        for c in changes.level_changes:
            yield [
                _tr(f"level {c.direction}", lang),
                c.asin,
                c.sku,
                c.title,
                level(c.before),
                level(c.now),
            ]
        for c in changes.new_listings:
            yield [_tr("new listing", lang), c.asin, c.sku, c.title, "", level(c.now)]
        for c in changes.removed_listings:
            yield [_tr("removed listing", lang), c.asin, c.sku, c.title, level(c.before), ""]
        for kind, found in (
            ("new finding", changes.new_findings),
            ("resolved finding", changes.resolved_findings),
        ):
            for f in found:
                yield [
                    _tr(kind, lang),
                    f.asin,
                    f.sku,
                    f.title,
                    "",
                    level(f.level),
                    f.finding_id,
                    f.rule_id,
                    f.subject,
                    f.where,
                    f.text,
                ]

    _data_sheet(wb, _tr("Changes", lang), _tr_columns(CHANGE_COLUMNS, lang), rows(), lang=lang)


def _accepted_sheet(wb: Workbook, result: ScanResult, lang: str) -> None:
    """Findings the team's decisions accepted: still listed with the decision, who, when, why
    and until when, but not counted in any level."""
    accepted = [(r, a) for r in result.results for a in r.accepted]
    if not accepted:
        return

    def rows() -> Iterable[list[CellValue]]:
        for r, a in accepted:
            f, d = a.finding, a.decision
            yield [
                r.rank,
                r.listing.asin or "",
                r.listing.sku,
                f.finding_id(r.listing.key),
                f.rule_id,
                f.asset if isinstance(f, ImageFinding) else f.brand,
                f.slot if isinstance(f, ImageFinding) else f.field,
                f.image if isinstance(f, ImageFinding) else f.matched_text,
                _score(f.score, 2),
                d.decision,
                d.assignee,
                d.notes,
                d.decided_at,
                d.expires,
            ]

    _data_sheet(wb, _tr("Accepted", lang), _tr_columns(ACCEPTED_COLUMNS, lang), rows(), lang=lang)


def _weekly_notes(result: ScanResult) -> list[str]:
    """Summary notes: what changed since the earlier scan, and the decisions applied."""
    notes: list[str] = []
    changes = result.changes
    if changes is not None:
        c = changes.counts()
        when = changes.baseline_generated_at or changes.baseline
        notes.append(
            f"Since the scan of {when}: {c['new_findings']} new findings, "
            f"{c['resolved_findings']} resolved; {c['level_up']} listings up a level, "
            f"{c['level_down']} down; {c['new_listings']} new listings, "
            f"{c['removed_listings']} removed (Changes sheet)."
        )
    applied = result.decisions
    if applied is not None:
        notes.append(
            f"{applied.applied} findings accepted by the team's decisions ({applied.file}): "
            "shown on the Accepted sheet, not counted in any level."
        )
        stale = [(d, "expired on " + d.expires) for d in applied.expired] + [
            (d, "the finding changed since the decision") for d in applied.changed
        ]
        for d, why in stale[:MAX_DECISION_NOTES]:
            notes.append(
                f"Decision '{d.decision}' on finding {d.finding_id} "
                f"({d.asin or d.sku}) no longer holds: {why}; the finding counts again."
            )
        if len(stale) > MAX_DECISION_NOTES:
            notes.append(
                f"... and {len(stale) - MAX_DECISION_NOTES} more decisions that no longer hold "
                "(the JSON's `decisions` block lists them all)."
            )
    return notes


def _weekly_sheets(wb: Workbook, result: ScanResult, lang: str) -> list[str]:
    """The Changes and Accepted sheets, when the scan has them; returns Summary notes."""
    _changes_sheet(wb, result, lang)
    _accepted_sheet(wb, result, lang)
    return _weekly_notes(result)


def _fill(wb: Workbook, result: ScanResult, lang: str = "en") -> None:
    """Stream every sheet into `wb`; rows keep `result.results` order, which is rank order.

    The Summary sheet comes first in the workbook but is filled last, so it can mention rows
    and links cut at Excel's limits.
    """
    wb.properties.creator = "listing-audit"
    summary = _Sheet(wb, t("Summary", lang), (34, 16, 60, 10, 10))
    results = result.results
    notes: list[str] = []

    written, linked = _flagged_sheet(wb, _pages(results), lang)
    if linked == MAX_HYPERLINKS and written > linked:
        notes.append(
            f"Flagged ASINs: only the first {MAX_HYPERLINKS:,} ASINs are links "
            "(Excel's limit a sheet)."
        )
    notes.extend(_weekly_sheets(wb, result, lang))
    parts = _data_sheet(wb, "Findings", FINDING_COLUMNS, _finding_rows(results, lang), lang=lang)
    if len(parts) > 1:
        notes.append(f"Findings continue over {len(parts)} sheets (Excel's row limit).")
    matches = _image_sheet(wb, result, lang)
    if matches > MAX_THUMBNAIL_ROWS:
        notes.append(
            f"Image matches: thumbnails for the first {MAX_THUMBNAIL_ROWS:,} of "
            f"{matches:,} matches."
        )
    parts = _data_sheet(
        wb,
        "All listings",
        LISTING_COLUMNS,
        _listing_rows(result, lang),
        _level_fill_at(7, results),
        lang,
    )
    if len(parts) > 1:
        notes.append(f"All listings continue over {len(parts)} sheets (Excel's row limit).")
    skipped_rows: list[list[CellValue]] = [
        [s.file, s.row, s.column or "", s.reason] for s in result.skipped
    ] or [[NOTHING_SKIPPED]]
    _data_sheet(wb, "Skipped", SKIPPED_COLUMNS, skipped_rows, lang=lang)
    _run_sheet(wb, result, lang)

    _summary_sheet(summary, result, notes, lang)


def _discard(wb: Workbook) -> None:
    """Close a write-only workbook that will not be saved and delete its temporary files.

    Write-only sheets stream into files in the system temp folder; openpyxl removes them on a
    successful save or at interpreter exit. After a failed or interrupted write we remove them
    at once, so a long-running process does not collect them. Best effort: this runs while
    another exception is on its way out, and must not replace it.
    """
    for ws in wb.worksheets:
        with contextlib.suppress(Exception):
            if not ws.closed:
                ws.close()
        writer = getattr(ws, "_writer", None)
        out = getattr(writer, "out", None)
        if writer is not None and out and os.path.exists(out):
            with contextlib.suppress(Exception):
                writer.cleanup()


def write(result: ScanResult, path: Path, lang: str = "en") -> None:
    """Write the workbook atomically: a failed or interrupted save leaves any old report intact.

    The destination is checked before the sheets are built, so an unwritable path fails in a
    moment rather than after a large catalog has been streamed.
    """
    path = Path(path)
    check_writable(path)
    workbook = Workbook(write_only=True)
    try:
        _fill(workbook, result, lang)
        atomic_write(path, workbook.save)
    except BaseException:
        _discard(workbook)
        raise
