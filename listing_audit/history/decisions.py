"""Decisions that stick: the team's review of a report, kept in a file and applied to later scans.

A team works through the report's Flagged ASINs sheet and fills in `Decision` (Remove, Fix,
Keep - authorized, Keep - false alarm, Done), `Assignee` and `Notes`.
`listing-audit decisions import REPORT.xlsx` turns those rows into a **decisions file**: a CSV
with one row per finding the decision covered (the finding IDs come from the workbook's Findings
sheet), saying who, when and why — small, sorted and plain, so it reviews well in git.

Later scans read it (`scan --decisions FILE`, or `[decisions] file` in listing-audit.toml): a
finding whose decision is "Keep - authorized" or "Keep - false alarm" is **accepted** — still
shown (the workbook's Accepted sheet, the JSON's `accepted` list) but no longer counted in the
listing's score, level or action — until either

- the finding itself changes: a different finding ID (another rule, field, brand or asset;
  STYLE.md "Finding identity"), or the same ID with different evidence (other words as
  written, or another image file's bytes in that slot); or
- the decision expires (its `expires` date has passed; imports set it `expires_after_days`
  after the decision, 365 by default, from listing-audit.toml `[decisions]`).

Remove, Fix and Done are recorded too (the appeal's plan of action reads them) but change
nothing in a scan: the finding stays until the listing no longer has it.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from pathlib import Path

from ..cache import content_hash
from ..config import Rules
from ..errors import InputError
from ..model import (
    AcceptedFinding,
    Decision,
    DecisionsApplied,
    Finding,
    ImageFinding,
    ListingResult,
)
from ..report.safe import atomic_write, cell_text, check_writable, csv_text
from ..scoring import score_listing

#: The workbook's Decision drop-down (report/excel.py `DECISIONS`), in its order.
DECISION_VALUES: tuple[str, ...] = (
    "Remove",
    "Fix",
    "Keep - authorized",
    "Keep - false alarm",
    "Done",
)
#: The columns of a decisions file, in the order `write_decisions` writes them.
COLUMNS: tuple[str, ...] = (
    "finding_id",
    "asin",
    "sku",
    "decision",
    "assignee",
    "notes",
    "decided_at",
    "expires",
    "evidence",
    "rule_id",
    "subject",
    "source",
)
#: Days a decision holds when neither the import nor the project config says otherwise.
DEFAULT_EXPIRES_AFTER_DAYS = 365
#: A workbook larger than this once unzipped is refused before openpyxl opens it (HAZARDS.md).
MAX_WORKBOOK_BYTES = 500_000_000

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def canonical_decision(value: str) -> str:
    """A decision as the drop-down writes it (`keep – authorised` -> `Keep - authorized`), or
    "" when it is none of them."""
    text = re.sub(r"[\s\-–—_:]+", " ", value.strip().lower()).replace("authorised", "authorized")
    for decision in DECISION_VALUES:
        if text == decision.lower().replace(" - ", " "):
            return decision
    return ""


# ---- the decisions file ----------------------------------------------------------------------


def _uncsv(value: str) -> str:
    """Undo `csv_text`'s formula guard: a `'` before `= + - @` is ours, not the team's."""
    if value.startswith("'") and value[1:2] in ("=", "+", "-", "@", "\t", "\r", "\n"):
        return value[1:]
    return value


def load_decisions(path: Path) -> list[Decision]:
    """Read a decisions file (the CSV `listing-audit decisions import` writes).

    One row per finding a decision covers; a header row names the columns, in any order
    (UTF-8, with or without a BOM). Columns:

    ============  ========  ==============================================================
    column        required  meaning
    ============  ========  ==============================================================
    finding_id    yes       the finding's ID (`Finding ID` in the workbook, `id` in the
                            JSON). Empty for a decision on a product page that had no
                            finding (e.g. flagged by a complaint alone); `asin` or `sku`
                            then says which page.
    decision      yes       Remove, Fix, Keep - authorized, Keep - false alarm or Done.
                            Only the two Keep values change a scan: the finding is
                            accepted, not counted.
    asin          no        the listing's ASIN.
    sku           no        its SKU; SKUs sharing the ASIN are joined with ", ".
    assignee      no        who decided or is responsible (the workbook's Assignee).
    notes         no        why (the workbook's Notes).
    decided_at    no        when, as YYYY-MM-DD (the day of the import that recorded it).
    expires       no        YYYY-MM-DD: the last day the decision holds; empty = never.
    evidence      no        fingerprint of what the finding showed when decided: `t:` + hash
                            of the words as written, or `i:` + hash of the image file's
                            bytes. When a later scan sees other evidence, the finding has
                            changed and the decision no longer holds. Empty = not checked.
    rule_id       no        the finding's rule (T-PLAIN, I-COPY, ...), for people reading.
    subject       no        the brand or protected image matched, for people reading.
    source        no        where the decision was read: workbook, sheet and row.
    ============  ========  ==============================================================

    Values are returned as written (decisions in their canonical spelling). Raises
    `InputError` naming the row and column of a value that cannot be used, or when the file
    is missing, unreadable or lacks the required columns.
    """
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputError(str(path), "decisions file not found",
                         "check the path, or create it with `listing-audit decisions import`"
                         ) from None
    except OSError as exc:
        raise InputError(str(path), f"cannot be read ({exc.strerror})", "check permissions"
                         ) from None
    if raw[:4] == b"PK\x03\x04":
        raise InputError(str(path), "is a workbook, not a decisions file",
                         f"run `listing-audit decisions import {path.name}` first and give the "
                         "CSV it writes")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(str(path), f"is not UTF-8 text ({exc.reason} at byte {exc.start})",
                         "save the decisions file as UTF-8 CSV") from None
    rows = list(csv.reader(io.StringIO(text, newline="")))
    if not rows:
        raise InputError(str(path), "is empty",
                         "create it with `listing-audit decisions import REPORT.xlsx`")
    header = [h.strip().lower() for h in rows[0]]
    for required in ("finding_id", "decision"):
        if required not in header:
            raise InputError(str(path), f"has no {required!r} column",
                             f"the header must name the columns: {', '.join(COLUMNS)}")
    decisions: list[Decision] = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        cells = {name: _uncsv(row[i].strip()) if i < len(row) else ""
                 for i, name in enumerate(header)}
        decision = canonical_decision(cells.get("decision", ""))
        if not decision:
            raise InputError(str(path), f"decision {cells.get('decision', '')!r} is not one of "
                             f"{', '.join(DECISION_VALUES)}", "correct or delete the row",
                             row=number, column="decision")
        for column in ("decided_at", "expires"):
            value = cells.get(column, "")
            if value and not _valid_date(value):
                raise InputError(str(path), f"{value!r} is not a date", "write it as YYYY-MM-DD",
                                 row=number, column=column)
        if not cells.get("finding_id") and not (cells.get("asin") or cells.get("sku")):
            raise InputError(str(path), "the row names no finding_id, asin or sku",
                             "give the finding ID, or the ASIN or SKU of the page",
                             row=number, column="finding_id")
        decisions.append(
            Decision(
                finding_id=cells.get("finding_id", ""),
                decision=decision,
                asin=cells.get("asin", ""),
                sku=cells.get("sku", ""),
                assignee=cells.get("assignee", ""),
                notes=cells.get("notes", ""),
                decided_at=cells.get("decided_at", ""),
                expires=cells.get("expires", ""),
                evidence=cells.get("evidence", ""),
                rule_id=cells.get("rule_id", ""),
                subject=cells.get("subject", ""),
                source=cells.get("source", ""),
            )
        )
    return decisions


def _valid_date(value: str) -> bool:
    if not _DATE.match(value):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _sort_key(d: Decision) -> tuple[str, str, str, str]:
    return (d.asin, d.sku, d.finding_id, d.decision)


def write_decisions(decisions: Iterable[Decision], path: Path) -> None:
    """Write a decisions file atomically: UTF-8 with a BOM (so Excel shows Chinese notes right),
    sorted by ASIN, SKU and finding ID so that each import is a small, readable git diff."""
    path = Path(path)
    check_writable(path)
    ordered = sorted(decisions, key=_sort_key)

    def save(tmp: Path) -> None:
        with tmp.open("w", encoding="utf-8-sig", newline="") as fh:
            out = csv.writer(fh, lineterminator="\n")
            out.writerow(COLUMNS)
            for d in ordered:
                out.writerow([
                    d.finding_id,
                    csv_text(d.asin),
                    csv_text(d.sku),
                    d.decision,
                    csv_text(d.assignee),
                    csv_text(d.notes),
                    d.decided_at,
                    d.expires,
                    d.evidence,
                    d.rule_id,
                    csv_text(d.subject),
                    csv_text(d.source),
                ])

    atomic_write(path, save)


# ---- evidence --------------------------------------------------------------------------------


def text_evidence(matched_text: str) -> str:
    """`t:` + a hash of the words as written (as the workbook shows them, without the spaces
    around them that a spreadsheet may drop)."""
    shown = cell_text(matched_text).strip()
    return "t:" + hashlib.sha1(shown.encode("utf-8")).hexdigest()[:12]


def image_evidence(path: str | Path, hasher: Callable[[Path], str | None] = content_hash) -> str:
    """`i:` + a hash of the image file's bytes; "" when the file cannot be read."""
    digest = hasher(Path(path))
    return f"i:{digest[:16]}" if digest else ""


def evidence(finding: Finding, hasher: Callable[[Path], str | None] = content_hash) -> str:
    """What a finding shows, as a short fingerprint a decision can be checked against."""
    if isinstance(finding, ImageFinding):
        return image_evidence(finding.image, hasher)
    return text_evidence(finding.matched_text)


# ---- applying decisions to a scan ------------------------------------------------------------


def _expired(decision: Decision, on: date) -> bool:
    return bool(decision.expires) and decision.expires < on.isoformat()


def active_decisions(decisions: Iterable[Decision]) -> dict[str, Decision]:
    """The accepting decision of each finding ID (the latest decided, when a hand-edited file
    has several)."""
    by_id: dict[str, Decision] = {}
    for d in decisions:
        if not d.finding_id or not d.accepts:
            continue
        old = by_id.get(d.finding_id)
        if old is None or d.decided_at >= old.decided_at:
            by_id[d.finding_id] = d
    return by_id


def apply_decisions(
    results: list[ListingResult],
    decisions: Sequence[Decision],
    rules: Rules,
    on: date,
    source: str = "",
    hasher: Callable[[Path], str | None] = content_hash,
) -> DecisionsApplied:
    """Accept the findings the team kept, and score their listings again without them.

    A finding is accepted when a Keep decision names its ID, has not expired by `on`, and
    (when it recorded evidence) the finding still shows the same words or image bytes.
    Decisions that no longer hold are listed in the returned summary (expired / changed), so
    the report can say why a reviewed finding is back."""
    summary = DecisionsApplied(file=source, loaded=len(decisions))
    by_id = active_decisions(decisions)
    if not by_id:
        return summary
    hashes: dict[Path, str | None] = {}

    def cached_hash(path: Path) -> str | None:
        if path not in hashes:
            hashes[path] = hasher(path)
        return hashes[path]

    expired: dict[str, Decision] = {}
    changed: dict[str, Decision] = {}
    for result in results:
        kept: list[Finding] = []
        accepted: list[AcceptedFinding] = []
        for finding in result.findings:
            decision = by_id.get(finding.finding_id(result.listing.key))
            if decision is None:
                kept.append(finding)
            elif _expired(decision, on):
                expired[decision.finding_id] = decision
                kept.append(finding)
            elif decision.evidence and evidence(finding, cached_hash) != decision.evidence:
                changed[decision.finding_id] = decision
                kept.append(finding)
            else:
                accepted.append(AcceptedFinding(finding, decision))
        if accepted:
            result.accepted = [*result.accepted, *accepted]
            result.findings = kept
            score_listing(result, rules)
            summary.applied += len(accepted)
    summary.expired = list(expired.values())
    summary.changed = list(changed.values())
    return summary


# ---- importing a team's workbook -------------------------------------------------------------


def _names(*english: str) -> set[str]:
    """A header or sheet name in every language the workbook is written in."""
    from ..report.i18n import LANGS, t

    return {t(name, lang) for name in english for lang in LANGS}


def _sheet_matches(title: str, bases: set[str]) -> bool:
    """`Flagged ASINs`, or one of its continuation sheets `Flagged ASINs (2)`..."""
    return any(title == b or re.fullmatch(re.escape(b) + r" \(\d+\)", title) for b in bases)


@dataclass(slots=True)
class ImportResult:
    """What `import_workbook` read: decisions (one per finding covered), rows with a decision,
    image findings whose file could not be hashed, and problems met (each names the row)."""

    decisions: list[Decision] = field(default_factory=list)
    rows: int = 0
    unhashed_images: int = 0
    problems: list[str] = field(default_factory=list)


def _check_workbook(path: Path) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            total = sum(info.file_size for info in archive.infolist())
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError) as exc:
        raise InputError(str(path), f"is not a readable .xlsx workbook ({exc})",
                         "give the report workbook listing-audit wrote") from None
    if total > MAX_WORKBOOK_BYTES:
        raise InputError(str(path), f"would expand to {total:,} bytes",
                         "this is not a listing-audit report; give the report workbook")
    if "xl/workbook.xml" not in names:
        raise InputError(str(path), "is a zip file but not an Excel workbook",
                         "give the report workbook (.xlsx)")


def _table(sheet: object) -> tuple[list[str], list[list[str]]]:
    """Header and rows of a sheet, every value as text."""
    reset = getattr(sheet, "reset_dimensions", None)
    if callable(reset):
        reset()
    rows = [
        ["" if v is None else str(v).strip() for v in row]
        for row in sheet.iter_rows(values_only=True)  # type: ignore[attr-defined]
    ]
    return (rows[0], rows[1:]) if rows else ([], [])


def _cell(row: list[str], index: int | None) -> str:
    return row[index] if index is not None and index < len(row) else ""


def _column(header: list[str], names: set[str]) -> int | None:
    for i, h in enumerate(header):
        if h in names:
            return i
    return None


@dataclass(slots=True)
class _Seen:
    """One finding as the Findings sheet shows it."""

    finding_id: str
    asin: str
    skus: list[str]
    rule_id: str
    kind: str
    subject: str
    text: str


def import_workbook(
    path: Path,
    today: date,
    expires_after_days: int = DEFAULT_EXPIRES_AFTER_DAYS,
    hasher: Callable[[Path], str | None] = content_hash,
) -> ImportResult:
    """The decisions a team filled in on a report workbook, one per finding they cover.

    Reads every Flagged ASINs sheet (with its continuations `Flagged ASINs (2)`..., and the
    Chinese workbook's `需处理的ASIN` with `决定` / `负责人` / `备注`) and the Findings sheets for
    the finding IDs of each product page. Decisions are dated `today`; Keep decisions expire
    `expires_after_days` later (0: never). Image evidence is the listing image's bytes, read
    from the path the Findings sheet gives (as given, or beside the workbook)."""
    import openpyxl  # a dependency anyway; only this command needs it here

    path = Path(path)
    if not path.is_file():
        raise InputError(str(path), "workbook not found", "check the path to the report .xlsx")
    _check_workbook(path)
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - any unreadable workbook is the same user error
        raise InputError(str(path), f"cannot be read as a workbook ({exc})",
                         "give the report workbook listing-audit wrote") from None
    flagged_names, findings_names = _names("Flagged ASINs"), _names("Findings")
    out = ImportResult()
    try:
        flagged = [s for s in book.worksheets if _sheet_matches(s.title, flagged_names)]
        found = [s for s in book.worksheets if _sheet_matches(s.title, findings_names)]
        if not flagged:
            raise InputError(str(path), "has no Flagged ASINs sheet",
                             "give the report workbook `listing-audit scan --out` wrote")
        seen = _read_findings(found, path)
        expires = (today + timedelta(days=expires_after_days)).isoformat() \
            if expires_after_days > 0 else ""
        for sheet in flagged:
            _read_flagged(sheet, path, seen, today, expires, hasher, out)
    finally:
        book.close()
    return out


def _read_findings(sheets: list[object], path: Path) -> dict[str, list[_Seen]]:
    """Findings by ASIN (upper-cased) and by SKU, from every Findings sheet."""
    by_key: dict[str, list[_Seen]] = {}
    for sheet in sheets:
        header, rows = _table(sheet)
        col = {
            name: _column(header, _names(*english))
            for name, english in {
                "asin": ("ASIN",),
                "sku": ("SKU",),
                "id": ("Finding ID",),
                "rule": ("Rule",),
                "kind": ("Kind",),
                "subject": ("Brand or asset",),
                "text": ("Text as written / image path",),
            }.items()
        }
        if col["id"] is None:
            title = getattr(sheet, "title", "Findings")
            raise InputError(str(path), f"sheet {title!r} has no Finding ID column",
                             "give the report workbook as listing-audit wrote it")
        image_kind = _names("image")
        for row in rows:
            finding_id = _cell(row, col["id"])
            if not finding_id:
                continue
            item = _Seen(finding_id, _cell(row, col["asin"]), [_cell(row, col["sku"])],
                         _cell(row, col["rule"]),
                         "image" if _cell(row, col["kind"]) in image_kind else "text",
                         _cell(row, col["subject"]), _cell(row, col["text"]))
            key = item.asin.upper() if item.asin else item.skus[0]
            by_key.setdefault(key, []).append(item)
    return by_key


def _read_flagged(
    sheet: object,
    path: Path,
    seen: dict[str, list[_Seen]],
    today: date,
    expires: str,
    hasher: Callable[[Path], str | None],
    out: ImportResult,
) -> None:
    title = str(getattr(sheet, "title", "Flagged ASINs"))
    header, rows = _table(sheet)
    col = {
        name: _column(header, _names(*english))
        for name, english in {
            "asin": ("ASIN",),
            "skus": ("SKUs", "SKU"),
            "decision": ("Decision",),
            "assignee": ("Assignee",),
            "notes": ("Notes",),
        }.items()
    }
    if col["decision"] is None or (col["asin"] is None and col["skus"] is None):
        raise InputError(str(path), f"sheet {title!r} has no Decision, ASIN or SKUs column",
                         "give the report workbook as listing-audit wrote it")

    def cell(row: list[str], name: str) -> str:
        i = col[name]
        return row[i] if i is not None and i < len(row) else ""

    for number, row in enumerate(rows, start=2):
        value = cell(row, "decision")
        if not value:
            continue
        where = f"{path.name}: {title} row {number}"
        decision = canonical_decision(value)
        if not decision:
            out.problems.append(f"{where}: decision {value!r} is not one of "
                                f"{', '.join(DECISION_VALUES)}; ignored")
            continue
        out.rows += 1
        asin = cell(row, "asin")
        skus = [s.strip() for s in re.split(r"[,;\n]", cell(row, "skus")) if s.strip()]
        if asin:
            items = seen.get(asin.upper(), [])
        else:
            items = [i for sku in skus for i in seen.get(sku, [])]
        base = Decision(
            finding_id="",
            decision=decision,
            asin=asin,
            sku=", ".join(skus),
            assignee=cell(row, "assignee"),
            notes=cell(row, "notes"),
            decided_at=today.isoformat(),
            expires=expires if decision in ("Keep - authorized", "Keep - false alarm") else "",
            source=where,
        )
        if not items:
            out.decisions.append(base)  # a page decision with no finding (a complaint alone)
            continue
        grouped: dict[str, list[_Seen]] = {}
        for item in items:
            grouped.setdefault(item.finding_id, []).append(item)
        for finding_id, group in grouped.items():
            first = group[0]
            finding_skus = list(dict.fromkeys(s for g in group for s in g.skus if s))
            if first.kind == "image":
                proof = _image_evidence_near(first.text, path, hasher)
                if not proof:
                    out.unhashed_images += 1
            else:
                proof = text_evidence(first.text)
            out.decisions.append(replace(
                base,
                finding_id=finding_id,
                sku=", ".join(finding_skus) or base.sku,
                evidence=proof,
                rule_id=first.rule_id,
                subject=first.subject,
            ))


def _image_evidence_near(image: str, workbook: Path, hasher: Callable[[Path], str | None]) -> str:
    """The image as the scan named it, or relative to the workbook's folder."""
    if not image:
        return ""
    candidates = [Path(image)]
    if not Path(image).is_absolute():
        candidates.append(workbook.parent / image)
    for candidate in candidates:
        if candidate.is_file():
            return image_evidence(candidate, hasher)
    return ""


# ---- merging an import into an existing file -------------------------------------------------


@dataclass(frozen=True, slots=True)
class MergeCounts:
    added: int
    changed: int
    unchanged: int
    total: int


def _key(d: Decision) -> str:
    return d.finding_id or f"page:{d.asin.upper()}|{d.sku}"


def merge_decisions(
    existing: Sequence[Decision], imported: Sequence[Decision], today: date
) -> tuple[list[Decision], MergeCounts]:
    """The existing file updated by a new import, by finding ID.

    A finding the import does not mention keeps its row: accepted findings are not on the
    next report's Flagged sheet, so a blank there never revokes a decision (edit or delete the
    row in the file to do that). The same decision on the same evidence keeps its original
    date and expiry (only assignee and notes are updated), unless it has expired, when the
    team's renewed decision starts a new term."""
    merged: dict[str, Decision] = {_key(d): d for d in existing}
    added = changed = unchanged = 0
    for new in imported:
        key = _key(new)
        old = merged.get(key)
        if old is None:
            merged[key] = new
            added += 1
            continue
        same = (
            old.decision == new.decision
            and (not new.evidence or old.evidence == new.evidence)
            and not _expired(old, today)
        )
        if same:
            updated = replace(old, assignee=new.assignee or old.assignee,
                              notes=new.notes or old.notes)
            if updated != old:
                changed += 1
            else:
                unchanged += 1
            merged[key] = updated
        else:
            merged[key] = new
            changed += 1
    return list(merged.values()), MergeCounts(added, changed, unchanged, len(merged))
