"""The wheel carries rules/, brand_lists/ and sample_exports/, and the package finds them there.

A plain `pip install .` must work without the source checkout, so the test builds the wheel,
unpacks it in an empty folder and asks the package, from there, where its data is.
"""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytest.importorskip("hatchling", reason="the test extras install hatchling to build the wheel")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "--quiet",
            "-w",
            str(out),
            str(ROOT),
        ],
        check=True,
    )
    (built,) = out.glob("listing_audit-*.whl")
    return built


def test_wheel_contains_bundled_data(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "listing_audit/_data/rules/default.toml" in names
    assert "listing_audit/_data/brand_lists/trademarks.csv" in names
    assert "listing_audit/_data/brand_lists/generic_trademarks.csv" in names
    assert any(n.startswith("listing_audit/_data/sample_exports/images/") for n in names)
    assert any(n.startswith("listing_audit/_data/sample_exports/assets/") for n in names)


def test_unpacked_wheel_finds_its_own_data(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    code = (
        "from listing_audit.resources import data_dir;"
        "from listing_audit.config import load_rules;"
        "print(data_dir('rules')); print(data_dir('brand_lists')); load_rules()"
    )
    env = {**os.environ, "PYTHONPATH": str(site)}
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    for line in done.stdout.splitlines():
        assert Path(line).is_relative_to(site), line
