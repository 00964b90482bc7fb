"""`listing-audit.toml`: a weekly scan's long command line, kept in the project folder.

Found in the working folder, or named with `--config FILE`. Paths in it are relative to the file's
own folder, so a scheduled job can run from anywhere. Command-line flags override it, option by
option (a flag given replaces the file's list rather than adding to it). An unknown key is an
error with a close-match suggestion, so a typo cannot silently do nothing (STYLE.md, "Config").

```toml
exports = ["exports/All+Listings+Report.txt"]   # globs allowed: "exports/*.txt"
images = ["photos"]
assets = ["protected"]
brands = ["watch-list.csv"]
default_brands = true
own_brands = ["Brightwave"]
authorized = ["Acme Tools"]
rules = "rules.toml"
fail_on = "high"           # high | medium | low | never
lang = "en"                # en | zh
quiet = false
workers = 4
encoding = "utf-8"
map = ["title=Product Name"]
complaints = "complaints.csv"

[output]
folder = "reports"                 # created when missing
name = "listing-audit-{date}"      # {date} 2026-11-29, {time} 0210
formats = ["xlsx", "json"]         # xlsx, json, csv

[cache]
enabled = true                     # default: on when a project config is used
folder = ".listing-audit"          # default: .listing-audit beside the report
max_mb = 2048
max_entries = 500000

[history]
enabled = true                     # default: on when the cache is
folder = ".listing-audit/history"  # default: history/ in the cache folder
keep = 104

[decisions]
file = "decisions.csv"
expires_after_days = 365           # 0: decisions never expire
```

The command line reads it through click's own mechanism: the file's values become the options'
defaults (`ctx.default_map`), so `--help`, type checks and "flags win" behave as for any click
option, and the Run info sheet records where each value came from.
"""

from __future__ import annotations

import difflib
import glob
import tomllib
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import click

from .errors import ConfigError, ListingAuditError

CONFIG_NAME = "listing-audit.toml"
META_KEY = "listing_audit.project_config"

FAIL_ON = ("high", "medium", "low", "never")
FORMATS = ("xlsx", "json", "csv")

#: Top-level keys: key -> (scan parameter, kind).
_SCAN_KEYS: dict[str, tuple[str, str]] = {
    "exports": ("exports", "exports"),
    "images": ("image_dirs", "paths"),
    "assets": ("asset_dirs", "paths"),
    "brands": ("brand_paths", "paths"),
    "default_brands": ("no_default_brands", "negated"),
    "own_brands": ("own_brands", "strings"),
    "authorized": ("authorized", "strings"),
    "rules": ("rules_path", "path"),
    "encoding": ("encoding", "string"),
    "workers": ("workers", "int"),
    "fail_on": ("fail_on", "string"),
    "lang": ("lang", "string"),
    "quiet": ("quiet", "bool"),
    "map": ("column_map", "strings"),
    "complaints": ("complaints_path", "path"),
}
#: Tables: table -> {key: kind}.
_TABLES: dict[str, dict[str, str]] = {
    "output": {"folder": "path", "name": "string", "formats": "strings"},
    "cache": {"enabled": "bool", "folder": "path", "max_mb": "number", "max_entries": "int"},
    "history": {"enabled": "bool", "folder": "path", "keep": "int"},
    "decisions": {"file": "path", "expires_after_days": "int"},
}


@dataclass(frozen=True, slots=True)
class ProjectConfig:
    """A validated project config. `scan` holds the top-level keys, converted (paths resolved
    against the file's folder); `tables` the [output], [cache], [history], [decisions] tables.
    `path` is None when there is no config file (every lookup then gives its default)."""

    path: Path | None = None
    scan: dict[str, Any] = field(default_factory=dict)
    tables: dict[str, dict[str, Any]] = field(default_factory=dict)

    def get(self, table: str, key: str, default: Any = None) -> Any:
        return self.tables.get(table, {}).get(key, default)

    def output_paths(self, today: datetime | None = None) -> dict[str, Path]:
        """The dated report paths of [output], by format ({} when there is no [output])."""
        output = self.tables.get("output")
        if not output:
            return {}
        now = today or datetime.now()
        folder = output.get("folder") or (self.path.parent if self.path else Path("."))
        name = str(output.get("name") or "listing-audit-{date}").format(
            date=now.strftime("%Y-%m-%d"), time=now.strftime("%H%M")
        )
        formats = output.get("formats") or ["xlsx", "json"]
        return {fmt: Path(folder) / f"{name}.{fmt}" for fmt in formats}

    def default_map(self, params: set[str]) -> dict[str, Any]:
        """Option defaults for a command that has the parameters `params`."""
        out: dict[str, Any] = {k: v for k, v in self.scan.items() if k in params}
        paths = self.output_paths()
        for fmt, param in (("xlsx", "out"), ("json", "json_path"), ("csv", "csv_path")):
            if fmt in paths and param in params:
                out[param] = paths[fmt]
        return out


def _suggest(key: str, known: list[str], where: str) -> str:
    close = difflib.get_close_matches(key, known, n=1)
    return f"did you mean '{where}{close[0]}'?" if close else f"known keys: {', '.join(known)}"


