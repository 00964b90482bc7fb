"""How fast, and in how much memory, a large All Listings report is read - beside a naive baseline.

    python benchmarks/read_speed.py                 # 500,000 rows
    python benchmarks/read_speed.py --rows 50000    # quicker

Generates a tab-delimited All Listings report in Amazon's real shape (29 columns, CRLF, unquoted,
titles with inch marks and stray quotes, `NA` titles, zero-padded SKUs), then reads it in a fresh
process per method so that each peak memory figure is its own:

- `iter_listings`  listing-audit streaming the file, listing by listing (nothing kept);
- `read_exports`   listing-audit reading and merging, every listing kept (what a scan does);
- `pandas naive`   `pandas.read_csv(path, sep="\\t", dtype=str)`, the usual one-liner.

Peak memory is the process's peak resident set size (getrusage), and its growth over the
process's size just before reading (interpreter and imports). "rows ok" counts rows that came
back intact: the naive read merges rows at stray quotes, eats quotes and turns `NA` into NaN
(HAZARDS.md), which is why the reader does not use it.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HEADER = (
    "item-name\titem-description\tlisting-id\tseller-sku\tprice\tquantity\topen-date\timage-url\t"
    "item-is-marketplace\tproduct-id-type\tzshop-shipping-fee\titem-note\titem-condition\t"
    "zshop-category1\tzshop-browse-path\tzshop-storefront-feature\tasin1\tasin2\tasin3\t"
    "will-ship-internationally\texpedited-shipping\tzshop-boldface\tproduct-id\t"
    "bid-for-featured-placement\tadd-delete\tpending-quantity\tfulfillment-channel\t"
    "merchant-shipping-group\tstatus"
).split("\t")
WORDS = (
    "stainless steel water bottle insulated kids lunch box silicone kitchen spatula set phone "
    "case compatible cotton tee shirt mens womens running shoes ceramic mug travel tumbler lid "
    "straw leak proof dishwasher safe gift idea home office outdoor camping"
).split()


def title_of(i: int, rng: random.Random) -> str:
    """Every 1,000th row a hazard: a stray opening quote, a quoted word, or the title `NA`."""
    text = " ".join(rng.choices(WORDS, k=rng.randint(8, 22)))
    kind = i % 1000
    if kind == 11:
        return '"Deluxe ' + text  # an opening quote never closed (Amazon does not quote)
    if kind == 12:
        return '"Best" ' + text
    if kind == 13:
        return "NA"
    if i % 37 == 0:
        return text + ' 30" x 56"'
    return text


def generate(path: Path, rows: int) -> None:
    rng = random.Random(20261129)
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write("\t".join(HEADER) + "\r\n")
        for i in range(rows):
            row = dict.fromkeys(HEADER, "")
            asin = f"B0{i:08d}"
            row.update(
                {
                    "item-name": title_of(i, rng),
                    "item-description": " ".join(rng.choices(WORDS, k=rng.randint(0, 40))),
                    "listing-id": f"{1129 + i % 9000:04d}{i:07d}",
                    "seller-sku": f"{i:08d}",  # zero-padded: a number reader would drop them
                    "price": f"{rng.randint(3, 90)}.99",
                    "quantity": str(rng.randint(0, 50)),
                    "open-date": "2025-01-07 07:35:42 PST",
                    "item-is-marketplace": "y",
                    "product-id-type": "1",
                    "item-condition": "11",
                    "asin1": asin,
                    "product-id": asin,
                    "pending-quantity": "0",
                    "fulfillment-channel": rng.choice(("DEFAULT", "AMAZON_NA")),
                    "merchant-shipping-group": "Migrated Template",
                    "status": rng.choice(("Active", "Active", "Inactive")),
                }
            )
            fh.write("\t".join(row[h] for h in HEADER) + "\r\n")


def intact(sku: object, title: object) -> bool:
    """Did this row come back as written? The SKU keeps its leading zeros, and the hazard
    rows keep their quotes and their `NA`; no title swallowed a line break or a tab."""
    if not isinstance(sku, str) or len(sku) != 8 or not isinstance(title, str):
        return False
    if "\n" in title or "\t" in title:
        return False
    kind = int(sku) % 1000
    if kind == 11:
        return title.startswith('"Deluxe ')
    if kind == 12:
        return title.startswith('"Best" ')
    if kind == 13:
        return title == "NA"
    return bool(title)


def _rss_kb() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def run(method: str, path: Path) -> dict[str, float]:
    """One method, in this process (called in a child by `main`)."""
    pairs: list[tuple[object, object]]
    if method == "pandas":
        import pandas as pd

        start_kb = _rss_kb()
        clock = time.perf_counter()
        frame = pd.read_csv(path, sep="\t", dtype=str)
        seconds = time.perf_counter() - clock
        peak_kb = _rss_kb()
        pairs = list(zip(frame["seller-sku"], frame["item-name"], strict=True))
    else:
        from listing_audit.exports.reader import iter_listings, read_exports

        start_kb = _rss_kb()
        clock = time.perf_counter()
        if method == "stream":  # nothing kept: the check runs as the listings stream by
            rows = rows_ok = 0
            for listing in iter_listings(path):
                rows += 1
                rows_ok += intact(listing.sku, listing.title)
            seconds = time.perf_counter() - clock
            peak_kb = _rss_kb()
            return {
                "rows": rows,
                "rows_ok": rows_ok,
                "seconds": seconds,
                "peak_mb": peak_kb / 1024,
                "growth_mb": (peak_kb - start_kb) / 1024,
            }
        listings = read_exports([path]).listings
        seconds = time.perf_counter() - clock
        peak_kb = _rss_kb()
        pairs = [(lst.sku, lst.title) for lst in listings]
    return {
        "rows": len(pairs),
        "rows_ok": sum(intact(sku, title) for sku, title in pairs),
        "seconds": seconds,
        "peak_mb": peak_kb / 1024,
        "growth_mb": (peak_kb - start_kb) / 1024,
    }


METHODS = {
    "stream": "listing-audit iter_listings (streamed)",
    "read_exports": "listing-audit read_exports (all kept)",
    "pandas": 'pandas.read_csv(sep="\\t", dtype=str)',
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=500_000)
    parser.add_argument("--file", type=Path, help="read this report instead of generating one")
    parser.add_argument("--child", choices=list(METHODS), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run(args.child, args.file)))
        return
    with tempfile.TemporaryDirectory() as tmp:
        path = args.file or Path(tmp) / f"all_listings_{args.rows}.txt"
        if args.file is None:
            generate(path, args.rows)
        print(f"file: {path.name}, {path.stat().st_size / 1e6:.0f} MB, {args.rows:,} rows")
        print(
            f"{'method':<42} {'rows read':>10} {'rows ok':>10} {'seconds':>8} {'rows/s':>9} "
            f"{'peak RSS':>9} {'growth':>8}"
        )
        for method, label in METHODS.items():
            done = subprocess.run(
                [sys.executable, __file__, "--child", method, "--file", str(path)],
                capture_output=True,
                text=True,
            )
            if done.returncode != 0:
                print(f"{label:<42} failed: {done.stderr.strip().splitlines()[-1:]}")
                continue
            r = json.loads(done.stdout.strip().splitlines()[-1])
            rate = r["rows"] / r["seconds"]
            print(
                f"{label:<42} {r['rows']:>10,} {r['rows_ok']:>10,} {r['seconds']:>8.1f} "
                f"{rate:>9,.0f} {r['peak_mb']:>6.0f} MB {r['growth_mb']:>5.0f} MB"
            )


if __name__ == "__main__":
    main()
