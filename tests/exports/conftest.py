"""Fixtures for the export tests; the writers themselves are in export_samples.py."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def shared_samples() -> Path:
    """../shared/sample_exports_real beside the clone (CI has it; skip cleanly otherwise)."""
    here = Path(__file__).resolve().parents[2]
    folder = here.parent / "shared" / "sample_exports_real"
    if not folder.is_dir():
        pytest.skip("../shared/sample_exports_real is not present beside the repository")
    return folder
