"""Keypoint matching time under two rules files, side by side in one process.

    python benchmarks/image_accuracy.py --art real --seed 2 --keep /tmp/real2   # a corpus, once
    python benchmarks/matching_speed.py /tmp/real2 --rules-b B.toml             # bundled rules vs B

A change to the keypoint limits (`min_votes`, `local_candidates`, ...) changes how many
candidates are verified, and so the time of `local.find_local`, the part of a scan that grows
with them. On a shared machine two separate runs differ by more than such a change; this one
computes every image's features once, then matches them under rules A and B in turns
(`--rounds`), and reports milliseconds per image for each and their ratio.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from listing_audit.config import load_rules
from listing_audit.images.assets import find_assets
from listing_audit.images.detect import build_asset_index, file_features
from listing_audit.images.local import find_local


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("corpus", type=Path, help="a folder kept by image_accuracy.py --keep")
    parser.add_argument("--rules-a", type=Path, default=None, help="default: the bundled rules")
    parser.add_argument("--rules-b", type=Path, required=True)
    parser.add_argument("--images", type=int, default=300, help="every tenth image, up to this")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    manifests = sorted(args.corpus.glob("manifest-*.json"))
    if not manifests:
        sys.exit(f"{args.corpus}: no manifest-*.json; make one with image_accuracy.py --keep")
    rows = json.loads(manifests[0].read_text())
    paths = [Path(row[0]) for row in rows][::10][: args.images]
    a, b = load_rules(args.rules_a).image, load_rules(args.rules_b).image
    # Features do not depend on the keypoint limits: one index, one set of listing features.
    index, _ = build_asset_index(find_assets([args.corpus / "assets"]), a, 1)
    queries = [file_features(p, a).keypoints for p in paths]
    find_local(queries[0], index.keypoints, a)  # builds the searcher
    spent = {"A": 0.0, "B": 0.0}
    found = {"A": 0, "B": 0}
    for _ in range(args.rounds):
        for name, settings in (("A", a), ("B", b)):
            started = time.perf_counter()
            matches = [find_local(q, index.keypoints, settings) for q in queries]
            spent[name] += time.perf_counter() - started
            found[name] = sum(len(m) for m in matches)
    per = {k: v / (args.rounds * len(queries)) * 1000 for k, v in spent.items()}
    print(f"{len(queries)} images of {args.corpus}, {len(index)} assets, {args.rounds} rounds")
    for name in ("A", "B"):
        print(f"  rules {name}: {per[name]:6.2f} ms an image, {found[name]} keypoint matches")
    print(f"  B / A: {per['B'] / per['A']:.2f}")


if __name__ == "__main__":
    main()
