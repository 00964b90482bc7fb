"""The team's decisions, for the appeal: which listings were removed, fixed or kept.

A small adapter, tolerant of its input, so the appeal does not depend on how decisions are
stored elsewhere: it reads the decisions CSV that `listing-audit decisions import REPORT.xlsx`
writes (any CSV with a `decision` column and an `asin`, `sku` or `key` column; one row per
finding is fine), or the report workbook itself, from the `Decision` column of its Flagged
ASINs sheet. Values are the workbook's drop-down: Remove, Fix, Keep - authorized,
Keep - false alarm, Done.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError
from ..exports.decode import decode_bytes

#: The workbook's Decision drop-down, strongest first: when rows for one listing disagree (one
#: finding kept, another removed), the listing takes the strongest.
DECISIONS: tuple[str, ...] = ("Remove", "Fix", "Done", "Keep - authorized", "Keep - false alarm")
_KEY_COLUMNS = ("asin", "sku", "skus", "seller_sku", "key", "listing", "asin_or_sku")
_DECISION_COLUMNS = ("decision", "决定")


@dataclass(slots=True)
class Decisions:
    """Decision by listing key: ASINs upper-cased, SKUs exactly as written."""

    by_key: dict[str, str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    source: str = ""

    def for_listing(self, asin: str | None, sku: str) -> str:
        """The strongest decision recorded for the listing's ASIN or SKU, or ''."""
        found = [d for d in (self.by_key.get((asin or "").upper()), self.by_key.get(sku)) if d]
        return min(found, key=DECISIONS.index) if found else ""


def canonical(value: str) -> str:
    """A decision as the drop-down writes it (`keep – authorised` -> `Keep - authorized`)."""
    text = re.sub(r"[\s\-–—_:]+", " ", value.strip().lower()).replace("authorised", "authorized")
    for decision in DECISIONS:
        if text == re.sub(r"[\s\-]+", " ", decision.lower()):
            return decision
    return ""


def _add(decisions: Decisions, keys: list[str], value: str, where: str) -> None:
    if not value.strip():
        return
    decision = canonical(value)
    if not decision:
        decisions.problems.append(
            f"{where}: decision {value.strip()!r} is not one of {', '.join(DECISIONS)}; ignored"
        )
        return
    for key in keys:
        old = decisions.by_key.get(key)
        if old is None or DECISIONS.index(decision) < DECISIONS.index(old):
            decisions.by_key[key] = decision


def _keys(cells: dict[str, str]) -> list[str]:
    keys: list[str] = []
    for column in _KEY_COLUMNS:
        for part in re.split(r"[,;\n]", cells.get(column, "")):
            part = part.strip()
            if part:
                keys.append(part.upper() if column == "asin" else part)
    return keys


def _read_rows(decisions: Decisions, header: list[str], rows: list[list[str]], path: Path,
               first_row: int) -> None:
    names = [re.sub(r"[\s\-]+", "_", h.strip().lower()) for h in header]
    if not any(n in _DECISION_COLUMNS for n in names) or not any(n in _KEY_COLUMNS for n in names):
        raise InputError(
            str(path),
            "is not a decisions file: it needs a `decision` column and an `asin` or `sku` column",
            "give the file `listing-audit decisions import REPORT.xlsx` writes, or the "
            "report workbook with its Decision column filled in",
        )
    decision_at = next(i for i, n in enumerate(names) if n in _DECISION_COLUMNS)
    for number, row in enumerate(rows, start=first_row):
        cells = {n: (row[i] if i < len(row) else "") for i, n in enumerate(names)}
        value = row[decision_at] if decision_at < len(row) else ""
        _add(decisions, _keys(cells), value, f"{path}, row {number}")


def _from_workbook(decisions: Decisions, path: Path) -> None:
    import openpyxl  # only for this path; openpyxl is a dependency anyway

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - any unreadable workbook is the same user error
        raise InputError(str(path), f"cannot be read as a workbook ({exc})",
                         "give the report .xlsx or the decisions CSV") from None
    try:
        for sheet in book.worksheets:
            rows = [["" if v is None else str(v) for v in row]
                    for row in sheet.iter_rows(values_only=True)]
            if rows and any(c.strip().lower() in _DECISION_COLUMNS for c in rows[0]):
                _read_rows(decisions, rows[0], rows[1:], path, 2)
                return
    finally:
        book.close()
    raise InputError(str(path), "has no sheet with a Decision column",
                     "give the report workbook (Flagged ASINs sheet) or the decisions CSV")


def read_decisions(path: Path) -> Decisions:
    """Decisions from a decisions CSV or from the report workbook's Decision column."""
    path = Path(path)
    decisions = Decisions(source=str(path))
    if not path.is_file():
        raise InputError(str(path), "decisions file not found", "check the --decisions path")
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        _from_workbook(decisions, path)
        return decisions
    text, _ = decode_bytes(path.read_bytes(), str(path))
    rows = list(csv.reader(io.StringIO(text, newline="")))
    if not rows:
        raise InputError(str(path), "is empty", "give the decisions CSV")
    _read_rows(decisions, rows[0], rows[1:], path, 2)
    return decisions
