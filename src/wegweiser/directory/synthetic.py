"""Synthetic offers for benchmarks: many published offers that look like the real ones.

``generate(count, seed=…)`` creates ``count`` published offers and a few hundred providers with
their locations, all marked ``is_demo=True`` with an ``external_id`` starting ``synthetic-``.
Titles and descriptions are composed from German word lists built around the vocabulary of the
Kassel data (Sprachkurs, Integrationskurs, Beratung, Frauencafé, Hausaufgabenhilfe …); areas, age
groups, genders, target groups, languages, districts (some region-wide), kinds, cost and
accessibility follow plausible distributions. The same seed gives the same data.

It is fast because it writes in bulk: the offers with ``bulk_create``, then the rows of the
many-to-many tables, then the search index of the new offers in chunks. No history is recorded
(synthetic data has no editorial past) and no signal fires per object. Generating again first
removes every synthetic offer and provider (and only those).
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, TypeVar

from django.db import connection, models, transaction
from django.utils import timezone

from wegweiser.directory.models import (
    AgeGroup,
    Area,
    District,
    EditorialStatus,
    Gender,
    Language,
    Location,
    Offer,
    OfferKind,
    OfferLocation,
    OfferSearchDocument,
    OfferTranslation,
    Provider,
    ProviderTranslation,
    ProviderType,
    Region,
    TargetGroup,
)

PREFIX = "synthetic-"
PROVIDER_PREFIX = f"{PREFIX}provider-"
MAX_COUNT = 1_000_000
BATCH_SIZE = 2_000
INDEX_CHUNK = 1_000
PROGRESS_EVERY = 10_000

T = TypeVar("T")


class SyntheticDataError(Exception):
    """Synthetic data cannot be generated; the message is German and says what to do."""


# --- Word lists ----------------------------------------------------------------------------------
#
# Title heads per area. A head may carry hints after "|": f = for women and girls, m = for men
# and boys, k = children, j = young people, s = older people, e = parents and families,
# c = a course (kind "kurs"), p = a project (kind "projekt").

HEADS: dict[str, list[str]] = {
    "sprachfoerderung": [
        "Integrationskurs|c",
        "Integrationskurs mit Alphabetisierung|c",
        "Jugendintegrationskurs|cj",
        "Frauenintegrationskurs|cf",
        "Elternintegrationskurs|ce",
        "Sprachkurs|c",
        "Deutschkurs|c",
        "Deutsch für den Beruf|c",
        "Berufssprachkurs|c",
        "Alphabetisierungskurs|c",
        "Konversationskurs|c",
        "Sprachcafé",
        "Sprachtandem",
        "Sprachförderung in der Kita|ke",
        "Sprachförderung im Vorschulalter|k",
        "Lesepatenschaft|kp",
        "Vorlesestunde|k",
        "Deutsch lernen mit Kind|cfe",
        "Deutschtreff für Seniorinnen und Senioren|s",
        "Prüfungsvorbereitung Deutsch-Test für Zuwanderer|c",
    ],
    "spezielle-beratungen": [
        "Migrationsberatung für Erwachsene",
        "Migrationsberatung für erwachsene Zuwanderer",
        "Jugendmigrationsdienst|j",
        "Flüchtlingsberatung",
        "Asylverfahrensberatung",
        "Beratung zu Aufenthaltsfragen",
        "Sozialberatung",
        "Schuldnerberatung",
        "Erziehungsberatung|e",
        "Familienberatung|e",
        "Schwangerschaftsberatung|f",
        "Gesundheitsberatung",
        "Suchtberatung",
        "Beratung für Frauen|f",
        "Beratung bei häuslicher Gewalt|f",
        "Psychosoziale Beratung für Geflüchtete",
        "Rückkehrberatung",
        "Anerkennungsberatung",
        "Gesundheitslotsen|p",
        "Wohnungssuche und Mietberatung",
        "Seniorenberatung|s",
        "Männerberatung|m",
    ],
    "arbeitsberatung": [
        "Bewerbungstraining|c",
        "Bewerbungswerkstatt",
        "Jobcoaching",
        "Berufsberatung",
        "Beratung zur Anerkennung ausländischer Abschlüsse",
        "Arbeitsmarktberatung",
        "Existenzgründungsberatung",
        "Gründungsberatung für Frauen|f",
        "Externes Fallmanagement",
        "Job-Sprechstunde",
        "Ausbildungsplatzsuche für Jugendliche|j",
        "Wiedereinstieg in den Beruf für Mütter|fe",
    ],
    "berufliche-qualifizierung": [
        "Qualifizierung in der Pflege|c",
        "Berufsvorbereitung|jp",
        "Ausbildungsbegleitung|j",
        "Umschulung zur Fachkraft Lagerlogistik|c",
        "EDV-Grundkurs|c",
        "Computerkurs|c",
        "Führerscheinkurs|c",
        "Qualifizierung Gastronomie|c",
        "Praktikumsvermittlung",
        "Teilqualifizierung|c",
        "Produktionsschule|jp",
        "Übergangsmanagement Schule – Beruf|jp",
        "Kinderbetreuung als Beruf|cf",
        "Handwerk für Geflüchtete|p",
    ],
    "bildung": [
        "Hausaufgabenhilfe|k",
        "Nachhilfe|kj",
        "Lernwerkstatt|k",
        "Lernpatenschaft|kp",
        "Elternbildung|e",
        "Elterncafé|e",
        "Elternabend in mehreren Sprachen|e",
        "Mathe-Förderung|kj",
        "Ferienschule|kj",
        "Orientierungskurs|c",
        "Rucksack-Programm|ep",
        "Bildungsberatung",
        "Medienkompetenz für Eltern|e",
        "Erste-Hilfe-Kurs|c",
        "Interkulturelle Bildung für Fachkräfte",
        "Fortbildung interkulturelle Kompetenz",
        "Schulstart-Begleitung|ke",
        "Digitale Sprechstunde|s",
    ],
    "freizeit-sport": [
        "Fußball|jm",
        "Mädchenfußball|jf",
        "Fußball für alle",
        "Schwimmkurs für Frauen|cf",
        "Schwimmkurs für Kinder|ck",
        "Fahrradkurs für Frauen|cf",
        "Tanzgruppe",
        "Boxtraining|j",
        "Yoga für Frauen|f",
        "Tischtennis",
        "Basketball|j",
        "Laufgruppe",
        "Kinderturnen|k",
        "Ferienspiele|k",
        "Jugendtreff|j",
        "Klettern|j",
        "Wandergruppe",
        "Spielenachmittag|k",
        "Seniorengymnastik|s",
        "Integration durch Sport|p",
    ],
    "kultur": [
        "Theatergruppe",
        "Interkultureller Chor",
        "Nähkurs|cf",
        "Nähcafé|f",
        "Malkurs|c",
        "Internationaler Kochkurs|c",
        "Interkultureller Garten",
        "Trommelgruppe",
        "Fotoprojekt|jp",
        "Erzählcafé|s",
        "Filmabend",
        "Musikprojekt|kp",
        "Stadtführung auf Arabisch",
        "Museumsbesuch für Familien|e",
        "Literaturkreis",
        "Handarbeitstreff|f",
        "Kinderkultur|k",
    ],
    "religion": [
        "Interreligiöser Dialog",
        "Gesprächskreis der Religionen",
        "Gemeindecafé",
        "Gottesdienst in mehreren Sprachen",
        "Seelsorge für Geflüchtete",
        "Interreligiöses Friedensgebet",
        "Fastenbrechen für alle",
        "Moscheeführung",
        "Kirchenführung",
    ],
    "sonstiges": [
        "Frauencafé|f",
        "Internationales Frauencafé|f",
        "Frauenfrühstück|f",
        "Interkulturelles Frauenfrühstück|f",
        "Begegnungscafé",
        "Nachbarschaftstreff",
        "Patenschaftsprogramm|p",
        "Ehrenamtliche Begleitung",
        "Kleiderkammer",
        "Repair-Café",
        "Dolmetscherdienst",
        "Mittagstisch",
        "Seniorentreff|s",
        "Familientreffpunkt|e",
        "Mentoring für junge Frauen|jfp",
        "Väterfrühstück|me",
        "Mehrgenerationenprojekt|p",
        "Treffpunkt für Neuzugewanderte",
    ],
}

QUALIFIERS: dict[str, list[str]] = {
    "sprachfoerderung": [
        "A1",
        "A2",
        "B1",
        "B2",
        "C1",
        "für Anfänger",
        "für Fortgeschrittene",
        "am Vormittag",
        "am Abend",
        "am Wochenende",
        "mit Kinderbetreuung",
        "Intensiv",
        "online",
    ],
    "*": [
        "am Vormittag",
        "am Nachmittag",
        "am Abend",
        "am Wochenende",
        "für Neuzugewanderte",
        "für Geflüchtete",
        "in mehreren Sprachen",
        "im Stadtteilzentrum",
        "im Familienzentrum",
        "offene Sprechstunde",
        "in Kooperation mit der Volkshochschule",
    ],
}

PROJECT_NAMES = [
    "Brücken bauen",
    "Gemeinsam stark",
    "Ankommen",
    "Neue Wege",
    "Step by Step",
    "Future Girls",
    "Zukunftswerkstatt",
    "Miteinander",
    "Vielfalt leben",
    "Willkommen im Quartier",
    "Job-Chance",
    "Samt und Seide",
    "Treffpunkt Samowar",
    "Perspektive Nordhessen",
    "Kompass",
    "Horizonte",
    "Starke Mütter",
    "Welten verbinden",
]

ACTIVITIES = [
    "lernen in kleinen Gruppen",
    "üben Alltagssituationen",
    "bekommen Unterstützung bei Anträgen und Behördengängen",
    "lernen die Angebote im Stadtteil kennen",
    "knüpfen Kontakte in der Nachbarschaft",
    "erhalten Hilfe bei Bewerbungen",
    "verbessern ihre Deutschkenntnisse",
    "tauschen sich über Erziehung und Schule aus",
    "treiben gemeinsam Sport",
    "kochen, nähen und gestalten gemeinsam",
    "bereiten sich auf Prüfungen vor",
    "werden von Ehrenamtlichen begleitet",
    "erfahren mehr über Ausbildung und Arbeit in Deutschland",
]

AUDIENCES = {
    "f": "Frauen und Mädchen",
    "m": "Männer und Jungen",
    "k": "Kinder",
    "j": "Jugendliche und junge Erwachsene",
    "s": "Seniorinnen und Senioren",
    "e": "Eltern und Familien",
    "": "Migrantinnen und Migranten",
}

EXTRA_SENTENCES = [
    "Die Teilnahme ist unverbindlich, Vorkenntnisse sind nicht nötig.",
    "Eine Anmeldung ist erforderlich, die Plätze sind begrenzt.",
    "Einstieg jederzeit möglich.",
    "Während des Angebots wird eine Kinderbetreuung angeboten.",
    "Wir sprechen auch Arabisch, Türkisch, Russisch und Ukrainisch.",
    "Das Angebot wird von ehrenamtlichen Helferinnen und Helfern unterstützt.",
    "Die Beratung ist vertraulich und unabhängig vom Aufenthaltsstatus.",
    "Fahrtkosten können erstattet werden.",
    "Bitte bringen Sie, wenn vorhanden, Ihre Unterlagen mit.",
    "Termine nach Vereinbarung, auch telefonisch.",
    "In Zusammenarbeit mit Schulen, Kitas und dem Jobcenter.",
    "Das Angebot ist Teil des Netzwerks Arbeitskreis Integration.",
]

SCHEDULES = [
    "montags 9–12 Uhr",
    "dienstags und donnerstags 17–19 Uhr",
    "mittwochs 15–17 Uhr",
    "freitags 10–12 Uhr",
    "montags bis freitags 8:30–12:45 Uhr",
    "jeden zweiten Samstag 14–17 Uhr",
    "nach Vereinbarung",
    "donnerstags 16–18 Uhr, nicht in den Schulferien",
    "",
]

FUNDING = [
    "Bundesamt für Migration und Flüchtlinge (BAMF)",
    "Europäischer Sozialfonds (ESF)",
    "Land Hessen – WIR-Programm",
    "Bundesprogramm „Integration durch Sport“",
    "Soziale Stadt",
    "Aktion Mensch",
    "Stadt Kassel",
]

COST_NOTES: dict[str, list[str]] = {
    Offer.Cost.REDUCED: ["ermäßigt mit Kassel-Pass", "Ermäßigung auf Antrag", "1 € je Termin"],
    Offer.Cost.PAID: ["5 € je Termin", "Kursgebühr 60 €", "Eigenanteil 2,29 € je Stunde"],
}

STREETS = [
    "Holländische Straße",
    "Friedrich-Ebert-Straße",
    "Wilhelmshöher Allee",
    "Leipziger Straße",
    "Frankfurter Straße",
    "Weserstraße",
    "Mönchebergstraße",
    "Königstor",
    "Kölnische Straße",
    "Wolfhager Straße",
    "Ihringshäuser Straße",
    "Dörnbergstraße",
    "Brückenhofstraße",
    "Mattenbergstraße",
    "Heinrich-Heine-Straße",
    "Obere Königsstraße",
]

PLACES = [
    "Stadtteilzentrum",
    "Familienzentrum",
    "Nachbarschaftshaus",
    "Gemeindehaus",
    "Bürgerhaus",
    "Beratungsstelle",
    "Begegnungsstätte",
    "Jugendzentrum",
    "Grundschule",
    "Geschäftsstelle",
]

# Provider templates per provider type: name patterns ({place} = a district or the region) and
# the areas such a provider offers in, with weights.
PROVIDER_TEMPLATES: dict[str, tuple[list[str], dict[str, int]]] = {
    "wohlfahrtsverband": (
        [
            "AWO {place}",
            "Caritasverband {place}",
            "Diakonisches Werk {place}",
            "DRK-Kreisverband {place}",
            "Der Paritätische {place}",
            "Internationaler Bund {place}",
        ],
        {
            "spezielle-beratungen": 6,
            "sprachfoerderung": 4,
            "arbeitsberatung": 3,
            "bildung": 3,
            "sonstiges": 3,
            "berufliche-qualifizierung": 2,
            "freizeit-sport": 1,
            "kultur": 1,
        },
    ),
    "verein": (
        [
            "Sportverein Eintracht {place}",
            "TSV Blau-Weiß {place}",
            "Interkultureller Nachbarschaftsverein {place} e. V.",
            "Förderverein Bildung {place} e. V.",
            "Frauentreff {place} e. V.",
            "Initiative Willkommen {place}",
            "Kulturladen {place} e. V.",
            "Elterninitiative {place} e. V.",
        ],
        {
            "freizeit-sport": 5,
            "sonstiges": 4,
            "kultur": 3,
            "bildung": 3,
            "sprachfoerderung": 2,
        },
    ),
    "migrantenorganisation": (
        [
            "Türkischer Elternverein {place} e. V.",
            "Russischsprachiger Kulturverein {place} e. V.",
            "Afrikanischer Verein {place} e. V.",
            "Syrischer Kulturverein {place} e. V.",
            "Afghanischer Frauenverein {place} e. V.",
            "Kurdisches Kulturzentrum {place} e. V.",
            "Ukrainische Gemeinschaft {place} e. V.",
            "Eritreischer Verein {place} e. V.",
            "Polnische Mission {place}",
            "Griechische Gemeinde {place} e. V.",
        ],
        {
            "sonstiges": 4,
            "kultur": 4,
            "bildung": 3,
            "sprachfoerderung": 2,
            "spezielle-beratungen": 2,
            "freizeit-sport": 2,
            "religion": 1,
        },
    ),
    "bildungstraeger": (
        [
            "Sprachschule Lingua {place}",
            "Bildungswerk {place}",
            "Akademie Kompass {place}",
            "Lernzentrum Brücke {place}",
            "Institut Perspektive {place} gGmbH",
            "Volkshochschule {place}",
            "Berufsbildungszentrum {place}",
        ],
        {
            "sprachfoerderung": 8,
            "berufliche-qualifizierung": 5,
            "bildung": 3,
            "arbeitsberatung": 2,
        },
    ),
    "kommune": (
        [
            "Stadt Kassel – Jugendamt {place}",
            "Stadt Kassel – Stadtteilmanagement {place}",
            "Gesundheitsamt Region Kassel, Außenstelle {place}",
            "Grundschule {place}",
            "Gesamtschule {place}",
            "Jobcenter Kassel, Standort {place}",
            "Stadtbibliothek {place}",
        ],
        {
            "bildung": 4,
            "arbeitsberatung": 3,
            "spezielle-beratungen": 3,
            "sprachfoerderung": 2,
            "sonstiges": 1,
        },
    ),
    "land-bund": (
        [
            "Agentur für Arbeit, Geschäftsstelle {place}",
            "Regierungspräsidium Kassel, Außenstelle {place}",
            "Bundesamt für Migration und Flüchtlinge, Außenstelle {place}",
        ],
        {"arbeitsberatung": 4, "berufliche-qualifizierung": 3, "sprachfoerderung": 2},
    ),
    "religionsgemeinschaft": (
        [
            "Evangelische Kirchengemeinde {place}",
            "Katholische Pfarrei {place}",
            "Moscheegemeinde {place}",
            "Alevitische Gemeinde {place}",
            "Orthodoxe Gemeinde {place}",
        ],
        {"religion": 5, "sonstiges": 3, "kultur": 2, "bildung": 2, "spezielle-beratungen": 1},
    ),
    "sonstige": (
        [
            "Stadtteilzentrum {place}",
            "Familienzentrum {place}",
            "Mehrgenerationenhaus {place}",
            "Beratungsnetz {place}",
            "Kulturzentrum {place}",
        ],
        {
            "sonstiges": 4,
            "bildung": 3,
            "spezielle-beratungen": 3,
            "kultur": 2,
            "freizeit-sport": 2,
            "sprachfoerderung": 2,
        },
    ),
}

PROVIDER_TYPE_WEIGHTS = {
    "verein": 30,
    "migrantenorganisation": 18,
    "wohlfahrtsverband": 12,
    "bildungstraeger": 12,
    "kommune": 10,
    "religionsgemeinschaft": 8,
    "sonstige": 8,
    "land-bund": 2,
}

MIGRANT_ORGANISATION_LANGUAGES = {
    "Türkischer": "tr",
    "Russischsprachiger": "ru",
    "Syrischer": "ar",
    "Afghanischer": "prs",
    "Kurdisches": "kmr",
    "Ukrainische": "uk",
    "Eritreischer": "ti",
    "Polnische": "pl",
    "Griechische": "el",
    "Afrikanischer": "fr",
}

AGE_WEIGHTS = {"kinder": 14, "jugendliche": 18, "erwachsene": 60, "senioren": 8}
HINT_AGES = {"k": "kinder", "j": "jugendliche", "s": "senioren"}

TARGET_WEIGHTS = {
    "gefluechtete": 22,
    "neuzugewanderte": 20,
    "eltern-familien": 14,
    "arbeitsuchende": 10,
    "schueler": 8,
    "junge-menschen-u27": 8,
    "ehrenamtliche": 4,
    "langzeitarbeitslose": 4,
    "spaetaussiedler": 3,
    "fachkraefte": 3,
    "betriebe-organisationen": 2,
    "gruenderinnen": 2,
}

LANGUAGE_WEIGHTS = {
    "ar": 20,
    "tr": 18,
    "ru": 15,
    "en": 14,
    "uk": 12,
    "fa": 10,
    "kmr": 6,
    "prs": 5,
    "pl": 5,
    "ro": 5,
    "fr": 4,
    "ti": 4,
    "bg": 3,
    "sq": 3,
    "ckb": 2,
    "ps": 2,
    "so": 2,
    "es": 2,
    "sr": 1,
    "hr": 1,
    "bs": 1,
    "el": 1,
    "it": 1,
    "pt": 1,
    "vi": 1,
    "gsg": 1,
}

AREA_KIND_WEIGHTS = {
    "sprachfoerderung": {"kurs": 6, "regelangebot": 3, "projekt": 1},
    "berufliche-qualifizierung": {"kurs": 4, "projekt": 3, "regelangebot": 3},
    "*": {"regelangebot": 6, "projekt": 2, "kurs": 2},
}

# Relative number of offers per Kassel district (population and migration share, rounded).
DISTRICT_WEIGHTS = {
    "01": 7,
    "02": 5,
    "03": 8,
    "04": 9,
    "05": 6,
    "06": 2,
    "07": 4,
    "08": 7,
    "09": 6,
    "10": 6,
    "11": 18,
    "12": 4,
    "13": 8,
    "14": 12,
    "15": 4,
    "16": 9,
    "17": 4,
    "18": 5,
    "19": 6,
    "20": 11,
    "21": 1,
    "22": 2,
    "23": 3,
}
REGION_WEIGHTS = {"stadt-kassel": 6, "landkreis-kassel": 1}
POSTCODES = {"stadt-kassel": ("34117", "34134", "Kassel"), "landkreis-kassel": ("34246", "", "")}

REQUIRED_CODES: dict[type[Any], set[str]] = {
    Gender: {Gender.ALL, "frauen", "maenner"},
    OfferKind: {OfferKind.REGULAR, OfferKind.PROJECT, OfferKind.COURSE},
    Area: set(HEADS),
}


# --- Report --------------------------------------------------------------------------------------


@dataclass
class GenerationReport:
    offers: int = 0
    providers: int = 0
    locations: int = 0
    relations: dict[str, int] = field(default_factory=dict)
    removed_offers: int = 0
    removed_providers: int = 0
    indexed: int = 0

    def lines(self) -> list[str]:
        relations = ", ".join(f"{name}: {count}" for name, count in self.relations.items())
        return [
            f"Entfernt: {self.removed_offers} synthetische Angebote, "
            f"{self.removed_providers} synthetische Träger.",
            f"Angelegt: {self.offers} Angebote, {self.providers} Träger, {self.locations} Orte.",
            f"Beziehungen: {relations}.",
            f"Suchindex: {self.indexed} Angebote indexiert.",
        ]


# --- Helpers -------------------------------------------------------------------------------------


def _weighted(rng: random.Random, weights: dict[str, int]) -> str:
    keys = list(weights)
    return rng.choices(keys, weights=[weights[key] for key in keys])[0]


def _sample_weighted(rng: random.Random, weights: dict[str, int], count: int) -> list[str]:
    """``count`` distinct keys, drawn by weight without replacement."""
    pool = dict(weights)
    chosen: list[str] = []
    while pool and len(chosen) < count:
        key = _weighted(rng, pool)
        chosen.append(key)
        del pool[key]
    return chosen


def _uuid(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def _chunks(items: Sequence[T], size: int) -> Iterable[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


@dataclass
class _Reference:
    regions: list[Region]
    districts: dict[int, list[District]]
    vocabularies: dict[type[Any], dict[str, Any]]
    district_weights: dict[int, list[int]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        """Cumulative weights of each region's districts, for ``random.choices``."""
        for region_id, districts in self.districts.items():
            self.district_weights[region_id] = list(
                itertools.accumulate(DISTRICT_WEIGHTS.get(d.code, 3) for d in districts)
            )

    def get(self, model: type[Any], code: str) -> Any:
        return self.vocabularies[model][code]

    def weights(self, model: type[Any], weights: dict[str, int]) -> dict[str, int]:
        """The weights of the codes that exist (staff may have added or renamed codes)."""
        known = self.vocabularies[model]
        return {code: weight for code, weight in weights.items() if code in known}


