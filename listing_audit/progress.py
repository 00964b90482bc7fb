"""One progress helper for the long stages of a scan: a bar on a terminal, nothing otherwise.

A scheduled scan (cron, Windows Task Scheduler, CI) writes to a log file, where a progress bar is
only noise, so the bar shows only when stderr is a terminal, the stage has enough items to be
worth it, and `--quiet` was not given (STYLE.md: "progress through one helper that is silent
when not on a terminal"). The bar is click's own (`click.progressbar`), so no new dependency.

    with progress(listings, "Matching brands") as items:
        for listing in items:
            ...
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import TextIO, TypeVar

import click

T = TypeVar("T")

#: Stages with fewer items than this show no bar: they are over before it would be read.
MIN_ITEMS = 200

_state = {"quiet": False}


def set_quiet(quiet: bool) -> None:
    """`--quiet`: no bars and no chatter for the rest of the run (errors still show)."""
    _state["quiet"] = quiet


def is_quiet() -> bool:
    return _state["quiet"]


def on_terminal(stream: TextIO | None = None) -> bool:
    """True when bars may be drawn: not quiet, and the stream is an interactive terminal."""
    stream = stream if stream is not None else sys.stderr
    if _state["quiet"]:
        return False
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty()) if callable(isatty) else False
    except (ValueError, OSError):  # a closed or detached stream
        return False


@contextmanager
def progress(
    items: Iterable[T],
    label: str,
    length: int | None = None,
    stream: TextIO | None = None,
) -> Iterator[Iterable[T]]:
    """Iterate `items` with a bar on stderr when `on_terminal()`; otherwise `items` unchanged.

    `length` is needed when `items` has no `len()` (a generator)."""
    stream = stream if stream is not None else sys.stderr
    try:
        total = length if length is not None else len(items)  # type: ignore[arg-type]
    except TypeError:
        total = 0
    if total < MIN_ITEMS or not on_terminal(stream):
        yield items
        return
    with click.progressbar(items, length=total, label=label, file=stream) as bar:
        yield bar
