"""A shared cache of per-image work, so a weekly scan of an unchanged catalog is quick.

Decoding a listing image and comparing it with every protected asset is nearly all of a scan's
time; on an unchanged catalog it gives the same answer every week. The cache keeps that answer,
keyed by **what the file holds** (the SHA-256 of its bytes — never its path or modification
time, so renaming or moving a folder keeps the entries, and a changed file is never served a
stale result) and by a **recipe**: the images package's algorithm version
(`listing_audit.images.features.FEATURE_VERSION`, read at run time), the image settings of the
rules, the versions of the image libraries, and a hash of the images package's source (so a
change to the image code never meets old entries, even when a version bump was forgotten).
Two kinds of entries:

- `asset`: the features of a protected image (`images.features.ImageFeatures`: hashes, their
  reliable bits, keypoints of the picture and of its mirror image);
- `image`: what the images stage computes per listing image — its whole-picture hashes and its
  verified keypoint matches — for one set of assets: the recipe also holds the fingerprint of
  the asset index (the content of every asset, in index order). Keypoint voting depends on
  every asset at once, so a new asset means listing images are matched again; the asset
  features themselves are reused.

**Stored bytes** (`encode` / `decode`): a JSON description of the dataclasses, tuples and lists,
followed by each numpy array written with `np.save(..., allow_pickle=False)`. Not pickle: a cache
folder may sit on a shared drive, and unpickling a file can run code; this format can only give
back numbers, text, arrays and `listing_audit` dataclasses. An entry that no longer decodes (the
dataclass changed shape) is a miss and is overwritten.

**Two scans at once** (HAZARDS.md, "Shared cache": four processes in WAL mode lost 1,016 of 1,200
read-then-write updates with default transactions and none with `BEGIN IMMEDIATE` and a busy
timeout): SQLite in WAL mode, so readers never wait for a writer; every write is a short
`BEGIN IMMEDIATE` transaction with a busy timeout. Two scans computing the same file both write
the same bytes under the same key, so the race is harmless.

**Never fails a scan.** A damaged database file is deleted and rebuilt empty, with a warning; a
cache that cannot be opened or written (read-only folder, lock held past the timeout) is
skipped with a warning and the scan computes everything.

**Bounded**: after each scan the least recently used entries go until the cache is under
`CacheLimits` (megabytes of data, number of entries); `listing-audit cache prune` also drops the
entries of older algorithm versions and compacts the file.
"""

from __future__ import annotations

import dataclasses
import hashlib
import importlib
import io
import json
import logging
import os
import sqlite3
import struct
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from .fingerprint import sha256_file
from .progress import progress

log = logging.getLogger(__name__)

#: The folder a cache (and, by default, the scan history) lives in, beside the report.
CACHE_FOLDER = ".listing-audit"
DB_NAME = "cache.sqlite"
#: Bumped when the table layout changes; a file of another layout is rebuilt.
SCHEMA_VERSION = "1"
#: How long a writer waits for another scan's write to finish before skipping its own.
BUSY_TIMEOUT_S = 60.0
#: Rows per write transaction: short transactions keep the other scan waiting briefly.
WRITE_BATCH = 200
#: Keys per `IN (...)` query (SQLite allows 32,766 host parameters; this keeps queries small).
READ_BATCH = 500
#: When over a limit, entries are evicted down to this share of it, so that eviction does not
#: run again after every scan.
EVICT_TO = 0.9

