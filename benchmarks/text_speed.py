"""How fast is the text stage, next to the naive loop, and how big a brand list does it take?

    python benchmarks/text_speed.py            # 100,000 listings x 10,000 brands; 100,000 brands
    python benchmarks/text_speed.py --quick    # 10,000 listings x 2,000 brands; 20,000 brands

The data is generated from a seed: brand names made of syllables (one to three words, with up
to three aliases each) on top of the bundled lists, and listings whose title, five bullet
points, description and search terms are drawn from the 20,000 most frequent English words,
with a brand named -- plainly or disguised -- in one listing in ten (words that are brand names
are otherwise left out, except brands that are also ordinary words: "ford", "shark", "ring").

1. **Text stage**: index the brands (`BrandMatcher`), then find the mentions in every listing,
   on one core (this process has one thread). Reported: index time, scan time, listings/s.
2. **Naive loop**, in this same process on the same data: `rapidfuzz.fuzz.partial_ratio` of
   every brand name and alias against every listing's text (the fields joined), with a cut-off
   of 90. It is far too slow to run on every listing, so it runs on a sample of listings and the
   time is extrapolated to the whole catalog; the report says so.
3. **Large list**: a child process indexes 100,000 brands and scans the listings again; its peak
   resident memory (`resource.getrusage`, ru_maxrss) must stay within 1.5 GB.

Targets (issue 4): text stage >= 50x faster than the naive loop; >= 2,000 listings/s; 100,000
brands within 1.5 GB.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

from rapidfuzz import fuzz

from listing_audit.config import load_rules
from listing_audit.model import BrandEntry, Listing
from listing_audit.resources import data_dir
from listing_audit.text.brands import load_brand_lists
from listing_audit.text.matcher import BrandMatcher

SEED = 4
SPEEDUP_TARGET = 50.0
RATE_TARGET = 2000.0
MEMORY_TARGET_MB = 1536.0

_ONSETS = ["b", "br", "c", "ch", "d", "f", "g", "gl", "k", "kr", "l", "m", "n", "p", "pr", "qu",
           "r", "s", "sk", "st", "t", "tr", "v", "w", "x", "z", "zh"]  # fmt: skip
_VOWELS = ["a", "e", "i", "o", "u", "ai", "ea", "io", "ou", "y"]
_CODAS = ["", "", "n", "r", "x", "l", "s", "th", "nd", "rk", "m"]
_DISGUISES = [
    lambda w, r: w,
    lambda w, r: w.upper(),
    lambda w, r: w.replace("o", "0", 1),
    lambda w, r: " ".join(w),
    lambda w, r: w[: len(w) // 2] + "\u200b" + w[len(w) // 2 :],
    lambda w, r: w.replace("a", "а", 1),  # Cyrillic a
    lambda w, r: w + w[-1],  # a doubled letter
]


def _word(rng: random.Random) -> str:
    return "".join(
        rng.choice(_ONSETS) + rng.choice(_VOWELS) + rng.choice(_CODAS)
        for _ in range(rng.choice([2, 2, 3]))
    )


def make_brands(count: int, seed: int) -> list[BrandEntry]:
    """The bundled lists plus syllable-made brands, up to `count` entries."""
    rng = random.Random(seed)
    entries = list(load_brand_lists([data_dir("brand_lists")]).entries)
    seen = {e.brand.casefold() for e in entries}
    while len(entries) < count:
        name = " ".join(_word(rng).title() for _ in range(rng.choice([1, 1, 1, 2, 2, 3])))
        if name.casefold() in seen:
            continue
        seen.add(name.casefold())
        aliases = tuple(
            f"{name.split()[0]} {_word(rng).title()}" for _ in range(rng.choice([0, 0, 1, 2, 3]))
        )
        entries.append(
            BrandEntry(brand=name, aliases=aliases, owner=f"{name} Ltd", risk="medium")
        )
    return entries[:count]


def make_listings(count: int, brands: list[BrandEntry], seed: int) -> list[Listing]:
    from wordfreq import top_n_list

    rng = random.Random(seed)
    names = [n for e in brands for n in (e.brand, *e.aliases)]
    # Words that are brand names are left out of the ordinary text (brands are put in on
    # purpose below), except brands that are also ordinary words ("ford", "shark", "ring").
    distinct = {a.casefold() for e in brands for a in e.aliases}
    distinct |= {e.brand.casefold() for e in brands if not e.common_word}
    vocab = [w for w in top_n_list("en", 20_000) if w.isalpha() and w not in distinct]

    def words(k: int) -> str:
        return " ".join(rng.choices(vocab, k=k))

    listings: list[Listing] = []
    for i in range(count):
        title = f"{words(rng.randint(6, 12)).title()} {rng.randint(2, 64)} Pack"
        if i % 10 == 0:
            mention = rng.choice(_DISGUISES)(rng.choice(names), rng)
            title = f"{title} {mention}"
        listings.append(
            Listing(
                sku=f"SKU-{i}",
                title=title,
                brand="",
                bullets=tuple(words(rng.randint(8, 18)).capitalize() + "." for _ in range(5)),
                description=words(rng.randint(30, 70)).capitalize() + ".",
                search_terms=words(10),
            )
        )
    return listings


def _text(listing: Listing) -> str:
    return " ".join(text for _, text in listing.text_fields())


def text_stage(brands: list[BrandEntry], listings: list[Listing]) -> dict[str, float]:
    rules = load_rules()
    started = time.perf_counter()
    matcher = BrandMatcher(brands, own_brands=["Brightwave"], rules=rules)
    indexed = time.perf_counter()
    found = sum(len(matcher.find(listing)) for listing in listings)
    done = time.perf_counter()
    return {
        "index_s": indexed - started,
        "scan_s": done - indexed,
        "total_s": done - started,
        "findings": found,
        "rate": len(listings) / (done - started),
    }


def naive_loop(brands: list[BrandEntry], listings: list[Listing], sample: int) -> dict[str, float]:
    names = [n.casefold() for e in brands for n in (e.brand, *e.aliases)]
    chosen = listings[:sample]
    started = time.perf_counter()
    hits = 0
    for listing in chosen:
        text = _text(listing).casefold()
        for name in names:
            if fuzz.partial_ratio(name, text, score_cutoff=90):
                hits += 1
    took = time.perf_counter() - started
    per_listing = took / len(chosen)
    return {
        "sample": len(chosen),
        "sample_s": took,
        "per_listing_s": per_listing,
        "extrapolated_s": per_listing * len(listings),
        "hits": hits,
    }


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # KiB on Linux


def large_list(brand_count: int, listing_count: int) -> dict[str, float]:
    """In a child process: index `brand_count` brands, scan the listings, report peak RSS."""
    here = str(Path(__file__).resolve().parent)
    code = (
        f"import json, sys; sys.path.insert(0, {here!r}); import text_speed as t; "
        f"b = t.make_brands({brand_count}, t.SEED); "
        f"ls = t.make_listings({listing_count}, b, t.SEED + 1); "
        "r = t.text_stage(b, ls); r['peak_rss_mb'] = t.peak_rss_mb(); print(json.dumps(r))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    result: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="a small run (about a minute)")
    parser.add_argument("--listings", type=int)
    parser.add_argument("--brands", type=int)
    parser.add_argument("--large-brands", type=int)
    parser.add_argument("--naive-sample", type=int)
    args = parser.parse_args(argv)
    n_listings = args.listings or (10_000 if args.quick else 100_000)
    n_brands = args.brands or (2_000 if args.quick else 10_000)
    n_large = args.large_brands or (20_000 if args.quick else 100_000)
    sample = args.naive_sample or (20 if args.quick else 100)

    made = time.perf_counter()
    brands = make_brands(n_brands, SEED)
    listings = make_listings(n_listings, brands, SEED + 1)
    names = sum(1 + len(e.aliases) for e in brands)
    print(f"text speed: {n_listings:,} listings x {n_brands:,} brands ({names:,} names with "
          f"aliases), seed {SEED}; data made in {time.perf_counter() - made:.1f}s; one core")
    stage = text_stage(brands, listings)
    print(f"  text stage: index {stage['index_s']:.2f}s + scan {stage['scan_s']:.2f}s = "
          f"{stage['total_s']:.2f}s, {stage['rate']:,.0f} listings/s, "
          f"{stage['findings']:,.0f} findings")
    naive = naive_loop(brands, listings, sample)
    print(f"  naive loop: partial_ratio of {names:,} names on a sample of {naive['sample']:.0f} "
          f"listings took {naive['sample_s']:.1f}s ({naive['per_listing_s'] * 1000:.0f} ms a "
          f"listing); extrapolated to {n_listings:,} listings: {naive['extrapolated_s']:,.0f}s")
    speedup = naive["extrapolated_s"] / stage["total_s"]
    large = large_list(n_large, n_listings)
    print(f"  {n_large:,} brands: index {large['index_s']:.2f}s + scan {large['scan_s']:.2f}s, "
          f"{large['rate']:,.0f} listings/s, peak RSS {large['peak_rss_mb']:,.0f} MB (child)")
    rows = [
        ("speed-up over the naive loop", f"{speedup:,.0f}x", f">= {SPEEDUP_TARGET:.0f}x",
         speedup >= SPEEDUP_TARGET),
        ("listings per second, one core", f"{stage['rate']:,.0f}", f">= {RATE_TARGET:,.0f}",
         stage["rate"] >= RATE_TARGET),
        (f"peak memory with {n_large:,} brands", f"{large['peak_rss_mb']:,.0f} MB",
         f"<= {MEMORY_TARGET_MB:,.0f} MB", large["peak_rss_mb"] <= MEMORY_TARGET_MB),
    ]  # fmt: skip
    print()
    print(f"{'measure':<36} {'result':>12} {'target':>12}  ok")
    print("-" * 68)
    for label, value, target, ok in rows:
        print(f"{label:<36} {value:>12} {target:>12}  {'yes' if ok else 'NO'}")
    return 0 if all(ok for *_, ok in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