def _convert(value: Any, kind: str, key: str, path: Path) -> Any:
    base = path.parent

    def fail(expected: str) -> ConfigError:
        return ConfigError(f"{path}: {key!r} must be {expected}, not {value!r}",
                           "see the example in README.md, 'Weekly scans'")

    def one_path(item: Any) -> Path:
        if not isinstance(item, str) or not item:
            raise fail("a path (text)")
        p = Path(item).expanduser()
        return p if p.is_absolute() else base / p

    def strings(item: Any) -> list[str]:
        items = [item] if isinstance(item, str) else item
        if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
            raise fail("a list of text values")
        return list(items)

    if kind == "path":
        return one_path(value)
    if kind == "paths":
        return [one_path(i) for i in strings(value)]
    if kind == "exports":
        found: list[Path] = []
        for item in strings(value):
            p = one_path(item)
            if glob.has_magic(item):
                matches = sorted(Path(m) for m in glob.glob(str(p)))
                if not matches:
                    raise ConfigError(f"{path}: exports pattern {item!r} matches no file",
                                      "check the pattern, or download this week's export")
                found.extend(matches)
            else:
                found.append(p)
        return found
    if kind == "strings":
        return strings(value)
    if kind == "string":
        if not isinstance(value, str):
            raise fail("text")
        return value
    if kind in ("bool", "negated"):
        if not isinstance(value, bool):
            raise fail("true or false")
        return (not value) if kind == "negated" else value
    if kind == "int":
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise fail("a whole number, 0 or more")
        return value
    if kind == "number":
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
            raise fail("a number above 0")
        return float(value)
    raise AssertionError(kind)


def load_project_config(path: Path) -> ProjectConfig:
    """Read and validate one config file; `ConfigError` names the file and the key."""
    path = Path(path)
    try:
        with path.open("rb") as fh:
            raw = tomllib.load(fh)
    except FileNotFoundError:
        raise ConfigError(f"{path}: config file not found",
                          "check the --config path") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc})",
                          "fix the line named above") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot be read ({exc.strerror})", "check permissions") from None
    scan: dict[str, Any] = {}
    tables: dict[str, dict[str, Any]] = {}
    known = [*_SCAN_KEYS, *_TABLES]
    for key, value in raw.items():
        if key in _TABLES:
            if not isinstance(value, dict):
                raise ConfigError(f"{path}: [{key}] must be a table",
                                  f"write it as a [{key}] section")
            table: dict[str, Any] = {}
            for sub, sub_value in value.items():
                kinds = _TABLES[key]
                if sub not in kinds:
                    raise ConfigError(f"{path}: unknown setting '{key}.{sub}'",
                                      _suggest(sub, list(kinds), f"{key}."))
                table[sub] = _convert(sub_value, kinds[sub], f"{key}.{sub}", path)
            tables[key] = table
        elif key in _SCAN_KEYS:
            param, kind = _SCAN_KEYS[key]
            scan[param] = _convert(value, kind, key, path)
        else:
            raise ConfigError(f"{path}: unknown setting {key!r}", _suggest(key, known, ""))
    if "fail_on" in scan and scan["fail_on"] not in FAIL_ON:
        raise ConfigError(f"{path}: fail_on = {scan['fail_on']!r} is not a level",
                          f"use one of {', '.join(FAIL_ON)}")
    if "lang" in scan:
        from .report.i18n import LANGS

        if scan["lang"] not in LANGS:
            raise ConfigError(f"{path}: lang = {scan['lang']!r} is not supported",
                              f"use one of {', '.join(LANGS)}")
    for fmt in tables.get("output", {}).get("formats", []):
        if fmt not in FORMATS:
            raise ConfigError(f"{path}: output.formats: {fmt!r} is not a report format",
                              f"use {', '.join(FORMATS)}")
    return ProjectConfig(path, scan, tables)


def find_project_config(explicit: Path | None, folder: Path | None = None) -> ProjectConfig:
    """The config named with --config, else `listing-audit.toml` in `folder` (the working
    folder), else an empty config."""
    if explicit is not None:
        return load_project_config(explicit)
    candidate = (folder or Path.cwd()) / CONFIG_NAME
    if candidate.is_file():
        return load_project_config(Path(CONFIG_NAME) if folder is None else candidate)
    return ProjectConfig()


# ---- click glue ------------------------------------------------------------------------------


class ConfigFailure(click.ClickException):
    """A config problem found while parsing the command line: exit 2, the message as the CLI
    prints every input problem."""

    exit_code = 2

    def show(self, file: Any = None) -> None:
        click.echo(f"listing-audit: {self.message}", err=True)


def _config_argument(args: list[str]) -> Path | None:
    for i, arg in enumerate(args):
        if arg == "--":
            break
        if arg == "--config" and i + 1 < len(args):
            return Path(args[i + 1])
        if arg.startswith("--config="):
            return Path(arg.split("=", 1)[1])
    return None


class ProjectCommand(click.Command):
    """A click command whose option defaults come from listing-audit.toml; flags override."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if not any(a in ("--help", "-h") for a in args):
            try:
                config = find_project_config(_config_argument(args))
            except ListingAuditError as exc:
                raise ConfigFailure(str(exc)) from None
            ctx.meta[META_KEY] = config
            params = {p.name for p in self.params if p.name}
            defaults = config.default_map(params)
            if defaults:
                ctx.default_map = {**(ctx.default_map or {}), **defaults}
        return super().parse_args(ctx, args)


def current() -> ProjectConfig:
    """The project config of the command being run (empty when none was found)."""
    ctx = click.get_current_context(silent=True)
    found = ctx.meta.get(META_KEY) if ctx is not None else None
    return found if isinstance(found, ProjectConfig) else ProjectConfig()


def from_config(name: str) -> bool:
    """True when parameter `name` of the current command took its value from the config."""
    ctx = click.get_current_context(silent=True)
    if ctx is None:
        return False
    return ctx.get_parameter_source(name) == click.core.ParameterSource.DEFAULT_MAP