ENTRY_KINDS = ("asset", "image")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS entries (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    content TEXT NOT NULL,
    version TEXT NOT NULL,
    recipe TEXT NOT NULL,
    size INTEGER NOT NULL,
    created REAL NOT NULL,
    used REAL NOT NULL,
    data BLOB NOT NULL,
    UNIQUE (kind, recipe, content)
);
CREATE INDEX IF NOT EXISTS entries_lru ON entries (used, size);
"""


# ---- stored bytes ----------------------------------------------------------------------------

_MAGIC = b"LAC1"


class CacheDecodeError(ValueError):
    """Bytes that are not an entry this version can read (treated as a cache miss)."""


def encode(value: object) -> bytes:
    """`value` (dataclasses, tuples, lists, str-keyed dicts, numbers, text, None and numpy
    arrays, nested) as bytes: `LAC1`, the length of a JSON description, the description, then
    every array in `np.save` format."""
    arrays: list[np.ndarray] = []

    def describe(item: object) -> object:
        if isinstance(item, np.ndarray):
            arrays.append(item)
            return {"$nd": len(arrays) - 1}
        if dataclasses.is_dataclass(item) and not isinstance(item, type):
            cls = type(item)
            return {
                "$dc": f"{cls.__module__}:{cls.__qualname__}",
                "f": {f.name: describe(getattr(item, f.name)) for f in dataclasses.fields(item)},
            }
        if isinstance(item, tuple):
            return {"$t": [describe(v) for v in item]}
        if isinstance(item, list):
            return [describe(v) for v in item]
        if isinstance(item, dict):
            if not all(isinstance(k, str) for k in item):
                raise TypeError("only dicts with text keys can be cached")
            return {"$d": {k: describe(v) for k, v in item.items()}}
        if isinstance(item, np.generic):
            return item.item()
        if item is None or isinstance(item, (bool, int, float, str)):
            return item
        raise TypeError(f"cannot cache a {type(item).__name__}")

    meta = json.dumps(describe(value), separators=(",", ":")).encode("utf-8")
    out = io.BytesIO()
    out.write(_MAGIC)
    out.write(struct.pack("<I", len(meta)))
    out.write(meta)
    for array in arrays:
        np.save(out, np.ascontiguousarray(array), allow_pickle=False)
    return out.getvalue()


def _dataclass(name: str) -> type:
    """A dataclass of this package by its `module:qualname`; nothing else can be built."""
    module_name, _, qualname = name.partition(":")
    if not (module_name == "listing_audit" or module_name.startswith("listing_audit.")):
        raise CacheDecodeError(f"{name} is not a listing_audit class")
    try:
        obj: Any = importlib.import_module(module_name)
        for part in qualname.split("."):
            obj = getattr(obj, part)
    except (ImportError, AttributeError) as exc:
        raise CacheDecodeError(f"{name}: {exc}") from None
    if not (isinstance(obj, type) and dataclasses.is_dataclass(obj)):
        raise CacheDecodeError(f"{name} is not a dataclass")
    return obj


def decode(data: bytes) -> Any:
    """The value `encode` wrote; `CacheDecodeError` when the bytes cannot be read back."""
    if len(data) < 8 or data[:4] != _MAGIC:
        raise CacheDecodeError("not a cache entry")
    (size,) = struct.unpack("<I", data[4:8])
    stream = io.BytesIO(data)
    stream.seek(8 + size)
    try:
        meta = json.loads(data[8 : 8 + size].decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CacheDecodeError(str(exc)) from None
    arrays: dict[int, np.ndarray] = {}

    def array(index: int) -> np.ndarray:
        # Arrays are stored in the order `describe` met them, which is the order we meet them.
        while len(arrays) <= index:
            try:
                arrays[len(arrays)] = np.load(stream, allow_pickle=False)
            except (ValueError, OSError, EOFError) as exc:
                raise CacheDecodeError(f"array {index}: {exc}") from None
        return arrays[index]

    def build(item: Any) -> Any:
        if isinstance(item, list):
            return [build(v) for v in item]
        if isinstance(item, dict):
            if "$nd" in item:
                return array(int(item["$nd"]))
            if "$t" in item:
                return tuple(build(v) for v in item["$t"])
            if "$d" in item:
                return {k: build(v) for k, v in item["$d"].items()}
            if "$dc" in item:
                cls = _dataclass(str(item["$dc"]))
                try:
                    return cls(**{k: build(v) for k, v in item["f"].items()})
                except TypeError as exc:  # the class changed shape since the entry was written
                    raise CacheDecodeError(f"{item['$dc']}: {exc}") from None
            raise CacheDecodeError("unknown object in a cache entry")
        return item

    return build(meta)


# ---- the database ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CacheLimits:
    """How large the cache may grow: megabytes of stored data and number of entries."""

    max_mb: float = 2048.0
    max_entries: int = 500_000


@dataclass(slots=True)
class CacheStats:
    """What one scan got from the cache."""

    hits: Counter[str] = field(default_factory=Counter)
    misses: Counter[str] = field(default_factory=Counter)
    written: int = 0
    evicted: int = 0
    rebuilt: bool = False
    problem: str = ""

    def describe(self) -> str:
        """`images 120/120 and assets 3/3 from the cache`, for the run info and the summary."""
        parts = []
        for kind, label in (("image", "images"), ("asset", "assets")):
            total = self.hits[kind] + self.misses[kind]
            if total:
                parts.append(f"{label} {self.hits[kind]:,}/{total:,}")
        text = (" and ".join(parts) + " from the cache") if parts else "cache not needed"
        if self.rebuilt:
            text += " (rebuilt: the old file was damaged)"
        if self.problem:
            text += f" ({self.problem})"
        return text


@dataclass(frozen=True, slots=True)
class KindInfo:
    kind: str
    version: str
    entries: int
    bytes: int
    current: bool


@dataclass(frozen=True, slots=True)
class CacheInfo:
    path: str
    exists: bool
    file_bytes: int
    entries: int
    data_bytes: int
    kinds: list[KindInfo]
    oldest_use: float | None
    newest_use: float | None
    limits: CacheLimits


@dataclass(frozen=True, slots=True)
class PruneResult:
    removed: int
    removed_bytes: int
    entries: int
    data_bytes: int
    file_bytes_before: int
    file_bytes_after: int


def _is_corrupt(exc: sqlite3.DatabaseError) -> bool:
    name = getattr(exc, "sqlite_errorname", "") or ""
    text = str(exc).lower()
    return name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")) or (
        "malformed" in text or "not a database" in text or "file is encrypted" in text
    )


def _is_busy(exc: sqlite3.DatabaseError) -> bool:
    name = getattr(exc, "sqlite_errorname", "") or ""
    return name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "locked" in str(exc).lower()


def _file_size(path: Path) -> int:
    total = 0
    for suffix in ("", "-wal"):
        try:
            total += os.stat(str(path) + suffix).st_size
        except OSError:
            pass
    return total


class FeatureCache:
    """The SQLite file `DB_NAME` in `folder`, opened on first use.

    Every method is safe to call when the cache is unusable: it then reads nothing and writes
    nothing, and `stats.problem` says why (logged once as a warning)."""

    def __init__(self, folder: Path, limits: CacheLimits | None = None) -> None:
        self.folder = Path(folder)
        self.path = self.folder / DB_NAME
        self.limits = limits or CacheLimits()
        self.stats = CacheStats()
        self._conn: sqlite3.Connection | None = None
        self._disabled = False

    # -- opening, and what to do when it goes wrong --

    def _open(self) -> sqlite3.Connection:
        self.folder.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(
            str(self.path), timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False
        )
        try:
            conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
            mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()
            if mode is None or str(mode[0]).lower() != "wal":
                log.debug("cache %s: journal mode %s", self.path, mode)
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute("BEGIN IMMEDIATE")
            try:
                for statement in _SCHEMA.split(";"):
                    if statement.strip():
                        conn.execute(statement)
                row = conn.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
                if row is None:
                    conn.execute(
                        "INSERT INTO meta (key, value) VALUES ('schema', ?)", (SCHEMA_VERSION,)
                    )
                elif row[0] != SCHEMA_VERSION:
                    conn.execute("DELETE FROM entries")
                    conn.execute(
                        "UPDATE meta SET value = ? WHERE key = 'schema'", (SCHEMA_VERSION,)
                    )
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
            return conn
        except BaseException:
            conn.close()
            raise

    def _connection(self) -> sqlite3.Connection | None:
        if self._disabled:
            return None
        if self._conn is None:
            try:
                self._conn = self._open()
            except sqlite3.DatabaseError as exc:
                if _is_corrupt(exc):
                    self._rebuild(exc)
                    return self._conn
                self._give_up(f"cannot open the cache {self.path}: {exc}")
            except OSError as exc:
                self._give_up(f"cannot create the cache folder {self.folder}: {exc}")
        return self._conn

    def _give_up(self, problem: str) -> None:
        log.warning("%s; scanning without the cache", problem)
        self.stats.problem = "cache unusable: " + problem
        self._disabled = True
        self.close()

    def _rebuild(self, exc: Exception) -> None:
        """Delete a damaged database file and start an empty one (with a warning).

        Another scan may have rebuilt it a moment ago: the file is opened again first, and only
        deleted when it is still damaged."""
        self.close()
        try:
            conn = self._open()
            check = conn.execute("PRAGMA quick_check").fetchall()
            if check == [("ok",)]:
                self._conn = conn
                return
            conn.close()
        except sqlite3.DatabaseError:
            pass
        except OSError as err:
            self._give_up(f"cannot rebuild the cache {self.path}: {err}")
            return
        log.warning("the cache %s was damaged (%s); it has been rebuilt empty", self.path, exc)
        for suffix in ("", "-wal", "-shm", "-journal"):
            try:
                os.remove(str(self.path) + suffix)
            except FileNotFoundError:
                pass
            except OSError as err:
                self._give_up(f"cannot remove the damaged cache {self.path}: {err}")
                return
        self.stats.rebuilt = True
        try:
            self._conn = self._open()
        except (sqlite3.DatabaseError, OSError) as err:
            self._give_up(f"cannot rebuild the cache {self.path}: {err}")

    def _run(self, what: str, work: Callable[[sqlite3.Connection], Any], default: Any) -> Any:
        """`work(connection)`, turning every database problem into `default` and a warning;
        a damaged file is rebuilt and the work tried once more."""
        for attempt in (1, 2):
            conn = self._connection()
            if conn is None:
                return default
            try:
                return work(conn)
            except sqlite3.DatabaseError as exc:
                if conn.in_transaction:
                    try:
                        conn.execute("ROLLBACK")
                    except sqlite3.Error:
                        pass
                if _is_corrupt(exc) and attempt == 1:
                    self._rebuild(exc)
                    continue
                if _is_busy(exc):
                    log.warning(
                        "cache %s busy for %.0f s while %s; skipped",
                        self.path,
                        BUSY_TIMEOUT_S,
                        what,
                    )
                    self.stats.problem = f"cache busy while {what}"
                    return default
                self._give_up(f"cache {self.path} failed while {what}: {exc}")
                return default
        return default

    def close(self) -> None:
        if self._conn is not None:
            try:
                self._conn.close()
            except sqlite3.Error:
                pass
            self._conn = None

    def __enter__(self) -> FeatureCache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- entries --

    def get_many(self, kind: str, recipe: str, contents: Sequence[str]) -> dict[str, bytes]:
        """Stored bytes by content hash, for those of `contents` the cache has; marks them used."""
        wanted = list(dict.fromkeys(contents))

        def work(conn: sqlite3.Connection) -> dict[str, bytes]:
            found: dict[str, bytes] = {}
            for start in range(0, len(wanted), READ_BATCH):
                chunk = wanted[start : start + READ_BATCH]
                marks = ",".join("?" * len(chunk))
                rows = conn.execute(
                    f"SELECT content, data FROM entries WHERE kind = ? AND recipe = ? "
                    f"AND content IN ({marks})",
                    (kind, recipe, *chunk),
                ).fetchall()
                found.update((str(c), bytes(d)) for c, d in rows)
            now = time.time()
            hits = list(found)
            for start in range(0, len(hits), READ_BATCH):
                chunk = hits[start : start + READ_BATCH]
                marks = ",".join("?" * len(chunk))
                conn.execute("BEGIN IMMEDIATE")
                conn.execute(
                    f"UPDATE entries SET used = ? WHERE kind = ? AND recipe = ? "
                    f"AND content IN ({marks})",
                    (now, kind, recipe, *chunk),
                )
                conn.execute("COMMIT")
            return found

        if not wanted:
            return {}
        result: dict[str, bytes] = self._run("reading", work, {})
        return result

    def put_many(
        self, kind: str, version: str, recipe: str, items: Iterable[tuple[str, bytes]]
    ) -> int:
        """Store (content hash, bytes) pairs in short `BEGIN IMMEDIATE` transactions."""
        rows = list(items)

        def work(conn: sqlite3.Connection) -> int:
            now = time.time()
            for start in range(0, len(rows), WRITE_BATCH):
                chunk = rows[start : start + WRITE_BATCH]
                conn.execute("BEGIN IMMEDIATE")
                conn.executemany(
                    "INSERT OR REPLACE INTO entries "
                    "(kind, content, version, recipe, size, created, used, data) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    [(kind, c, version, recipe, len(d), now, now, d) for c, d in chunk],
                )
                conn.execute("COMMIT")
            return len(rows)

        if not rows:
            return 0
        written: int = self._run("writing", work, 0)
        self.stats.written += written
        return written

    def delete(self, kind: str, recipe: str, contents: Sequence[str]) -> None:
        def work(conn: sqlite3.Connection) -> None:
            conn.execute("BEGIN IMMEDIATE")
            conn.executemany(
                "DELETE FROM entries WHERE kind = ? AND recipe = ? AND content = ?",
                [(kind, recipe, c) for c in contents],
            )
            conn.execute("COMMIT")

        if contents:
            self._run("deleting", work, None)

    # -- size --

    def _totals(self, conn: sqlite3.Connection) -> tuple[int, int]:
        row = conn.execute("SELECT COUNT(*), COALESCE(SUM(size), 0) FROM entries").fetchone()
        return int(row[0]), int(row[1])

    def _evict(self, conn: sqlite3.Connection, max_bytes: float, max_entries: float) -> int:
        """Delete least recently used entries until both limits hold; returns how many went."""
        count, size = self._totals(conn)
        if count <= max_entries and size <= max_bytes:
            return 0
        target_count, target_bytes = max_entries * EVICT_TO, max_bytes * EVICT_TO
        removed = 0
        conn.execute("BEGIN IMMEDIATE")
        try:
            cursor = conn.execute("SELECT id, size FROM entries ORDER BY used, id")
            doomed: list[int] = []
            for entry_id, entry_size in cursor:
                if count <= target_count and size <= target_bytes:
                    break
                doomed.append(int(entry_id))
                count -= 1
                size -= int(entry_size)
            cursor.close()
            for start in range(0, len(doomed), READ_BATCH):
                chunk = doomed[start : start + READ_BATCH]
                conn.execute(
                    f"DELETE FROM entries WHERE id IN ({','.join('?' * len(chunk))})", chunk
                )
            removed = len(doomed)
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        return removed

    def enforce_limits(self) -> int:
        """Evict least recently used entries when over `limits`; returns how many went."""
        limits = self.limits

        def work(conn: sqlite3.Connection) -> int:
            return self._evict(conn, limits.max_mb * 1024 * 1024, limits.max_entries)

        if not self.path.exists():
            return 0
        removed: int = self._run("trimming to its size limit", work, 0)
        self.stats.evicted += removed
        return removed

    def info(self, current_version: str) -> CacheInfo:
        """What the cache holds, by kind and algorithm version."""
        exists = self.path.exists()

        def work(conn: sqlite3.Connection) -> CacheInfo:
            kinds = [
                KindInfo(str(k), str(v), int(n), int(b), str(v) == current_version)
                for k, v, n, b in conn.execute(
                    "SELECT kind, version, COUNT(*), COALESCE(SUM(size), 0) FROM entries "
                    "GROUP BY kind, version ORDER BY kind, version"
                )
            ]
            low, high = conn.execute("SELECT MIN(used), MAX(used) FROM entries").fetchone()
            count, size = self._totals(conn)
            return CacheInfo(
                str(self.path),
                True,
                _file_size(self.path),
                count,
                size,
                kinds,
                low,
                high,
                self.limits,
            )

        empty = CacheInfo(
            str(self.path), exists, _file_size(self.path), 0, 0, [], None, None, self.limits
        )
        if not exists:
            return empty
        found: CacheInfo = self._run("reading its contents", work, empty)
        return found

    def prune(
        self,
        current_version: str,
        max_mb: float | None = None,
        older_than_days: float | None = None,
        everything: bool = False,
    ) -> PruneResult:
        """Drop entries of other algorithm versions, entries unused for `older_than_days`, then
        the least recently used until under `max_mb` (default: the limits); then compact."""
        before = _file_size(self.path)

        def work(conn: sqlite3.Connection) -> PruneResult:
            count0, size0 = self._totals(conn)
            conn.execute("BEGIN IMMEDIATE")
            if everything:
                conn.execute("DELETE FROM entries")
            else:
                conn.execute("DELETE FROM entries WHERE version != ?", (current_version,))
                if older_than_days is not None:
                    cutoff = time.time() - older_than_days * 86400
                    conn.execute("DELETE FROM entries WHERE used < ?", (cutoff,))
            conn.execute("COMMIT")
            limit_mb = max_mb if max_mb is not None else self.limits.max_mb
            self._evict(conn, limit_mb * 1024 * 1024, self.limits.max_entries)
            count, size = self._totals(conn)
            if count < count0:
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                conn.execute("VACUUM")
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            return PruneResult(
                count0 - count, size0 - size, count, size, before, _file_size(self.path)
            )

        empty = PruneResult(0, 0, 0, 0, before, before)
        if not self.path.exists():
            return empty
        done: PruneResult = self._run("pruning", work, empty)
        return done


# ---- the images stage, from the cache --------------------------------------------------------


def algorithm_version() -> str:
    """The images package's algorithm version, read at run time: every cached entry is valid
    for this version only (`features.FEATURE_VERSION`, or `hashes.HASH_VERSION` before it)."""
    for module_name, name in (
        ("listing_audit.images.features", "FEATURE_VERSION"),
        ("listing_audit.images.hashes", "HASH_VERSION"),
        ("listing_audit.images", "VERSION"),
    ):
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            continue
        if hasattr(module, name):
            return str(getattr(module, name))
    return "unknown"


def _library_versions() -> dict[str, str]:
    """Versions of the libraries that decode and describe images: an upgrade may change
    their output, so it starts a fresh set of entries."""
    found: dict[str, str] = {"numpy": np.__version__}
    for name in ("PIL", "cv2", "faiss", "imagehash"):
        module = sys.modules.get(name)
        if module is None:
            try:
                module = importlib.import_module(name)
            except ImportError:
                continue
        found[name] = str(getattr(module, "__version__", ""))
    return found


def _image_code() -> str:
    """A hash of the images package's source: a change to how features are computed starts
    fresh entries even if `FEATURE_VERSION` was not bumped with it (a safety net; the version
    stays the documented key, and `cache info` reports by version)."""
    from . import images

    digest = hashlib.sha256()
    for path in sorted(Path(images.__file__).parent.glob("*.py")):
        try:
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
        except OSError:
            continue
    return digest.hexdigest()[:16]


def _settings_dict(settings: object) -> dict[str, Any]:
    if dataclasses.is_dataclass(settings) and not isinstance(settings, type):
        return dataclasses.asdict(settings)
    return {"repr": repr(settings)}


def content_hash(path: Path) -> str | None:
    """SHA-256 of a file's bytes, or None when it cannot be read (the images stage reports it)."""
    try:
        return sha256_file(path)
    except OSError:
        return None


