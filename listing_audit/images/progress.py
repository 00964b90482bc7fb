"""A progress line for long image runs, on a terminal only (STYLE.md: silent otherwise)."""

from __future__ import annotations

import sys
import time
from typing import TextIO

from ..progress import on_terminal

#: Runs shorter than this many items show no progress at all.
MIN_ITEMS = 200
#: Seconds between two updates of the line.
INTERVAL = 0.5


class Progress:
    """`images: 1,200/5,000 (24%)` rewritten in place on stderr while a run goes on."""

    def __init__(self, label: str, total: int, stream: TextIO | None = None) -> None:
        self.label, self.total, self.count = label, total, 0
        self.stream = stream if stream is not None else sys.stderr
        # One rule for every progress display: a terminal, and not --quiet.
        self.shown = total >= MIN_ITEMS and on_terminal(self.stream)
        self.last = 0.0

    def step(self) -> None:
        self.count += 1
        if self.shown and (time.monotonic() - self.last >= INTERVAL):
            self.last = time.monotonic()
            self._write()

    def _write(self) -> None:
        share = self.count / self.total if self.total else 1.0
        self.stream.write(f"\r{self.label}: {self.count:,}/{self.total:,} ({share:.0%})")
        self.stream.flush()

    def done(self) -> None:
        if self.shown:
            self._write()
            self.stream.write("\n")
            self.stream.flush()
