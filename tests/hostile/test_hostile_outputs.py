"""Outputs and whole-run problems: clear errors before any work, nothing half-written."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import openpyxl
import pytest

DANGEROUS_TITLES = ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\tTabbed", "\rCarriage", "#N/A",
                    '=HYPERLINK("http://evil.example","x")']


def _catalog(tmp_path: Path, titles: list[str]) -> Path:
    path = tmp_path / "catalog.txt"
    lines = ["seller-sku\titem-name\tasin1"]
    lines += [f"S{i}\t{title}\tB0HOST{i:04d}" for i, title in enumerate(titles)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_listing_text_never_becomes_a_formula(tmp_path: Path, run_cli) -> None:
    catalog = _catalog(tmp_path, [t + " Nike shoes" for t in DANGEROUS_TITLES])
    out, csv_out, js = tmp_path / "r.xlsx", tmp_path / "r.csv", tmp_path / "r.json"
    done = run_cli("scan", str(catalog), "--out", str(out), "--csv", str(csv_out), "--json",
                   str(js), outputs=(out, csv_out, js))
    assert done.code == 0
    book = openpyxl.load_workbook(out)
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type not in ("f", "e"), (sheet.title, cell.coordinate)
    for line in csv_out.read_text(encoding="utf-8-sig").splitlines()[1:]:
        title = line.split(",", 4)[3].lstrip('"')
        assert title[:1] not in ("=", "+", "-", "@", "\t", "\r"), line
    assert len(json.loads(js.read_text(encoding="utf-8"))["listings"]) == len(DANGEROUS_TITLES)


@pytest.mark.parametrize("where", ["missing-folder/r.xlsx", "catalog.txt/r.xlsx"])
def test_unwritable_output_fails_before_the_scan(tmp_path: Path, run_cli, where: str) -> None:
    catalog = _catalog(tmp_path, ["Mug"])
    done = run_cli("scan", str(catalog), "--out", str(tmp_path / where))
    assert done.code == 2
    assert "r.xlsx" in done.text or "missing-folder" in done.text
    assert "Scanned" not in done.text  # it stopped before any work


def test_kill_while_writing_leaves_no_half_written_report(tmp_path: Path) -> None:
    """Kill the process at random moments; the final name is either absent or a whole file."""
    rows = [f"Tumbler {i} Nike style" for i in range(3000)]
    catalog = _catalog(tmp_path, rows)
    out = tmp_path / "r.xlsx"
    for delay in (0.8, 1.5, 2.5):
        proc = subprocess.Popen([sys.executable, "-m", "listing_audit", "scan", str(catalog),
                                 "--out", str(out)], cwd=tmp_path,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        if out.exists():
            openpyxl.load_workbook(out)  # complete, or it would not be under this name
    leftovers = [p for p in os.listdir(tmp_path) if p not in {"catalog.txt", "r.xlsx"}]
    assert all(p.startswith(".") for p in leftovers), leftovers  # temp files only, hidden


def test_ctrl_c_exits_without_traceback_and_keeps_the_old_report(tmp_path: Path) -> None:
    catalog = _catalog(tmp_path, [f"Tumbler {i} Nike style" for i in range(3000)])
    out = tmp_path / "r.xlsx"
    out.write_bytes(b"previous report")
    proc = subprocess.Popen([sys.executable, "-m", "listing_audit", "scan", str(catalog),
                             "--out", str(out)], cwd=tmp_path, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    time.sleep(1.5)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert "Traceback" not in err
    assert proc.returncode in (0, 1, 2, 130)
    if proc.returncode == 130 or out.read_bytes() == b"previous report":
        assert out.read_bytes() == b"previous report"
    else:
        openpyxl.load_workbook(out)
