"""Rules: defaults bundled, a user's file merged over them, mistakes named clearly."""

from __future__ import annotations

from pathlib import Path

import pytest

from listing_audit.config import load_rules
from listing_audit.errors import ConfigError


def test_defaults_load_and_fingerprint_is_stable() -> None:
    assert load_rules().fingerprint == load_rules().fingerprint
    assert load_rules().image.max_distance > 0


def test_user_rules_merge_over_defaults(tmp_path: Path) -> None:
    path = tmp_path / "mine.toml"
    path.write_text("[levels]\nhigh = 80\n[image]\nmax_distance = 6\n", encoding="utf-8")
    rules = load_rules(path)
    assert rules.table("levels") == {"high": 80, "medium": 40, "low": 1}
    assert rules.image.max_distance == 6
    assert rules.fingerprint != load_rules().fingerprint


def test_sift_can_be_left_out_for_speed(tmp_path: Path) -> None:
    assert load_rules().image.sift is True
    path = tmp_path / "fast.toml"
    path.write_text("[image]\nsift = false\n", encoding="utf-8")
    assert load_rules(path).image.sift is False


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("[levls]\nhigh = 80\n", "did you mean 'levels'"),
        ("[levels]\nhgh = 80\n", "did you mean 'levels.high'"),
        ("[levels]\nhigh = 'lots'\n", "must be a number"),
        ("[image]\nsift = 0\n", "must be bool"),
        ("[levels]\nhigh = 30\n", "high > medium > low"),
        ("[actions]\nT-PLAIN = 'delete'\n", "is not an action"),
        ("[levels\nhigh = 3", "not valid TOML"),
    ],
)
def test_mistakes_are_config_errors_naming_the_file(
    tmp_path: Path, content: str, message: str
) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_rules(path)
    assert message in str(info.value)
    assert str(path) in str(info.value)
