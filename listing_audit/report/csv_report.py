"""The ranked flagged rows as CSV, for pipelines and tools that do not read Excel.

One row per flagged listing (SKU), highest risk first. Every text value goes through
`safe.csv_text`, so a title starting with `=`, `+`, `-`, `@`, tab or CR is never run as a formula
when the file is opened in a spreadsheet (OWASP CSV injection). UTF-8 with a BOM, because Excel
opens BOM-less UTF-8 CSV as the local code page and garbles Chinese and accented text.
"""

from __future__ import annotations

import csv
from pathlib import Path

from ..model import ImageFinding, ScanResult
from .i18n import listing_reasons, t
from .safe import atomic_write, check_writable, csv_text

COLUMNS = (
    "Rank",
    "ASIN",
    "SKU",
    "Title",
    "Level",
    "Action",
    "Score",
    "Reasons",
    "Brands / assets matched",
    "Marketplace",
    "Source file",
    "Row",
)


def write(result: ScanResult, path: Path, lang: str = "en") -> None:
    path = Path(path)
    check_writable(path)

    def save(tmp: Path) -> None:
        with tmp.open("w", encoding="utf-8-sig", newline="") as fh:
            out = csv.writer(fh)
            out.writerow([t(c, lang) for c in COLUMNS])
            for r in result.results:
                if r.risk_level == "none":
                    continue
                listing = r.listing
                matched = dict.fromkeys(
                    f.asset if isinstance(f, ImageFinding) else f.brand for f in r.findings
                )
                why = listing_reasons(r, lang)
                out.writerow(
                    [
                        r.rank,
                        csv_text(listing.asin or ""),
                        csv_text(listing.sku),
                        csv_text(listing.title),
                        t(r.risk_level, lang),
                        t(r.action, lang),
                        f"{r.risk_score:.1f}",
                        csv_text(" | ".join(why)),
                        csv_text("; ".join(m for m in matched if m)),
                        csv_text(listing.marketplace),
                        csv_text(listing.source),
                        listing.row or "",
                    ]
                )

    atomic_write(path, save)
