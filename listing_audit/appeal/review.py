"""The catalog review behind an appeal: every listing of a saved scan with its outcome.

Built from the scan's JSON alone (so an appeal can be written days later, without the inputs),
the team's decisions when given, and the complaints. An outcome comes from the team's decision
when there is one, else from the scan's recommended action, and the review says which, so the
plan of action never states as done what only the scan suggested without telling the seller.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..explain import load_report
from ..model import Complaint
from ..text.normalise import compact
from .decisions import Decisions
from .watch import by_asin, owner_name

#: Outcome codes, with how the English and Chinese documents name them.
OUTCOMES: dict[str, tuple[str, str]] = {
    "removed": ("Removed", "删除"),
    "fixed": ("Fixed", "修改"),
    "done": ("Done", "已处理"),
    "kept_authorized": ("Kept - authorized", "保留（已授权）"),
    "kept_false_alarm": ("Kept - false alarm", "保留（误报）"),
    "to_review": ("To review", "待复核"),
    "clean": ("No issue found", "未发现问题"),
}
_BY_DECISION = {
    "Remove": "removed",
    "Fix": "fixed",
    "Keep - authorized": "kept_authorized",
    "Keep - false alarm": "kept_false_alarm",
}
_BY_ACTION = {"remove": "removed", "fix": "fixed", "review": "to_review", "none": "clean"}


def outcome_for(decision: str, action: str) -> str:
    """The team's decision wins; `Done` means the scan's action was carried out (a `review`
    that is done is `done`); without a decision the scan's action stands."""
    if decision in _BY_DECISION:
        return _BY_DECISION[decision]
    if decision == "Done":
        return {"remove": "removed", "fix": "fixed"}.get(action, "done")
    return _BY_ACTION.get(action, "to_review")


@dataclass(frozen=True, slots=True)
class Reviewed:
    """One listing of the scan, as the appeal reports it."""

    sku: str
    asin: str
    title: str
    marketplace: str
    status: str
    rank: int
    level: str
    score: float
    action: str
    reasons: tuple[str, ...]
    findings: tuple[dict[str, Any], ...]
    source: str
    row: int
    decision: str
    outcome: str
    complaints: tuple[Complaint, ...] = ()

    @property
    def key(self) -> str:
        return self.asin or self.sku

    def names(self) -> set[str]:
        """Brands and owners behind the listing's findings (compact: `orbit-sports` and
        `Orbit Sports` compare equal), and the asset ids of its image matches (folded)."""
        out: set[str] = set()
        for f in self.findings:
            for value in (f.get("brand"), f.get("owner")):
                if isinstance(value, str) and value:
                    out |= {compact(value), compact(owner_name(value))}
            asset = f.get("asset")
            if isinstance(asset, str) and asset:
                out.add(asset.casefold())
        return out


@dataclass(slots=True)
class Review:
    """The scan, the decisions and the complaints, put together for the appeal's documents."""

    scan_path: str
    listings: list[Reviewed]
    review_date: str
    started_at: str
    tool_version: str
    rules_fingerprint: str
    inputs: dict[str, Any]
    files: list[dict[str, Any]]
    skipped: list[dict[str, Any]]
    complaints: list[Complaint] = field(default_factory=list)
    decisions_source: str = ""
    complaints_in_scan: bool = False
    notes: list[str] = field(default_factory=list)

    def with_outcome(self, *outcomes: str) -> list[Reviewed]:
        return [r for r in self.listings if r.outcome in outcomes]

    @property
    def asins(self) -> list[str]:
        return list(dict.fromkeys(r.asin for r in self.listings if r.asin))

    def by_asin(self, asin: str) -> list[Reviewed]:
        return [r for r in self.listings if r.asin.upper() == asin.upper()]

    def same_brand_or_owner(self, complaint: Complaint) -> list[Reviewed]:
        """Other listings whose findings name the complaint's brand or rights owner, or whose
        picture matched the complained listing's."""
        wanted = {
            compact(n)
            for n in (complaint.brand_or_work, complaint.rights_owner,
                      owner_name(complaint.rights_owner))
            if compact(n)
        }
        prefix = f"complaint:{complaint.asin.upper()}/".casefold()
        out = []
        for r in self.listings:
            if r.asin.upper() == complaint.asin.upper() or not r.findings:
                continue
            names = r.names()
            if names & wanted or any(n.startswith(prefix) for n in names):
                out.append(r)
        return out


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ("" if value is None else str(value))


