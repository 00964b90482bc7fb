"""Scan history: each scan's JSON kept in a folder, and the earlier scan to compare with.

Files are `scan-<UTC time saved, to the microsecond>-<process id>.json.gz` — the time first,
so names sort in time order; the process id keeps two scans saved at the same moment apart.
Each holds the same `listing-audit/1` document `scan --json` writes, gzipped (listing text
repeats a lot, so it compresses well), written atomically so another scan never reads half a
file. Only the newest `keep` files are kept.
"""

from __future__ import annotations

import gzip
import json
import os
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..report.safe import atomic_write

HISTORY_FOLDER = "history"
#: Scans kept when neither `--history-keep` nor the project config says: two years of weekly scans.
DEFAULT_KEEP = 104
_NAME = re.compile(r"^scan-(\d{8}T\d{6}\.\d{6}Z)-\d+\.json\.gz$")
SCHEMA = "listing-audit/1"


def _stamp() -> str:
    """Now in UTC, `20261129T021000.123456Z`: sorts in time order as text."""
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%S.%fZ")


def scans(folder: Path) -> list[Path]:
    """The kept scans, oldest first."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if _NAME.match(p.name))


def keep_scan(data: dict[str, Any], folder: Path, keep: int = DEFAULT_KEEP) -> Path:
    """Save one scan's JSON document into `folder` and drop the oldest beyond `keep`."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"scan-{_stamp()}-{os.getpid()}.json.gz"
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    payload = gzip.compress(text.encode("utf-8", errors="backslashreplace"), compresslevel=6)

    def save(tmp: Path) -> None:
        tmp.write_bytes(payload)

    atomic_write(path, save)
    kept = scans(folder)
    for old in kept[: max(0, len(kept) - max(1, keep))]:
        try:
            old.unlink()
        except FileNotFoundError:  # another scan pruned it first
            pass
    return path


def latest_scan(folder: Path) -> Path | None:
    """The newest kept scan, or None when there is none yet."""
    found = scans(folder)
    return found[-1] if found else None


def load_scan(path: Path) -> dict[str, Any]:
    """A saved scan (`scan --json` output, or a kept `.json.gz`), checked to be one."""
    path = Path(path)
    hint = "give a JSON file written by `listing-audit scan --json`"
    try:
        raw = path.read_bytes()
        if raw[:2] == b"\x1f\x8b":
            raw = gzip.decompress(raw)
        data = json.loads(raw.decode("utf-8-sig"))
    except FileNotFoundError:
        raise InputError(str(path), "earlier scan not found", hint) from None
    except (OSError, EOFError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(str(path), f"is not a readable scan ({exc})", hint) from None
    if not isinstance(data, dict) or data.get("schema") != SCHEMA:
        raise InputError(str(path), f"is not a {SCHEMA} scan", hint)
    if not isinstance(data.get("listings"), list):
        raise InputError(str(path), "has no listings", hint)
    return data
