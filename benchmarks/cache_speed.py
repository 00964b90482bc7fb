"""Weekly scan speed: the second scan of an unchanged catalog, with the shared cache.

    python benchmarks/cache_speed.py                  # 300 listings with 1500 px images
    python benchmarks/cache_speed.py --images 120     # quicker

Generates a catalog (a canonical CSV) where every listing has a 1500 px JPEG MAIN image (artwork
on white, product shots, artwork inside photos; `image_corpus`), and 20 protected drawings.
Then runs the real command, `python -m listing_audit scan ...`, in child processes, as a
scheduled job would:

1. **no cache** (`--no-cache`): the baseline, what every scan cost before the cache;
2. **first scan** with `--cache DIR` on an empty cache: everything computed and stored;
3. **second scan**, same command, unchanged catalog: images and assets from the cache.

Each time is wall-clock for the whole command (start-up, reading, text matching, images,
the workbook and JSON). The machine may be shared, so the three are run `--repeat` times in
turn (a fresh cache each round) and the fastest of each is reported. Issue 7 asks for
second / first <= 1/3; the exit status is 1 when it is not. The second scan's findings must
equal the first's and the uncached scan's (checked).
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import image_corpus  # noqa: E402

TARGET_RATIO = 1 / 3


def make_catalog(folder: Path, count: int, assets: int, seed: int) -> tuple[Path, Path, Path]:
    """(export CSV, images folder, assets folder) of `count` listings, one MAIN image each."""
    rnd = random.Random(seed)
    asset_dir = folder / "assets" / "rights-owner"
    asset_dir.mkdir(parents=True)
    arts = []
    for i in range(assets):
        art = image_corpus.DRAWERS[image_corpus.ART_KINDS[i % 5]](rnd)
        art.save(asset_dir / f"art-{i:03d}.png")
        arts.append(art)
    images = folder / "images"
    images.mkdir()
    rows = []
    for i in range(count):
        asin = f"B0BENCH{i:04d}"
        kind = i % 3
        if kind == 0:
            img = image_corpus.main_image(arts[i % len(arts)], rnd, size=1500)
        elif kind == 1:
            img = image_corpus.draw_product(rnd).resize((1500, 1500))
        else:
            img = image_corpus.embed(arts[i % len(arts)], rnd, (0.25, 0.5)).resize((1500, 1500))
        img.convert("RGB").save(images / f"{asin}.MAIN.jpg", quality=90)
        rows.append({"sku": f"SKU-{i:05d}", "asin": asin, "brand": "Brightwave",
                     "title": f"Insulated tumbler {i} with lid, 40 oz", "status": "Active"})
    export = folder / "catalog.csv"
    with export.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=["sku", "asin", "brand", "title", "status"])
        writer.writeheader()
        writer.writerows(rows)
    return export, images, folder / "assets"


def run_scan(folder: Path, name: str, args: list[str]) -> float:
    """Seconds for one `listing-audit scan` in a child process."""
    command = [sys.executable, "-m", "listing_audit", "scan", *args,
               "--out", str(folder / f"{name}.xlsx"), "--json", str(folder / f"{name}.json")]
    started = time.perf_counter()
    done = subprocess.run(command, cwd=folder, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode not in (0, 1):
        sys.exit(f"{name}: scan failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    print(f"  {name:<12} {seconds:7.2f} s   {done.stdout.strip().splitlines()[-1]}")
    return seconds


def findings(path: Path) -> list[object]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return [(item["sku"], item["risk_level"], [f["id"] for f in item["findings"]])
            for item in data["listings"]]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--images", type=int, default=300, help="listings, one image each")
    parser.add_argument("--assets", type=int, default=20)
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=2, help="rounds; the fastest counts")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        export, images, assets = make_catalog(folder, options.images, options.assets,
                                              options.seed)
        common = [str(export), "--images", str(images), "--assets", str(assets)]
        if options.workers:
            common += ["--workers", str(options.workers)]
        print(f"{options.images} listings with 1500 px images, {options.assets} assets")
        times: dict[str, list[float]] = {"no-cache": [], "first": [], "second": []}
        for round_ in range(options.repeat):
            cache = folder / f"cache-{round_}"
            times["first"].append(run_scan(folder, "first", [*common, "--cache", str(cache)]))
            times["second"].append(run_scan(folder, "second", [*common, "--cache", str(cache)]))
            times["no-cache"].append(run_scan(folder, "no-cache", [*common, "--no-cache"]))
        plain, first, second = (min(times[k]) for k in ("no-cache", "first", "second"))
        same = findings(folder / "first.json") == findings(folder / "second.json") == findings(
            folder / "no-cache.json"
        )
        ratio = second / first
        print(f"first scan (empty cache): {first:.2f} s; no cache at all: {plain:.2f} s "
              f"(cache overhead on a cold run {100 * (first / plain - 1):+.0f}%)")
        print(f"second scan (unchanged catalog): {second:.2f} s")
        print(f"second / first = {ratio:.3f} (target <= {TARGET_RATIO:.3f}); "
              f"same findings: {same}")
        return 0 if ratio <= TARGET_RATIO and same else 1


if __name__ == "__main__":
    sys.exit(main())
