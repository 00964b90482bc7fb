"""Decisions that stick: imported from a team's workbook, kept in a CSV, applied by later scans
until the finding changes or the decision expires."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from weekly_helpers import Project, by_sku, logo_on_canvas, run_scan

from listing_audit.cli import cli
from listing_audit.errors import InputError
from listing_audit.history.decisions import (
    COLUMNS,
    DECISION_VALUES,
    canonical_decision,
    load_decisions,
    merge_decisions,
    write_decisions,
)
from listing_audit.model import Decision
from listing_audit.report import excel


def fill_in(workbook: Path, decisions: dict[str, tuple[str, str, str]], out: Path) -> Path:
    """Write Decision / Assignee / Notes on the Flagged ASINs rows of these ASINs (any
    language, any continuation sheet), as a team would in Excel."""
    book = openpyxl.load_workbook(workbook)
    for sheet in book.worksheets:
        header = [c.value for c in sheet[1]]
        if "ASIN" not in header or not ({"Decision", "决定"} & set(header)):
            continue
        asin_col = header.index("ASIN")
        decision_col = header.index("Decision" if "Decision" in header else "决定")
        for row in sheet.iter_rows(min_row=2):
            filled = decisions.get(str(row[asin_col].value))
            if filled:
                for offset, value in enumerate(filled):
                    row[decision_col + offset].value = value
    book.save(out)
    return out


def import_decisions(workbook: Path, out: Path, *extra: str) -> tuple[int, str]:
    done = CliRunner().invoke(cli, ["decisions", "import", str(workbook), "--out", str(out),
                                    *extra])
    return done.exit_code, done.output


def test_the_drop_down_and_the_loader_agree() -> None:
    assert DECISION_VALUES == excel.DECISIONS
    assert canonical_decision(" keep – Authorised ") == "Keep - authorized"
    assert canonical_decision("KEEP - FALSE ALARM") == "Keep - false alarm"
    assert canonical_decision("maybe") == ""


def test_round_trip_keeps_text_and_guards_formulas(tmp_path: Path) -> None:
    path = tmp_path / "decisions.csv"
    rows = [Decision("f1", "Keep - authorized", "B0X", "-SKU, SKU-2", "李雷", "=licence 2026",
                     "2026-11-29", "2027-11-29", "t:abc", "T-PLAIN", "Nike", "r.xlsx row 2"),
            Decision("", "Remove", "B0Y", "SKU-9")]
    write_decisions(rows, path)
    text = path.read_text(encoding="utf-8-sig")
    assert text.splitlines()[0] == ",".join(COLUMNS)
    assert "'=licence 2026" in text  # safe to open in Excel
    assert sorted(load_decisions(path), key=lambda d: d.asin) == rows


@pytest.mark.parametrize(
    ("content", "where"),
    [
        ("finding_id,decision\nf1,Maybe\n", ("row 2", "column 'decision'")),
        ("finding_id,decision,expires\nf1,Fix,29/11/2026\n", ("row 2", "column 'expires'")),
        ("finding_id,decision\n,Fix\n", ("row 2", "column 'finding_id'")),
        ("asin,decision\nB0X,Fix\n", ("has no 'finding_id' column",)),
    ],
)
def test_a_bad_decisions_file_names_row_and_column(
    tmp_path: Path, content: str, where: tuple[str, ...]
) -> None:
    path = tmp_path / "decisions.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_decisions(path)
    for part in where:
        assert part in str(caught.value)


def test_a_workbook_given_as_decisions_file_says_to_import_it(tmp_path: Path) -> None:
    path = tmp_path / "r.xlsx"
    openpyxl.Workbook().save(path)
    with pytest.raises(InputError, match="decisions import"):
        load_decisions(path)


def test_merge_keeps_dates_of_unchanged_decisions_and_renews_expired_ones() -> None:
    today = date(2026, 12, 6)
    old = [Decision("f1", "Keep - authorized", decided_at="2026-11-29", expires="2027-11-29"),
           Decision("f2", "Keep - false alarm", decided_at="2025-01-01", expires="2025-12-31"),
           Decision("f3", "Fix", decided_at="2026-11-29")]
    new = [Decision("f1", "Keep - authorized", assignee="Ann", decided_at="2026-12-06",
                    expires="2027-12-06"),
           Decision("f2", "Keep - false alarm", decided_at="2026-12-06", expires="2027-12-06"),
           Decision("f4", "Remove", decided_at="2026-12-06")]
    merged, counts = merge_decisions(old, new, today)
    got = {d.finding_id: d for d in merged}
    assert got["f1"].decided_at == "2026-11-29" and got["f1"].assignee == "Ann"
    assert got["f2"].expires == "2027-12-06"  # the team renewed an expired decision
    assert got["f3"].decision == "Fix"  # not mentioned: kept
    assert (counts.added, counts.changed, counts.total) == (1, 2, 4)


# ---- end to end: scan, decide, import, scan again --------------------------------------------


def _decided(project: Project, name: str = "week1", lang: str = "en") -> Path:
    first = run_scan(project, name, "--lang", lang)
    assert first.code == 0, first.output
    return fill_in(project.root / f"{name}.xlsx", {
        "B0WEEK0001": ("Keep - authorized", "Ann", "licence from Acme, 2026"),
        "B0WEEK0002": ("Keep - false alarm", "Bo", ""),
        "B0WEEK0004": ("Remove", "Cy", "delete it"),
    }, project.root / f"{name}-team.xlsx")


def test_import_writes_one_row_per_finding_with_who_when_why(project: Project) -> None:
    team = _decided(project)
    code, output = import_decisions(team, project.root / "decisions.csv")
    assert code == 0, output
    assert "3 rows with a decision" in output
    rows = {d.asin: d for d in load_decisions(project.root / "decisions.csv")}
    acme = rows["B0WEEK0001"]
    assert (acme.decision, acme.assignee, acme.notes) == (
        "Keep - authorized", "Ann", "licence from Acme, 2026")
    assert acme.decided_at == date.today().isoformat()
    assert acme.expires == (date.today() + timedelta(days=365)).isoformat()
    assert acme.rule_id == "T-PLAIN" and acme.subject == "Acme"
    assert acme.evidence.startswith("t:") and len(acme.finding_id) == 16
    assert rows["B0WEEK0002"].evidence.startswith("i:")  # the image's bytes
    assert rows["B0WEEK0004"].decision == "Remove" and not rows["B0WEEK0004"].expires
    assert "week1-team.xlsx: Flagged ASINs row" in acme.source


def test_import_reads_chinese_workbooks_and_continuation_sheets(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(excel, "MAX_SHEET_ROWS", 2)  # a header and one row a sheet
    team = _decided(project, "zh", lang="zh")
    names = openpyxl.load_workbook(team, read_only=True).sheetnames
    assert "需处理的ASIN (2)" in names and "发现明细 (2)" in names
    code, output = import_decisions(team, project.root / "decisions.csv", "--expires-days", "0")
    assert code == 0, output
    rows = {d.asin: d for d in load_decisions(project.root / "decisions.csv")}
    assert set(rows) == {"B0WEEK0001", "B0WEEK0002", "B0WEEK0004"}
    assert rows["B0WEEK0001"].finding_id and rows["B0WEEK0001"].expires == ""


def test_import_reports_unusable_rows_and_refuses_an_empty_review(project: Project) -> None:
    first = run_scan(project, "w")
    assert first.code == 0
    team = fill_in(project.root / "w.xlsx", {"B0WEEK0001": ("Probably fine", "", "")},
                   project.root / "t.xlsx")
    code, output = import_decisions(team, project.root / "decisions.csv")
    assert code == 2
    assert "'Probably fine' is not one of" in output and "nothing written" in output
    assert not (project.root / "decisions.csv").exists()


def test_kept_findings_are_accepted_and_no_longer_counted(project: Project) -> None:
    team = _decided(project)
    assert import_decisions(team, project.root / "decisions.csv")[0] == 0
    before = by_sku(run_scan(project, "plain").data)
    after = run_scan(project, "week2", "--decisions", str(project.root / "decisions.csv"),
                     "--fail-on", "high")
    assert after.code == 0, after.output  # nothing high is left once the team kept them
    listings = by_sku(after.data)
    assert before["SK-ACME"]["risk_level"] == "high"
    assert listings["SK-ACME"]["risk_level"] == "none" and not listings["SK-ACME"]["findings"]
    accepted = listings["SK-ACME"]["accepted"][0]
    assert accepted["brand"] == "Acme" and accepted["decision"]["assignee"] == "Ann"
    assert listings["SK-LOGO"]["risk_level"] == "none"
    assert listings["SK-HOSE"]["risk_level"] == before["SK-HOSE"]["risk_level"]  # Remove: as is
    assert after.data["decisions"]["accepted_findings"] == 2
    assert "2 findings accepted by decisions" in after.output
    book = openpyxl.load_workbook(project.root / "week2.xlsx", read_only=True)
    rows = list(book["Accepted"].iter_rows(values_only=True))
    assert rows[0][:4] == ("Rank", "ASIN", "SKU", "Finding ID") and len(rows) == 3
    assert {r[9] for r in rows[1:]} == {"Keep - authorized", "Keep - false alarm"}


def test_a_decision_stops_holding_when_the_finding_changes_or_expires(project: Project) -> None:
    team = _decided(project)
    decisions = project.root / "decisions.csv"
    assert import_decisions(team, decisions)[0] == 0
    # The words as written change (same brand, same field, so the same finding ID) ...
    project.write_catalog([
        {"sku": "SK-ACME", "asin": "B0WEEK0001", "title": "ACME ROCKET Skates for Kids",
         "brand": "Brightwave"},
        {"sku": "SK-LOGO", "asin": "B0WEEK0002", "title": "Sticker Pack", "brand": "Brightwave"},
    ])
    # ... and the image is replaced by another copy of the same logo.
    logo_on_canvas(700).save(project.images / "B0WEEK0002.MAIN.jpg", quality=60)
    changed = run_scan(project, "w2", "--decisions", str(decisions))
    listings = by_sku(changed.data)
    assert listings["SK-ACME"]["risk_level"] == "high" and "accepted" not in listings["SK-ACME"]
    assert listings["SK-LOGO"]["risk_level"] == "high"
    assert len(changed.data["decisions"]["finding_changed"]) == 2
    summary = [c.value for c in openpyxl.load_workbook(project.root / "w2.xlsx")["Summary"]["A"]]
    assert any("the finding changed since the decision" in str(v) for v in summary)

    # An expired decision no longer holds either.
    project.write_catalog([{"sku": "SK-HOSE", "asin": "B0WEEK0004",
                            "title": "Garden Hose by Hose Co", "brand": "Brightwave"}])
    rows = load_decisions(decisions)
    write_decisions([Decision(**{**_fields(d), "decision": "Keep - authorized",
                                 "expires": "2020-01-01"}) if d.asin == "B0WEEK0004" else d
                     for d in rows], decisions)
    expired = run_scan(project, "w3", "--decisions", str(decisions))
    assert by_sku(expired.data)["SK-HOSE"]["risk_level"] == "medium"
    assert [d["expires"] for d in expired.data["decisions"]["expired"]] == ["2020-01-01"]


def _fields(d: Decision) -> dict[str, str]:
    return {name: getattr(d, name) for name in COLUMNS}


def test_the_appeal_reads_the_decisions_file(project: Project) -> None:
    """Issue 8 reads decisions files too; the CSV keeps its `asin`, `sku`, `decision` columns."""
    from listing_audit.appeal.decisions import read_decisions

    team = _decided(project)
    assert import_decisions(team, project.root / "decisions.csv")[0] == 0
    read = read_decisions(project.root / "decisions.csv")
    assert read.for_listing("B0WEEK0004", "SK-HOSE") == "Remove"
    assert read.for_listing("B0WEEK0001", "SK-ACME") == "Keep - authorized"
