"""Run-info fingerprints: SHA-256 of every input, computed once per scan."""

from __future__ import annotations

import hashlib
from pathlib import Path

from listing_audit.fingerprint import fingerprint_files


def test_fingerprints_in_order_and_unreadable_left_out(tmp_path: Path) -> None:
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_bytes(b"alpha")
    b.write_bytes(b"beta")
    found = fingerprint_files([("export", a), ("image", tmp_path / "gone.jpg"), ("image", b)])
    assert [(f.kind, Path(f.path).name, f.size) for f in found] == [
        ("export", "a.txt", 5), ("image", "b.txt", 4)]
    assert found[0].sha256 == hashlib.sha256(b"alpha").hexdigest()


def test_known_digests_are_reused_not_recomputed(tmp_path: Path) -> None:
    image = tmp_path / "x.jpg"
    image.write_bytes(b"pixels")
    (found,) = fingerprint_files([("image", image)], known={image: "0" * 64})
    assert found.sha256 == "0" * 64  # taken from the cache's own hashing, file not read again
