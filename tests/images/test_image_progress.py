"""progress.Progress: a line on a terminal, nothing elsewhere."""

from __future__ import annotations

import io

from listing_audit.images.progress import MIN_ITEMS, Progress


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_silent_when_not_a_terminal() -> None:
    out = io.StringIO()
    progress = Progress("images", 1000, out)
    for _ in range(1000):
        progress.step()
    progress.done()
    assert out.getvalue() == ""


def test_counts_on_a_terminal_and_ends_the_line() -> None:
    out = _Tty()
    progress = Progress("images", MIN_ITEMS, out)
    for _ in range(MIN_ITEMS):
        progress.step()
    progress.done()
    assert out.getvalue().startswith("\rimages: 1/")
    assert out.getvalue().endswith(f"\rimages: {MIN_ITEMS}/{MIN_ITEMS} (100%)\n")


def test_short_runs_stay_silent_on_a_terminal() -> None:
    out = _Tty()
    progress = Progress("images", 3, out)
    progress.step()
    progress.done()
    assert out.getvalue() == ""
