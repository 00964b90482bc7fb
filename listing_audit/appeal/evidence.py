"""evidence.xlsx: the record a plan of action points to.

Sheets: `Review` (when, with what, how many, and the outcome counts), `Reviewed listings` (every
listing of the scan, flagged or not, with its outcome, where the outcome came from and the
review date: "nothing was skipped" can be shown), `Complaint check` (each complained ASIN: was
it in the scan, did the scan's own checks find it, what happened to it, and which other
listings name the same brand or rights owner), `Files reviewed` (path, size and SHA-256 of
every input, from the scan's run info) and `Skipped`.

Written like the report workbook (report/excel.py): write-only (streamed) sheets, every string
through `safe.cell_text` and forced to a text cell so listing text is never a formula, and the
file saved atomically.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from ..report.safe import atomic_write, cell_text, check_writable
from ..scoring import complaint_reason
from .review import OUTCOMES, Review, Reviewed

Value = str | int | float | None
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill(fill_type="solid", fgColor="DDEBF7")
TITLE_FONT = Font(bold=True, size=14)

LISTING_COLUMNS: tuple[tuple[str, float], ...] = (
    ("ASIN", 14),
    ("SKU", 18),
    ("Marketplace", 14),
    ("Title", 60),
    ("Status", 11),
    ("Complaint IDs", 18),
    ("Level", 9),
    ("Score", 8),
    ("Scan action", 11),
    ("Team decision", 18),
    ("Outcome", 18),
    ("Outcome from", 13),
    ("Reviewed on", 12),
    ("Reasons", 70),
    ("Source file", 30),
    ("Row", 7),
)
COMPLAINT_COLUMNS: tuple[tuple[str, float], ...] = (
    ("Complaint ID", 16),
    ("Date", 12),
    ("ASIN", 14),
    ("Infringement type", 14),
    ("Rights owner", 24),
    ("Rights owner e-mail", 28),
    ("Brand or work", 20),
    ("In the scan", 10),
    ("SKUs", 18),
    ("Found by the scan's checks", 22),
    ("Level", 9),
    ("Scan action", 11),
    ("Outcome", 18),
    ("What the scan found", 60),
    ("Other listings, same brand or owner", 16),
    ("Their ASINs", 40),
)
FILE_COLUMNS: tuple[tuple[str, float], ...] = (
    ("Kind", 12),
    ("Path", 70),
    ("Size (bytes)", 14),
    ("SHA-256", 68),
)
SKIPPED_COLUMNS: tuple[tuple[str, float], ...] = (
    ("File", 40),
    ("Row", 7),
    ("Column", 20),
    ("Reason", 80),
)


class _Sheet:
    """A streamed sheet with a bold, frozen, filterable header."""

    def __init__(self, wb: Workbook, title: str, columns: Sequence[tuple[str, float]]) -> None:
        self.ws = wb.create_sheet(title)
        self.columns = columns
        self.rows = 0
        for index, (_, width) in enumerate(columns, start=1):
            self.ws.column_dimensions[get_column_letter(index)].width = width
        if len(columns) > 2:
            self.ws.freeze_panes = "A2"

    def cell(self, value: Value, **styles: object) -> object:
        """Text as a text cell (never a formula, never an error value); numbers as they are."""
        if isinstance(value, str):
            if not value:
                return None
            cell = WriteOnlyCell(self.ws, value=cell_text(value))
            cell.data_type = "s"
            for name, style in styles.items():
                setattr(cell, name, style)
            return cell
        return value

    def header(self) -> None:
        self.append([name for name, _ in self.columns], font=HEADER_FONT, fill=HEADER_FILL)

    def append(self, values: Iterable[Value], **styles: object) -> None:
        self.ws.append([self.cell(v, **styles) for v in values])
        self.rows += 1

    def finish_table(self) -> None:
        self.ws.auto_filter.ref = (
            f"A1:{get_column_letter(len(self.columns))}{max(2, self.rows)}"
        )


def _yes(flag: bool) -> str:
    return "yes" if flag else "no"


def _outcome(r: Reviewed) -> str:
    return OUTCOMES.get(r.outcome, (r.outcome, ""))[0]


def _review_sheet(wb: Workbook, review: Review) -> None:
    sheet = _Sheet(wb, "Review", (("Item", 40), ("Value", 80)))
    sheet.append(["Catalog review for the plan of action"], font=TITLE_FONT)
    sheet.append([])
    inputs = review.inputs
    rows: list[tuple[str, Value]] = [
        ("Review date (full catalog scan)", review.review_date),
        ("Scan started at", review.started_at),
        ("Scan file", review.scan_path),
        ("Tool version", review.tool_version),
        ("Rules fingerprint", review.rules_fingerprint),
        ("Listings reviewed", len(review.listings)),
        ("ASINs reviewed", len(review.asins)),
        ("Export files", len(inputs.get("exports") or [])),
        ("Rows read", _int(inputs.get("rows"))),
        ("Product images compared", _int(inputs.get("images"))),
        ("Protected images compared with", _int(inputs.get("assets"))),
        ("Pictures of complained listings compared with", _int(inputs.get("complaint_images"))),
        ("Brand entries", _int(inputs.get("brands"))),
        ("Brand lists", len(inputs.get("brand_lists") or [])),
        ("Complaints (complained ASINs)", len({c.asin for c in review.complaints})),
        ("Complaints applied in the scan", _yes(review.complaints_in_scan)),
        ("Team decisions from", review.decisions_source or "none given: the scan's actions"),
    ]
    for label, value in rows:
        sheet.append([label, value], font=HEADER_FONT)
    sheet.append([])
    sheet.append(["Outcome", "Listings"], font=HEADER_FONT, fill=HEADER_FILL)
    for code, (label, _) in OUTCOMES.items():
        sheet.append([label, len(review.with_outcome(code))])
    if review.notes:
        sheet.append([])
        for note in review.notes:
            sheet.append(["Note", note], font=HEADER_FONT)


def _int(value: Any) -> int:
    return int(value) if isinstance(value, (int, float)) else 0


def _listing_sheet(wb: Workbook, review: Review) -> None:
    sheet = _Sheet(wb, "Reviewed listings", LISTING_COLUMNS)
    sheet.header()
    for r in review.listings:
        sheet.append([
            r.asin,
            r.sku,
            r.marketplace,
            r.title,
            r.status,
            ", ".join(dict.fromkeys(c.complaint_id for c in r.complaints if c.complaint_id)),
            r.level,
            r.score,
            r.action,
            r.decision,
            _outcome(r),
            "decision" if r.decision else "scan",
            review.review_date,
            "\n".join(r.reasons),
            r.source,
            r.row or None,
        ])
    sheet.finish_table()


def _complaint_sheet(wb: Workbook, review: Review) -> None:
    sheet = _Sheet(wb, "Complaint check", COMPLAINT_COLUMNS)
    sheet.header()
    if not review.complaints:
        sheet.append(["No complaints file was given (appeal --complaints)."])
    for c in review.complaints:
        listings = review.by_asin(c.asin)
        found = [r for r in listings if r.findings]
        candidates = found or listings
        top = candidates[0] if candidates else None
        own = {complaint_reason(x) for x in review.complaints}
        others = review.same_brand_or_owner(c)
        other_keys = list(dict.fromkeys(r.asin or f"SKU {r.sku}" for r in others))
        if found:
            count = sum(len(r.findings) for r in found)
            checks = f"yes ({count} finding{'s' if count != 1 else ''})"
        elif listings:
            checks = "no"
        else:
            checks = "not in the scan"
        sheet.append([
            c.complaint_id,
            c.date,
            c.asin,
            c.infringement_type,
            c.rights_owner,
            c.rights_owner_email,
            c.brand_or_work,
            _yes(bool(listings)),
            ", ".join(dict.fromkeys(r.sku for r in listings)),
            checks,
            top.level if top else "",
            top.action if top else "",
            _outcome(top) if top else "",
            "\n".join(dict.fromkeys(
                reason for r in found for reason in r.reasons if reason not in own
            )),
            len(other_keys),
            ", ".join(other_keys),
        ])
    sheet.finish_table()


def _files_sheet(wb: Workbook, review: Review) -> None:
    sheet = _Sheet(wb, "Files reviewed", FILE_COLUMNS)
    sheet.header()
    for f in review.files:
        sheet.append([
            str(f.get("kind", "")),
            str(f.get("path", "")),
            _int(f.get("size")),
            str(f.get("sha256", "")),
        ])
    sheet.finish_table()


def _skipped_sheet(wb: Workbook, review: Review) -> None:
    sheet = _Sheet(wb, "Skipped", SKIPPED_COLUMNS)
    sheet.header()
    for s in review.skipped:
        row = s.get("row")
        sheet.append([
            str(s.get("file") or ""),
            row if isinstance(row, int) else None,
            str(s.get("column") or ""),
            str(s.get("reason") or ""),
        ])
    if not review.skipped:
        sheet.append(["Nothing skipped: every row and image in the inputs was used."])
    sheet.finish_table()


def write_evidence(review: Review, path: Path) -> None:
    """Write evidence.xlsx atomically."""
    path = Path(path)
    check_writable(path)
    wb = Workbook(write_only=True)
    wb.properties.creator = "listing-audit"
    _review_sheet(wb, review)
    _listing_sheet(wb, review)
    _complaint_sheet(wb, review)
    _files_sheet(wb, review)
    _skipped_sheet(wb, review)
    atomic_write(path, wb.save)