def _reference(region_slug: str | None) -> _Reference:
    regions = list(Region.objects.order_by("order", "slug"))
    if not regions:
        raise SyntheticDataError(
            "Keine Referenzdaten: zuerst `wegweiser load_demo --reference-only` ausführen."
        )
    if region_slug is not None:
        regions = [region for region in regions if region.slug == region_slug]
        if not regions:
            known = ", ".join(Region.objects.order_by("slug").values_list("slug", flat=True))
            raise SyntheticDataError(f"Unbekannte Region „{region_slug}“. Vorhanden: {known}.")
    vocabularies: dict[type[Any], dict[str, Any]] = {
        model: {item.code: item for item in model.objects.filter(active=True).order_by("code")}
        for model in (Area, AgeGroup, Gender, OfferKind, ProviderType, TargetGroup, Language)
    }
    for model, codes in REQUIRED_CODES.items():
        missing = sorted(codes - set(vocabularies[model]))
        if missing:
            raise SyntheticDataError(
                f"Referenzdaten unvollständig ({model._meta.verbose_name_plural}: "
                f"{', '.join(missing)} fehlt): `wegweiser load_demo --reference-only` ausführen."
            )
    if not vocabularies[ProviderType] or not vocabularies[AgeGroup]:
        raise SyntheticDataError(
            "Referenzdaten unvollständig (Trägerarten oder Altersgruppen fehlen): "
            "`wegweiser load_demo --reference-only` ausführen."
        )
    districts: dict[int, list[District]] = {region.pk: [] for region in regions}
    for district in District.objects.filter(region__in=regions).order_by("region_id", "code"):
        districts[district.region_id].append(district)
    return _Reference(regions, districts, vocabularies)


