"""`listing-audit explain ASIN --json r.json`: why one listing scored as it did, in plain words.

Works from a saved JSON report alone, so a seller can explain last week's scan without the inputs:
each finding with its evidence and the rule weights behind its score, how the findings combine,
and which level and action rules applied. Weights are read from the rules given (the bundled
defaults unless --rules), and any part of a score they do not account for is shown as such.
"""

from __future__ import annotations

import difflib
import json
from pathlib import Path
from typing import Any

from .config import Rules
from .errors import InputError
from .scoring import field_group


def load_report(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(
            str(path),
            "JSON report not found",
            "give the file written by `listing-audit scan --json`",
        ) from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InputError(
            str(path),
            f"is not a JSON report ({exc})",
            "give the file written by `listing-audit scan --json`",
        ) from None
    if not isinstance(data, dict) or data.get("schema") != "listing-audit/1":
        raise InputError(
            str(path),
            "is not a listing-audit/1 report",
            "give the file written by `listing-audit scan --json`",
        )
    return data


def find_listings(data: dict[str, Any], key: str, path: Path) -> list[dict[str, Any]]:
    """Every listing whose ASIN or SKU is `key` (SKUs sharing an ASIN come together)."""
    wanted = key.strip()
    found = [
        item
        for item in data["listings"]
        if wanted in {item.get("asin") or "", item.get("sku") or ""}
        or wanted.upper() == (item.get("asin") or "").upper()
    ]
    if not found:
        known = [str(i.get("asin") or i.get("sku")) for i in data["listings"]]
        close = difflib.get_close_matches(wanted, known, n=3)
        hint = f"did you mean {', '.join(close)}?" if close else "give an ASIN or SKU from the scan"
        raise InputError(str(path), f"no listing with ASIN or SKU {wanted!r}", hint)
    return found


def _text_weights(f: dict[str, Any], rules: Rules) -> list[tuple[str, float]]:
    out: list[tuple[str, float]] = []
    for label, table, key in (
        ("brand risk", "brand_risk", f.get("brand_risk")),
        ("field", "field_weight", field_group(str(f.get("field", "")))),
        ("match", "match_weight", f.get("match")),
        ("brand kind", "kind_weight", f.get("brand_kind")),
    ):
        value = rules.table(table).get(str(key))
        if isinstance(value, (int, float)):
            out.append((f"{label} {key}", float(value)))
    return out


def _finding_lines(n: int, f: dict[str, Any], rules: Rules) -> list[str]:
    head = (
        f"  {n}. {f.get('rule_id', f['kind'])}  score {f.get('score', 0):.1f}  "
        f"action {f.get('action', '?')}"
    )
    if f["kind"] == "image":
        lines = [
            head,
            f"     image {f['image']} ({f.get('slot', '?')}) ~ asset {f['asset']} "
            f"of {f.get('owner') or 'unknown owner'}",
            f"     method {f['method']}, distance {f['distance']}",
        ]
        return lines
    lines = [
        head,
        f"     {f.get('field')}: '{f.get('matched_text')}' -> {f.get('brand')} "
        f"({f.get('owner') or 'owner unknown'}), match {f.get('match')}",
        f'     context: "{f.get("context", "")}"',
    ]
    weights = _text_weights(f, rules)
    if weights:
        product = 100.0
        for _, w in weights:
            product *= w
        parts = " x ".join(f"{w:g} ({name})" for name, w in weights)
        lines.append(f"     weights: 100 x {parts} = {product:.1f}")
        score = float(f.get("score", 0))
        if product and abs(product - score) > 0.05:
            lines.append(f"     other factors (context, rule adjustments): x{score / product:.2f}")
    return lines


def explain(data: dict[str, Any], key: str, rules: Rules, path: Path) -> str:
    """The explanation of every listing matching `key`, as printable text."""
    levels = rules.table("levels")
    out: list[str] = []
    for item in find_listings(data, key, path):
        out.append(
            f"{item.get('asin') or '(no ASIN)'}  SKU {item['sku']}  rank {item['rank']}: "
            f"score {item['risk_score']:.1f}, level {item['risk_level']}, "
            f"action {item['action']}"
        )
        out.append(f"Title: {item.get('title', '')}")
        findings = item.get("findings", [])
        if not findings:
            out.append("No findings: no brand from the lists and no protected image matched.")
            out.append("")
            continue
        out.append("Findings, strongest first:")
        for n, f in enumerate(findings, start=1):
            out.extend(_finding_lines(n, f, rules))
        scores = [float(f.get("score", 0)) for f in findings]
        terms = " x ".join(f"(1 - {s / 100:.3f})" for s in scores)
        remaining = 1.0
        for s in scores:
            remaining *= 1 - min(100.0, s) / 100
        out.append(f"Combined: 100 x (1 - {terms}) = {100 * (1 - remaining):.1f}")
        if abs(100 * (1 - remaining) - float(item["risk_score"])) > 0.05:
            out.append(
                f"  then moved to {item['risk_score']:.1f} by a level floor or cap "
                "(rules [level_floor] / [level_cap])"
            )
        out.append(
            f"Level: {item['risk_level']} (high from {levels['high']}, medium from "
            f"{levels['medium']}, low from {levels['low']})"
        )
        actions = [str(f.get("action", "none")) for f in findings]
        allowed = rules.table("level_actions").get(item["risk_level"], "none")
        out.append(
            f"Action: {item['action']} (findings ask for {', '.join(dict.fromkeys(actions))}"
            f"; at level {item['risk_level']} at most {allowed})"
        )
        out.append("Reasons:")
        out.extend(f"  - {r}" for r in item.get("reasons", []))
        out.append("")
    return "\n".join(out).rstrip() + "\n"
