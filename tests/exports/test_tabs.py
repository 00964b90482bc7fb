"""The tab reader: Amazon's raw quotes stay text, Excel's quoting is honoured, rows reconcile."""

from __future__ import annotations

import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from listing_audit.exports.tabs import split_line, split_records


def lines(text: str) -> list[str]:
    """Lines as the reader's file stream gives them: split at LF only, endings kept."""
    return list(io.StringIO(text, newline="\n"))


def rows_of(text: str, width: int | None) -> list[tuple[int, int, list[str]]]:
    return [(r.number, r.span, r.cells) for r in split_records(lines(text), width)]


@pytest.mark.parametrize(
    ("line", "cells"),
    [
        ('Towel 30" x 56"\tB0', ['Towel 30" x 56"', "B0"]),
        ('He said "go\tB0', ['He said "go', "B0"]),
        ('"Best" mug\tB0', ['"Best" mug', "B0"]),  # opens a quote but never closes it properly
        ('"Towel 30"" x 56"""\tB0', ['Towel 30" x 56"', "B0"]),  # Excel's quoting
        ('"a\tb"\tc', ["a\tb", "c"]),  # a tab inside a quoted field
        ('""\tx', ["", "x"]),
        ('"\tx', ['"', "x"]),
        ("a\t\t", ["a", "", ""]),
    ],
)
def test_split_line(line: str, cells: list[str]) -> None:
    assert split_line(line) == cells


def test_quoted_field_spans_lines_only_when_the_row_needs_it() -> None:
    text = 'a\tb\tc\r\n"x"\t"multi\r\nline"\tz\r\nd\te\tf\r\n'
    assert rows_of(text, 3) == [
        (1, 1, ["a", "b", "c"]),
        (2, 2, ["x", "multi\r\nline", "z"]),
        (4, 1, ["d", "e", "f"]),
    ]


def test_unclosed_quote_in_complete_rows_never_merges_listings() -> None:
    # HAZARDS.md: a quote opened on one line and "closed" rows later must not merge rows.
    text = '"Deluxe 12 inch\tS1\tx\nMug 12"\tS2\ty\nCup\tS3\tz\n'
    rows = rows_of(text, 3)
    assert [r[2][1] for r in rows] == ["S1", "S2", "S3"]
    assert rows[0][2][0] == '"Deluxe 12 inch'


def test_unquoted_line_break_is_rejoined_when_both_halves_are_short() -> None:
    text = "t1\tdesc starts\nand ends\tS1\tB1\nt2\td2\tS2\tB2\n"
    rows = list(split_records(lines(text), 4))
    assert rows[0].cells == ["t1", "desc starts\nand ends", "S1", "B1"]
    assert rows[0].rejoined and rows[0].span == 2
    assert rows[1].cells == ["t2", "d2", "S2", "B2"] and not rows[1].rejoined


def test_short_rows_that_do_not_add_up_stay_apart() -> None:
    text = "a\tb\nc\td\te\tf\tg\n"
    assert [r[2] for r in rows_of(text, 4)] == [["a", "b"], ["c", "d", "e", "f", "g"]]


def test_without_width_nothing_spans_lines() -> None:
    text = '"multi\nline"\tz\n'
    assert rows_of(text, None) == [(1, 1, ['"multi']), (2, 1, ['line"', "z"])]


def test_line_count_is_returned() -> None:
    gen = split_records(["a\tb\n", '"x\n', 'y"\tc\n'], 2)
    rows = []
    while True:
        try:
            rows.append(next(gen))
        except StopIteration as stop:
            assert stop.value == 3
            break
    assert [r.cells for r in rows] == [["a", "b"], ["x\ny", "c"]]


# --- Properties -------------------------------------------------------------------------------

TEXT = st.text(alphabet=st.sampled_from(list('ab "é\n\r\t,;')), max_size=12)
RAW = st.text(alphabet=st.sampled_from(list('ab "é,x0')), max_size=10)


def excel_line(cells: list[str]) -> str:
    return "\t".join(
        '"' + c.replace('"', '""') + '"' if any(ch in c for ch in '\t"\n\r') else c for c in cells
    )


@settings(max_examples=300, deadline=None)
@given(
    st.integers(min_value=2, max_value=6).flatmap(
        lambda w: st.lists(
            st.lists(TEXT.filter(lambda t: "\t" not in t), min_size=w, max_size=w),
            min_size=1,
            max_size=8,
        )
    )
)
def test_excel_quoted_files_read_back_exactly(rows: list[list[str]]) -> None:
    """Whatever Excel writes (fields with quotes and line breaks, no tabs inside - Amazon's
    data cannot hold tabs) comes back cell for cell, one record per row."""
    width = len(rows[0])
    text = "".join(excel_line(r) + "\r\n" for r in rows)
    got = list(split_records(lines(text), width))
    assert [r.cells for r in got] == rows
    assert sum(r.span for r in got) == text.count("\n")


@settings(max_examples=300, deadline=None)
@given(
    st.integers(min_value=2, max_value=6).flatmap(
        lambda w: st.lists(st.lists(RAW, min_size=w, max_size=w), min_size=1, max_size=8)
    )
)
def test_amazon_raw_files_keep_one_row_per_line(rows: list[list[str]]) -> None:
    """Unquoted complete rows (quotes anywhere) never merge or split: one row per line, each
    cell as written unless it is exactly a well-formed quoted field."""
    width = len(rows[0])
    text = "".join("\t".join(r) + "\n" for r in rows)
    got = list(split_records(lines(text), width))
    assert [r.number for r in got] == list(range(1, len(rows) + 1))
    for row, read in zip(rows, got, strict=True):
        assert len(read.cells) == width
        for written, cell in zip(row, read.cells, strict=True):
            if cell != written:
                assert written.startswith('"') and written.endswith('"')
                assert cell == written[1:-1].replace('""', '"')


def test_line_breaks_and_blank_lines_inside_an_unquoted_field_are_rejoined() -> None:
    text = "t1\tpara one\n\npara two\tS1\tB1\nt2\td2\tS2\tB2\n"
    rows = list(split_records(lines(text), 4))
    assert rows[0].cells == ["t1", "para one\n\npara two", "S1", "B1"]
    assert rows[0].span == 3 and rows[0].rejoined


def test_a_run_of_short_rows_is_never_rejoined() -> None:
    text = "a\tb\tc\nd\te\tf\ng\th\ti\n"  # width 5: 3 + 3 - 1 would fit by chance
    assert [r[2] for r in rows_of(text, 5)] == [["a", "b", "c"], ["d", "e", "f"], ["g", "h", "i"]]


@settings(max_examples=300, deadline=None)
@given(
    st.integers(min_value=2, max_value=6),
    st.lists(st.lists(TEXT, min_size=1, max_size=7), min_size=1, max_size=10),
)
def test_any_lines_reconcile(width: int, rows: list[list[str]]) -> None:
    """Whatever the lines hold (ragged, quotes, stray line breaks), every physical line is
    in exactly one record, in order."""
    text = "".join("\t".join(r) + "\n" for r in rows)
    physical = lines(text)
    got = list(split_records(physical, width))
    expected_next = 1
    for record in got:
        assert record.number == expected_next
        expected_next += record.span
    assert expected_next - 1 == len(physical)
