"""Findings -> a 0-100 risk score, a level, an action and reasons in plain words.

Every weight comes from the rules (rules/default.toml). A finding's score is the product of its
weights, so each factor can be read off on its own; a listing's score combines its findings with
diminishing returns, 100 * (1 - prod(1 - s_i / 100)): two medium findings make more than one, but
never more than 100.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from .config import Rules
from .errors import ConfigError
from .model import (
    ACTIONS,
    Action,
    Complaint,
    Finding,
    ImageFinding,
    Level,
    ListingResult,
    TextFinding,
)

#: Actions from strongest to weakest.
_STRENGTH = {action: len(ACTIONS) - i for i, action in enumerate(ACTIONS)}


def field_group(field: str) -> str:
    """bullet_point1..5 share one weight."""
    return "bullet_point" if field.startswith("bullet_point") else field


def field_label(field: str) -> str:
    """How a seller names a field: `bullet_point2` -> `bullet point 2`, `brand` -> `brand field`."""
    if field.startswith("bullet_point"):
        return f"bullet point {field.removeprefix('bullet_point')}"
    return {"brand": "brand field", "search_terms": "search terms"}.get(field, field)


def _weight(rules: Rules, table: str, key: str) -> float:
    return float(rules.table(table).get(key, 0.0))


def score_text(finding: TextFinding, rules: Rules) -> float:
    """100 x brand risk x field x match kind x brand kind x context cue ([cue_weight])."""
    return 100.0 * (
        _weight(rules, "brand_risk", finding.brand_risk)
        * _weight(rules, "field_weight", field_group(finding.field))
        * _weight(rules, "match_weight", finding.match)
        * _weight(rules, "kind_weight", finding.brand_kind)
        * _cue_weight(finding, rules)
    )


def _cue_weight(finding: TextFinding, rules: Rules) -> float:
    """The [cue_weight] of the finding's context cue; a finding without a cue weighs `none`."""
    table = rules.raw.get("cue_weight", {})
    return float(table.get(finding.cue or "none", table.get("none", 1.0)))


#: How a disguised or misspelled mention was written, in the seller's words.
_WRITTEN = {
    "look-alike": "with look-alike letters from another alphabet",
    "invisible": "with invisible characters inside the word",
    "digit-swap": "with digits for letters",
    "spaced": "with its letters spaced out",
    "styled": "in fullwidth or styled letters",
    "accent": "with accents the brand does not have",
}


def _text_reason(finding: TextFinding, where: str, owner: str, said: str) -> str | None:
    """Reasons for the rules that read context or disguise; None for the others."""
    if finding.rule_id == "T-COUNTERFEIT":
        return (
            f"{where} offers a copy of {finding.brand}{owner}: {said} "
            f"with '{finding.cue_text}'"
        )
    if finding.rule_id == "T-DISGUISE":
        how = _WRITTEN.get(finding.match, "in disguise")
        return f"{where} names the brand {finding.brand}{owner} {how}, as {said}"
    if finding.rule_id == "T-MISSPELLED":
        letters = "letter" if finding.distance == 1 else "letters"
        return (
            f"{where} names the brand {finding.brand}{owner} misspelled as {said} "
            f"({finding.distance} {letters} off)"
        )
    if finding.rule_id == "T-COMPATIBLE" and not finding.cue_text:
        return (
            f"{where} names {finding.brand}{owner} as {said}, a mark mostly named to say what a "
            "product works with; check the product qualifies"
        )
    if finding.rule_id == "T-COMPATIBLE":
        return (
            f"{where} states compatibility with {finding.brand}{owner} "
            f"('{finding.cue_text}'); check the claim is true and the brand does not read as yours"
        )
    return None


