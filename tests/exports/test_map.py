"""Exports of other seller tools, read with --map FIELD=HEADER."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from export_samples import write_rows

from listing_audit.cli import cli
from listing_audit.errors import ConfigError, InputError
from listing_audit.exports.columns import parse_column_map
from listing_audit.exports.reader import read_exports

TOOL_EXPORT = [
    ["Item Code", "Product Name", "ASIN", "Brand", "Bullet 1", "Keywords Backend", "Title"],
    ["00042", "Stanley style tumbler", "B0MAP00001", "Acme", "Keeps cold", "cup yeti", "old"],
]
MAP = [
    "sku=Item Code",
    'title="Product Name"',
    "bullet_point1=Bullet 1",
    "search_terms=Keywords Backend",
]


def test_mapped_columns_win_over_aliases(tmp_path: Path) -> None:
    path = write_rows(tmp_path / "tool.csv", TOOL_EXPORT, delimiter=",")
    result = read_exports([path], column_map=parse_column_map(MAP))
    listing = result.listings[0]
    assert listing.sku == "00042"
    assert listing.title == "Stanley style tumbler"  # not the `Title` column
    assert (listing.asin, listing.brand) == ("B0MAP00001", "Acme")  # aliases still work
    assert (listing.bullets[0], listing.search_terms) == ("Keeps cold", "cup yeti")
    assert result.files[0].format == "table read with --map"


def test_without_map_the_error_says_how(tmp_path: Path) -> None:
    path = write_rows(tmp_path / "tool.csv", TOOL_EXPORT, delimiter=",")
    with pytest.raises(InputError, match='--map sku="Seller SKU"'):
        read_exports([path])


def test_a_mapped_header_found_in_no_file_is_reported(tmp_path: Path) -> None:
    path = write_rows(tmp_path / "tool.csv", TOOL_EXPORT, delimiter=",")
    result = read_exports([path], column_map=parse_column_map([*MAP, "brand=Maker"]))
    (note,) = [s for s in result.skipped if s.file == "--map"]
    assert "no file has a column 'Maker'" in note.reason


@pytest.mark.parametrize(
    ("spec", "message"),
    [("title", "expected FIELD=HEADER"), ("titel=Name", "did you mean 'title'")],
)
def test_bad_map_specs(spec: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        parse_column_map([spec])


def test_cli_map_option(tmp_path: Path) -> None:
    path = write_rows(tmp_path / "tool.csv", TOOL_EXPORT, delimiter=",")
    out = tmp_path / "r.json"
    args = ["scan", str(path), "--no-default-brands", "--json", str(out)]
    for spec in MAP:
        args += ["--map", spec]
    done = CliRunner().invoke(cli, args)
    assert done.exit_code == 0, done.output
    listing = json.loads(out.read_text(encoding="utf-8"))["listings"][0]
    assert (listing["sku"], listing["title"]) == ("00042", "Stanley style tumbler")
    bad = CliRunner().invoke(cli, ["scan", str(path), "--map", "colour=Colour"])
    assert bad.exit_code == 2 and "is not a field listing-audit reads" in bad.output
