"""Read an export file into raw rows of text, every cell a string, with physical row numbers.

Nothing here guesses types: IDs such as SKU `00042` or an ISBN ASIN stay exactly as written
(HAZARDS.md: type guessing destroys IDs, NA guessing erases brands).
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from .decode import decode_bytes

#: An xlsx is a zip; refuse parts that would expand beyond these before openpyxl sees them.
MAX_XLSX_UNCOMPRESSED = 1_000_000_000
MAX_XLSX_RATIO = 200


@dataclass(frozen=True, slots=True)
class RawRow:
    """One physical row: its 1-based line (or sheet row) number and its cells as text."""

    number: int
    cells: list[str]


@dataclass(slots=True)
class RawTable:
    path: str
    rows: list[RawRow]
    encoding: str = ""
    sheet: str = ""


def is_zip(data: bytes) -> bool:
    return data[:4] == b"PK\x03\x04"


def read_table(path: Path, encoding: str | None = None) -> list[RawTable]:
    """Every table the file holds: one for a text export, one per sheet for a workbook."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(str(path), "file not found", "check the path") from None
    except IsADirectoryError:
        raise InputError(
            str(path), "is a folder, not an export file", "give the export files themselves"
        ) from None
    except OSError as exc:
        raise InputError(
            str(path), f"cannot be read ({exc.strerror})", "check permissions"
        ) from None
    if not data.strip():
        raise InputError(str(path), "is empty", "download the report again from Seller Central")
    if is_zip(data):
        return _read_workbook(path, data)
    if path.suffix.lower() in {".xlsx", ".xlsm"}:
        raise InputError(
            str(path),
            "is named like a workbook but is not one (not a zip file)",
            "open it in Excel and save it again as .xlsx, or export as text",
        )
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(
            str(path),
            "looks like a binary file, not a text export",
            "give the tab-delimited report, CSV or XLSX file",
        )
    text, used = decode_bytes(data, str(path), encoding)
    return [RawTable(str(path), list(_split_text(text, str(path))), encoding=used)]


def _delimiter(first_lines: list[str]) -> str:
    """Tab for Amazon's reports, else the commonest of `,` `;` `|` in the first lines."""
    sample = "\n".join(first_lines)
    if "\t" in sample:
        return "\t"
    counts = {d: sample.count(d) for d in (",", ";", "|")}
    return max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","


def _split_text(text: str, path: str) -> Iterator[RawRow]:
    lines = text.splitlines()
    delimiter = _delimiter(lines[:10])
    if delimiter == "\t":
        yield from _split_tab(lines)
        return
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for cells in reader:
            yield RawRow(reader.line_num, cells)
    except csv.Error as exc:
        raise InputError(
            path,
            f"CSV cannot be parsed near line {reader.line_num} ({exc})",
            "check the quoting on that line",
        ) from None


def _unquote(cell: str) -> str:
    """A field a spreadsheet program wrapped in quotes -> its text; other quotes stay.

    Amazon's own tab-delimited reports are not quoted and titles hold inch marks (`30" x 56"`),
    so quotes are removed only when they wrap the whole field (HAZARDS.md)."""
    if len(cell) >= 2 and cell[0] == '"' and cell[-1] == '"':
        inner = cell[1:-1]
        if '"' not in inner.replace('""', ""):
            return inner.replace('""', '"')
    return cell


def _split_tab(lines: list[str]) -> Iterator[RawRow]:
    for number, line in enumerate(lines, start=1):
        yield RawRow(number, [_unquote(cell) for cell in line.split("\t")])


def _check_zip(path: Path, data: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            total = 0
            for info in archive.infolist():
                total += info.file_size
                ratio = info.file_size / max(info.compress_size, 1)
                if info.file_size > 50_000_000 and ratio > MAX_XLSX_RATIO:
                    raise InputError(
                        str(path),
                        f"part {info.filename!r} would expand "
                        f"{ratio:.0f}x to {info.file_size:,} bytes",
                        "this is not a normal export; download it again",
                    )
            if total > MAX_XLSX_UNCOMPRESSED:
                raise InputError(
                    str(path),
                    f"would expand to {total:,} bytes",
                    "split the workbook or export it as text",
                )
    except zipfile.BadZipFile:
        raise InputError(
            str(path),
            "is a damaged zip/xlsx file",
            "download the file again or re-save it in Excel",
        ) from None


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _read_workbook(path: Path, data: bytes) -> list[RawTable]:
    _check_zip(path, data)
    import openpyxl  # heavy; only workbooks need it

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types on broken files
        raise InputError(
            str(path),
            f"cannot be opened as a workbook ({type(exc).__name__}: {exc})",
            "open it in Excel and save it again as .xlsx",
        ) from None
    tables: list[RawTable] = []
    try:
        for sheet in book.worksheets:
            rows = [
                RawRow(number, [_cell_text(v) for v in values])
                for number, values in enumerate(sheet.iter_rows(values_only=True), start=1)
            ]
            tables.append(RawTable(str(path), rows, sheet=sheet.title))
    finally:
        book.close()
    return tables
