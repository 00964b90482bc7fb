"""The one cell sanitiser and the one atomic-write helper that every report writer uses.

Why one place: listing text is written by sellers, copied from suppliers and machine-translated,
so it carries control characters, undecodable bytes and text that spreadsheet programs treat as
formulas. Each writer getting this right on its own is how one of them gets it wrong
(HAZARDS.md, "Writing").
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Callable
from pathlib import Path

from listing_audit.errors import OutputError

#: Characters openpyxl refuses outright (its ILLEGAL_CHARACTERS_RE): C0 controls except tab,
#: line feed and carriage return.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
#: Characters openpyxl accepts but that make the saved XML unreadable, so Excel reports the
#: whole workbook as damaged: lone surrogates (bytes a reader could not decode and kept with
#: `surrogateescape`) and the noncharacters U+FFFE and U+FFFF. Measured with openpyxl 3.1.5:
#: `save` succeeds, `load_workbook` fails with a ParseError.
_NOT_XML = re.compile("[\ud800-\udfff\ufffe\uffff]")
_SUSPECT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

#: Excel's limit on the text in one cell, in UTF-16 code units. openpyxl cuts longer text
#: silently at 32,767 Python characters; we cut earlier and say so.
EXCEL_CELL_LIMIT = 32_767

#: First characters that make Excel, LibreOffice and Google Sheets read a CSV value as a formula
#: (OWASP "CSV Injection"; ASVS 1.2.10).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def _utf16_units(text: str) -> int:
    """Length as Excel counts it: characters outside the BMP (most emoji) take two units."""
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


def cell_text(value: str, limit: int = 32_000) -> str:
    """Text that openpyxl will write and Excel will open, with nothing cut silently.

    Control characters become a space (they are invisible in a listing anyway, and a space keeps
    the words on either side apart); undecodable bytes and noncharacters become U+FFFD so the
    reader sees that something was there. Text longer than `limit` UTF-16 units is cut and ends
    with a visible marker giving its full length, so a reviewer knows to look at the source. The
    default leaves headroom under Excel's 32,767.
    """
    text = value
    if _SUSPECT.search(text) is not None:
        text = _NOT_XML.sub("\ufffd", _CONTROL.sub(" ", text))
    # Each character is at most two UTF-16 units, so short text needs no counting.
    if len(text) * 2 <= limit or _utf16_units(text) <= limit:
        return text
    marker = f" …[truncated, {len(text):,} characters in all]"
    budget = max(0, limit - len(marker))
    used = 0
    cut = 0
    for ch in text:
        used += 2 if ord(ch) > 0xFFFF else 1
        if used > budget:
            break
        cut += 1
    return text[:cut] + marker


def csv_text(value: str) -> str:
    """Prefix `'` to a value a spreadsheet would run as a formula when the CSV is opened.

    Listing text is untrusted: a title such as `=HYPERLINK("http://evil", "click")` or
    `@SUM(...)` runs when an operations team opens the CSV (OWASP CSV-injection guidance). The
    quote shows in the cell, which is the point: the value is visibly text.
    """
    if value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def check_writable(path: Path) -> None:
    """Fail before a scan runs, not after minutes of work, when `path` cannot be written.

    Tries to create (and removes) a file in the destination folder, because permission bits
    lie on read-only mounts, network shares and for root.
    """
    path = Path(path)
    folder = path.parent
    if path.is_dir():
        raise OutputError(
            f"{path}: is a folder, not a file",
            "give a file name for the report, for example report.xlsx",
        )
    if not folder.is_dir():
        raise OutputError(
            f"{path}: the folder {folder} does not exist",
            f"create it first (mkdir -p {folder}) or choose another output path",
        )
    try:
        fd, probe = tempfile.mkstemp(prefix=".listing-audit-probe.", dir=folder)
    except OSError as exc:
        raise OutputError(
            f"{path}: cannot write in the folder {folder} ({exc.strerror or exc})",
            "choose a folder you can write to, or fix its permissions",
        ) from exc
    os.close(fd)
    os.unlink(probe)


def _new_file_mode() -> int:
    """The mode a plainly created file would get (0o666 less the umask).

    `mkstemp` creates files readable by the owner only; a report replaced into place should
    be as readable as one written directly. Reading the umask means setting it briefly; writers
    run once at the end of a scan, from the main thread.
    """
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o666 & ~umask


def atomic_write(path: Path, write: Callable[[Path], None]) -> None:
    """Write `path` completely or not at all.

    `write` is called with a hidden temporary file in the destination folder (same suffix, so
    libraries that look at it are content); only when it returns is the file moved into place
    with `os.replace`, which is atomic on one file system. An interrupted or failed write
    (exception, Ctrl-C) removes the temporary file and leaves any earlier report untouched, so
    a scheduled scan never leaves a half-written workbook behind.

    Raises OutputError, naming the path, when the folder is missing or cannot be written, or
    when the operating system refuses the write (disk full, file open in Excel on Windows);
    any other exception from `write` is re-raised as it is.
    """
    path = Path(path)
    check_writable(path)
    try:
        fd, tmp_name = tempfile.mkstemp(
            prefix=f".{path.stem}.", suffix=f".tmp{path.suffix}", dir=path.parent
        )
    except OSError as exc:
        raise OutputError(
            f"{path}: cannot create a temporary file in {path.parent} ({exc.strerror or exc})",
            "choose a folder you can write to, or fix its permissions",
        ) from exc
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        write(tmp)
        os.chmod(tmp, _existing_mode(path))
        with open(tmp, "rb") as written:
            os.fsync(written.fileno())
        os.replace(tmp, path)
    except BaseException as exc:
        tmp.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise OutputError(
                f"{path}: could not be written ({exc.strerror or exc})",
                "check free disk space, and close the file if a program has it open",
            ) from exc
        raise


def _existing_mode(path: Path) -> int:
    """Keep the mode of a report being replaced; a new one gets the usual default."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        return _new_file_mode()
