"""A small run of the accuracy benchmark (benchmarks/text_accuracy.py) on the held-out seed.

The full measurement (400 cases per family) is the benchmark's job; this keeps the harness
working and catches a regression in any family in a few seconds.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"


def test_every_family_meets_its_target_on_a_small_held_out_corpus() -> None:
    sys.path.insert(0, str(BENCHMARKS))
    try:
        path = BENCHMARKS / "text_accuracy.py"
        spec = importlib.util.spec_from_file_location("text_accuracy", path)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules["text_accuracy"] = module  # dataclasses look their module up there
        spec.loader.exec_module(module)
        scores, _ = module.run(module.HELD_OUT_SEED, per_family=40, show=3)
    finally:
        sys.path.remove(str(BENCHMARKS))
        sys.modules.pop("text_accuracy", None)
    failed = {s.family: s.misses for s in scores if not s.passed}
    assert not failed, failed
    families = {s.family for s in scores}
    assert {"plain", "look-alike", "misspelled", "counterfeit", "compatible", "clean listings",
            "near-miss words", "own brand"} <= families  # fmt: skip