class CachedImages:
    """The images stage's per-file work, served from a `FeatureCache` where it can be.

    `asset_features` and `listing_features` have the signatures of the functions of the same
    names in `images.detect`; the pipeline hands them to `build_asset_index(features=...)` and
    `detect_images(features=...)`. Misses are computed by the images package's own functions
    (its process pool included) and stored."""

    def __init__(self, cache: FeatureCache) -> None:
        self.cache = cache
        self.version = algorithm_version()
        self._libraries = _library_versions()
        self._code = _image_code()
        self._content: dict[Path, str | None] = {}

    def _recipe(self, kind: str, settings: object, extra: str = "") -> str:
        text = json.dumps(
            {
                "kind": kind,
                "version": self.version,
                "settings": _settings_dict(settings),
                "libraries": self._libraries,
                "code": self._code,
                "extra": extra,
            },
            sort_keys=True,
            default=str,
        )
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]

    def hashes(self, paths: Sequence[Path], label: str) -> list[str | None]:
        """Content hashes of `paths` (read on a few threads: hashing is I/O and releases the
        GIL), remembered for this scan."""
        todo = [p for p in dict.fromkeys(paths) if p not in self._content]
        if todo:
            with ThreadPoolExecutor(max_workers=4) as pool:
                with progress(pool.map(content_hash, todo), label, len(todo)) as results:
                    for path, digest in zip(todo, results, strict=True):
                        self._content[path] = digest
        return [self._content[p] for p in paths]

    @property
    def digests(self) -> dict[Path, str]:
        """Every content hash computed in this scan, so the run info need not read the files
        again."""
        return {p: d for p, d in self._content.items() if d is not None}

    def _cached(
        self,
        kind: str,
        recipe: str,
        paths: list[Path],
        compute: Callable[[list[Path]], list[Any]],
        label: str,
    ) -> list[Any]:
        contents = self.hashes(paths, f"Reading {label}")
        stored = self.cache.get_many(kind, recipe, [c for c in contents if c])
        out: list[Any] = [None] * len(paths)
        missing: list[int] = []
        broken: list[str] = []
        for i, content in enumerate(contents):
            data = stored.get(content) if content else None
            if data is not None:
                try:
                    out[i] = decode(data)
                    self.cache.stats.hits[kind] += 1
                    continue
                except CacheDecodeError:
                    broken.append(str(content))
            missing.append(i)
        self.cache.stats.misses[kind] += len(missing)
        if broken:
            self.cache.delete(kind, recipe, broken)
        if missing:
            computed = compute([paths[i] for i in missing])
            fresh: dict[str, bytes] = {}
            for i, value in zip(missing, computed, strict=True):
                out[i] = value
                content = contents[i]
                if content and not isinstance(value, str):  # unreadable files are not kept
                    try:
                        fresh[content] = encode(value)
                    except TypeError as exc:
                        log.debug("not cached: %s", exc)
            self.cache.put_many(kind, self.version, recipe, fresh.items())
        return out

    def asset_features(
        self, paths: list[Path], settings: Any, workers: int | None = None
    ) -> list[Any]:
        """`images.detect.asset_features`, from the cache where it can be."""
        from .images import detect

        recipe = self._recipe("asset", settings)
        return self._cached(
            "asset",
            recipe,
            list(paths),
            lambda todo: list(detect.asset_features(todo, settings, workers)),
            "protected images",
        )

    def index_fingerprint(self, index: Any) -> str:
        """The asset index as the matcher sees it: every asset's content, in index order."""
        assets = list(getattr(index, "assets", ()))
        contents = self.hashes([Path(a.path) for a in assets], "Reading protected images")
        return hashlib.sha256("|".join(c or "?" for c in contents).encode()).hexdigest()

    def listing_features(
        self, paths: list[Path], index: Any, settings: Any, workers: int | None = None
    ) -> list[Any]:
        """`images.detect.listing_features`, from the cache where it can be."""
        from .images import detect

        recipe = self._recipe("image", settings, self.index_fingerprint(index))
        return self._cached(
            "image",
            recipe,
            list(paths),
            lambda todo: list(detect.listing_features(todo, index, settings, workers)),
            "listing images",
        )
