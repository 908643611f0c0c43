"""The maintained list of the words people use for what providers call otherwise."""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

from wegweiser.directory.search.text import fold, words

SYNONYMS_FILE = Path(__file__).resolve().parent.parent / "data" / "synonyms.toml"


@cache
def synonym_map() -> dict[str, tuple[str, ...]]:
    """Folded word → the folded words it also stands for."""
    with SYNONYMS_FILE.open("rb") as handle:
        data = tomllib.load(handle)
    mapping: dict[str, tuple[str, ...]] = {}
    for entry in data["synonyms"]:
        expansions = tuple(
            dict.fromkeys(word for phrase in entry["means"] for word in words(phrase))
        )
        for phrase in entry["words"]:
            mapping[fold(phrase)] = expansions
    return mapping


def expansions(word: str) -> tuple[str, ...]:
    return synonym_map().get(word, ())
