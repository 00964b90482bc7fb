"""Fuzzing the export sniffer and readers: any bytes give listings or a clear InputError.

Bounded (max_examples) so it runs in CI on every push; hypothesis shrinks a failure to the
smallest file that shows it."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from listing_audit.errors import InputError
from listing_audit.exports.reader import read_exports

HEADERS = [
    "seller-sku",
    "item-name",
    "asin1",
    "item-description",
    "status",
    "brand_name",
    "sku",
    "title",
    "商品名",
    "TemplateType=fptcustom",
    "item_name[marketplace_id=X]#1.value",
]
CELLS = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=30)


def _read(data: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"export{suffix}"
        path.write_bytes(data)
        try:
            result = read_exports([path])
        except InputError as exc:
            assert str(path) in str(exc)
            return
        assert all(listing.source.startswith(str(path)) for listing in result.listings)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2048), st.sampled_from([".txt", ".csv", ".xlsx", ".tsv"]))
def test_random_bytes(data: bytes, suffix: str) -> None:
    _read(data, suffix)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.sampled_from(HEADERS), min_size=1, max_size=6),
    st.lists(st.lists(CELLS, max_size=8), max_size=12),
    st.sampled_from(["\t", ",", ";"]),
    st.sampled_from(["\n", "\r\n", "\r"]),
    st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252", "gb18030"]),
)
def test_export_shaped_text(
    header: list[str], rows: list[list[str]], sep: str, eol: str, encoding: str
) -> None:
    text = eol.join(sep.join(r) for r in [header, *rows]) + eol
    _read(text.encode(encoding, errors="replace"), ".txt")
