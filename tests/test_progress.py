"""The progress helper: a bar on a terminal, nothing in a log file or with --quiet."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest

from listing_audit import progress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture(autouse=True)
def not_quiet() -> Iterator[None]:
    progress.set_quiet(False)
    yield
    progress.set_quiet(False)


def _run(stream: io.StringIO, count: int) -> list[int]:
    seen: list[int] = []
    with progress.progress(range(count), "Matching brands", stream=stream) as items:
        for item in items:
            seen.append(item)
    return seen


def test_a_terminal_gets_a_bar_and_every_item() -> None:
    stream = Terminal()
    assert _run(stream, 500) == list(range(500))
    assert "Matching brands" in stream.getvalue()


@pytest.mark.parametrize("stream", [io.StringIO(), Terminal()], ids=["log file", "terminal"])
def test_silent_when_not_a_terminal_or_short(stream: io.StringIO) -> None:
    count = 500 if not stream.isatty() else progress.MIN_ITEMS - 1
    assert _run(stream, count) == list(range(count))
    assert stream.getvalue() == ""


def test_quiet_silences_the_terminal_too() -> None:
    progress.set_quiet(True)
    stream = Terminal()
    assert _run(stream, 500) == list(range(500))
    assert stream.getvalue() == ""
    assert not progress.on_terminal(stream)


def test_generators_need_a_length() -> None:
    stream = Terminal()
    with progress.progress((i for i in range(300)), "Hashing", length=300, stream=stream) as it:
        assert sum(1 for _ in it) == 300
    assert "Hashing" in stream.getvalue()
