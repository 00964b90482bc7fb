"""Turn an export's bytes into text without guessing wrong silently.

Order (FORMATS.md): a BOM decides; else strict UTF-8; else charset detection among the encodings
Amazon uses (CP932 for Japan, GB18030, Windows-1252); Windows-1252 last. `errors="replace"` is
never used on a first try because it hides a wrong guess (HAZARDS.md: `Caf� Cr�me`).
"""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

from ..errors import InputError

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_CANDIDATES = ("cp932", "gb18030", "cp1252")


def decode_bytes(data: bytes, path: str, encoding: str | None = None) -> tuple[str, str]:
    """(text, encoding used). `encoding` forces one (the --encoding option)."""
    if encoding:
        try:
            return data.decode(encoding), encoding
        except LookupError:
            raise InputError(
                path,
                f"unknown encoding {encoding!r}",
                "use a name such as utf-8, cp1252, cp932, gb18030 or utf-16",
            ) from None
        except UnicodeDecodeError as exc:
            raise InputError(
                path,
                f"is not valid {encoding} (byte {exc.start})",
                "leave out --encoding to let the reader detect it, or name the right one",
            ) from None
    for bom, name in _BOMS:
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
