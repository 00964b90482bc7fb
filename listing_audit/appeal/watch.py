"""What a scan with `--complaints` adds: find the rest before the next complaint.

A rights owner who complained about one listing will find the others. So the brands and the
rights owners a complaint names join the watch list at high risk (existing entries are raised,
missing ones added), which makes the text detectors, with every disguise they know, look for
them across the catalog; and the complained listings' own pictures join the protected images,
so any other listing using the same picture is found too. A complained listing never matches
its own pictures.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from ..errors import ConfigError
from ..model import Asset, BrandEntry, Complaint, ImageFinding, Listing, Skipped
from ..text.normalise import compact

#: Legal forms and words that name a company, not its mark (`Nike, Inc.` -> `Nike`).
_LEGAL = re.compile(
    r"[,\s]+(?:inc|incorporated|corp|corporation|co|company|ltd|limited|llc|llp|lp|plc|gmbh"
    r"|ag|kg|se|sa|s\.a|sas|sarl|s\.r\.l|srl|spa|s\.p\.a|bv|b\.v|nv|n\.v|oy|ab|as|pty|pte"
    r"|kk|k\.k|group|holdings?|international|intl|trading|enterprises?)\.?$",
    re.IGNORECASE,
)
_CJK_LEGAL = re.compile(r"(株式会社|有限会社|合同会社|有限公司|股份有限公司|集团|集團)")
ASSET_PREFIX = "complaint:"


def owner_name(owner: str) -> str:
    """The name in a rights owner's company name: legal forms and brackets taken off."""
    name = re.sub(r"\(.*?\)|（.*?）", " ", owner)
    name = _CJK_LEGAL.sub(" ", name)
    name = " ".join(name.split()).strip(" ,.;")
    while True:
        shorter = _LEGAL.sub("", name).strip(" ,.;")
        if shorter == name:
            return name
        name = shorter


def named_brands(complaint: Complaint) -> list[str]:
    """The brands or works a complaint names (`Nike; Jordan`, `NIKE (Reg. No. 123)` -> NIKE)."""
    text = re.sub(r"\(.*?\)|（.*?）", " ", complaint.brand_or_work)
    names = (" ".join(part.split()).strip(" ,.") for part in re.split(r"[;|、；]", text))
    return [n for n in names if len(compact(n)) >= 2]


def _names(entry: BrandEntry) -> set[str]:
    return {compact(n) for n in (entry.brand, *entry.aliases)}


def watch_entries(
    entries: Sequence[BrandEntry], complaints: Sequence[Complaint], risk: str, list_file: str
) -> tuple[list[BrandEntry], int]:
    """(the watch list with complaints applied, entries added or raised).

    Entries whose brand or alias a complaint names, or whose owner is a complaining rights
    owner, are raised to `risk`; brands and owners on no list are added at `risk`.
    """
    if risk not in ("high", "medium", "low"):
        raise ConfigError(
            f"[complaint] brand_risk = {risk!r} is not a brand risk",
            "use one of high, medium, low",
        )
    brands: dict[str, tuple[str, Complaint]] = {}
    owners: dict[str, tuple[str, Complaint]] = {}
    for complaint in complaints:
        for name in named_brands(complaint):
            brands.setdefault(compact(name), (name, complaint))
        owner = owner_name(complaint.rights_owner)
        if len(compact(owner)) >= 3:
            owners.setdefault(compact(owner), (owner, complaint))
    out: list[BrandEntry] = []
    touched = 0
    known: set[str] = set()
    for entry in entries:
        names = _names(entry)
        known |= names
        by_owner = compact(owner_name(entry.owner)) in owners if entry.owner else False
        if (names & brands.keys() or by_owner) and entry.risk != risk:
            out.append(replace(entry, risk=risk, notes=_note(entry.notes, "named in a complaint")))
            touched += 1
        else:
            out.append(entry)
    for key, (name, complaint) in [*brands.items(), *owners.items()]:
        if key in known:
            continue
        known.add(key)
        out.append(
            BrandEntry(
                brand=name,
                owner=complaint.rights_owner,
                kind="character" if complaint.infringement_type == "copyright" else "trademark",
                risk=risk,
                notes=f"named in complaint {complaint.complaint_id or complaint.asin}".strip(),
                source="complaint notice",
                list_file=list_file,
            )
        )
        touched += 1
    return out, touched


def _note(notes: str, extra: str) -> str:
    return f"{notes}; {extra}" if notes else extra


def by_asin(complaints: Sequence[Complaint]) -> dict[str, list[Complaint]]:
    found: dict[str, list[Complaint]] = {}
    for complaint in complaints:
        found.setdefault(complaint.asin.upper(), []).append(complaint)
    return found


def complaint_assets(complaints: Sequence[Complaint], listings: Sequence[Listing]) -> list[Asset]:
    """The complained listings' images, as protected images owned by the complaining owner."""
    complained = by_asin(complaints)
    assets: dict[str, Asset] = {}
    for listing in listings:
        asin = (listing.asin or "").upper()
        if asin not in complained:
            continue
        first = complained[asin][0]
        owner = first.rights_owner or f"complaint {first.complaint_id or asin}"
        for ref in listing.images:
            asset_id = f"{ASSET_PREFIX}{asin}/{ref.path.name}"
            assets.setdefault(asset_id, Asset(path=ref.path, owner=owner, asset_id=asset_id))
    return list(assets.values())


def is_own_picture(finding: ImageFinding, listing: Listing) -> bool:
    """A complained listing's picture matched against itself (or a sibling SKU of its page)."""
    return bool(listing.asin) and finding.asset.startswith(
        f"{ASSET_PREFIX}{(listing.asin or '').upper()}/"
    )


def not_in_catalog(
    complaints: Sequence[Complaint], listings: Sequence[Listing], path: str
) -> list[Skipped]:
    """Complained ASINs the exports do not hold: the sweep cannot check those listings."""
    have = {(listing.asin or "").upper() for listing in listings}
    return [
        Skipped(
            path,
            f"complained ASIN {asin} is not in the exports scanned; include the All Listings "
            "report (it lists inactive and suppressed listings too) to check it",
            column="asin",
        )
        for asin in by_asin(complaints)
        if asin not in have
    ]