def _m2m(model: type[models.Model], name: str) -> tuple[type[models.Model], str, str]:
    """The through model of ``model.name`` and its two columns (this side, the other side)."""
    relation = model._meta.get_field(name)
    if not isinstance(relation, models.ManyToManyField):
        raise TypeError(f"{model.__name__}.{name} is no many-to-many field")
    through = relation.remote_field.through
    if through is None or isinstance(through, str):
        raise TypeError(f"{model.__name__}.{name}: unresolved through model")
    return through, relation.m2m_column_name(), relation.m2m_reverse_name()


# --- Removing earlier synthetic data ---------------------------------------------------------------


def _execute(sql: str, params: Sequence[Any] = ()) -> int:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return max(cursor.rowcount, 0)


def remove() -> tuple[int, int]:
    """Delete every synthetic offer and provider and what hangs on them; (offers, providers).

    Plain SQL: the ORM would load each object, send signals and record a deleted version in
    the history, which takes minutes for 100,000 offers. Only rows of synthetic objects go.
    """
    quote = connection.ops.quote_name
    offer_table = quote(Offer._meta.db_table)
    provider_table = quote(Provider._meta.db_table)
    synthetic_offers = f"SELECT id FROM {offer_table} WHERE external_id LIKE %s AND is_demo = %s"  # noqa: S608 (table names from the models)
    synthetic_providers = (
        f"SELECT id FROM {provider_table} WHERE external_id LIKE %s AND is_demo = %s"  # noqa: S608
    )
    offer_params = [f"{PREFIX}%", True]
    provider_params = [f"{PROVIDER_PREFIX}%", True]
    offer_children: list[tuple[type[models.Model], str]] = [
        (OfferSearchDocument, "offer_id"),
        (OfferTranslation, "offer_id"),
        (OfferLocation, "offer_id"),
    ]
    for name in ("partners", "age_groups", "target_groups", "languages", "districts"):
        through, source, _other = _m2m(Offer, name)
        offer_children.append((through, source))
    for model, column in offer_children:
        _execute(
            f"DELETE FROM {quote(model._meta.db_table)} WHERE {quote(column)} IN ({synthetic_offers})",  # noqa: S608
            offer_params,
        )
    offers = _execute(f"DELETE FROM {offer_table} WHERE id IN ({synthetic_offers})", offer_params)  # noqa: S608
    if offers:
        from wegweiser.directory.search import catalog

        catalog.record_change([None])

    # Providers: only those no remaining offer uses (an editor may have used one elsewhere).
    partner_through, _offer_column, partner_column = _m2m(Offer, "partners")
    partner_table = quote(partner_through._meta.db_table)
    unused = (
        f"{synthetic_providers} AND id NOT IN (SELECT provider_id FROM {offer_table}) "  # noqa: S608
        f"AND id NOT IN (SELECT {quote(partner_column)} FROM {partner_table})"
    )
    location_table = quote(Location._meta.db_table)
    offer_location_table = quote(OfferLocation._meta.db_table)
    _execute(
        f"DELETE FROM {location_table} WHERE provider_id IN ({unused}) "  # noqa: S608
        f"AND id NOT IN (SELECT location_id FROM {offer_location_table})",
        provider_params,
    )
    provider_children: list[tuple[type[models.Model], str]] = [(ProviderTranslation, "provider_id")]
    for name in ("networks", "districts_served"):
        through, source, _other = _m2m(Provider, name)
        provider_children.append((through, source))
    for model, column in provider_children:
        _execute(
            f"DELETE FROM {quote(model._meta.db_table)} WHERE {quote(column)} IN ({unused})",  # noqa: S608
            provider_params,
        )
    _execute(
        f"UPDATE {location_table} SET provider_id = NULL WHERE provider_id IN ({unused})",  # noqa: S608
        provider_params,
    )
    providers = _execute(f"DELETE FROM {provider_table} WHERE id IN ({unused})", provider_params)  # noqa: S608
    return offers, providers


