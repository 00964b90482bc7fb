"""Open an export as one or more tables of text cells, streamed row by row.

Nothing here guesses types: IDs such as SKU `00042` or an ISBN ASIN stay exactly as written
(HAZARDS.md: type guessing destroys IDs, NA guessing erases brands). Rows are streamed, never
held all at once, so a 500,000-row report reads in flat memory. Each table can be walked twice:
`head()` for finding the header, `rows()` for the data.
"""

from __future__ import annotations

import csv
import datetime as dt
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..errors import InputError
from .decode import EncodingChoice, detect_encoding, open_text
from .tabs import RawRow, split_line, split_records

#: An xlsx is a zip; refuse parts that would expand beyond these before openpyxl sees them.
MAX_XLSX_UNCOMPRESSED = 1_000_000_000
MAX_XLSX_RATIO = 200
WORKBOOK_SUFFIXES = frozenset({".xlsx", ".xlsm"})
#: A real listing row is a few thousand characters; a longer line is damage or an attack (a
#: 2 GB single line). Only its first MAX_LINE_CHARS are read; the rest is skipped unread.
MAX_LINE_CHARS = 1_000_000
#: Share of NUL or other control bytes above which a file is binary, not a text export. A few
#: stray NULs in a text report are cleaned instead (HAZARDS.md; issue 9).
BINARY_SHARE = 0.05


class Table:
    """A text export (one table) or one sheet of a workbook."""

    path: Path
    sheet: str = ""
    encoding: EncodingChoice | None = None
    kind: str = "text"
    #: Physical lines (or sheet rows) seen by the last full `rows()` walk.
    lines: int = 0
    #: Line number -> its full length, for lines longer than MAX_LINE_CHARS (cut when read).
    cut: dict[int, int]

    def __init__(self) -> None:
        self.cut = {}

    @property
    def source(self) -> str:
        """How listings and reported rows name where they came from."""
        return str(self.path) + (f" [{self.sheet}]" if self.sheet else "")

    def head(self, n: int) -> list[RawRow]:
        """The first n rows, each a single physical line (for finding the header)."""
        raise NotImplementedError

    def rows(self, width: int | None = None) -> Iterator[RawRow]:
        """Every row from the top; `width` (the header's) lets quoted fields span lines."""
        raise NotImplementedError


def _delimiter(lines: list[str]) -> str:
    """Tab for Amazon's files; else whichever of `,` `;` `|` a line of the sample holds most of."""
    best, best_count = "\t", 0
    for candidate in ("\t", ",", ";", "|"):
        count = max((line.count(candidate) for line in lines), default=0)
        if count > best_count:
            best, best_count = candidate, count
    return best


class TextTable(Table):
    """Tab-delimited reports and flat files (our own splitter), CSV/semicolon files (csv)."""

    def __init__(self, path: Path, encoding: EncodingChoice) -> None:
        super().__init__()
        self.path = path
        self.encoding = encoding
        with open_text(path, encoding) as fh:
            start = fh.read(65536)
        # Excel for Mac (2011 and older) ends lines with CR alone.
        self.newline = "\r" if "\r" in start and "\n" not in start else "\n"
        sample = start.split(self.newline)[:20]
        self.delimiter = _delimiter(sample)
        self.kind = "tab-delimited text" if self.delimiter == "\t" else "CSV"

    def head(self, n: int) -> list[RawRow]:
        out: list[RawRow] = []
        assert self.encoding is not None
        with open_text(self.path, self.encoding, self.newline) as fh:
            if self.delimiter == "\t":
                for number, line in zip(range(1, n + 1), self._lines(fh), strict=False):
                    out.append(RawRow(number, split_line(line.rstrip("\r\n"))))
            else:
                for row in self._csv_rows(self._lines(fh)):
                    out.append(row)
                    if len(out) >= n:
                        break
        return out

    def rows(self, width: int | None = None) -> Iterator[RawRow]:
        assert self.encoding is not None
        self.lines = 0
        with open_text(self.path, self.encoding, self.newline) as fh:
            if self.delimiter == "\t":
                self.lines = yield from split_records(self._lines(fh), width)
            else:
                for row in self._csv_rows(self._lines(fh)):
                    self.lines = row.number + row.span - 1
                    yield row

    def _lines(self, fh: Any) -> Iterator[str]:
        """The file's lines, each at most MAX_LINE_CHARS long: an overlong line is cut, the
        rest of it skipped without being held in memory, and its length recorded in `cut`.
        NUL characters (never part of listing text) are dropped."""
        number = 0
        while line := fh.readline(MAX_LINE_CHARS):
            number += 1
            if len(line) == MAX_LINE_CHARS and not line.endswith(self.newline):
                total = len(line)
                while rest := fh.readline(MAX_LINE_CHARS):
                    total += len(rest)
                    if rest.endswith(self.newline):
                        break
                self.cut[number] = total
                line += self.newline
            yield line.replace("\x00", "") if "\x00" in line else line

    def _csv_rows(self, fh: Any) -> Iterator[RawRow]:
        reader = csv.reader(fh, delimiter=self.delimiter, strict=False)
        last = 0
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                # The reader has consumed the broken lines; report them as one bad row.
                yield RawRow(last + 1, [], reader.line_num - last, error=str(exc))
                last = reader.line_num
                continue
            damaged = "\ufffd" in "".join(cells)
            yield RawRow(last + 1, cells, reader.line_num - last, damaged)
            last = reader.line_num


