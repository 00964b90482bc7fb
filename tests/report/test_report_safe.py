"""The cell sanitiser and the atomic-write helper every writer relies on."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import openpyxl
import pytest

from listing_audit.errors import OutputError
from listing_audit.report.safe import atomic_write, cell_text, check_writable, csv_text


@pytest.mark.parametrize(
    "char", [chr(c) for c in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20))]
)
def test_cell_text_replaces_each_refused_control_character_with_a_space(char: str) -> None:
    assert cell_text(f"a{char}b") == "a b"


def test_cell_text_keeps_tab_newline_and_carriage_return() -> None:
    assert cell_text("a\tb\nc\rd") == "a\tb\nc\rd"


def test_cell_text_replaces_lone_surrogates_and_noncharacters() -> None:
    assert cell_text("a\udcffb\ufffec\uffffd") == "a\ufffdb\ufffdc\ufffdd"


def test_cell_text_output_is_accepted_by_openpyxl_and_reloads(tmp_path: Path) -> None:
    dirty = "".join(chr(c) for c in range(0x20)) + "\ud800\ufffe\uffff end"
    wb = openpyxl.Workbook()
    wb.active["A1"] = cell_text(dirty)
    wb.save(tmp_path / "x.xlsx")
    assert openpyxl.load_workbook(tmp_path / "x.xlsx").active["A1"].value.endswith(" end")


def test_cell_text_leaves_short_text_alone() -> None:
    text = "Nike® running shoes 跑步鞋 👟"
    assert cell_text(text) == text


def test_cell_text_truncates_with_a_visible_marker_within_the_limit() -> None:
    out = cell_text("x" * 500, limit=100)
    assert len(out) <= 100
    assert out.startswith("xxxx")
    assert out.endswith(" …[truncated, 500 characters in all]")


def test_cell_text_counts_emoji_as_two_units_like_excel() -> None:
    emoji = "👟" * 60  # 60 characters, 120 UTF-16 units
    out = cell_text(emoji, limit=100)
    assert "truncated, 60 characters" in out
    units = len(out.encode("utf-16-le")) // 2
    assert units <= 100


def test_cell_text_default_limit_stays_under_excel_cell_limit() -> None:
    out = cell_text("y" * 40_000)
    assert len(out) <= 32_000
    assert "40,000 characters in all" in out


@pytest.mark.parametrize("first", ["=", "+", "-", "@", "\t", "\r", "\n"])
def test_csv_text_prefixes_a_quote_to_formula_starts(first: str) -> None:
    value = f"{first}HYPERLINK(1)"
    assert csv_text(value) == "'" + value


@pytest.mark.parametrize("value", ["", "Nike shoes", "a=b", "100% cotton", "#N/A", "'quoted"])
def test_csv_text_leaves_ordinary_values_alone(value: str) -> None:
    assert csv_text(value) == value


def test_atomic_write_gives_the_writer_a_hidden_temp_file_beside_the_target(tmp_path: Path) -> None:
    seen: list[Path] = []

    def writer(tmp: Path) -> None:
        seen.append(tmp)
        tmp.write_text("new", encoding="utf-8")

    target = tmp_path / "report.xlsx"
    atomic_write(target, writer)
    assert target.read_text(encoding="utf-8") == "new"
    assert seen[0].parent == tmp_path
    assert seen[0].suffix == ".xlsx"
    assert seen[0].name.startswith(".")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.xlsx"]


@pytest.mark.parametrize("error", [RuntimeError("boom"), KeyboardInterrupt()])
def test_atomic_write_failure_keeps_the_old_file_and_leaves_no_temp(
    tmp_path: Path, error: BaseException
) -> None:
    target = tmp_path / "report.json"
    target.write_text("old report", encoding="utf-8")

    def writer(tmp: Path) -> None:
        tmp.write_text("half a rep", encoding="utf-8")
        raise error

    with pytest.raises(type(error)):
        atomic_write(target, writer)
    assert target.read_text(encoding="utf-8") == "old report"
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]


def test_atomic_write_turns_an_os_error_into_output_error_naming_the_path(tmp_path: Path) -> None:
    target = tmp_path / "report.xlsx"

    def writer(tmp: Path) -> None:
        raise OSError(28, "No space left on device")

    with pytest.raises(OutputError, match="report.xlsx") as caught:
        atomic_write(target, writer)
    assert "No space left" in str(caught.value)
    assert list(tmp_path.iterdir()) == []


def test_atomic_write_into_a_missing_folder_is_an_output_error(tmp_path: Path) -> None:
    target = tmp_path / "no-such-folder" / "report.xlsx"
    with pytest.raises(OutputError, match="no-such-folder") as caught:
        atomic_write(target, lambda tmp: tmp.write_text("x"))
    assert caught.value.hint  # says what to do
    assert not target.parent.exists()


def test_atomic_write_onto_a_folder_is_an_output_error(tmp_path: Path) -> None:
    (tmp_path / "report.xlsx").mkdir()
    with pytest.raises(OutputError, match="is a folder"):
        atomic_write(tmp_path / "report.xlsx", lambda tmp: tmp.write_text("x"))


def test_atomic_write_gives_a_new_file_the_usual_permissions(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        atomic_write(tmp_path / "r.json", lambda tmp: tmp.write_text("{}"))
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "r.json").stat().st_mode) == 0o644


def test_check_writable_accepts_a_writable_folder_and_leaves_nothing(tmp_path: Path) -> None:
    check_writable(tmp_path / "report.xlsx")
    assert list(tmp_path.iterdir()) == []


def test_check_writable_rejects_a_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="does not exist"):
        check_writable(tmp_path / "missing" / "report.xlsx")