def _number(value: Any) -> float:
    return float(value) if isinstance(value, (int, float)) else 0.0


def build_review(
    scan_path: Path,
    complaints: list[Complaint] | None = None,
    decisions: Decisions | None = None,
) -> Review:
    """Read a saved scan (`scan --json`) and give each listing its outcome."""
    data = load_report(Path(scan_path))
    raw_listings = data.get("listings")
    if not isinstance(raw_listings, list):
        raise InputError(str(scan_path), "has no `listings`", "give a `scan --json` file")
    complaints = list(complaints or [])
    complained = by_asin(complaints)
    run = data.get("run") if isinstance(data.get("run"), dict) else {}
    assert isinstance(run, dict)
    started = _text(run.get("started_at")) or _text(data.get("generated_at"))
    notes: list[str] = []
    listings: list[Reviewed] = []
    for item in raw_listings:
        if not isinstance(item, dict):
            continue
        asin = _text(item.get("asin"))
        sku = _text(item.get("sku"))
        action = _text(item.get("action")) or "none"
        decision = decisions.for_listing(asin, sku) if decisions is not None else ""
        findings = item.get("findings")
        listings.append(
            Reviewed(
                sku=sku,
                asin=asin,
                title=_text(item.get("title")),
                marketplace=_text(item.get("marketplace")),
                status=_text(item.get("status")),
                rank=int(_number(item.get("rank"))),
                level=_text(item.get("risk_level")) or "none",
                score=_number(item.get("risk_score")),
                action=action,
                reasons=tuple(_text(r) for r in item.get("reasons") or []),
                findings=tuple(f for f in findings or [] if isinstance(f, dict)),
                source=_text(item.get("source")),
                row=int(_number(item.get("row"))),
                decision=decision,
                outcome=outcome_for(decision, action),
                complaints=tuple(complained.get(asin.upper(), [])),
            )
        )
    if decisions is not None:
        known = {r.asin.upper() for r in listings} | {r.sku for r in listings}
        unknown = [k for k in decisions.by_key if k not in known and k.upper() not in known]
        if unknown:
            notes.append(
                f"{len(unknown)} decision(s) name an ASIN or SKU that is not in the scan "
                f"({', '.join(unknown[:5])}{', ...' if len(unknown) > 5 else ''}); ignored"
            )
        notes.extend(decisions.problems)
    have = {r.asin.upper() for r in listings}
    for asin in complained:
        if asin not in have:
            notes.append(
                f"complained ASIN {asin} is not in the scan: its listing was not reviewed. "
                "Scan an All Listings report (it includes inactive listings) to cover it"
            )
    options = run.get("options") if isinstance(run.get("options"), dict) else {}
    inputs = data.get("inputs") if isinstance(data.get("inputs"), dict) else {}
    assert isinstance(options, dict) and isinstance(inputs, dict)
    files = [f for f in run.get("files") or [] if isinstance(f, dict)]
    return Review(
        scan_path=str(scan_path),
        listings=listings,
        review_date=started[:10],
        started_at=started,
        tool_version=_text(data.get("tool_version")),
        rules_fingerprint=_text(data.get("rules_fingerprint")),
        inputs=inputs,
        files=files,
        skipped=[s for s in data.get("skipped") or [] if isinstance(s, dict)],
        complaints=complaints,
        decisions_source=decisions.source if decisions is not None else "",
        complaints_in_scan=bool(
            options.get("complaints_path") or options.get("complaints") or inputs.get("complaints")
        ),
        notes=notes,
    )
