"""The workbook, checked the way a user sees it: saved, then reloaded with openpyxl."""

from __future__ import annotations

import tempfile
from pathlib import Path

import openpyxl
import pytest
from openpyxl.workbook.workbook import Workbook

from listing_audit.errors import OutputError
from listing_audit.model import ScanResult
from listing_audit.report import excel

FLAGGED_HEADER = [
    "Rank",
    "ASIN",
    "SKUs",
    "Title",
    "Level",
    "Action",
    "Score",
    "Reasons",
    "Brands / assets matched",
    "Decision",
    "Assignee",
    "Notes",
]
FINDINGS_HEADER = [
    "Rank",
    "ASIN",
    "SKU",
    "Finding ID",
    "Rule",
    "Kind",
    "Field or slot",
    "Brand or asset",
    "Owner",
    "Text as written / image path",
    "Normalised",
    "Match or method",
    "Context",
    "Cue",
    "Distance",
    "Evidence",
    "Score",
    "Action",
]
LISTINGS_HEADER = [
    "Rank",
    "ASIN",
    "SKU",
    "Title",
    "Status",
    "Source file",
    "Row",
    "Level",
    "Action",
    "Score",
    "Findings",
]
SKIPPED_HEADER = ["File", "Row", "Column", "Reason"]


def saved(result: ScanResult, tmp_path: Path) -> Workbook:
    path = tmp_path / "report.xlsx"
    excel.write(result, path)
    return openpyxl.load_workbook(path)


def rows(wb: Workbook, sheet: str) -> list[list[object]]:
    return [list(row) for row in wb[sheet].iter_rows(values_only=True)]


@pytest.fixture
def wb(scan_result: ScanResult, tmp_path: Path) -> Workbook:
    return saved(scan_result, tmp_path)


def test_sheets_in_order(wb: Workbook) -> None:
    assert wb.sheetnames == [
        "Summary",
        "Flagged ASINs",
        "Findings",
        "Image matches",
        "All listings",
        "Skipped",
        "Run info",
    ]


@pytest.mark.parametrize(
    ("sheet", "header"),
    [
        ("Flagged ASINs", FLAGGED_HEADER),
        ("Findings", FINDINGS_HEADER),
        ("All listings", LISTINGS_HEADER),
        ("Skipped", SKIPPED_HEADER),
    ],
)
def test_header_row_is_bold_frozen_and_filtered(
    wb: Workbook, sheet: str, header: list[str]
) -> None:
    ws = wb[sheet]
    assert rows(wb, sheet)[0][: len(header)] == header
    assert all(cell.font.bold for cell in ws[1][: len(header)])
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref is not None and ws.auto_filter.ref.startswith("A1:")


def test_flagged_sheet_holds_only_flagged_listings_in_rank_order(wb: Workbook) -> None:
    body = rows(wb, "Flagged ASINs")[1:]
    assert [row[0] for row in body] == [1, 2, 3]
    assert [row[1] for row in body] == ["B0HIGH0001", "B0MEDIUM02", "B0LOWLOW03"]
    assert [row[4] for row in body] == ["high", "medium", "low"]
    assert body[0][6] == 87.7
    assert body[0][7] == "Brand 'Nike' (Nike, Inc.) in description\nMain image matches acme logo"
    assert body[0][8] == "Nike; acme-studios/logo.png"


def test_results_order_is_kept_not_re_sorted(scan_result: ScanResult, tmp_path: Path) -> None:
    scan_result.results.reverse()  # whatever order the scorer hands over is the order shown
    body = rows(saved(scan_result, tmp_path), "All listings")[1:]
    assert [row[2] for row in body if row[7] != "skipped"] == [
        "00042", "SKU-LOW", "SKU-MED", "SKU-HIGH"]


def test_asin_links_to_the_product_page_of_its_marketplace(wb: Workbook) -> None:
    ws = wb["Flagged ASINs"]
    assert ws["B2"].hyperlink.target == "https://www.amazon.de/dp/B0HIGH0001"
    assert ws["B3"].hyperlink.target == "https://www.amazon.com/dp/B0MEDIUM02"
    assert ws["B4"].hyperlink.target == "https://www.amazon.com/dp/B0LOWLOW03"  # unknown "zz"


