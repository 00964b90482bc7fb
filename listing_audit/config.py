"""Rules: the bundled `rules/default.toml`, with a user's rules file merged over it.

Everything the scorer and detectors weigh comes from here, never from constants in code. Unknown
keys are an error with a close-match suggestion, so a typo in a rules file cannot silently do
nothing.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import ConfigError
from .resources import data_dir


@dataclass(frozen=True, slots=True)
class ImageSettings:
    """How listing images are decoded and compared with protected assets."""

    max_distance: int = 12
    # A plain asset (images/detect.py, `plain_assets`) whose informative bits all agree.
    plain_max_distance: int = 24
    # Any asset whose informative reliable bits all agree (images/detect.py, `detail_check`).
    tied_max_distance: int = 16
    max_pixels: int = 100_000_000
    trim_tolerance: int = 24
    # Keypoint matching (images/local.py): Lowe's ratio, voting and RANSAC verification.
    ratio: float = 0.8
    local_candidates: int = 3
    min_votes: int = 3
    min_inliers: int = 14
    ransac_threshold: float = 6.0
    min_spread: float = 0.01
    min_edge_agreement: float = 0.5
    copy_min_coverage: float = 0.5
    # Hash and keypoint matches: colours must agree where both pictures have them
    # (images/colour.py).
    min_colour_agreement: float = 0.7
    # Keypoint matches with fewer than `min_inliers`, down to `coloured_min_inliers`, stand
    # when both pixel checks confirm them strongly (images/local.py, `verify`).
    coloured_min_inliers: int = 9
    coloured_min_edge_agreement: float = 0.7
    coloured_min_colour_agreement: float = 0.9
    # SIFT keypoints beside ORB's (images/features.py), with their own limit on agreeing
    # keypoints; the pixel checks are the same.
    sift: bool = True
    sift_min_inliers: int = 12
    # Rectangular regions of listing pictures hashed too (images/regions.py).
    regions: bool = True
    region_max_distance: int = 10


@dataclass(frozen=True, slots=True)
class Rules:
    """The effective rules of one scan, merged and validated. `raw` is the merged TOML."""

    raw: dict[str, Any]

    @property
    def image(self) -> ImageSettings:
        t = self.raw["image"]
        return ImageSettings(
            max_distance=int(t["max_distance"]),
            plain_max_distance=int(t["plain_max_distance"]),
            tied_max_distance=int(t["tied_max_distance"]),
            max_pixels=int(t["max_pixels"]),
            trim_tolerance=int(t["trim_tolerance"]),
            ratio=float(t["ratio"]),
            local_candidates=int(t["local_candidates"]),
            min_votes=int(t["min_votes"]),
            min_inliers=int(t["min_inliers"]),
            ransac_threshold=float(t["ransac_threshold"]),
            min_spread=float(t["min_spread"]),
            min_edge_agreement=float(t["min_edge_agreement"]),
            copy_min_coverage=float(t["copy_min_coverage"]),
            min_colour_agreement=float(t["min_colour_agreement"]),
            coloured_min_inliers=int(t["coloured_min_inliers"]),
            coloured_min_edge_agreement=float(t["coloured_min_edge_agreement"]),
            coloured_min_colour_agreement=float(t["coloured_min_colour_agreement"]),
            sift=bool(t["sift"]),
            sift_min_inliers=int(t["sift_min_inliers"]),
            regions=bool(t["regions"]),
            region_max_distance=int(t["region_max_distance"]),
        )

    def table(self, name: str) -> dict[str, Any]:
        value = self.raw[name]
        assert isinstance(value, dict)
        return value

    @property
    def fingerprint(self) -> str:
        """A short hash of the effective rules, recorded with each scan's results."""
        text = json.dumps(self.raw, sort_keys=True, default=str)
        return hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        raise ConfigError(f"{path}: rules file not found", "check the --rules path") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(
            f"{path}: not valid TOML ({exc})", "fix the line named above; see rules/default.toml"
        ) from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot be read ({exc.strerror})", "check permissions") from None


def _merge(base: dict[str, Any], over: dict[str, Any], path: Path, prefix: str = "") -> None:
    """Merge `over` into `base` in place; keys must already exist in the defaults."""
    for key, value in over.items():
        dotted = f"{prefix}{key}"
        if key not in base:
            close = difflib.get_close_matches(key, list(base), n=1)
            hint = f"did you mean '{prefix}{close[0]}'?" if close else "see rules/default.toml"
            # [actions] accepts new rule IDs only when they are known rule IDs; others are typos.
            raise ConfigError(f"{path}: unknown setting {dotted!r}", hint)
        if isinstance(base[key], dict):
            if not isinstance(value, dict):
                raise ConfigError(f"{path}: {dotted!r} must be a table", "see rules/default.toml")
            _merge(base[key], value, path, dotted + ".")
        else:
            if isinstance(base[key], (int, float)) and not isinstance(base[key], bool):
                if not isinstance(value, (int, float)) or isinstance(value, bool):
                    raise ConfigError(
                        f"{path}: {dotted!r} must be a number, not {value!r}",
                        "write a plain number",
                    )
            elif type(value) is not type(base[key]):
                raise ConfigError(
                    f"{path}: {dotted!r} must be {type(base[key]).__name__}, not {value!r}",
                    "see rules/default.toml",
                )
            base[key] = value


def default_rules_path() -> Path:
    return data_dir("rules") / "default.toml"


def load_rules(extra: Path | None = None) -> Rules:
    """The bundled defaults, with `extra` (a user's rules file) merged over them."""
    raw = _read_toml(default_rules_path())
    if extra is not None:
        _merge(raw, _read_toml(extra), extra)
    _validate(raw, extra or default_rules_path())
    return Rules(raw)


def _validate(raw: dict[str, Any], path: Path) -> None:
    levels = raw["levels"]
    if not (100 >= levels["high"] > levels["medium"] > levels["low"] > 0):
        raise ConfigError(
            f"{path}: [levels] must satisfy 100 >= high > medium > low > 0",
            f"got high={levels['high']}, medium={levels['medium']}, low={levels['low']}",
        )
    for table in ("level_floor", "level_cap"):
        for key, value in raw[table].items():
            if value not in ("high", "medium", "low", "none"):
                raise ConfigError(
                    f"{path}: [{table}] {key} = {value!r} is not a level",
                    "use one of high, medium, low, none",
                )
    valid_actions = {"remove", "fix", "review", "none"}
    for table in ("actions", "level_actions"):
        for key, value in raw[table].items():
            if value not in valid_actions:
                raise ConfigError(
                    f"{path}: [{table}] {key} = {value!r} is not an action",
                    f"use one of {', '.join(sorted(valid_actions))}",
                )
