"""Row counts always reconcile: every physical line and every row is accounted for."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from export_samples import SAMPLES

from listing_audit.exports.reader import read_exports


def physical_lines(path: Path, encoding: str) -> int:
    """Count lines independently of the reader: LF-terminated lines, plus a last one without."""
    if path.suffix in {".xlsx", ".xlsm"}:
        book = openpyxl.load_workbook(path, read_only=True)
        sheet = book["Template"]
        sheet.reset_dimensions()
        count = sum(1 for _ in sheet.iter_rows())
        book.close()
        return count
    data = path.read_bytes()
    codec = {"UTF-16": "utf-16", "Shift_JIS": "cp932", "GB18030": "gb18030"}.get(
        encoding.split(" ")[0].split("(")[0],
        "utf-8-sig" if encoding.startswith("UTF-8") else "cp1252",
    )
    text = data.decode(codec)
    return text.count("\n") + (0 if text.endswith("\n") else 1)


@pytest.mark.parametrize("sample", sorted(SAMPLES))
def test_rows_in_equal_listings_out_plus_bad_rows(tmp_path: Path, sample: str) -> None:
    path = SAMPLES[sample](tmp_path)
    result = read_exports([path])
    (info,) = result.files
    # Every physical line is a header row, a data row, an ignored row or a continuation line.
    assert info.lines == physical_lines(path, info.encoding)
    assert info.lines == info.header_rows + info.rows + info.ignored + info.continuation_lines
    assert info.reconciles()
    # Every data row became at least one listing or is reported as bad, one by one.
    assert info.rows == info.rows_kept + info.bad_rows
    assert info.bad_rows == len([s for s in result.skipped if not s.kept])
    single_market = not sample.startswith("template")
    if single_market:
        assert info.rows == info.listings + info.bad_rows
    # Merging only folds listings with the same SKU and marketplace, and says how many.
    assert len(result.listings) == result.listings_read - result.merged


def test_counts_add_up_across_files(tmp_path: Path) -> None:
    paths = [SAMPLES[name](tmp_path) for name in ("all_listings_utf8", "flat_txt", "lite")]
    result = read_exports(paths)
    assert result.rows == sum(f.rows for f in result.files) == 3 + 3 + 1
    assert result.listings_read == result.rows - result.bad_rows
    assert len(result.listings) == result.listings_read - result.merged
    assert result.merged == 2  # 00042 is in all three files
