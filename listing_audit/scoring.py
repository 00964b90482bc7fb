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
from .model import ACTIONS, Action, Finding, ImageFinding, Level, ListingResult, TextFinding

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
    return 100.0 * (
        _weight(rules, "brand_risk", finding.brand_risk)
        * _weight(rules, "field_weight", field_group(finding.field))
        * _weight(rules, "match_weight", finding.match)
        * _weight(rules, "kind_weight", finding.brand_kind)
    )


def score_image(finding: ImageFinding, rules: Rules) -> float:
    t = rules.table("image")
    top, bottom, limit = float(t["max_score"]), float(t["min_score"]), float(t["max_distance"])
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
        return (
            f"{finding.slot} image {Path(finding.image).name} matches the protected image "
            f"{finding.asset}{owner} ({finding.method}, distance {finding.distance:g})"
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
    return result


def rank(results: list[ListingResult]) -> list[ListingResult]:
    """Rank product pages: SKUs sharing an ASIN share one rank, as they share one page.

    Pages are ordered by their highest listing score; ties break on the strongest single
    finding, then on the ASIN (or SKU) so the order is stable run to run. Within a page, the
    riskiest SKU comes first.
    """
    groups: dict[str, list[ListingResult]] = {}
    for result in results:
        groups.setdefault(result.listing.key, []).append(result)

    def strongest_finding(members: list[ListingResult]) -> float:
        return max((f.score for r in members for f in r.findings), default=0.0)

    ordered_keys = sorted(
        groups,
        key=lambda k: (-max(r.risk_score for r in groups[k]), -strongest_finding(groups[k]), k),
    )
    ordered: list[ListingResult] = []
    for position, key in enumerate(ordered_keys, start=1):
        for result in sorted(groups[key], key=lambda r: (-r.risk_score, r.listing.sku)):
            result.rank = position
            ordered.append(result)
    return ordered