def _cell_text(cell: Any) -> str:
    """A workbook cell as the text a seller sees, IDs untouched.

    Numbers: `42.0` -> `42`; a zero-padded number format (`00000`) pads again, so SKU `00042`
    stored as the number 42 with format `00000` reads `00042`."""
    value = getattr(cell, "value", cell)
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e21:
        value = int(value)
    if isinstance(value, int):
        text = str(value)
        fmt = getattr(cell, "number_format", "General") or "General"
        if fmt and set(fmt) == {"0"} and len(fmt) > len(text) and value >= 0:
            text = text.zfill(len(fmt))
        return text
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    return str(value)


class SheetTable(Table):
    """One worksheet, read with openpyxl in read-only (streaming) mode."""

    def __init__(self, path: Path, book: Any, sheet: str) -> None:
        super().__init__()
        self.path = path
        self.book = book
        self.sheet = sheet
        self.kind = "workbook"

    def _iter(self, max_row: int | None = None) -> Iterator[RawRow]:
        ws = self.book[self.sheet]
        # Wrong <dimension> tags would silently cut rows off; read what is really there.
        ws.reset_dimensions()
        for number, cells in enumerate(ws.iter_rows(max_row=max_row), start=1):
            texts = [_cell_text(cell) for cell in cells]
            while texts and texts[-1] == "":
                texts.pop()
            yield RawRow(number, texts)

    def head(self, n: int) -> list[RawRow]:
        return list(self._iter(max_row=n))

    def rows(self, width: int | None = None) -> Iterator[RawRow]:
        self.lines = 0
        for row in self._iter():
            self.lines = row.number
            yield row


def _check_zip(path: Path) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
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
            names = set(archive.namelist())
    except zipfile.BadZipFile:
        raise InputError(
            str(path),
            "is a damaged zip/xlsx file",
            "download the file again or re-save it in Excel",
        ) from None
    if "xl/workbook.xml" not in names:
        raise InputError(
            str(path),
            "is a zip file but not an Excel workbook",
            "unzip it and give the report inside, or save the workbook as .xlsx",
        )


class OpenedExport:
    """The tables of one export file; close() releases the workbook."""

    def __init__(self, path: Path, tables: list[Table], book: Any = None) -> None:
        self.path = path
        self.tables = tables
        self._book = book

    @property
    def is_workbook(self) -> bool:
        return self._book is not None or any(t.kind == "workbook" for t in self.tables)

    def close(self) -> None:
        if self._book is not None:
            self._book.close()
            self._book = None

    def __enter__(self) -> OpenedExport:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _read_start(path: Path) -> tuple[bytes, int]:
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            return fh.read(65536), size
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


def open_export(path: Path, encoding: str | None = None) -> OpenedExport:
    """Every table the file holds: one for a text export, one per sheet for a workbook."""
    if path.is_dir():
        raise InputError(
            str(path), "is a folder, not an export file", "give the export files themselves"
        )
    start, size = _read_start(path)
    stripped = start.strip().lstrip(b"\xef\xbb\xbf\xff\xfe").strip(b"\x00 \t\r\n")
    if size == 0 or (size <= len(start) and not stripped):
        raise InputError(str(path), "is empty", "download the report again from Seller Central")
    if start[:4] == b"PK\x03\x04":
        return _open_workbook(path)
    if start[:2] == b"\x1f\x8b":
        raise InputError(
            str(path),
            "is gzip-compressed (as Amazon's report API delivers some reports)",
            "unpack it first (gunzip, 7-Zip) and give the .txt inside",
        )
    if start[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise InputError(
            str(path),
            "is an old-style Excel .xls workbook",
            "open it in Excel and save it as .xlsx (or export the sheet as tab-delimited text)",
        )
    if path.suffix.lower() in WORKBOOK_SUFFIXES:
        raise InputError(
            str(path),
            "is named like a workbook but is not one (not a zip file)",
            "open it in Excel and save it again as .xlsx, or export as text",
        )
    choice = detect_encoding(path, encoding)
    if not choice.codec.startswith("utf-16") and _looks_binary(start[:4096]):
        raise InputError(
            str(path),
            "looks like a binary file, not a text export",
            "give the tab-delimited report, CSV or XLSX file",
        )
    return OpenedExport(path, [TextTable(path, choice)])


def _looks_binary(sample: bytes) -> bool:
    """Many NUL or control bytes: a binary file. A stray NUL in a text report is not."""
    if not sample:
        return False
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 13, 12))
    return controls / len(sample) > BINARY_SHARE


def _open_workbook(path: Path) -> OpenedExport:
    _check_zip(path)
    import openpyxl  # heavy; only workbooks need it

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl and defusedxml raise many types on broken files
        raise InputError(
            str(path),
            f"cannot be opened as a workbook ({type(exc).__name__}: {exc})",
            "open it in Excel and save it again as .xlsx",
        ) from None
    tables: list[Table] = [
        SheetTable(path, book, ws.title) for ws in book.worksheets if hasattr(ws, "iter_rows")
    ]
    return OpenedExport(path, tables, book)
