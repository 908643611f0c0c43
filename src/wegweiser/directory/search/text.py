"""Text normalisation shared by the search index and the queries, on every database.

Both sides go through ``fold``: lower case, umlauts as people type them without a German
keyboard (ä → ae, ö → oe, ü → ue, ß → ss), other accents and Arabic vowel marks dropped. What a
word is, is ``words``; the SQLite index also stems with Snowball (PostgreSQL stems itself with
its German configuration, which is the same algorithm).
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache

import snowballstemmer

_GERMAN = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
_WORD = re.compile(r"\w+", re.UNICODE)

# Function words that carry no meaning for a search (PostgreSQL's German configuration drops
# the same kind of words). Folded spelling.
STOPWORDS = frozenset(
    """
    aber alle allem allen aller alles als also am an ander andere anderem anderen anderer anderes
    auch auf aus bei bin bis bist da damit dann das dass dein deine dem den der des dessen dich
    die dies diese diesem diesen dieser dieses dir doch dort du durch ein eine einem einen einer
    eines er es euer eure fuer gegen hat hatte ich ihr ihre im in ist ja jede jedem jeden jeder
    jedes kann kein keine mit nach nicht noch nur ob oder ohne sehr sein seine sich sie sind so
    ueber um und uns unser unter vom von vor war was weil welche wenn wer wie wir wird wo zu zum
    zur zwischen
    """.split()  # noqa: SIM905 (a word list reads better as text)
)

_STEMMERS = {
    "de": "german",
    "en": "english",
    "tr": "turkish",
    "ru": "russian",
    "ar": "arabic",
}


def fold(text: str) -> str:
    text = unicodedata.normalize("NFC", text).lower().translate(_GERMAN)
    decomposed = unicodedata.normalize("NFKD", text)
    if decomposed.isascii():  # no accents left to drop (most German text, once translated)
        return decomposed
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def words(text: str) -> list[str]:
    """The folded words of ``text``, in order, without stopwords and one-letter words."""
    return [word for word in _WORD.findall(fold(text)) if len(word) > 1 and word not in STOPWORDS]


@cache
def _stemmer(language: str) -> snowballstemmer.stemmer | None:
    algorithm = _STEMMERS.get(language)
    return snowballstemmer.stemmer(algorithm) if algorithm else None


@lru_cache(maxsize=100_000)
def stem(word: str, language: str = "de") -> str:
    stemmer = _stemmer(language)
    return stemmer.stemWord(word) if stemmer else word


def trigrams(word: str) -> set[str]:
    padded = f"  {word} "
    return {padded[index : index + 3] for index in range(len(padded) - 2)}


def similarity(first: str, second: str) -> float:
    """Trigram similarity as PostgreSQL's pg_trgm computes it (shared / all trigrams)."""
    a, b = trigrams(first), trigrams(second)
    return len(a & b) / len(a | b) if a and b else 0.0
