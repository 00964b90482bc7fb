"""The dictionary guard: a real word is never read as a misspelled brand.

`bike` is one letter from `Nike`, `crocks` from `Crocs`, `prado` from `Prada`, `fends` from
`Fendi`. A listing word that is common enough in the languages of the marketplaces is taken at
its word. Word frequencies come from `wordfreq` (Robyn Speer et al., Zipf scale: 3 is about once
per million words, 1.5 about once per 30 million), whose data ships with the package, so the
check works offline. Misspelled brands (`addidas` 1.4, `gucchi` 0, `vuiton` 0) sit below the
threshold; ordinary words sit well above it.

The languages and the threshold are in rules/default.toml ([fuzzy]).
"""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=65_536)
def zipf(word: str, languages: tuple[str, ...]) -> float:
    """The highest Zipf frequency of `word` in any of `languages` (0 when unknown)."""
    from wordfreq import zipf_frequency

    return max((zipf_frequency(word, lang) for lang in languages), default=0.0)


def is_word(word: str, languages: tuple[str, ...], threshold: float) -> bool:
    """Whether `word` is an ordinary word of one of `languages` (Zipf frequency >= threshold)."""
    return bool(languages) and zipf(word, languages) >= threshold
