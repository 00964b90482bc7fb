"""Hostile exports: each case is a file made here; the run ends in time, exits 0/1/2 with no
traceback, names the file, and keeps every readable listing."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import openpyxl
import pytest

HEADER = "seller-sku\titem-name\tasin1\n"


def _good_xlsx(path: Path) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["sku", "title", "asin"])
    sheet.append(["S1", "Nike shoes", "B0XLSX0001"])
    book.save(path)
    return path.read_bytes()


def _scan(run_cli, tmp_path: Path, export: Path):  # type: ignore[no-untyped-def]
    out = tmp_path / "r.json"
    return run_cli("scan", str(export), "--json", str(out), outputs=(out,)), out


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("empty.txt", b""),
        ("garbage.txt", bytes(range(256)) * 64),
        ("garbage.csv", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 16),
        ("garbage.xlsx", b"\x00\x01 not a zip at all" * 100),
        ("header_only_no_sku.csv", b"price,quantity\n"),
    ],
)
def test_unusable_files_exit_2_naming_the_file(tmp_path: Path, run_cli, name: str,
                                               content: bytes) -> None:
    export = tmp_path / name
    export.write_bytes(content)
    done, out = _scan(run_cli, tmp_path, export)
    assert done.code == 2
    assert name in done.err
    assert not out.exists()


def test_truncated_xlsx(tmp_path: Path, run_cli) -> None:
    export = tmp_path / "cut.xlsx"
    data = _good_xlsx(export)
    export.write_bytes(data[: len(data) // 2])
    done, _ = _scan(run_cli, tmp_path, export)
    assert done.code == 2 and "cut.xlsx" in done.err


def test_xlsx_zip_bomb_is_refused_before_parsing(tmp_path: Path, run_cli) -> None:
    export = tmp_path / "bomb.xlsx"
    _good_xlsx(export)
    with zipfile.ZipFile(export, "a", zipfile.ZIP_DEFLATED) as archive:
        with archive.open("xl/worksheets/sheet9.xml", "w") as member:
            chunk = b"<" * (1 << 20)
            for _ in range(300):  # 300 MB that deflate to well under 1 MB
                member.write(chunk)
    assert export.stat().st_size < 5_000_000
    done, _ = _scan(run_cli, tmp_path, export)
    assert done.code == 2
    assert "bomb.xlsx" in done.err and "expand" in done.err


def test_xml_entity_expansion_inside_an_xlsx_is_refused(tmp_path: Path, run_cli) -> None:
    export = tmp_path / "laughs.xlsx"
    data = _good_xlsx(export)
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
        '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol3;</t></is></c></row>'
        "</sheetData></worksheet>"
    )
    src = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for item in src.infolist():
            body = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                body = laughs.encode()
            out.writestr(item, body)
    export.write_bytes(buffer.getvalue())
    done, _ = _scan(run_cli, tmp_path, export)
    assert done.code == 2
    assert "laughs.xlsx" in done.err


def test_a_huge_single_line_does_not_hang(tmp_path: Path, run_cli) -> None:
    export = tmp_path / "oneline.txt"
    with export.open("wb") as fh:
        fh.write(HEADER.encode())
        fh.write(b"S1\tNike " + b"x" * (200 * 1024 * 1024) + b"\tB0LONG0001\n")
        fh.write(b"S2\tPlain mug\tB0LONG0002\n")
    done, out = _scan(run_cli, tmp_path, export)
    assert done.code == 0, done.err
    data = json.loads(out.read_text("utf-8"))
    assert sorted(item["sku"] for item in data["listings"]) == ["S1", "S2"]
    assert any(s["row"] == 2 and "characters long" in s["reason"] for s in data["skipped"])


def test_a_million_columns(tmp_path: Path, run_cli) -> None:
    export = tmp_path / "wide.txt"
    extra = "\t".join(f"c{i}" for i in range(1_000_000))
    export.write_text(f"seller-sku\titem-name\tasin1\t{extra}\nS1\tNike mug\tB0WIDE0001\n",
                      encoding="utf-8")
    done, out = _scan(run_cli, tmp_path, export)
    assert done.code == 0
    assert [i["sku"] for i in json.loads(out.read_text("utf-8"))["listings"]] == ["S1"]


def test_nul_bytes_and_mixed_encodings_keep_every_row(tmp_path: Path, run_cli) -> None:
    export = tmp_path / "mixed.txt"
    export.write_bytes(
        HEADER.encode()
        + "S1\tCafé mug\tB0MIX00001\n".encode()
        + "S2\tCaf\xe9 cr\xe8me\tB0MIX00002\n".encode("cp1252")
        + b"S3\tNUL\x00inside\tB0MIX00003\n"
    )
    done, out = _scan(run_cli, tmp_path, export)
    assert done.code == 0, done.err
    skus = [i["sku"] for i in json.loads(out.read_text("utf-8"))["listings"]]
    assert sorted(skus) == ["S1", "S2", "S3"]


def test_header_only_is_zero_listings_not_an_error(tmp_path: Path, run_cli) -> None:
    export = tmp_path / "header.txt"
    export.write_text(HEADER, encoding="utf-8")
    done, out = _scan(run_cli, tmp_path, export)
    assert done.code == 0
    assert json.loads(out.read_text("utf-8"))["listings"] == []
