"""listing-audit.toml: a weekly scan's command line in a file; flags override; typos are errors."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from listing_audit.cli import cli
from listing_audit.errors import ConfigError
from listing_audit.project_config import find_project_config, load_project_config

CATALOG = [
    {"sku": "SK-1", "asin": "B0CONF0001", "title": "Acme Rocket Skates", "status": "Active"},
    {"sku": "SK-2", "asin": "B0CONF0002", "title": "Plain Mug", "status": "Active"},
]


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_paths_are_relative_to_the_file_and_globs_expand(tmp_path: Path) -> None:
    (tmp_path / "exports").mkdir()
    for name in ("b.txt", "a.txt"):
        (tmp_path / "exports" / name).write_text("x")
    config = load_project_config(_write(tmp_path / "listing-audit.toml", """
exports = ["exports/*.txt"]
images = ["photos"]
own_brands = ["Brightwave"]
default_brands = false
fail_on = "high"
[cache]
max_mb = 10
[decisions]
expires_after_days = 30
"""))
    exports = tmp_path / "exports"
    assert config.scan["exports"] == [exports / "a.txt", exports / "b.txt"]
    assert config.scan["image_dirs"] == [tmp_path / "photos"]
    assert config.scan["no_default_brands"] is True
    assert config.get("cache", "max_mb") == 10.0
    assert config.get("decisions", "expires_after_days") == 30
    assert config.get("history", "keep", 7) == 7


@pytest.mark.parametrize(
    ("text", "message", "hint"),
    [
        ('imagse = ["photos"]', "unknown setting 'imagse'", "did you mean 'images'?"),
        ('[cache]\nmax_md = 3', "unknown setting 'cache.max_md'", "did you mean 'cache.max_mb'?"),
        ('[outptu]\nfolder = "r"', "unknown setting 'outptu'", "did you mean 'output'?"),
        ('workers = "four"', "'workers' must be a whole number", "Weekly scans"),
        ('fail_on = "severe"', "is not a level", "high, medium, low, never"),
        ('exports = ["nowhere/*.txt"]', "matches no file", "check the pattern"),
        ('[output]\nformats = ["pdf"]', "'pdf' is not a report format", "xlsx, json, csv"),
        ("exports = [", "not valid TOML", "fix the line"),
    ],
)
def test_mistakes_are_errors_that_say_what_to_do(
    tmp_path: Path, text: str, message: str, hint: str
) -> None:
    with pytest.raises(ConfigError) as caught:
        load_project_config(_write(tmp_path / "listing-audit.toml", text))
    assert message in caught.value.message
    assert hint in str(caught.value)
    assert "listing-audit.toml" in caught.value.message


def test_no_file_is_an_empty_config(tmp_path: Path) -> None:
    config = find_project_config(None, tmp_path)
    assert config.path is None and config.default_map({"exports"}) == {}


def test_output_names_are_dated(tmp_path: Path) -> None:
    config = load_project_config(_write(tmp_path / "listing-audit.toml", """
[output]
folder = "reports"
name = "audit-{date}"
formats = ["xlsx", "csv"]
"""))
    paths = config.output_paths(datetime(2026, 11, 29, 2, 10))
    assert paths == {"xlsx": tmp_path / "reports" / "audit-2026-11-29.xlsx",
                     "csv": tmp_path / "reports" / "audit-2026-11-29.csv"}


@pytest.fixture
def weekly_folder(tmp_path: Path, make_export: Callable[..., Path],
                  make_brand_list: Callable[..., Path]) -> Path:
    make_export(CATALOG, fmt="csv", name="catalog.csv")
    make_brand_list([("Acme", "Acme Rocket", "Acme Corporation", "trademark", "high")])
    _write(tmp_path / "listing-audit.toml", """
exports = ["catalog.csv"]
brands = ["brands.csv"]
default_brands = false
fail_on = "high"
[output]
folder = "reports"
name = "audit-{date}"
formats = ["xlsx", "json"]
""")
    return tmp_path


def test_a_scan_from_the_config_alone(weekly_folder: Path,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(weekly_folder)
    done = CliRunner().invoke(cli, ["scan"])
    assert done.exit_code == 1, done.output  # fail_on = "high" from the file
    day = datetime.now().strftime("%Y-%m-%d")
    report = weekly_folder / "reports" / f"audit-{day}.json"
    assert report.is_file() and (weekly_folder / "reports" / f"audit-{day}.xlsx").is_file()
    assert json.loads(report.read_text(encoding="utf-8"))["summary"]["listings"] == 2
    # A project keeps a cache folder and a history beside the report.
    assert list((weekly_folder / "reports" / ".listing-audit" / "history").glob("scan-*.json.gz"))


def test_flags_override_the_config(weekly_folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(weekly_folder)
    out = weekly_folder / "mine.json"
    done = CliRunner().invoke(cli, ["scan", "--fail-on", "never", "--json", str(out),
                                    "--no-history"])
    assert done.exit_code == 0, done.output
    assert out.is_file()
    assert not (weekly_folder / "reports" / ".listing-audit" / "history").exists()


def test_config_named_explicitly_from_another_folder(weekly_folder: Path, tmp_path_factory:
                                                     pytest.TempPathFactory,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    monkeypatch.chdir(elsewhere)
    done = CliRunner().invoke(cli, ["scan", "--config", str(weekly_folder / "listing-audit.toml"),
                                    "--quiet", "--fail-on", "never"])
    assert done.exit_code == 0, done.output
    assert done.output.strip().startswith("Scanned 2 listings")  # --quiet: the summary alone
    assert len(done.output.strip().splitlines()) == 1


def test_a_broken_config_exits_2_naming_the_file(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    _write(tmp_path / "listing-audit.toml", 'exprots = ["a.txt"]\n')
    monkeypatch.chdir(tmp_path)
    done = CliRunner().invoke(cli, ["scan"])
    assert done.exit_code == 2
    assert "listing-audit.toml: unknown setting 'exprots'" in done.output
    assert "did you mean 'exports'?" in done.output


def test_where_a_project_keeps_its_cache_and_history(tmp_path: Path,
                                                      caplog: pytest.LogCaptureFixture) -> None:
    from listing_audit.history.weekly import resolve

    report = [tmp_path / "reports" / "r.xlsx"]
    one_off = resolve(find_project_config(None, tmp_path), report)
    assert (one_off.cache_dir, one_off.history_dir, one_off.decisions) == (None, None, None)
    assert resolve(find_project_config(None, tmp_path), report,
                   cache=tmp_path / "c").history_dir == tmp_path / "c" / "history"

    _write(tmp_path / "listing-audit.toml", '[decisions]\nfile = "decisions.csv"\n')
    project = find_project_config(None, tmp_path)
    with caplog.at_level("WARNING"):
        weekly = resolve(project, report)
    assert weekly.cache_dir == tmp_path / "reports" / ".listing-audit"
    assert weekly.history_dir == tmp_path / "reports" / ".listing-audit" / "history"
    assert weekly.decisions is None and "does not exist yet" in caplog.text
    assert resolve(project, report, no_cache=True, no_history=True).history_dir is None

    _write(tmp_path / "listing-audit.toml", "[cache]\nenabled = false\n[history]\nkeep = 5\n")
    project = find_project_config(None, tmp_path)
    weekly = resolve(project, report)
    assert weekly.cache_dir is None and weekly.history_keep == 5
    assert weekly.history_dir == tmp_path / "reports" / ".listing-audit" / "history"
