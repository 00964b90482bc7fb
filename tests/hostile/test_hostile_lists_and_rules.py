"""Hostile brand lists and rules files: refused or reported clearly, never a hang or a crash."""

from __future__ import annotations

import json
from pathlib import Path

import pytest


def _catalog(tmp_path: Path) -> Path:
    path = tmp_path / "catalog.txt"
    path.write_text(
        "seller-sku\titem-name\tasin1\n"
        "S1\tAcme rocket skates\tB0RULE0001\n"
        "S2\t" + "a" * 40 + "! plain mug\tB0RULE0002\n",
        encoding="utf-8",
    )
    return path


def _scan(run_cli, tmp_path: Path, *extra: str):  # type: ignore[no-untyped-def]
    out = tmp_path / "r.json"
    done = run_cli("scan", str(_catalog(tmp_path)), "--no-default-brands", "--json", str(out),
                   *extra, outputs=(out,))
    data = json.loads(out.read_text("utf-8")) if out.exists() else None
    return done, data


@pytest.mark.parametrize(
    ("content", "expect_code", "expect_text"),
    [
        (b"\x00\x01\x02 not a csv" * 20, 2, "brands.csv"),
        (b"name,owner\nAcme,Acme Inc\n", 2, "lacks the column"),
        (b"brand,aliases,owner,kind,risk,colour\nAcme,,Acme Inc,trademark,high,red\n", 0, ""),
        (b'brand,aliases,owner,kind,risk\n"Acme,,Acme Inc,trademark,high\n', 0, ""),
    ],
)
def test_malformed_brand_lists(tmp_path: Path, run_cli, content: bytes, expect_code: int,
                               expect_text: str) -> None:
    brands = tmp_path / "brands.csv"
    brands.write_bytes(content)
    done, _ = _scan(run_cli, tmp_path, "--brands", str(brands))
    assert done.code == expect_code, done.text
    assert expect_text in done.text


def test_empty_and_one_letter_brands_are_refused_with_a_message(tmp_path: Path, run_cli) -> None:
    brands = tmp_path / "brands.csv"
    brands.write_text("brand,aliases,owner,kind,risk\n,,Nobody,trademark,high\n"
                      "A,,Letter Co,trademark,high\nAcme,,Acme Inc,trademark,high\n",
                      encoding="utf-8")
    done, data = _scan(run_cli, tmp_path, "--brands", str(brands))
    assert done.code == 0
    reasons = [s["reason"] for s in data["skipped"]]
    assert any("empty brand" in r for r in reasons)
    assert any("'A'" in r and "match everywhere" in r for r in reasons)
    flagged = {i["sku"] for i in data["listings"] if i["risk_level"] != "none"}
    assert flagged == {"S1"}  # the one-letter brand did not flag every "a"


def test_duplicate_brands_with_different_owners_both_show(tmp_path: Path, run_cli) -> None:
    brands = tmp_path / "brands.csv"
    brands.write_text("brand,aliases,owner,kind,risk\nAcme,,Acme Inc,trademark,high\n"
                      "ACME,,Acme Europe GmbH,trademark,medium\n", encoding="utf-8")
    done, data = _scan(run_cli, tmp_path, "--brands", str(brands))
    assert done.code == 0
    item = next(i for i in data["listings"] if i["sku"] == "S1")
    owners = {f["owner"] for f in item["findings"]}
    assert "Acme Inc" in owners


def test_regex_like_phrase_in_rules_is_a_plain_phrase_not_a_slow_pattern(
    tmp_path: Path, run_cli
) -> None:
    rules = tmp_path / "rules.toml"
    rules.write_text('[context]\ncounterfeit_near = ["(a+)+$", "(a|aa)*b"]\n', encoding="utf-8")
    brands = tmp_path / "brands.csv"
    brands.write_text("brand,aliases,owner,kind,risk\nAcme,,Acme Inc,trademark,high\n",
                      encoding="utf-8")
    done, data = _scan(run_cli, tmp_path, "--brands", str(brands), "--rules", str(rules))
    assert done.code == 0, done.text
    assert len(data["listings"]) == 2


@pytest.mark.parametrize(
    ("content", "message"),
    [("[levels\nhigh = ", "not valid TOML"), ("[levels]\nhigh = 'x'\n", "must be a number"),
     ("\xff\xfe garbage", "rules.toml")],
)
def test_invalid_rules_file_exits_2(tmp_path: Path, run_cli, content: str, message: str) -> None:
    rules = tmp_path / "rules.toml"
    rules.write_text(content, encoding="utf-8")
    done, _ = _scan(run_cli, tmp_path, "--rules", str(rules))
    assert done.code == 2
    assert message in done.text