# --- Providers and locations ---------------------------------------------------------------------


@dataclass
class _ProviderPlan:
    provider: Provider
    home: Region
    areas: dict[str, int]
    language: str | None
    weight: float
    locations: list[Location] = field(default_factory=list)


def _provider_count(count: int) -> int:
    """A few hundred providers for a large directory, fewer for a small one."""
    return max(3, min(400, count // 40))


def _make_providers(
    rng: random.Random, reference: _Reference, count: int, now: dt.datetime
) -> list[_ProviderPlan]:
    types = reference.weights(ProviderType, PROVIDER_TYPE_WEIGHTS) or dict.fromkeys(
        reference.vocabularies[ProviderType], 1
    )
    places = [district.name for districts in reference.districts.values() for district in districts]
    places += [region.name.removeprefix("Stadt ") for region in reference.regions]
    plans: list[_ProviderPlan] = []
    names: set[str] = set()
    for number in range(1, _provider_count(count) + 1):
        type_code = _weighted(rng, types)
        patterns, areas = PROVIDER_TEMPLATES.get(type_code, PROVIDER_TEMPLATES["sonstige"])
        name = rng.choice(patterns).format(place=rng.choice(places))
        suffix = 2
        base = name
        while name in names:
            name = f"{base} ({suffix}. Standort)"
            suffix += 1
        names.add(name)
        language = next(
            (code for word, code in MIGRANT_ORGANISATION_LANGUAGES.items() if word in name), None
        )
        home = rng.choices(
            reference.regions,
            weights=[REGION_WEIGHTS.get(region.slug, 1) for region in reference.regions],
        )[0]
        provider = Provider(
            uuid=_uuid(rng),
            external_id=f"{PROVIDER_PREFIX}{number:04d}",
            name=name,
            short_name="",
            provider_type=reference.get(ProviderType, type_code),
            description=f"{name}: Angebote für Migrantinnen und Migranten in Stadt und Landkreis Kassel.",
            website=f"https://example.org/traeger-{number}" if rng.random() < 0.5 else "",
            email=f"kontakt{number}@example.org",
            phone=f"0561 {rng.randint(100000, 999999)}",
            home_region=home,
            status=EditorialStatus.PUBLISHED,
            verified_at=now - dt.timedelta(days=rng.randint(0, 365)),
            is_demo=True,
            lock_version=1,
        )
        # A few large providers run many offers, most run a handful (as in reality).
        weight = 1.0 / number**0.8
        plans.append(
            _ProviderPlan(
                provider, home, reference.weights(Area, areas) or {"sonstiges": 1}, language, weight
            )
        )
    # Weights follow the creation order, which is random in type and name.
    return plans


def _make_locations(
    rng: random.Random, reference: _Reference, plans: list[_ProviderPlan]
) -> list[Location]:
    locations: list[Location] = []
    for plan in plans:
        region = plan.home
        districts = reference.districts.get(region.pk, [])
        low, high, city = POSTCODES.get(region.slug, ("", "", ""))
        for _ in range(rng.choice((1, 1, 2, 3))):
            district = (
                rng.choices(
                    districts, weights=[DISTRICT_WEIGHTS.get(d.code, 3) for d in districts]
                )[0]
                if districts
                else None
            )
            postcode = str(rng.randint(int(low), int(high))) if high else low
            location = Location(
                uuid=_uuid(rng),
                region=region,
                provider=plan.provider,
                name=f"{rng.choice(PLACES)} {district.name if district else region.name}",
                street=f"{rng.choice(STREETS)} {rng.randint(1, 180)}",
                postcode=postcode,
                city=city or (district.name if district else region.name),
                district=district,
                latitude=Decimal(f"{rng.uniform(51.27, 51.36):.6f}"),
                longitude=Decimal(f"{rng.uniform(9.40, 9.55):.6f}"),
            )
            plan.locations.append(location)
            locations.append(location)
    return locations


# --- Offers --------------------------------------------------------------------------------------


@dataclass
class _OfferPlan:
    offer: Offer
    relations: dict[str, list[int]]
    locations: list[Location]


def _title(rng: random.Random, area: str) -> tuple[str, str]:
    """A title and the hints of its head."""
    head, _, hints = rng.choice(HEADS[area]).partition("|")
    title = head
    roll = rng.random()
    if roll < 0.55:
        qualifiers = QUALIFIERS.get(area, []) + QUALIFIERS["*"]
        title = f"{head} {rng.choice(qualifiers)}"
    elif roll < 0.67:
        title = f"„{rng.choice(PROJECT_NAMES)}“ – {head}"
        hints += "p"
    return title, hints


def _description(rng: random.Random, title: str, hints: str, provider: Provider, place: str) -> str:
    audience = next((AUDIENCES[h] for h in hints if h in AUDIENCES and h), AUDIENCES[""])
    sentences = [
        f"{title.split(' – ')[-1]} von {provider.name} in {place}.",
        f"{audience} {rng.choice(ACTIVITIES)}.",
    ]
    sentences += rng.sample(EXTRA_SENTENCES, rng.choice((0, 1, 1, 2, 3)))
    return " ".join(sentences)


def _offer(
    rng: random.Random,
    reference: _Reference,
    plans: list[_ProviderPlan],
    plan_weights: list[float],
    number: int,
    now: dt.datetime,
) -> _OfferPlan:
    plan = rng.choices(plans, cum_weights=plan_weights)[0]
    provider = plan.provider
    region = (
        rng.choices(
            reference.regions,
            weights=[REGION_WEIGHTS.get(region.slug, 1) for region in reference.regions],
        )[0]
        if len(reference.regions) > 1
        else reference.regions[0]
    )
    area_code = _weighted(rng, plan.areas)
    title, hints = _title(rng, area_code)

    if "c" in hints:
        kind_code = OfferKind.COURSE
    elif "p" in hints:
        kind_code = OfferKind.PROJECT
    else:
        kind_code = _weighted(rng, AREA_KIND_WEIGHTS.get(area_code, AREA_KIND_WEIGHTS["*"]))
    gender_code = "frauen" if "f" in hints else "maenner" if "m" in hints else Gender.ALL
    if gender_code == Gender.ALL and rng.random() < 0.06:
        gender_code = "frauen"

    ages = [HINT_AGES[h] for h in hints if h in HINT_AGES]
    if not ages:
        ages = _sample_weighted(rng, AGE_WEIGHTS, rng.choice((1, 1, 1, 2, 2, 4)))
    elif "e" in hints and "erwachsene" not in ages:
        ages.append("erwachsene")
    if rng.random() < 0.04:
        ages = []  # not stated, as in some survey answers

    target_count = rng.choices((0, 1, 2, 3), weights=(35, 40, 20, 5))[0]
    targets = _sample_weighted(rng, reference.weights(TargetGroup, TARGET_WEIGHTS), target_count)
    if "e" in hints and "eltern-familien" in reference.vocabularies[TargetGroup]:
        targets = list(dict.fromkeys(["eltern-familien", *targets]))

    languages = ["de"] if rng.random() < 0.88 else []
    if plan.language:
        languages.append(plan.language)
    extra = rng.choices((0, 1, 2, 3), weights=(45, 30, 17, 8))[0]
    languages += _sample_weighted(rng, reference.weights(Language, LANGUAGE_WEIGHTS), extra)
    languages = [
        code for code in dict.fromkeys(languages) if code in reference.vocabularies[Language]
    ]

    districts = reference.districts.get(region.pk, [])
    citywide = not districts or rng.random() < (0.4 if len(districts) > 3 else 0.6)
    chosen: list[District] = []
    locations: list[Location] = []
    provider_locations = [loc for loc in plan.locations if loc.region_id == region.pk]
    if provider_locations and rng.random() < 0.7:
        locations = [rng.choice(provider_locations)]
    if not citywide:
        if locations and locations[0].district is not None:
            chosen = [locations[0].district]
        wanted = rng.choices((1, 2, 3), weights=(70, 20, 10))[0]
        while len(chosen) < min(wanted, len(districts)):
            district = rng.choices(districts, cum_weights=reference.district_weights[region.pk])[0]
            if district not in chosen:
                chosen.append(district)
    place = chosen[0].name if chosen else region.name

    cost = rng.choices(
        (Offer.Cost.FREE, Offer.Cost.REDUCED, Offer.Cost.PAID, ""), weights=(55, 10, 15, 20)
    )[0]
    start_date = end_date = None
    if kind_code != OfferKind.REGULAR:
        start_date = now.date() - dt.timedelta(days=rng.randint(0, 400))
        if rng.random() < 0.8:
            end_date = start_date + dt.timedelta(days=rng.randint(30, 900))
    hours = None
    hours_note = ""
    if kind_code == OfferKind.COURSE and rng.random() < 0.6:
        hours = Decimal(rng.choice((20, 40, 60, 100, 300, 600, 700)))
        if "Integrationskurs" in title and rng.random() < 0.7:
            hours = Decimal(645)
            hours_note = "600 Std. Sprachkurs und 45 Std. Orientierungskurs"
    funding = ""
    if "Integrationskurs" in title:
        funding = FUNDING[0]
    elif rng.random() < 0.25:
        funding = rng.choice(FUNDING)

    offer = Offer(
        uuid=_uuid(rng),
        region=region,
        external_id=f"{PREFIX}{number:07d}",
        provider=provider,
        title=title[:300],
        description=_description(rng, title, hints, provider, place),
        area=reference.get(Area, area_code),
        kind=reference.get(OfferKind, kind_code),
        start_date=start_date,
        end_date=end_date,
        funding_programme=funding,
        hours=hours,
        hours_note=hours_note,
        gender=reference.get(Gender, gender_code),
        citywide=citywide,
        schedule=rng.choice(SCHEDULES),
        cost=cost,
        cost_note=rng.choice(COST_NOTES[cost]) if cost in COST_NOTES else "",
        registration_required=rng.choice((True, True, False, None)),
        barrier_free=rng.choices((True, False, None), weights=(35, 20, 45))[0],
        childcare=rng.choices((True, False, None), weights=(20, 30, 50))[0],
        contact_name=rng.choice(
            ("", "Frau Yılmaz", "Herr Petrenko", "Frau Haddad", "Frau Schmidt", "Herr Weber")
        ),
        contact_email=provider.email if rng.random() < 0.6 else "",
        contact_phone=provider.phone if rng.random() < 0.6 else "",
        website=provider.website,
        status=EditorialStatus.PUBLISHED,
        verified_at=None
        if rng.random() < 0.1
        else now - dt.timedelta(days=rng.randint(0, 730), minutes=rng.randint(0, 1440)),
        is_demo=True,
        lock_version=1,
    )
    partners: list[int] = []
    if rng.random() < 0.1:
        partners = [
            partner.provider.pk
            for partner in rng.sample(plans, min(len(plans), rng.choice((1, 1, 2))))
            if partner.provider.pk != provider.pk
        ]
    relations = {
        "age_groups": [reference.get(AgeGroup, code).pk for code in ages],
        "target_groups": [reference.get(TargetGroup, code).pk for code in targets],
        "languages": [reference.get(Language, code).pk for code in languages],
        "districts": [district.pk for district in chosen],
        "partners": partners,
    }
    return _OfferPlan(offer, relations, locations)


def _through_rows(name: str, batch: list[_OfferPlan]) -> list[models.Model]:
    if name == "locations":
        return [
            OfferLocation(
                uuid=uuid.uuid5(item.offer.uuid, str(location.uuid)),
                offer_id=item.offer.pk,
                location_id=location.pk,
            )
            for item in batch
            for location in item.locations
        ]
    pairs = [(item.offer.pk, other) for item in batch for other in item.relations[name]]
    through, source, target = _m2m(Offer, name)
    return [through(**{source: offer_id, target: other}) for offer_id, other in pairs]


# --- Entry point ---------------------------------------------------------------------------------


def generate(
    count: int,
    *,
    seed: int = 1,
    region: str | None = None,
    progress: Callable[[str], None] | None = None,
    now: dt.datetime | None = None,
) -> GenerationReport:
    """Replace the synthetic data with ``count`` published offers; deterministic for ``seed``."""
    if count < 1 or count > MAX_COUNT:
        raise SyntheticDataError(
            f"Die Anzahl muss zwischen 1 und {MAX_COUNT:,} liegen, nicht {count}.".replace(",", ".")
        )
    say = progress or (lambda message: None)
    now = now or timezone.now()
    rng = random.Random(seed)  # noqa: S311 (reproducible test data, not secrets)
    report = GenerationReport()
    from wegweiser.directory.search import index

    with transaction.atomic():
        reference = _reference(region)
        report.removed_offers, report.removed_providers = remove()

        plans = _make_providers(rng, reference, count, now)
        Provider.objects.bulk_create([plan.provider for plan in plans], batch_size=BATCH_SIZE)
        report.providers = len(plans)
        locations = _make_locations(rng, reference, plans)
        Location.objects.bulk_create(locations, batch_size=BATCH_SIZE)
        report.locations = len(locations)
        plan_weights = list(itertools.accumulate(plan.weight for plan in plans))

        relation_counts: dict[str, int] = {}
        offer_ids: list[int] = []
        for start in range(0, count, BATCH_SIZE):
            batch = [
                _offer(rng, reference, plans, plan_weights, number, now)
                for number in range(start + 1, min(count, start + BATCH_SIZE) + 1)
            ]
            Offer.objects.bulk_create([item.offer for item in batch], batch_size=BATCH_SIZE)
            for name in (
                "age_groups",
                "target_groups",
                "languages",
                "districts",
                "partners",
                "locations",
            ):
                rows = _through_rows(name, batch)
                if rows:
                    type(rows[0])._default_manager.bulk_create(rows, batch_size=BATCH_SIZE)
                relation_counts[name] = relation_counts.get(name, 0) + len(rows)
            offer_ids.extend(item.offer.pk for item in batch)
            done = len(offer_ids)
            if done % PROGRESS_EVERY == 0 or done == count:
                say(f"{done:,} von {count:,} Angeboten angelegt".replace(",", "."))
        report.offers = len(offer_ids)
        report.relations = relation_counts

        for chunk_number, chunk in enumerate(_chunks(offer_ids, INDEX_CHUNK)):
            index.reindex(chunk)
            done = chunk_number * INDEX_CHUNK + len(chunk)
            if done % PROGRESS_EVERY == 0 or done == count:
                say(f"{done:,} von {count:,} Angeboten indexiert".replace(",", "."))
        report.indexed = OfferSearchDocument.objects.filter(
            offer__external_id__startswith=PREFIX, language=index.GERMAN
        ).count()
    return report
