"""Split tab-delimited text into records, reconciling Amazon's quoting with Excel's.

Amazon writes its reports unquoted, so titles keep their raw quotes (`Towel 30" x 56"`,
`He said "go`); standard CSV quoting would eat them, or open a quote on one line and close it
rows later, silently merging listings (HAZARDS.md). A file a seller opened in Excel and saved
again *is* quoted: fields holding tabs, quotes or line breaks come wrapped in `"` with inner
quotes doubled, and such a field may span several physical lines.

The rule here: a field is read as quoted only when it is a well-formed quoted field (opening
quote, inner quotes doubled, closing quote followed by a tab or the line end); anything else is
text. A quoted field may run on to the next lines only when the record is still short of the
header's width, the lines it swallows are not complete rows themselves, and the joined record
fits the header. Otherwise every physical line stays its own row, so row counts reconcile
either way: each record says which line it starts on and how many lines it used.

An unquoted line break (Amazon does not quote, and descriptions can hold one) splits a row into
a short head, plain-text lines and a short tail; that exact shape, adding up to the header's
width, is joined again and marked `rejoined` so the reader can report it.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Generator, Iterable
from dataclasses import dataclass

#: A quoted field never swallows more than this many lines or characters.
MAX_JOIN_LINES = 200
MAX_JOIN_CHARS = 1_000_000

_CLOSED, _OPEN, _INVALID = 0, 1, 2


@dataclass(slots=True)
class RawRow:
    """One row: the line (or sheet row) it starts on, its cells as text, how many physical
    lines it used (a quoted field may hold line breaks), and what was noticed on the way.

    Not frozen: half a million of these are made per large file, and a frozen dataclass is
    four times slower to create."""

    number: int
    cells: list[str]
    span: int = 1
    #: Holds U+FFFD: bytes the encoding could not decode, or text damaged before the file
    #: was written.
    damaged: bool = False
    #: Set when the lines could not be parsed into cells at all (a CSV quoting error).
    error: str = ""
    #: True when an unquoted line break had split the row and its lines were joined again.
    rejoined: bool = False


def _state(acc: str) -> int:
    """Is `acc` (which starts with a quote) a closed, still-open or impossible quoted field?"""
    inner = acc[1:]
    if inner.endswith('"') and '"' not in inner[:-1].replace('""', ""):
        return _CLOSED
    if '"' not in inner.replace('""', ""):
        return _OPEN
    return _INVALID


def _unquote(acc: str) -> str:
    return acc[1:-1].replace('""', '"')


def _extend(acc: str, parts: list[str], j: int) -> tuple[int, str, int]:
    """Grow a quoted field over the following tab-separated parts until it closes, turns out
    impossible, or the line ends. `acc` already holds parts[j]."""
    last = len(parts) - 1
    while True:
        state = _state(acc)
        if state != _OPEN or j == last:
            return state, acc, j
        j += 1
        acc = acc + "\t" + parts[j]


def _scan(parts: list[str], start: int, fields: list[str]) -> tuple[int, str] | None:
    """Append the fields of parts[start:]; return None when the line ends cleanly, else
    (index of the part where a quoted field opened, its text so far) for a field left open."""
    i, n = start, len(parts)
    while i < n:
        part = parts[i]
        if not part or part[0] != '"':
            fields.append(part)
            i += 1
            continue
        state, acc, j = _extend(part, parts, i)
        if state == _CLOSED:
            fields.append(_unquote(acc))
            i = j + 1
        elif state == _INVALID:
            fields.append(part)  # the quote is text (Amazon's unquoted style)
            i += 1
        else:
            return i, acc
    return None


def split_line(line: str) -> list[str]:
    """The cells of one physical line; a quote that never closes on the line is text."""
    parts = line.split("\t")
    if '"' not in line:
        return parts
    fields: list[str] = []
    start = 0
    while (opened := _scan(parts, start, fields)) is not None:
        fields.append(parts[opened[0]])
        start = opened[0] + 1
    return fields


def _fits(cells: list[str], width: int) -> bool:
    """As wide as the header, allowing empty trailing fields (a trailing delimiter)."""
    n = len(cells)
    return n == width or (n > width and not any(c.strip() for c in cells[width:]))


def _strip_eol(line: str) -> str:
    return line.rstrip("\r\n")


def _one_line(line: str, parts: list[str], width: int | None) -> list[str]:
    """The best reading of a line on its own: quoted fields honoured unless the raw split,
    and only the raw split, fits the header (then the quotes were text)."""
    fields = split_line(line)
    if width is None or _fits(fields, width) or not _fits(parts, width):
        return fields
    return parts


def split_records(lines: Iterable[str], width: int | None = None) -> Generator[RawRow, None, int]:
    """Rows from lines (each may end in LF or CRLF). `width` is the header's field count;
    without it no quoted field is allowed to run on to the next line. Returns (as the
    generator's value) the number of physical lines read."""
    source = iter(lines)
    pending: deque[tuple[int, str]] = deque()
    counter = 0
    previous = -1  # field count of the row before

    def take() -> tuple[int, str] | None:
        nonlocal counter
        if pending:
            return pending.popleft()
        line = next(source, None)
        if line is None:
            return None
        counter += 1
        return counter, line

    def peek() -> tuple[int, str] | None:
        item = take()
        if item is not None:
            pending.appendleft(item)
        return item

    while (item := take()) is not None:
        number, raw = item
        line = raw.rstrip("\r\n")
        parts = line.split("\t")
        if '"' not in line:
            cells = parts
        else:
            if width is not None:
                fields: list[str] = []
                opened = _scan(parts, 0, fields)
                if opened is not None and len(fields) < width:
                    joined, consumed = _join(
                        fields, opened[1], parts, width, take, raw[len(line) :]
                    )
                    if joined is not None:
                        previous = len(joined)
                        yield RawRow(number, joined, 1 + len(consumed), _damaged(joined))
                        continue
                    pending.extendleft(reversed(consumed))
            cells = _one_line(line, parts, width)
        # (a row as short as the one before is part of a run of short rows, not a split row)
        if width is not None and len(cells) < width and cells != [""] and len(cells) != previous:
            joined, consumed = _rejoin(cells, width, take, peek, raw[len(line) :])
            if joined is not None:
                previous = width
                yield RawRow(number, joined, 1 + len(consumed), _damaged(joined), rejoined=True)
                continue
            pending.extendleft(reversed(consumed))
        previous = len(cells)
        yield RawRow(number, cells, 1, "\ufffd" in line)
    return counter


def _damaged(cells: list[str]) -> bool:
    return "\ufffd" in "".join(cells)


def _rejoin(
    cells: list[str],
    width: int,
    take: Callable[[], tuple[int, str] | None],
    peek: Callable[[], tuple[int, str] | None],
    eol: str,
) -> tuple[list[str] | None, list[tuple[int, str]]]:
    """An unquoted line break (Amazon does not quote) splits a row into a short head, lines of
    plain text (no tabs) and a short tail whose fields add up with the head's to exactly the
    header's width. Only that shape is joined again: a run of rows that are merely short has
    tabs on every line and is left alone (each is reported as short)."""
    consumed: list[tuple[int, str]] = []
    joined = list(cells)
    while len(consumed) < MAX_JOIN_LINES:
        item = take()
        if item is None:
            return None, consumed
        consumed.append(item)
        text = _strip_eol(item[1])
        nxt = _one_line(text, text.split("\t"), width)
        if len(nxt) >= width:
            return None, consumed
        joined[-1] = joined[-1] + (eol or "\n") + nxt[0]
        joined.extend(nxt[1:])
        eol = item[1][len(text) :]
        if len(nxt) > 1:  # the tail: the row goes on in fields again
            break
    if len(joined) != width:
        return None, consumed
    # Two rows that are merely short can add up by chance; a third line as short as the head
    # says so (a run of short rows), and then nothing is joined.
    after = peek()
    if after is not None and len(split_line(_strip_eol(after[1]))) == len(cells):
        return None, consumed
    return joined, consumed


def _join(
    fields: list[str],
    acc: str,
    first_parts: list[str],
    width: int,
    take: Callable[[], tuple[int, str] | None],
    eol: str,
) -> tuple[list[str] | None, list[tuple[int, str]]]:
    """Try to continue an open quoted field over the next lines: (cells or None when the
    attempt failed, the lines it consumed - to push back on failure)."""
    first_complete = _fits(first_parts, width)
    consumed: list[tuple[int, str]] = []
    fields = list(fields)
    while True:
        if len(consumed) >= MAX_JOIN_LINES or len(acc) > MAX_JOIN_CHARS:
            return None, consumed
        item = take()
        if item is None:
            return None, consumed
        consumed.append(item)
        text = _strip_eol(item[1])
        parts = text.split("\t")
        state, acc, j = _extend(acc + (eol or "\n") + parts[0], parts, 0)
        eol = item[1][len(text) :]
        if state == _INVALID:
            return None, consumed
        # A line as wide as the header is a row of its own (Amazon's, unquoted), never text
        # inside a field. Only the line where a field closes may look like one, and only when
        # the first line clearly was not complete (a multi-line first column): otherwise two
        # of Amazon's raw rows would merge.
        if _fits(parts, width) and (state == _OPEN or first_complete):
            return None, consumed
        if state == _OPEN:
            continue
        fields.append(_unquote(acc))
        opened = _scan(parts, j + 1, fields)
        if opened is None:
            break
        if len(fields) >= width:
            return None, consumed
        acc = opened[1]
    if _fits(fields, width) or (len(fields) < width and not first_complete):
        return fields, consumed
    return None, consumed
