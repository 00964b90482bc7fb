"""Encodings: detected over the whole file, ties logged, --encoding honoured, damage reported."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from listing_audit.errors import InputError
from listing_audit.exports.decode import detect_encoding
from listing_audit.exports.reader import read_exports

HEADER = "seller-sku\titem-name\tasin1\n"


def test_japanese_header_decides_between_cp932_and_gb18030(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "jp.txt"
    path.write_bytes("出品者SKU\t商品名\nJP-1\tスニーカー\n".encode("cp932"))
    with caplog.at_level(logging.WARNING):
        result = read_exports([path])
    assert result.files[0].encoding == "Shift_JIS (CP932)"
    assert result.listings[0].title == "スニーカー"
    # The bytes are valid GB18030 too: the choice is logged and reported, not silent.
    assert "encoding not certain" in caplog.text
    note = [s for s in result.skipped if "encoding not certain" in s.reason]
    assert note and note[0].kept and "GB18030" in note[0].reason


def test_a_bad_byte_far_into_the_file_is_found_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "late.txt"
    filler = "".join(f"S{i}\tPlain title {i}\tB0{i:08d}\n" for i in range(20_000))
    path.write_bytes((HEADER + filler).encode("ascii") + "S-X\tCafé\tB0X\n".encode("cp1252"))
    assert path.stat().st_size > 300_000  # beyond the sample the detector looks at first
    result = read_exports([path])
    assert result.files[0].encoding == "Windows-1252"
    assert result.listings[-1].title == "Café"


def test_utf16_without_bom_is_recognised(tmp_path: Path) -> None:
    path = tmp_path / "u16.txt"
    path.write_bytes((HEADER + "S1\tÜbergröße\tB01\n").encode("utf-16-le"))
    assert detect_encoding(path).codec == "utf-16-le"
    assert read_exports([path]).listings[0].title == "Übergröße"


def test_forced_encoding_reports_rows_it_could_not_decode(tmp_path: Path) -> None:
    path = tmp_path / "cp.txt"
    path.write_bytes((HEADER + "S1\tCafé\tB01\nS2\tMug\tB02\n").encode("cp1252"))
    result = read_exports([path], encoding="utf-8")
    assert [lst.sku for lst in result.listings] == ["S1", "S2"]  # nothing dropped
    assert result.listings[0].title == "Caf\ufffd"
    damaged = [s for s in result.skipped if "could not be decoded" in s.reason]
    assert [s.row for s in damaged] == [2]


def test_unknown_encoding_name_is_input_error(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(HEADER, encoding="utf-8")
    with pytest.raises(InputError, match="unknown encoding 'klingon'"):
        read_exports([path], encoding="klingon")


def test_question_marks_inside_words_are_reported_once_per_file(tmp_path: Path) -> None:
    path = tmp_path / "api.txt"
    path.write_text(
        HEADER + "S1\tCaf? Cr?me mug\tB01\nS2\tWhy wait?\tB02\nS3\t???? ????\tB03\n",
        encoding="ascii",
    )
    result = read_exports([path])
    notes = [s for s in result.skipped if "'?' inside words" in s.reason]
    assert len(notes) == 1 and "rows 2, 4" in notes[0].reason
