"""A seeded mix of searches on the results page, as people use it.

``search_mix(count, seed)`` returns ``count`` distinct search URLs for ``/de/angebote/``: a text of
zero to three words (from the words people type, with typos and umlauts typed as ae/oe/ue or
left out) and zero to three facets (area, age, gender, target group, language, district with
its region, provider type, kind, free of charge, barrier-free), sometimes another sort order or
the second page. Each comes with a *category* for the breakdown of the results.

The facet values are read from the reference data (``reference.toml``, the Kassel district
list), so the mix stays valid when vocabularies grow; no database is needed.

    python bench/queries.py [COUNT] [SEED]   # prints the URLs
"""

from __future__ import annotations

import csv
import random
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

DATA = Path(__file__).resolve().parent.parent / "src" / "wegweiser" / "directory" / "data"
PATH = "/de/angebote/"

# What people type: the providers' words, the words people use instead, inflected forms,
# umlauts as ae/oe/ue or without dots, and typos. Weighted: common searches come more often.
WORDS: dict[str, int] = {
    "Deutschkurs": 12,
    "Integrationskurs": 10,
    "Integrationskurse": 4,
    "Sprachkurs": 8,
    "Sprachkurse": 3,
    "Deutsch": 6,
    "Beratung": 8,
    "Migrationsberatung": 4,
    "Flüchtlingsberatung": 2,
    "Frauencafé": 3,
    "Frauencafe": 2,
    "Frauenfrühstück": 2,
    "Hausaufgabenhilfe": 5,
    "Nachhilfe": 4,
    "Bewerbungstraining": 4,
    "Bewerbung": 4,
    "Job": 5,
    "Arbeit": 5,
    "Ausbildung": 3,
    "Fußball": 4,
    "Fussball": 2,
    "Sport": 4,
    "Schwimmkurs": 2,
    "Schwimmen": 2,
    "Nähkurs": 2,
    "Naehkurs": 1,
    "Elterncafé": 2,
    "Eltern": 3,
    "Kita": 3,
    "Kinder": 4,
    "Jugendliche": 3,
    "Frauen": 5,
    "Mädchen": 2,
    "Maedchen": 1,
    "Senioren": 2,
    "Flüchtlinge": 3,
    "Fluechtlinge": 1,
    "Asyl": 2,
    "Arabisch": 2,
    "Türkisch": 2,
    "Ukrainisch": 2,
    "Russisch": 1,
    "Computerkurs": 2,
    "Pflege": 2,
    "Anerkennung": 2,
    "Theater": 1,
    "Chor": 1,
    "Kochkurs": 1,
    "Garten": 1,
    "Alphabetisierung": 2,
    "Orientierungskurs": 1,
    "Schuldnerberatung": 1,
    "Sprachcafé": 2,
    "Sprachförderung": 2,
    "Sprachfoerderung": 1,
    "Treffpunkt": 2,
    "Begegnung": 1,
    "Nordstadt": 2,
    "Wesertor": 1,
    "Vellmar": 1,
    "A1": 2,
    "B1": 2,
    "Yoga": 1,
    "Tanz": 1,
    "Fahrrad": 1,
    "kostenlos": 1,
    "Gesundheit": 1,
    "Caritas": 1,
    "AWO": 1,
    # typos
    "Integratonskurs": 2,
    "Intgrationskurse": 1,
    "Deutschkur": 1,
    "Beratng": 1,
    "Hausaufgabenhlfe": 1,
    "Bewerbungstrainig": 1,
    "Sprachforderung": 1,
    "Fusball": 1,
    "Schwimkurs": 1,
    "Flüchtlingsbratung": 1,
}
TYPOS = frozenset(
    {
        "Integratonskurs",
        "Intgrationskurse",
        "Deutschkur",
        "Beratng",
        "Hausaufgabenhlfe",
        "Bewerbungstrainig",
        "Sprachforderung",
        "Fusball",
        "Schwimkurs",
        "Flüchtlingsbratung",
    }
)

FACETS = (
    "area",
    "age",
    "gender",
    "target",
    "language",
    "district",
    "provider_type",
    "kind",
    "free",
    "barrier_free",
)
FACET_WEIGHTS = (14, 10, 8, 8, 10, 14, 4, 5, 6, 4)
REGION_WEIGHTS = {"stadt-kassel": 8, "landkreis-kassel": 1}
# Languages of delivery people filter by most.
LANGUAGE_WEIGHTS = {"ar": 8, "tr": 7, "ru": 6, "uk": 6, "en": 5, "fa": 4, "prs": 2, "de": 2}


@dataclass(frozen=True)
class Search:
    url: str
    category: str
    words: int
    facets: int
    typo: bool


@dataclass(frozen=True)
class Vocabulary:
    codes: dict[str, list[str]]
    districts: dict[str, list[str]]  # region slug → district codes


