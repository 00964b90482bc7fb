"""Where a weekly scan keeps its cache and history, from the flags and listing-audit.toml.

One-off scans write only the files they are asked for. A **project** — a `listing-audit.toml`,
or a scan given `--cache` or `--history` — keeps a cache and a history in `.listing-audit/`
beside the report (or where the flags and the config say), so the next week's scan is quick and
says what changed. Flags win over the config; `--no-cache` and `--no-history` turn either off.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from ..cache import CACHE_FOLDER, CacheLimits
from ..errors import ListingAuditError
from ..model import ScanResult
from ..project_config import ProjectConfig
from .diff import summary_line
from .store import DEFAULT_KEEP, HISTORY_FOLDER, keep_scan

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class WeeklySettings:
    cache_dir: Path | None
    cache_limits: CacheLimits
    history_dir: Path | None
    history_keep: int
    decisions: Path | None


def cache_limits(project: ProjectConfig) -> CacheLimits:
    defaults = CacheLimits()
    return CacheLimits(
        max_mb=float(project.get("cache", "max_mb", defaults.max_mb)),
        max_entries=int(project.get("cache", "max_entries", defaults.max_entries)),
    )


def default_cache_dir(project: ProjectConfig, reports: list[Path]) -> Path:
    """`[cache] folder`, else `.listing-audit` beside the first report, else in the config's
    folder, else in the working folder."""
    configured = project.get("cache", "folder")
    if configured is not None:
        return Path(configured)
    if reports:
        return reports[0].parent / CACHE_FOLDER
    outputs = list(project.output_paths().values())
    if outputs:
        return outputs[0].parent / CACHE_FOLDER
    if project.path is not None:
        return project.path.parent / CACHE_FOLDER
    return Path(CACHE_FOLDER)


def resolve(
    project: ProjectConfig,
    reports: list[Path],
    cache: Path | None = None,
    no_cache: bool = False,
    history: Path | None = None,
    no_history: bool = False,
    decisions: Path | None = None,
) -> WeeklySettings:
    """The effective cache folder, history folder and decisions file of one scan."""
    project_mode = project.path is not None
    cache_on = not no_cache and (
        cache is not None or bool(project.get("cache", "enabled", project_mode))
    )
    cache_dir = (cache or default_cache_dir(project, reports)) if cache_on else None
    history_on = not no_history and (
        history is not None
        or bool(project.get("history", "enabled", cache_on or project_mode))
    )
    history_dir: Path | None = None
    if history_on:
        configured = project.get("history", "folder")
        history_dir = history or (Path(configured) if configured is not None else None) or (
            (cache_dir or default_cache_dir(project, reports)) / HISTORY_FOLDER
        )
    decisions_file = decisions
    if decisions_file is None:
        configured = project.get("decisions", "file")
        if configured is not None:
            if Path(configured).is_file():
                decisions_file = Path(configured)
            else:
                log.warning("%s: the decisions file named in %s does not exist yet; scanning "
                            "without decisions", configured, project.path)
    return WeeklySettings(
        cache_dir=cache_dir,
        cache_limits=cache_limits(project),
        history_dir=history_dir,
        history_keep=int(project.get("history", "keep", DEFAULT_KEEP)),
        decisions=decisions_file,
    )


def keep(result: ScanResult, settings: WeeklySettings) -> Path | None:
    """Save the scan into the history; a failure is a warning, never a failed scan (the
    reports are already written)."""
    if settings.history_dir is None:
        return None
    from ..report.json_report import to_dict

    try:
        return keep_scan(to_dict(result), settings.history_dir, settings.history_keep)
    except (ListingAuditError, OSError) as exc:
        log.warning("could not keep this scan in the history %s: %s", settings.history_dir, exc)
        return None


def summary_suffix(result: ScanResult) -> str:
    """What the one-line summary adds for a weekly scan: changes and decisions ("" if none)."""
    parts: list[str] = []
    changes = summary_line(result.changes)
    if changes:
        parts.append(changes)
    applied = result.decisions
    if applied is not None:
        text = f"{applied.applied} findings accepted by decisions"
        stale = len(applied.expired) + len(applied.changed)
        if stale:
            text += f" ({stale} decisions no longer hold: see the Accepted sheet notes)"
        parts.append(text)
    return "".join(f"; {p}" for p in parts)
