"""Look-alike letters: read Cyrillic `Nіke` or Greek `ΝΙΚΕ` as the Latin word they imitate.

Source: the Unicode confusables data of UTS #39 (Unicode Security Mechanisms, section 4,
"Confusable Detection"), as packaged by `confusable-homoglyphs` (PyPI), read at run time. For
each non-ASCII character the data lists as confusable with a single ASCII letter, we map it to
that letter, keeping its case: TR39's prototype for capital-I look-alikes is lower-case `l`
(its skeletons fold `I` and `l` together), so an upper-case source that the data maps to `l` is
read as `I`, which is what it looks like and what case folding then turns into `i`.

The table is built once, on the first non-ASCII word a scan meets.
"""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def latin_lookalikes() -> dict[int, str]:
    """{code point: the ASCII letter it looks like}, for str.translate."""
    from confusable_homoglyphs import confusables

    table: dict[int, str] = {}
    for char, glyphs in confusables.confusables_data.items():
        if len(char) != 1 or char.isascii() or not char.isalpha():
            continue
        letters = [
            g["c"] for g in glyphs if len(g["c"]) == 1 and g["c"].isascii() and g["c"].isalpha()
        ]
        if not letters:
            continue
        same_case = [c for c in letters if c.isupper() == char.isupper()]
        letter = (same_case or letters)[0]
        if char.isupper() and letter == "l":
            letter = "I"
        table[ord(char)] = letter
    return table


def to_latin(text: str) -> str:
    """`text` with every look-alike letter from another script replaced by its Latin letter."""
    return text.translate(latin_lookalikes())
