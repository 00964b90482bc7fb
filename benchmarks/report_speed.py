"""Workbook writing at catalog scale: listing-audit's streamed workbook vs a naive pandas export.

Each writer runs in its own child process so its peak memory (ru_maxrss) is its own; both write
the same synthetic scan (a tenth of the listings flagged, with text and image findings).

    python benchmarks/report_speed.py                  # 100,000 listings
    python benchmarks/report_speed.py --listings 500000

The naive baseline is what a quick script would do: pandas DataFrames of the same rows written
with `DataFrame.to_excel` (openpyxl, normal in-memory workbook).
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import resource
import tempfile
import time
from pathlib import Path

from listing_audit.model import (
    ImageFinding,
    Listing,
    ListingResult,
    ScanInputs,
    ScanResult,
    TextFinding,
)


def synthetic(n: int) -> ScanResult:
    results = []
    for i in range(n):
        listing = Listing(sku=f"SKU-{i:07d}", asin=f"B0{i:08d}",
                          title=f"Stainless steel tumbler {i} with lid, Nike style, 40 oz",
                          source="catalog.txt", row=i + 2, status="Active")
        findings: list[TextFinding | ImageFinding] = []
        if i % 10 == 0:
            findings.append(TextFinding("T-PLAIN", "title", "Nike", "Nike, Inc.", "high",
                                        "trademark", "Nike", "nike", "exact",
                                        listing.title, score=85.0, action="fix"))
            findings.append(ImageFinding("I-COPY", f"images/B0{i:08d}.MAIN.jpg", "MAIN",
                                         "owner/logo.png", "owner", 3.0, "phash", score=84.5,
                                         action="remove"))
        level = "high" if findings else "none"
        results.append(ListingResult(listing, findings, 97.7 if findings else 0.0, level,
                                     "remove" if findings else "none",
                                     ["title names the brand Nike"] if findings else [], i + 1))
    return ScanResult("2026-01-01T00:00:00+00:00", results, ScanInputs(rows=n))


def ours(n: int, path: str, queue: mp.Queue) -> None:  # type: ignore[type-arg]
    from listing_audit.report import excel

    result = synthetic(n)
    start = time.perf_counter()
    excel.write(result, Path(path))
    queue.put((time.perf_counter() - start, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss))


def naive(n: int, path: str, queue: mp.Queue) -> None:  # type: ignore[type-arg]
    import pandas as pd

    result = synthetic(n)
    start = time.perf_counter()
    listings = pd.DataFrame([{"rank": r.rank, "asin": r.listing.asin, "sku": r.listing.sku,
                              "title": r.listing.title, "level": r.risk_level,
                              "score": r.risk_score} for r in result.results])
    findings = pd.DataFrame([{"sku": r.listing.sku, "rule": f.rule_id, "score": f.score}
                             for r in result.results for f in r.findings])
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        listings[listings.level != "none"].to_excel(writer, sheet_name="Flagged", index=False)
        findings.to_excel(writer, sheet_name="Findings", index=False)
        listings.to_excel(writer, sheet_name="All listings", index=False)
    queue.put((time.perf_counter() - start, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss))


def run(target: object, n: int, path: str) -> tuple[float, float]:
    queue: mp.Queue = mp.Queue()  # type: ignore[type-arg]
    proc = mp.Process(target=target, args=(n, path, queue))
    proc.start()
    seconds, rss_kb = queue.get()
    proc.join()
    return seconds, rss_kb / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--listings", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        o_s, o_mb = run(ours, args.listings, f"{tmp}/ours.xlsx")
        n_s, n_mb = run(naive, args.listings, f"{tmp}/naive.xlsx")
        size = Path(f"{tmp}/ours.xlsx").stat().st_size / 1e6
    print(f"{args.listings:,} listings, {args.listings // 10:,} flagged with 2 findings each")
    print(f"{'writer':<32}{'seconds':>10}{'peak MB':>10}")
    print(f"{'listing-audit (7 sheets)':<32}{o_s:>10.1f}{o_mb:>10.0f}   ({size:.1f} MB file)")
    print(f"{'naive pandas.to_excel (3 sheets)':<32}{n_s:>10.1f}{n_mb:>10.0f}")
    print(f"time ratio naive/ours {n_s / o_s:.2f}x; memory ratio naive/ours {n_mb / o_mb:.2f}x")


if __name__ == "__main__":
    main()
