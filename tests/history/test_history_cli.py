"""Weekly scans end to end: the cache, the history and the Changes sheet, `cache info|prune`,
--quiet, and two scans sharing one cache folder at the same time."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import openpyxl
from click.testing import CliRunner
from weekly_helpers import CATALOG, Project, by_sku, run_scan

from listing_audit.cli import cli


def _sheet(path: Path, name: str) -> list[tuple[object, ...]]:
    book = openpyxl.load_workbook(path, read_only=True)
    return [tuple(r) for r in book[name].iter_rows(values_only=True)]


def test_second_scan_uses_the_cache_and_reports_no_changes(project: Project) -> None:
    cache = project.root / "cache"
    first = run_scan(project, "week1", "--cache", str(cache))
    assert first.code == 0, first.output
    assert "images 0/3 and assets 0/1 from the cache" in first.output
    assert first.data["changes"] is None  # nothing to compare with yet
    assert "Changes" not in openpyxl.load_workbook(project.root / "week1.xlsx").sheetnames
    second = run_scan(project, "week2", "--cache", str(cache))
    assert "images 3/3 and assets 1/1 from the cache" in second.output
    assert "since " in second.output and "0 new findings, 0 resolved" in second.output
    assert second.data["listings"] == first.data["listings"]
    assert second.data["changes"]["counts"] == dict.fromkeys(
        ("new_findings", "resolved_findings", "level_up", "level_down", "new_listings",
         "removed_listings"), 0)
    assert "images 3/3" in second.data["run"]["cache"]
    assert len(list((cache / "history").glob("scan-*.json.gz"))) == 2
    assert _sheet(project.root / "week2.xlsx", "Changes")[0][0] == "Change"


def test_what_changed_since_last_week(project: Project) -> None:
    history = project.root / "history"
    assert run_scan(project, "week1", "--history", str(history)).code == 0
    project.write_catalog([
        CATALOG[0],  # unchanged, high
        {**CATALOG[2], "title": "Plain Travel Mug, Acme Rocket style"},  # none -> high
        {**CATALOG[3], "title": "Garden Hose 50 ft"},  # medium -> none: resolved
        {"sku": "SK-NEW", "asin": "B0WEEK0009", "title": "Hose Co spray nozzle",
         "brand": "Brightwave"},
    ])  # SK-LOGO removed
    week2 = run_scan(project, "week2", "--history", str(history))
    changes = week2.data["changes"]
    assert changes["counts"] == {"new_findings": 2, "resolved_findings": 2, "level_up": 1,
                                 "level_down": 1, "new_listings": 1, "removed_listings": 1}
    assert {c["sku"] for c in changes["new_findings"]} == {"SK-MUG", "SK-NEW"}
    assert {c["sku"] for c in changes["resolved_findings"]} == {"SK-HOSE", "SK-LOGO"}
    assert [(c["sku"], c["direction"]) for c in changes["level_changes"]] == [
        ("SK-MUG", "up"), ("SK-HOSE", "down")]
    assert changes["removed_listings"][0]["sku"] == "SK-LOGO"
    kinds = [r[0] for r in _sheet(project.root / "week2.xlsx", "Changes")[1:]]
    assert kinds == ["level up", "level down", "new listing", "removed listing", "new finding",
                     "new finding", "resolved finding", "resolved finding"]
    notes = [r[0] for r in _sheet(project.root / "week2.xlsx", "Summary") if r]
    assert any(str(n).startswith("Since the scan of") for n in notes)


def test_an_explicit_baseline_and_no_history(project: Project) -> None:
    assert run_scan(project, "old").code == 0
    project.write_catalog(CATALOG[:2])
    done = run_scan(project, "new", "--baseline", str(project.root / "old.json"))
    assert done.data["changes"]["baseline"] == str(project.root / "old.json")
    assert done.data["changes"]["counts"]["removed_listings"] == 2
    assert not (project.root / ".listing-audit").exists()  # a one-off scan keeps nothing


def test_changes_sheet_in_chinese(project: Project) -> None:
    history = project.root / "h"
    run_scan(project, "a", "--history", str(history), "--lang", "zh")
    project.write_catalog(CATALOG[1:])
    run_scan(project, "b", "--history", str(history), "--lang", "zh")
    rows = _sheet(project.root / "b.xlsx", "变化")
    assert rows[0][:3] == ("变化", "ASIN", "SKU")
    assert ("已移除的商品", "B0WEEK0001") in [r[:2] for r in rows[1:]]


def test_quiet_prints_the_summary_line_only(project: Project) -> None:
    done = run_scan(project, "q", "--quiet", "--cache", str(project.root / "c"))
    assert done.code == 0
    assert done.output.splitlines() == [done.output.strip()]
    assert done.output.startswith("Scanned 4 listings")


def test_cache_info_and_prune(project: Project) -> None:
    cache = project.root / "c"
    runner = CliRunner()
    empty = runner.invoke(cli, ["cache", "info", "--cache", str(cache)])
    assert empty.exit_code == 0 and "no cache yet" in empty.output
    run_scan(project, "a", "--cache", str(cache))
    run_scan(project, "b", "--cache", str(cache))
    info = runner.invoke(cli, ["cache", "info", "--cache", str(cache)])
    assert info.exit_code == 0, info.output
    assert "4 entries" in info.output and "(current)" in info.output
    assert "History: 2 scans" in info.output
    pruned = runner.invoke(cli, ["cache", "prune", "--cache", str(cache), "--keep-scans", "1"])
    assert pruned.exit_code == 0, pruned.output
    assert "removed 0 entries" in pruned.output and "removed 1 of 2 scans" in pruned.output
    emptied = runner.invoke(cli, ["cache", "prune", "--cache", str(cache), "--all"])
    assert "removed 4 entries" in emptied.output and "0 left" in emptied.output


def test_a_damaged_cache_is_rebuilt_and_the_scan_goes_on(project: Project) -> None:
    cache = project.root / "c"
    run_scan(project, "a", "--cache", str(cache))
    (cache / "cache.sqlite").write_bytes(b"not sqlite " * 500)
    done = run_scan(project, "b", "--cache", str(cache))
    assert done.code == 0, done.output
    assert "rebuilt" in done.data["run"]["cache"]
    assert by_sku(done.data)["SK-LOGO"]["risk_level"] == "high"


def test_two_scans_share_one_cache_folder_at_the_same_time(project: Project) -> None:
    """Two processes, one cache and one history, started together: both finish, same findings."""
    cache = project.root / "shared"
    env = {**os.environ, "LISTING_AUDIT_DEBUG": "1"}
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "listing_audit", *project.args(
                "--cache", str(cache), "--json", str(project.root / f"p{i}.json"),
                "--out", str(project.root / f"p{i}.xlsx"))],
            cwd=project.root, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        for i in range(2)
    ]
    outputs = [p.communicate(timeout=120) for p in procs]
    for proc, (out, err) in zip(procs, outputs, strict=True):
        assert proc.returncode == 0, out + err
        assert "Traceback" not in err and "busy" not in err
    results = [json.loads((project.root / f"p{i}.json").read_text(encoding="utf-8"))
               for i in range(2)]
    assert results[0]["listings"] == results[1]["listings"]
    assert by_sku(results[0])["SK-LOGO"]["risk_level"] == "high"
    assert len(list((cache / "history").glob("scan-*.json.gz"))) == 2
    third = run_scan(project, "p3", "--cache", str(cache))
    assert "images 3/3 and assets 1/1 from the cache" in third.output
