"""The complaints file: one row per complained ASIN, made by `listing-audit complaints import`.

It is a plain CSV (UTF-8 with a BOM, so Excel opens it right) that a seller can read, correct and
complete by hand: a field a notice did not state is empty and named in the `missing` column,
never filled by a guess. Scans (`scan --complaints`) and the appeal pack (`appeal --complaints`)
read it back with `read_complaints`, which needs only an `asin` column, so a hand-made file of
complained ASINs works too.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..errors import InputError, ListingAuditError
from ..exports.decode import decode_bytes
from ..model import Complaint, Skipped
from ..report.safe import atomic_write, cell_text, csv_text
from .notices import (
    EXPECTED,
    FIELD_NAMES,
    TYPES,
    NoticeComplaint,
    NoticeProblem,
    asins_in,
    infringement_type,
    read_notice,
)

COLUMNS: tuple[str, ...] = (
    "complaint_id",
    "asin",
    "date",
    "date_as_written",
    "infringement_type",
    "type_as_written",
    "rights_owner",
    "rights_owner_email",
    "brand_or_work",
    "right_asserted",
    "title",
    "source",
    "missing",
)
_COMPLAINT_FIELDS: tuple[str, ...] = (
    "complaint_id",
    "date",
    "infringement_type",
    "rights_owner",
    "rights_owner_email",
    "brand_or_work",
    "right_asserted",
    "title",
)


@dataclass(slots=True)
class ImportResult:
    """What `complaints import` read: the complaints, and every notice problem met."""

    complaints: list[NoticeComplaint] = field(default_factory=list)
    problems: list[NoticeProblem] = field(default_factory=list)
    files: int = 0

    @property
    def complaint_ids(self) -> set[str]:
        return {c.complaint.complaint_id or c.complaint.asin for c in self.complaints}


def _key(item: NoticeComplaint) -> tuple[str, str, str]:
    c = item.complaint
    return (c.complaint_id, c.asin, "" if c.complaint_id else c.date)


def _merge(old: NoticeComplaint, new: NoticeComplaint, problems: list[NoticeProblem]) -> (
    NoticeComplaint
):
    """The same complaint read twice (the e-mail and the Account Health copy): fill what the
    first left empty from the second; where both say something different, keep the first and
    say so."""
    changes: dict[str, str] = {}
    for name in _COMPLAINT_FIELDS:
        a, b = getattr(old.complaint, name), getattr(new.complaint, name)
        if not a and b:
            changes[name] = b
        elif a and b and a != b:
            label = old.complaint.complaint_id or old.complaint.asin
            problems.append(
                NoticeProblem(
                    new.complaint.source,
                    f"{label}: {FIELD_NAMES.get(name, name.replace('_', ' '))} {b!r} differs "
                    f"from {a!r} in {old.complaint.source}; kept {a!r}",
                    new.line or None,
                )
            )
    complaint = replace(old.complaint, **changes)
    if new.complaint.source not in complaint.source.split("; "):
        complaint = replace(complaint, source=f"{complaint.source}; {new.complaint.source}")
    return NoticeComplaint(
        complaint=complaint,
        date_as_written=old.date_as_written or new.date_as_written,
        type_as_written=old.type_as_written or new.type_as_written,
        missing=tuple(
            FIELD_NAMES[name] for name in EXPECTED if not getattr(complaint, name)
        ),
        line=old.line,
    )


def merge(items: Iterable[NoticeComplaint], problems: list[NoticeProblem]) -> (
    list[NoticeComplaint]
):
    """One row per complaint and ASIN, in the order first read."""
    merged: dict[tuple[str, str, str], NoticeComplaint] = {}
    for item in items:
        key = _key(item)
        merged[key] = _merge(merged[key], item, problems) if key in merged else item
    return list(merged.values())


def import_notices(paths: Sequence[Path]) -> ImportResult:
    """Read every notice file; a file that cannot be read is a problem, not the end of the run."""
    result = ImportResult()
    read: list[NoticeComplaint] = []
    for path in paths:
        result.files += 1
        try:
            notice = read_notice(Path(path))
        except ListingAuditError as exc:
            result.problems.append(NoticeProblem(str(path), str(exc), kept=False))
            continue
        read.extend(notice.complaints)
        result.problems.extend(notice.problems)
    result.complaints = merge(read, result.problems)
    return result


def _row(item: NoticeComplaint) -> list[str]:
    c = item.complaint
    values = {
        "complaint_id": c.complaint_id,
        "asin": c.asin,
        "date": c.date,
        "date_as_written": item.date_as_written,
        "infringement_type": c.infringement_type,
        "type_as_written": item.type_as_written,
        "rights_owner": c.rights_owner,
        "rights_owner_email": c.rights_owner_email,
        "brand_or_work": c.brand_or_work,
        "right_asserted": c.right_asserted,
        "title": c.title,
        "source": c.source,
        "missing": "; ".join(item.missing),
    }
    # Notice text is written by others: no control characters, and nothing a spreadsheet runs.
    return [csv_text(cell_text(" ".join(values[name].split()))) for name in COLUMNS]


def write_complaints(items: Sequence[NoticeComplaint], path: Path) -> None:
    """The complaints file, atomically: UTF-8 with BOM, one header row, one row per ASIN."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for item in items:
        writer.writerow(_row(item))
    data = ("\ufeff" + buffer.getvalue()).encode("utf-8", errors="replace")

    def save(tmp: Path) -> None:
        tmp.write_bytes(data)

    atomic_write(Path(path), save)


