"""Unusable files stop with exit 2 and a message that says what was found and what was
expected; a bad row never stops the scan."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from export_samples import write_rows

from listing_audit.cli import cli
from listing_audit.errors import InputError
from listing_audit.exports.reader import read_exports


def error_for(path: Path) -> str:
    with pytest.raises(InputError) as info:
        read_exports([path])
    message = str(info.value)
    assert str(path) in message
    return message


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    assert "is empty" in error_for(path)
    path.write_bytes(b"\xef\xbb\xbf\r\n  \n")
    assert "is empty" in error_for(path)


def test_not_an_export_at_all(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("Dear seller,\nyour account has been suspended.\n", encoding="utf-8")
    message = error_for(path)
    assert "no header row naming a SKU column" in message
    assert "'Dear seller'" in message  # what was found
    assert "does not look like any listing export" in message
    assert "All Listings" in message  # what was expected


def test_no_sku_column_names_headers_seen_and_nearest_format(tmp_path: Path) -> None:
    path = write_rows(
        tmp_path / "noskus.txt",
        [
            ["item-name", "item-description", "listing-id", "price", "quantity", "asin1", "status"],
            ["Mug", "", "1", "3", "4", "B01", "Active"],
        ],
    )
    message = error_for(path)
    assert "'item-name', 'item-description', 'listing-id'" in message
    assert "nearest known format: All Listings report (7 of its 29 columns found)" in message
    assert "--map sku=" in message


def test_binary_and_old_excel_files(tmp_path: Path) -> None:
    path = tmp_path / "x.txt"
    path.write_bytes(b"\x00\x01\x02garbage\x00" * 50)
    assert "binary" in error_for(path)
    path = tmp_path / "old.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    assert "old-style Excel .xls" in error_for(path)


def test_gzipped_report_says_to_unpack_it(tmp_path: Path) -> None:
    import gzip

    path = tmp_path / "report.txt.gz"
    path.write_bytes(gzip.compress(b"seller-sku\titem-name\nS1\tMug\n"))
    assert "gzip-compressed" in error_for(path)


def test_zip_that_is_not_a_workbook(tmp_path: Path) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        archive.writestr("report.txt", "seller-sku\nS1\n")
    path = tmp_path / "report.zip"
    path.write_bytes(buf.getvalue())
    assert "not an Excel workbook" in error_for(path)


def test_workbook_without_a_data_sheet_lists_its_sheets(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Instructions"
    sheet.append(["How to fill in this template"])
    prices = book.create_sheet("Prices")
    prices.append(["ASIN", "price", "quantity"])
    prices.append(["B01", "3", "4"])
    path = tmp_path / "book.xlsx"
    book.save(path)
    message = error_for(path)
    assert "no data sheet" in message
    assert "'Instructions' (row 1: 'How to fill in this template')" in message
    assert "'Prices' (row 1: 'ASIN', 'price', 'quantity')" in message
    assert "nearest known format: Open Listings report" in message


def test_cli_exits_2_with_the_message_and_no_traceback(tmp_path: Path) -> None:
    path = tmp_path / "prices.csv"
    path.write_text("ASIN,price\nB01,3\n", encoding="utf-8")
    done = CliRunner().invoke(cli, ["scan", str(path), "--json", str(tmp_path / "r.json")])
    assert done.exit_code == 2
    assert "prices.csv" in done.output and "no header row naming a SKU column" in done.output
    assert "Traceback" not in done.output


def test_bad_rows_are_reported_counted_and_the_rest_read(tmp_path: Path) -> None:
    path = write_rows(
        tmp_path / "r.txt",
        [
            ["seller-sku", "item-name", "price"],
            ["S1", "Mug", "3"],
            ["", "", "4"],
            ["S2", "Cup", ""],
        ],
    )
    result = read_exports([path])
    assert [lst.sku for lst in result.listings] == ["S1", "S2"]
    assert result.bad_rows == 1
    bad = [s for s in result.skipped if not s.kept]
    assert [(s.row, s.reason) for s in bad] == [
        (3, "row has no SKU, ASIN, title or listing text; left out")
    ]


def test_csv_quoting_error_is_one_bad_row_not_a_stop(tmp_path: Path) -> None:
    import csv

    limit = csv.field_size_limit()
    path = tmp_path / "broken.csv"
    # An opening quote never closed swallows the rest of the file into one huge field.
    path.write_text('sku,title\nS1,Mug\nS2,"Broken\n' + "x" * (limit + 10) + "\n", encoding="utf-8")
    result = read_exports([path])
    assert [lst.sku for lst in result.listings] == ["S1"]
    assert result.bad_rows == 1
    assert "could not be split into fields" in [s for s in result.skipped if not s.kept][0].reason


def test_many_warnings_of_one_kind_are_summarised_not_dropped(tmp_path: Path) -> None:
    rows = [["seller-sku", "item-name", "asin1", "status"]] + [[f"S{i}", "Mug"] for i in range(60)]
    result = read_exports([write_rows(tmp_path / "short.txt", rows)])
    assert len(result.listings) == 60
    short = [s for s in result.skipped if "fields, the header has" in s.reason]
    assert len(short) == 50
    (summary,) = [s for s in result.skipped if "more rows like the 50 above" in s.reason]
    assert "10 more rows" in summary.reason and "short row" in summary.reason


def test_unquoted_line_break_inside_a_field_is_rejoined_and_reported(tmp_path: Path) -> None:
    path = write_rows(
        tmp_path / "report.txt",
        [
            ["item-name", "item-description", "seller-sku", "asin1", "status"],
            ["Mug", "Holds 12 oz.\nDishwasher safe", "S1", "B01", "Active"],
            ["Cup", "Plain", "S2", "B02", "Active"],
        ],
    )
    result = read_exports([path])
    mug, cup = result.listings
    assert (mug.sku, mug.description) == ("S1", "Holds 12 oz.\nDishwasher safe")
    assert (cup.sku, cup.row) == ("S2", 4)
    (note,) = [s for s in result.skipped if "line break inside a field" in s.reason]
    assert note.row == 2 and note.kept
    assert result.files[0].continuation_lines == 1
