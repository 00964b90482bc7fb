"""Which columns feed which listing field: the plan made once per table from its header row.

A plain report or flat file has one set of columns per row. The newer templates qualify columns
by marketplace and language, e.g.
`item_name[marketplace_id=A1PA6795UKMFR9][language_tag=de_DE]#1.value`; there each marketplace
(and each language a marketplace carries) is a *unit*, and a row becomes one listing per unit that
has something written in it (FORMATS.md: "strip the qualifiers to stable keys and keep
marketplace and language aside").
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..errors import ConfigError
from ..model import CANONICAL_FIELDS
from .headers import INFO_FIELDS, MULTI_VALUE, header_key, map_header, parse_attribute_path

#: Fields `--map FIELD=HEADER` may name.
MAPPABLE_FIELDS: tuple[str, ...] = (
    *CANONICAL_FIELDS,
    *(f"bullet_point{i}" for i in range(6, 11)),
    "quantity",
    "fulfillment",
    "parent_sku",
    "variation",
    "product_id",
    "product_id_type",
)
#: Columns checked for values Excel has turned into scientific notation.
ID_FIELDS = frozenset(
    {"sku", "asin", "product_id", "external_product_id", "parent_sku", "listing_id"}
)


def parse_column_map(specs: Iterable[str]) -> list[tuple[str, str]]:
    """`title=Product Name` -> [("title", "Product Name")]; unknown fields are a ConfigError."""
    pairs: list[tuple[str, str]] = []
    for spec in specs:
        name, sep, header = spec.partition("=")
        name, header = name.strip(), header.strip().strip('"').strip("'")
        if not sep or not name or not header:
            raise ConfigError(
                f"--map {spec!r}: expected FIELD=HEADER",
                'for example --map title="Product Name" --map asin=ASIN',
            )
        if name not in MAPPABLE_FIELDS:
            close = difflib.get_close_matches(name, MAPPABLE_FIELDS, n=1)
            hint = f"did you mean {close[0]!r}? " if close else ""
            raise ConfigError(
                f"--map {spec!r}: {name!r} is not a field listing-audit reads",
                hint + "fields: " + ", ".join(MAPPABLE_FIELDS),
            )
        pairs.append((name, header))
    return pairs


@dataclass(slots=True)
class Unit:
    """One marketplace (and language) of a multi-marketplace template row."""

    marketplace: str
    language: str
    fields: dict[str, list[int]]  # this unit's columns first, then the shared ones
    own: tuple[int, ...]  # columns written only for this unit (language-specific ones)


@dataclass(slots=True)
class Market:
    marketplace: str
    own: tuple[int, ...]  # marketplace-level columns (images, ASIN) shared by its languages
    units: list[Unit]
    primary: Unit  # used when only marketplace-level columns are filled in


@dataclass(slots=True)
class ColumnPlan:
    header: list[str]
    shared: dict[str, list[int]]
    markets: list[Market] = field(default_factory=list)
    #: (column, header) of ID columns, for the Excel-mangling check.
    id_columns: list[tuple[int, str]] = field(default_factory=list)
    #: Header names written more than once (the first non-empty value is used).
    duplicates: list[str] = field(default_factory=list)
    #: --map headers this table used.
    mapped: set[str] = field(default_factory=set)
    attribute_paths: int = 0
    bullet_slots: int = 0
    #: Columns recognised (they tell formats apart) but never copied into a listing.
    info_fields: set[str] = field(default_factory=set)

    @property
    def fields(self) -> set[str]:
        found = set(self.shared) | self.info_fields
        for market in self.markets:
            for unit in market.units:
                found |= set(unit.fields)
        return found


def field_of(header: str, column_map: dict[str, str]) -> str | None:
    """The field a header feeds: a --map entry first, then the alias table."""
    mapped = column_map.get(header_key(header))
    return mapped if mapped is not None else map_header(header)


def build_plan(
    header: list[str],
    column_map: list[tuple[str, str]] | None = None,
    primary_language: str = "",
) -> ColumnPlan:
    by_key = {header_key(h): f for f, h in (column_map or [])}
    shared: dict[str, list[int]] = {}
    market_cols: dict[str, dict[str, list[int]]] = {}
    lang_cols: dict[tuple[str, str], dict[str, list[int]]] = {}
    seen: dict[str, int] = {}
    plan = ColumnPlan(header=list(header), shared=shared)
    mapped_first: dict[str, list[int]] = {}
    for col, cell in enumerate(header):
        name = cell.strip()
        if not name:
            continue
        key = header_key(name)
        target = field_of(name, by_key)
        if key in by_key:
            plan.mapped.add(key)
            mapped_first.setdefault(target or "", []).append(col)
        if target is None:
            continue
        if key in seen and target not in MULTI_VALUE:
            plan.duplicates.append(name)
        seen.setdefault(key, col)
        if target in ID_FIELDS:
            plan.id_columns.append((col, name))
        path = parse_attribute_path(name)
        if path is not None:
            plan.attribute_paths += 1
        if target in INFO_FIELDS:
            plan.info_fields.add(target)
            continue
        if target.startswith("bullet_point"):
            plan.bullet_slots = max(plan.bullet_slots, int(target.removeprefix("bullet_point")))
        if path is not None and path.language:
            lang_cols.setdefault((path.marketplace, path.language), {}).setdefault(
                target, []
            ).append(col)
        elif path is not None and path.marketplace:
            market_cols.setdefault(path.marketplace, {}).setdefault(target, []).append(col)
        else:
            shared.setdefault(target, []).append(col)
    # --map columns come before alias matches of the same field.
    for target, cols in mapped_first.items():
        if target in shared:
            rest = [c for c in shared[target] if c not in cols]
            shared[target] = [c for c in cols if c in shared[target]] + rest
    markets = list(dict.fromkeys([*market_cols, *(m for m, _ in lang_cols)]))
    for market in markets:
        mp_fields = market_cols.get(market, {})
        mp_own = tuple(c for cols in mp_fields.values() for c in cols)
        units = [
            Unit(
                market,
                lang,
                _combine(cols, mp_fields, shared),
                tuple(c for cs in cols.values() for c in cs),
            )
            for (m, lang), cols in lang_cols.items()
            if m == market
        ]
        if not units:
            units = [Unit(market, "", _combine({}, mp_fields, shared), mp_own)]
        primary = next((u for u in units if u.language == primary_language), units[0])
        plan.markets.append(Market(market, mp_own, units, primary))
    return plan


def _combine(*layers: dict[str, list[int]]) -> dict[str, list[int]]:
    """Most specific columns first: language, then marketplace, then shared."""
    out: dict[str, list[int]] = {}
    for layer in layers:
        for name, cols in layer.items():
            out.setdefault(name, []).extend(cols)
    return out