def _unquote(value: str) -> str:
    """Undo `csv_text`'s protective quote when reading the file back."""
    if value.startswith("'") and value[1:2] in ("=", "+", "-", "@"):
        return value[1:]
    return value.strip()


def read_complaints(path: Path) -> tuple[list[Complaint], list[Skipped]]:
    """Complained ASINs from a complaints file; a row without a usable ASIN is reported."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(
            str(path),
            "complaints file not found",
            "make it with `listing-audit complaints import NOTICE.txt --out complaints.csv`",
        ) from None
    except OSError as exc:
        raise InputError(
            str(path), f"cannot be read ({exc.strerror})", "check permissions"
        ) from None
    text, _ = decode_bytes(data, str(path))
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [(h or "").strip().lower().replace(" ", "_") for h in (reader.fieldnames or [])]
    if "asin" not in header:
        raise InputError(
            str(path),
            "is not a complaints file: it has no `asin` column",
            "make it with `listing-audit complaints import NOTICE.txt --out complaints.csv`, "
            "or give a CSV whose header has an `asin` column",
        )
    reader.fieldnames = header
    complaints: list[Complaint] = []
    skipped: list[Skipped] = []
    for raw in reader:
        row = reader.line_num
        rec = {k: _unquote(v or "") for k, v in raw.items() if isinstance(k, str)}
        found = asins_in(rec.get("asin", ""))
        if not found:
            if any(rec.values()):
                skipped.append(
                    Skipped(
                        str(path),
                        f"{rec.get('asin', '')!r} is not an ASIN (ten letters and digits); "
                        "complaint row left out",
                        row=row,
                        column="asin",
                    )
                )
            continue
        kind = rec.get("infringement_type", "").lower()
        if kind and kind not in TYPES:
            kind = infringement_type(kind)
        for asin in found:
            complaints.append(
                Complaint(
                    asin=asin,
                    complaint_id=rec.get("complaint_id", ""),
                    date=rec.get("date", ""),
                    infringement_type=kind,
                    rights_owner=rec.get("rights_owner", ""),
                    rights_owner_email=rec.get("rights_owner_email", ""),
                    brand_or_work=rec.get("brand_or_work", ""),
                    right_asserted=rec.get("right_asserted", ""),
                    title=rec.get("title", ""),
                    source=rec.get("source", "") or str(path),
                )
            )
    return complaints, skipped
