"""`listing-audit appeal`: everything an appeal needs, in one folder.

From a saved scan (and the complaints and the team's decisions, when given): the plan of action
in English and Simplified Chinese, as Markdown and Word; evidence.xlsx; and the files that delete
the listings marked Remove (Inventory Loader, and the category flat-file alternative). Each file
is written atomically, so an interrupted run leaves no half-written document behind.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..errors import OutputError
from .complaints import read_complaints
from .decisions import read_decisions
from .delete_files import (
    DEFAULT_DELETE_CODE,
    delete_rows,
    write_flat_file,
    write_inventory_loader,
)
from .document import write_docx, write_markdown
from .evidence import write_evidence
from .plan import plan_of_action
from .review import Review, build_review

PLAN = "plan-of-action"
EVIDENCE = "evidence.xlsx"
INVENTORY_LOADER = "inventory-loader-delete.txt"
FLAT_FILE = "category-flat-file-delete.txt"


@dataclass(slots=True)
class AppealPack:
    """What `appeal` wrote, and what the seller should know about it."""

    files: list[Path] = field(default_factory=list)
    review: Review | None = None
    deleted_skus: int = 0
    notes: list[str] = field(default_factory=list)


def _folder(out_dir: Path) -> Path:
    if out_dir.exists() and not out_dir.is_dir():
        raise OutputError(f"{out_dir}: is a file, not a folder", "give a folder for --out")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(
            f"{out_dir}: cannot create the folder ({exc.strerror or exc})",
            "choose a folder you can write to",
        ) from exc
    return out_dir


def write_appeal(
    scan_json: Path,
    out_dir: Path,
    complaints_path: Path | None = None,
    decisions_path: Path | None = None,
    delete_code: str = DEFAULT_DELETE_CODE,
) -> AppealPack:
    """Read the scan, complaints and decisions, then write the appeal pack into `out_dir`."""
    complaints, complaint_skips = (
        read_complaints(complaints_path) if complaints_path else ([], [])
    )
    decisions = read_decisions(decisions_path) if decisions_path else None
    review = build_review(scan_json, complaints, decisions)
    review.notes.extend(s.describe() for s in complaint_skips)
    if review.complaints_in_scan and not complaints_path:
        review.notes.append(
            "the scan was run with a complaints file; give it here too (--complaints) so the "
            "plan names each complaint and evidence.xlsx cross-checks each complained ASIN"
        )
    folder = _folder(Path(out_dir))
    pack = AppealPack(review=review, notes=list(review.notes))

    for lang, suffix in (("en", ""), ("zh", ".zh")):
        blocks = plan_of_action(review, lang)
        md, docx = folder / f"{PLAN}{suffix}.md", folder / f"{PLAN}{suffix}.docx"
        write_markdown(blocks, md)
        write_docx(blocks, docx, lang)
        pack.files += [md, docx]

    write_evidence(review, folder / EVIDENCE)
    pack.files.append(folder / EVIDENCE)

    if decisions is not None:
        to_delete = [r for r in review.listings if r.decision == "Remove"]
        undecided = [r for r in review.listings if r.action == "remove" and not r.decision]
        if undecided:
            pack.notes.append(
                f"{len(undecided)} listing(s) the scan marked remove have no team decision "
                "and are not in the delete files"
            )
    else:
        to_delete = [r for r in review.listings if r.action == "remove"]
    rows = delete_rows(to_delete)
    pack.notes.extend(rows.left_out)
    write_inventory_loader(rows.skus, folder / INVENTORY_LOADER, delete_code)
    write_flat_file(rows.skus, folder / FLAT_FILE)
    pack.files += [folder / INVENTORY_LOADER, folder / FLAT_FILE]
    pack.deleted_skus = len(rows.skus)
    return pack