def test_level_cells_are_filled_red_orange_yellow(wb: Workbook) -> None:
    ws = wb["Flagged ASINs"]
    colours = [ws.cell(row=r, column=5).fill.fgColor.rgb for r in (2, 3, 4)]
    assert colours[0].endswith("F8696B")
    assert colours[1].endswith("FFB366")
    assert colours[2].endswith("FFEB84")
    assert ws.cell(row=2, column=5).fill.fill_type == "solid"


def test_decision_column_has_the_drop_down(wb: Workbook) -> None:
    validations = wb["Flagged ASINs"].data_validations.dataValidation
    assert len(validations) == 1
    dv = validations[0]
    assert dv.type == "list"
    assert dv.formula1 == '"Remove,Fix,Keep - authorized,Keep - false alarm,Done"'
    assert "J2" in dv.sqref and "J4" in dv.sqref
    assert "I2" not in dv.sqref


def test_no_cell_anywhere_is_a_formula_or_an_error(wb: Workbook) -> None:
    types = {
        cell.data_type
        for ws in wb.worksheets
        for row in ws.iter_rows()
        for cell in row
        if cell.value is not None
    }
    assert "f" not in types
    assert "e" not in types


def test_formula_and_error_lookalikes_stay_text(wb: Workbook, scan_result: ScanResult) -> None:
    flagged = wb["Flagged ASINs"]
    assert flagged["D3"].value == scan_result.results[1].listing.title
    assert flagged["D3"].value.startswith("=HYPERLINK(")
    assert flagged["D3"].data_type == "s"
    listings = wb["All listings"]
    assert listings["D5"].value == "#N/A"
    assert listings["D5"].data_type == "s"
    findings = wb["Findings"]
    assert findings["J4"].value == "=Disney"
    assert findings["J4"].data_type == "s"


def test_sku_with_leading_zeros_stays_a_string(wb: Workbook) -> None:
    row = rows(wb, "All listings")[4]
    assert row[2] == "00042"
    assert isinstance(row[2], str)
    assert row[1] is None  # no ASIN, no link
    assert wb["All listings"]["B5"].hyperlink is None


def test_findings_sheet_has_one_row_per_finding(wb: Workbook, scan_result: ScanResult) -> None:
    body = rows(wb, "Findings")[1:]
    assert len(body) == 4
    text, image, medium, low = body
    high_result = scan_result.results[0]
    assert text[:9] == [
        1,
        "B0HIGH0001",
        "SKU-HIGH",
        high_result.findings[0].finding_id("B0HIGH0001"),
        "T-PLAIN",
        "text",
        "description",
        "Nike",
        "Nike, Inc.",
    ]
    assert text[12] == "Fits like Nike  shoes, great for running"  # BEL became a space
    assert image[5:10] == [
        "image",
        "MAIN",
        "acme-studios/logo.png",
        "acme-studios",
        "images/B0HIGH0001.MAIN.jpg",
    ]
    assert image[14] == 3.0  # Hamming distance of the hash match
    assert [medium[0], low[0]] == [2, 3]


def test_all_listings_sheet_lists_every_listing_once(wb: Workbook) -> None:
    body = rows(wb, "All listings")[1:]
    assert [row[2] for row in body] == ["SKU-HIGH", "SKU-MED", "SKU-LOW", "00042", None]
    # The row the reader left out follows, so the sheet reconciles with the input's rows.
    assert body[4][5:8] == ["inventory.csv", 4, "skipped"]
    assert body[4][11] == "empty SKU"
    assert body[3][7] == "none"
    assert body[3][10] == 0
    assert body[0][5:7] == ["all_listings_de.txt", 2]


def test_skipped_sheet_lists_what_was_skipped(wb: Workbook) -> None:
    assert rows(wb, "Skipped")[1] == ["inventory.csv", 4, "asin", "empty SKU"]