def score_image(finding: ImageFinding, rules: Rules) -> float:
    """From `max_score` for an exact copy down to `min_score` at the acceptance limit, times
    the slot weight. Hash matches go by distance (`max_distance`); keypoint matches
    (`inliers` > 0) by the number of agreeing keypoints, from `min_inliers` (`sift_min_inliers`
    for SIFT keypoints) up to `strong_inliers`."""
    t = rules.table("image")
    top, bottom = float(t["max_score"]), float(t["min_score"])
    if finding.inliers > 0:
        least = "sift_min_inliers" if finding.method.startswith("sift") else "min_inliers"
        low, high = float(t[least]), float(t["strong_inliers"])
        closeness = (finding.inliers - low) / (high - low) if high > low else 1.0
        closeness = max(0.0, min(1.0, closeness))
    else:
        limit = float(t["max_distance"])
        closeness = 1.0 - min(finding.distance, limit) / limit if limit else 1.0
    slot = t["main_slot_weight"] if finding.slot == "MAIN" else t["other_slot_weight"]
    return (bottom + (top - bottom) * closeness) * float(slot)


def combine(scores: list[float]) -> float:
    remaining = 1.0
    for s in scores:
        remaining *= 1.0 - max(0.0, min(100.0, s)) / 100.0
    return round(100.0 * (1.0 - remaining), 1)


def level_for(score: float, rules: Rules) -> Level:
    levels = rules.table("levels")
    if score >= levels["high"]:
        return "high"
    if score >= levels["medium"]:
        return "medium"
    if score >= levels["low"]:
        return "low"
    return "none"


def _clamp_level(score: float, findings: list[Finding], rules: Rules) -> tuple[float, Level]:
    """Apply [level_floor] and [level_cap]: the listing's level stays between the highest floor
    and the highest cap of its findings (a finding without a cap allows "high"), and the score
    is moved into that level's band so the two always agree."""
    order: list[Level] = ["none", "low", "medium", "high"]
    floors, caps = rules.table("level_floor"), rules.table("level_cap")
    level = level_for(score, rules)
    if not findings:
        return score, level
    floor = max((order.index(floors.get(f.rule_id, "none")) for f in findings), default=0)
    cap = max(order.index(caps.get(f.rule_id, "high")) for f in findings)
    index = min(max(order.index(level), floor), cap)
    bounds = rules.table("levels")
    if index > order.index(level):
        score = float(bounds[order[index]])
    elif index < order.index(level):
        score = float(bounds[order[index + 1]]) - 0.1
    return round(score, 1), order[index]


def strongest(actions: list[Action]) -> Action:
    return max(actions, key=lambda a: _STRENGTH[a], default="none")


def reason(finding: Finding) -> str:
    """One finding in the seller's words."""
    if isinstance(finding, ImageFinding):
        owner = f" ({finding.owner})" if finding.owner else ""
        name = Path(finding.image).name
        evidence = (
            f"{finding.method}, {finding.inliers} matching keypoints, "
            f"{1 - finding.distance:.0%} of its edges in place"
            if finding.inliers
            else f"{finding.method}, distance {finding.distance:g}"
        )
        if finding.rule_id == "I-EMBEDDED":
            return (
                f"{finding.slot} image {name} shows the protected image "
                f"{finding.asset}{owner} inside it ({evidence})"
            )
        return (
            f"{finding.slot} image {name} matches the protected image "
            f"{finding.asset}{owner} ({evidence})"
        )
    owner = f" ({finding.owner})" if finding.owner else ""
    where = field_label(finding.field)
    said = f"'{finding.matched_text}'"
    if finding.rule_id == "T-SEARCH-TERMS":
        return (
            f"search terms contain the brand {finding.brand}{owner} as {said}; "
            "Amazon does not allow brand names there"
        )
    if finding.rule_id == "T-BRAND-FIELD":
        return f"brand field claims {finding.brand}{owner}, which is not your brand"
    if finding.rule_id == "T-GENERIC":
        instead = f"; write '{finding.suggestion}' instead" if finding.suggestion else ""
        return f"{where} uses the trademark {finding.brand}{owner} as a common noun{instead}"
    special = _text_reason(finding, where, owner, said)
    if special is not None:
        return special
    if finding.rule_id == "T-COMMON-WORD":
        return (
            f"{where} uses {said}, also the brand {finding.brand}{owner}; "
            "check it is meant as an ordinary word"
        )
    return f"{where} names the brand {finding.brand}{owner} as {said}"


