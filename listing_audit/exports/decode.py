"""Turn an export's bytes into text without guessing wrong silently.

Order (FORMATS.md): a BOM decides; else strict UTF-8; else the candidates Amazon uses (CP932 for
Japan, GB18030, Windows-1252), checked strictly over the whole file, the header's language and
charset detection breaking ties; Windows-1252 last. `errors="replace"` is never used on a first
try because it hides a wrong guess (HAZARDS.md: `Caf� Cr�me`); it is used only when the user
forces an encoding or nothing fits, and then every row holding a replaced byte is reported.

Large files are checked in chunks, never read whole, so memory stays flat (issue 3).
"""

from __future__ import annotations

import codecs
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from charset_normalizer import from_bytes

from ..errors import InputError
from .headers import map_header

log = logging.getLogger(__name__)

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig", "UTF-8 with BOM"),
    (codecs.BOM_UTF16_LE, "utf-16", "UTF-16 (little-endian, with BOM)"),
    (codecs.BOM_UTF16_BE, "utf-16", "UTF-16 (big-endian, with BOM)"),
)
_CANDIDATES = ("cp932", "gb18030", "cp1252")
_LABELS = {
    "utf-8": "UTF-8",
    "cp932": "Shift_JIS (CP932)",
    "gb18030": "GB18030",
    "cp1252": "Windows-1252",
    "utf-16-le": "UTF-16 (little-endian, no BOM)",
    "utf-16-be": "UTF-16 (big-endian, no BOM)",
}
CHUNK = 1 << 20
SAMPLE = 1 << 18


@dataclass(frozen=True, slots=True)
class EncodingChoice:
    """How a file will be decoded, and why, for the log and the report."""

    codec: str  # what `open()` gets
    label: str  # what a seller reads ("UTF-8 with BOM")
    errors: str = "strict"  # "replace" only when forced or nothing fitted; rows are then checked
    alternatives: tuple[str, ...] = ()  # labels of other encodings that decode the whole file

    @property
    def ambiguous(self) -> bool:
        return bool(self.alternatives)


def decode_bytes(data: bytes, path: str, encoding: str | None = None) -> tuple[str, str]:
    """(text, encoding used) for small files held in memory (brand lists). `encoding` forces one."""
    if encoding:
        try:
            return data.decode(encoding), encoding
        except LookupError:
            raise _unknown(path, encoding) from None
        except UnicodeDecodeError as exc:
            raise InputError(
                path,
                f"is not valid {encoding} (byte {exc.start})",
                "leave out --encoding to let the reader detect it, or name the right one",
            ) from None
    for bom, name, _ in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(name), name
            except UnicodeDecodeError as exc:
                raise InputError(
                    path,
                    f"starts with a {name} mark but is not {name} (byte {exc.start})",
                    "re-export the file, or give --encoding",
                ) from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    guess = from_bytes(data[:262_144], cp_isolation=list(_CANDIDATES)).best()
    order = ([guess.encoding] if guess is not None else []) + list(_CANDIDATES)
    for name in order:
        try:
            return data.decode(name), name
        except (UnicodeDecodeError, LookupError):
            continue
    # cp1252 leaves five bytes undefined; latin-1 maps every byte and is cp1252's superset here.
    return data.decode("latin-1"), "latin-1"


def _unknown(path: str, encoding: str) -> InputError:
    return InputError(
        path,
        f"unknown encoding {encoding!r}",
        "use a name such as utf-8, cp1252, cp932, gb18030 or utf-16",
    )


def _chunks(path: Path) -> Iterator[bytes]:
    with path.open("rb") as fh:
        while chunk := fh.read(CHUNK):
            yield chunk