def test_skipped_sheet_says_so_when_nothing_was_skipped(
    scan_result: ScanResult, tmp_path: Path
) -> None:
    scan_result.skipped = []
    body = rows(saved(scan_result, tmp_path), "Skipped")[1:]
    assert len(body) == 1
    assert body[0][0].startswith("Nothing skipped")


def test_summary_counts_inputs_and_chart(wb: Workbook) -> None:
    ws = wb["Summary"]
    values = [row for row in ws.iter_rows(values_only=True)]
    labelled = {row[0]: row[1:] for row in values if row and row[0] is not None}
    assert labelled["Generated at"][0] == "2025-01-31T09:30:00+00:00"
    assert labelled["high"][0] == 1 and labelled["none"][0] == 1
    assert labelled["Total"][0] == 4
    assert labelled["remove"][0] == 1 and labelled["review"][0] == 1
    assert labelled["Export files"][:2] == (
        3,
        "all_listings_de.txt\nall_listings_us.txt\ninventory.csv",
    )
    assert labelled["Brand entries"][0] == 250
    assert labelled["Skipped items"][0] == 1
    assert labelled["Nike"][:4] == ("Nike, Inc.", "brand", 2, 2)  # top brand: 2 listings
    assert len(ws._charts) == 1
    assert type(ws._charts[0]).__name__ == "BarChart"


def test_summary_says_when_rows_are_over_excels_limit(
    scan_result: ScanResult, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(excel, "MAX_SHEET_ROWS", 3)  # a header and 2 rows a sheet
    monkeypatch.setattr(excel, "MAX_HYPERLINKS", 1)
    wb = saved(scan_result, tmp_path)
    total = sum(len(r.findings) for r in scan_result.results)
    parts = [name for name in wb.sheetnames if name.startswith("Findings")]
    assert parts[:2] == ["Findings", "Findings (2)"]
    continued = [row for name in parts for row in rows(wb, name)[1:]]
    assert len(continued) == total  # nothing is lost: the table goes on on the next sheet
    assert rows(wb, "Findings (2)")[0] == rows(wb, "Findings")[0]
    flagged = wb["Flagged ASINs"]
    assert flagged["B2"].hyperlink is not None
    assert flagged["B3"].hyperlink is None
    notes = [row[0] for row in wb["Summary"].iter_rows(values_only=True) if row and row[0]]
    assert any(str(note).startswith("Findings continue over") for note in notes)
    assert any("only the first 1 ASINs are links" in str(note) for note in notes)


def test_undecodable_and_huge_text_still_gives_a_readable_workbook(
    scan_result: ScanResult, tmp_path: Path
) -> None:
    scan_result.results[1].listing.title = "bad \udcff byte " + "z" * 40_000
    title = saved(scan_result, tmp_path)["Flagged ASINs"]["D3"].value
    assert title.startswith("bad \ufffd byte ")
    assert title.endswith("characters in all]")
    assert len(title) <= 32_000


def test_write_into_a_missing_folder_is_an_output_error(
    scan_result: ScanResult, tmp_path: Path
) -> None:
    with pytest.raises(OutputError, match="does not exist"):
        excel.write(scan_result, tmp_path / "missing" / "report.xlsx")


def test_a_failed_save_keeps_the_previous_workbook(
    scan_result: ScanResult, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "report.xlsx"
    excel.write(scan_result, path)
    before = path.read_bytes()

    def broken_save(self: Workbook, filename: str) -> None:
        Path(filename).write_bytes(b"PK partial")
        raise KeyboardInterrupt

    monkeypatch.setattr(Workbook, "save", broken_save)
    streamed_before = set(Path(tempfile.gettempdir()).glob("openpyxl.*"))
    with pytest.raises(KeyboardInterrupt):
        excel.write(scan_result, path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["report.xlsx"]
    # the sheets streamed to temporary files; none is left behind
    assert set(Path(tempfile.gettempdir()).glob("openpyxl.*")) <= streamed_before