def score_listing(result: ListingResult, rules: Rules) -> ListingResult:
    """Fill in finding scores and actions, the listing's score, level, action and reasons."""
    actions = rules.table("actions")
    scored: list[Finding] = []
    for finding in result.findings:
        s = (
            score_text(finding, rules)
            if isinstance(finding, TextFinding)
            else score_image(finding, rules)
        )
        scored.append(
            replace(finding, score=round(s, 1), action=actions.get(finding.rule_id, "review"))
        )
    scored.sort(key=lambda f: -f.score)
    result.findings = scored
    result.risk_score, result.risk_level = _clamp_level(
        combine([f.score for f in scored]), scored, rules
    )
    cap: Action = rules.table("level_actions")[result.risk_level]
    action = strongest([f.action for f in scored])
    result.action = action if _STRENGTH[action] <= _STRENGTH[cap] else cap
    reasons: list[str] = []
    for finding in scored:
        text = reason(finding)
        if text not in reasons:
            reasons.append(text)
    result.reasons = reasons
    if result.complaints:
        _apply_complaints(result, rules)
    return result


def complaint_reason(complaint: Complaint) -> str:
    """A rights owner's complaint in the seller's words, from what the notice stated."""
    said = [
        part
        for part in (
            f"complaint {complaint.complaint_id}" if complaint.complaint_id else "",
            complaint.infringement_type,
            complaint.brand_or_work,
            complaint.date,
        )
        if part
    ]
    who = complaint.rights_owner or "a rights owner"
    details = f" ({', '.join(said)})" if said else ""
    return f"{who} complained to Amazon about this ASIN{details}"


def _apply_complaints(result: ListingResult, rules: Rules) -> None:
    """The `complaint` factor ([complaint] in the rules): a rights owner's complaint is a fact,
    not a guess. It counts as one more finding of `weight`, lifts the listing to at least
    `level` and its action to at least `action`, and its reason comes first."""
    table = rules.table("complaint")
    order: list[Level] = ["none", "low", "medium", "high"]
    floor, least = table["level"], table["action"]
    if floor not in order or least not in ACTIONS:
        raise ConfigError(
            f"[complaint] level = {floor!r}, action = {least!r}",
            "level is one of high, medium, low, none; action one of remove, fix, review, none",
        )
    score = combine([result.risk_score, float(table["weight"])])
    level = level_for(score, rules)
    if order.index(level) < order.index(floor):
        level = floor
        score = max(score, float(rules.table("levels")[floor])) if floor != "none" else score
    result.risk_score, result.risk_level = score, level
    result.action = strongest([result.action, least])
    said = [complaint_reason(c) for c in result.complaints]
    result.reasons = [*dict.fromkeys(said), *result.reasons]


def rank(results: list[ListingResult]) -> list[ListingResult]:
    """Rank product pages: SKUs sharing an ASIN share one rank, as they share one page.

    Pages a rights owner complained about (scan --complaints) come first; then pages are
    ordered by their highest listing score; ties break on the strongest single finding, then
    on the ASIN (or SKU) so the order is stable run to run. Within a page, the
    riskiest SKU comes first.
    """
    groups: dict[str, list[ListingResult]] = {}
    for result in results:
        groups.setdefault(result.listing.key, []).append(result)

    def strongest_finding(members: list[ListingResult]) -> float:
        return max((f.score for r in members for f in r.findings), default=0.0)

    # Pages a rights owner complained about come first: Amazon has already acted on them.
    ordered_keys = sorted(
        groups,
        key=lambda k: (
            not any(r.complaints for r in groups[k]),
            -max(r.risk_score for r in groups[k]),
            -strongest_finding(groups[k]),
            k,
        ),
    )
    ordered: list[ListingResult] = []
    for position, key in enumerate(ordered_keys, start=1):
        for result in sorted(groups[key], key=lambda r: (-r.risk_score, r.listing.sku)):
            result.rank = position
            ordered.append(result)
    return ordered