def decodes_whole_file(path: Path, codec: str) -> bool:
    """True when every byte of the file is valid in `codec`; reads in chunks (flat memory)."""
    decoder = codecs.getincrementaldecoder(codec)(errors="strict")
    try:
        for chunk in _chunks(path):
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _utf16_without_bom(sample: bytes) -> str | None:
    """Excel's "Unicode Text" has a BOM; some tools drop it. Spot the NUL pattern of UTF-16."""
    even, odd = sample[0:4096:2], sample[1:4096:2]
    if len(even) < 8:
        return None
    if odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.05 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.4 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf-16-be"
    return None


def _header_score(sample: bytes, codec: str) -> int:
    """How many cells of the first lines name a known column when decoded with `codec`."""
    text = sample[: sample.rfind(b"\n") + 1 or len(sample)].decode(codec, errors="replace")
    score = 0
    for line in text.splitlines()[:12]:
        for cell in line.replace(",", "\t").split("\t"):
            cell = cell.strip().strip('"')
            if cell and not cell.isascii() and map_header(cell):
                score += 1
    return score


def detect_encoding(path: Path, forced: str | None = None) -> EncodingChoice:
    """Choose how to decode a text export; log the choice when it was not certain."""
    if forced:
        try:
            codec = codecs.lookup(forced).name
        except LookupError:
            raise _unknown(str(path), forced) from None
        return EncodingChoice(codec, f"{forced} (given with --encoding)", errors="replace")
    with path.open("rb") as fh:
        sample = fh.read(SAMPLE)
    for bom, codec, label in _BOMS:
        if sample.startswith(bom):
            if not decodes_whole_file(path, codec):
                raise InputError(
                    str(path),
                    f"starts with a {label} mark but is not valid {codec}",
                    "download the report again, or give --encoding",
                )
            return EncodingChoice(codec, label)
    utf16 = _utf16_without_bom(sample)
    if utf16 is not None and decodes_whole_file(path, utf16):
        return EncodingChoice(utf16, _LABELS[utf16])
    if decodes_whole_file(path, "utf-8"):
        return EncodingChoice("utf-8", "UTF-8")
    fitting = [codec for codec in _CANDIDATES if decodes_whole_file(path, codec)]
    if not fitting:
        choice = EncodingChoice("cp1252", "Windows-1252 (some bytes undefined)", errors="replace")
        log.warning("%s: no encoding fits every byte; reading as Windows-1252", path)
        return choice
    if len(fitting) == 1:
        return EncodingChoice(fitting[0], _LABELS[fitting[0]])
    # Several fit: the header's language decides (a Japanese header reads as Japanese only in
    # CP932), then charset detection on a sample, then the FORMATS.md order.
    scores = {codec: _header_score(sample, codec) for codec in fitting}
    best_score = max(scores.values())
    leaders = [c for c in fitting if scores[c] == best_score]
    chosen = leaders[0]
    if len(leaders) > 1:
        cut = sample[: sample.rfind(b"\n") + 1 or len(sample)]
        guess = from_bytes(cut, cp_isolation=leaders).best()
        if guess is not None and codecs.lookup(guess.encoding).name in {
            codecs.lookup(c).name for c in leaders
        }:
            chosen = next(
                c for c in leaders if codecs.lookup(c).name == codecs.lookup(guess.encoding).name
            )
    others = tuple(_LABELS[c] for c in fitting if c != chosen)
    log.warning(
        "%s: encoding not certain; read as %s (the file is also valid as %s) - give --encoding "
        "if the text looks wrong",
        path,
        _LABELS[chosen],
        ", ".join(others),
    )
    return EncodingChoice(chosen, _LABELS[chosen], alternatives=others)


def open_text(path: Path, choice: EncodingChoice, newline: str = "\n") -> IO[str]:
    """A text stream that ends lines at LF only (CR-only for old Mac Excel files): CR stays
    for the reader to strip, and a title holding U+2028 or a lone CR is never cut in two
    (str.splitlines would cut it)."""
    return path.open(
        "r", encoding=choice.codec, errors=choice.errors, newline=newline, buffering=CHUNK
    )
