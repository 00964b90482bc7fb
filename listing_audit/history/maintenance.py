"""The work behind `listing-audit cache info|prune` and `listing-audit decisions import`.

The CLI parses options and prints; these functions find the folders (flags, then
listing-audit.toml, then the defaults), do the work and return what to print.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from ..cache import FeatureCache, algorithm_version
from ..errors import InputError
from ..project_config import ProjectConfig
from ..report.safe import check_writable
from .decisions import (
    DEFAULT_EXPIRES_AFTER_DAYS,
    import_workbook,
    load_decisions,
    merge_decisions,
    write_decisions,
)
from .store import HISTORY_FOLDER, scans
from .weekly import cache_limits, default_cache_dir


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:,.1f} MB"


def _when(stamp: float | None) -> str:
    return datetime.fromtimestamp(stamp).strftime("%Y-%m-%d %H:%M") if stamp else "-"


def _history_folder(project: ProjectConfig, folder: Path) -> Path:
    configured = project.get("history", "folder")
    return Path(configured) if configured is not None else folder / HISTORY_FOLDER


def cache_info_text(project: ProjectConfig, cache_dir: Path | None) -> str:
    """`cache info`: where, how big, what it holds by kind and algorithm version, history."""
    folder = cache_dir or default_cache_dir(project, [])
    version = algorithm_version()
    with FeatureCache(folder, cache_limits(project)) as cache:
        info = cache.info(version)
    lines = [f"Cache: {info.path}"]
    if not info.exists:
        lines.append("  no cache yet: a scan with --cache (or a listing-audit.toml) creates it")
    else:
        limits = info.limits
        lines.append(
            f"  {info.entries:,} entries, {_mb(info.data_bytes)} of data, "
            f"{_mb(info.file_bytes)} on disk (limits: {limits.max_mb:,.0f} MB, "
            f"{limits.max_entries:,} entries)"
        )
        lines.append(f"  current image algorithm version: {version}")
        for kind in info.kinds:
            state = "current" if kind.current else "stale: `cache prune` removes it"
            lines.append(
                f"  {kind.kind:<6} version {kind.version:<4} {kind.entries:>9,} entries "
                f"{_mb(kind.bytes):>12}  ({state})"
            )
        lines.append(f"  used between {_when(info.oldest_use)} and {_when(info.newest_use)}")
    history = _history_folder(project, folder)
    kept = scans(history)
    if kept:
        lines.append(f"History: {len(kept)} scans in {history} (newest {kept[-1].name})")
    else:
        lines.append(f"History: none in {history}")
    return "\n".join(lines) + "\n"


def prune_cache_text(
    project: ProjectConfig,
    cache_dir: Path | None,
    max_mb: float | None,
    older_than_days: float | None,
    everything: bool,
    keep_scans: int | None,
) -> str:
    """`cache prune`: drop stale, unused and least recently used entries; compact the file."""
    folder = cache_dir or default_cache_dir(project, [])
    with FeatureCache(folder, cache_limits(project)) as cache:
        done = cache.prune(algorithm_version(), max_mb, older_than_days, everything)
    lines = [
        f"Cache: {cache.path}",
        f"  removed {done.removed:,} entries ({_mb(done.removed_bytes)}); "
        f"{done.entries:,} left ({_mb(done.data_bytes)}); file "
        f"{_mb(done.file_bytes_before)} -> {_mb(done.file_bytes_after)}",
    ]
    if keep_scans is not None:
        history = _history_folder(project, folder)
        kept = scans(history)
        dropped = kept[: max(0, len(kept) - keep_scans)]
        for old in dropped:
            old.unlink(missing_ok=True)
        lines.append(f"History: removed {len(dropped)} of {len(kept)} scans in {history}")
    return "\n".join(lines) + "\n"


@dataclass(slots=True)
class ImportDone:
    summary: str
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def import_decisions(
    project: ProjectConfig,
    report: Path,
    out: Path | None,
    expires_days: int | None,
    today: date | None = None,
) -> ImportDone:
    """`decisions import`: read the workbook's decisions and merge them into the file."""
    configured = project.get("decisions", "file")
    target = out or (Path(configured) if configured is not None else Path("decisions.csv"))
    days = expires_days if expires_days is not None else int(
        project.get("decisions", "expires_after_days", DEFAULT_EXPIRES_AFTER_DAYS)
    )
    today = today or date.today()
    check_writable(target)
    existing = load_decisions(target) if target.exists() else []
    read = import_workbook(report, today, days)
    if not read.decisions:
        why = ""
        if read.problems:
            why = f" that can be used ({'; '.join(read.problems[:3])})"
        raise InputError(
            str(report),
            f"no row of its Flagged ASINs sheet has a Decision{why}; nothing written",
            "fill in the Decision column (Remove, Fix, Keep - authorized, Keep - false alarm, "
            "Done) and save the workbook",
        )
    merged, counts = merge_decisions(existing, read.decisions, today)
    write_decisions(merged, target)
    done = ImportDone(
        summary=(
            f"Decisions: {target} ({read.rows} rows with a decision, "
            f"{len(read.decisions)} findings: {counts.added} added, {counts.changed} changed, "
            f"{counts.unchanged} unchanged; {counts.total} in the file)"
        ),
        problems=list(read.problems),
    )
    if read.unhashed_images:
        done.notes.append(
            f"{read.unhashed_images} image findings: the image file was not found, so the "
            "decision is checked by finding ID only (not by the image's bytes)"
        )
    return done
