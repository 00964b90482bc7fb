"""Run the real command in a child process against hostile inputs, and check what every such
run must guarantee: it ends within a bound, exits 0, 1 or 2, shows no traceback, names the file,
keeps the inputs unchanged and writes nothing outside the output paths."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

TIMEOUT_S = 60


@dataclass
class Run:
    code: int
    out: str
    err: str

    @property
    def text(self) -> str:
        return self.out + self.err


def snapshot(root: Path) -> dict[str, str]:
    """Every file under `root` (links not followed) with the SHA-256 of its content."""
    found: dict[str, str] = {}
    for dirpath, _, files in os.walk(root, followlinks=False):
        for name in files:
            path = Path(dirpath) / name
            if path.is_symlink():
                found[str(path)] = "link->" + os.readlink(path)
            else:
                found[str(path)] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


@pytest.fixture
def run_cli(tmp_path: Path):  # type: ignore[no-untyped-def]
    """run_cli(*args, outputs=[paths]) -> Run, asserting the guarantees on the way."""

    def run(*args: str, outputs: tuple[Path, ...] = ()) -> Run:
        before = snapshot(tmp_path)
        env = {**os.environ, "LISTING_AUDIT_DEBUG": ""}
        done = subprocess.run(
            [sys.executable, "-m", "listing_audit", *args],
            cwd=tmp_path, env=env, capture_output=True, text=True, timeout=TIMEOUT_S,
        )
        result = Run(done.returncode, done.stdout, done.stderr)
        assert result.code in (0, 1, 2), result.text
        assert "Traceback" not in result.text, result.text
        after = snapshot(tmp_path)
        allowed = {str(p) for p in outputs}
        changed = {p for p in after if before.get(p) != after[p]} - allowed
        assert not changed, f"wrote outside the outputs: {sorted(changed)}"
        assert all(p in after for p in before), "an input was removed"
        return result

    return run