def vocabulary() -> Vocabulary:
    """The codes of the reference data, read from the files the loader reads."""
    with (DATA / "reference.toml").open("rb") as handle:
        reference = tomllib.load(handle)
    codes = {
        "area": [entry["code"] for entry in reference["areas"]],
        "age": [entry["code"] for entry in reference["age_groups"]],
        "gender": ["frauen", "maenner"],
        "target": [entry["code"] for entry in reference["target_groups"]],
        "language": [entry["code"] for entry in reference["languages"]],
        "provider_type": [entry["code"] for entry in reference["provider_types"]],
        "kind": [entry["code"] for entry in reference["offer_kinds"]],
    }
    with (DATA / "kassel" / "kassel_stadtteile.csv").open(encoding="utf-8", newline="") as handle:
        kassel = [row["nr"] for row in csv.DictReader(handle) if row["stadtteil_statistik"]]
    districts: dict[str, list[str]] = {"stadt-kassel": kassel}
    for entry in reference.get("municipalities", []):
        districts.setdefault(entry["region"], []).append(entry["code"])
    return Vocabulary(codes, districts)


def _words(rng: random.Random) -> list[str]:
    count = rng.choices((0, 1, 2, 3), weights=(20, 50, 22, 8))[0]
    keys = list(WORDS)
    chosen: list[str] = []
    while len(chosen) < count:
        word = rng.choices(keys, weights=[WORDS[key] for key in keys])[0]
        if word not in chosen:
            chosen.append(word)
    return chosen


def _facet_params(rng: random.Random, vocab: Vocabulary, facet: str) -> list[tuple[str, str]]:
    if facet in ("free", "barrier_free"):
        return [(facet, "1")]
    if facet == "district":
        regions = list(vocab.districts)
        region = rng.choices(regions, weights=[REGION_WEIGHTS.get(r, 1) for r in regions])[0]
        codes = vocab.districts[region]
        chosen = rng.sample(codes, 2 if rng.random() < 0.1 and len(codes) > 1 else 1)
        return [("region", region), *(("district", code) for code in chosen)]
    if facet == "language":
        known = [code for code in LANGUAGE_WEIGHTS if code in vocab.codes["language"]]
        weights = [LANGUAGE_WEIGHTS[code] for code in known]
        values = [rng.choices(known, weights=weights)[0]]
        if rng.random() < 0.1:
            values.append(rng.choice(vocab.codes["language"]))
        return [("language", value) for value in dict.fromkeys(values)]
    codes = vocab.codes[facet]
    count = 2 if rng.random() < 0.1 and len(codes) > 1 else 1
    return [(facet, value) for value in rng.sample(codes, count)]


def _search(rng: random.Random, vocab: Vocabulary) -> Search:
    words = _words(rng)
    facet_count = rng.choices((0, 1, 2, 3), weights=(35, 35, 20, 10))[0]
    facets: list[str] = []
    while len(facets) < facet_count:
        facet = rng.choices(FACETS, weights=FACET_WEIGHTS)[0]
        if facet not in facets:
            facets.append(facet)
    params: list[tuple[str, str]] = []
    if words:
        params.append(("q", " ".join(words)))
    for facet in facets:
        params += _facet_params(rng, vocab, facet)
    roll = rng.random()
    sort = "name" if roll < 0.12 else "verified" if roll < 0.20 else ""
    if sort:
        params.append(("sort", sort))
    page = rng.random() < 0.10
    if page:
        params.append(("page", "2"))
    typo = any(word in TYPOS for word in words)
    text = f"text{len(words)}" if words else "browse"
    category = f"{text}+{len(facets)}f" + (f"+{sort}" if sort else "") + ("+p2" if page else "")
    url = f"{PATH}?{urlencode(params)}" if params else PATH
    return Search(url, category, len(words), len(facets), typo)


def search_mix(count: int = 1200, seed: int = 1) -> list[Search]:
    """``count`` distinct searches (at least 1, by URL), in a seeded random order."""
    if count < 1:
        raise ValueError("count must be at least 1")
    rng = random.Random(seed)  # noqa: S311 (a reproducible mix, not secrets)
    vocab = vocabulary()
    seen: dict[str, Search] = {}
    attempts = 0
    while len(seen) < count:
        attempts += 1
        if attempts > count * 50:
            raise RuntimeError(f"only {len(seen)} distinct searches after {attempts} attempts")
        search = _search(rng, vocab)
        seen.setdefault(search.url, search)
    return list(seen.values())


def main(argv: list[str]) -> int:
    count = int(argv[1]) if len(argv) > 1 else 1200
    seed = int(argv[2]) if len(argv) > 2 else 1
    for search in search_mix(count, seed):
        sys.stdout.write(f"{search.category}\t{search.url}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
