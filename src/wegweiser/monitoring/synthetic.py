"""A synthetic population register of Kassel for the demo, the tests and the benchmarks.

One seed (and size) is one population followed from 2009: every person has a stable pid, a
birth date, the date they entered (birth, arrival, or before 2009) and left (death or moving
away), perhaps a naturalisation and a move within the city. An extract for a stichtag is the
snapshot of the persons living in Kassel on that day, so the years of one seed form a
believable time series. The population on 31 December 2015 is drawn to match the 2015 table of
the statistics office (district sizes and foreigner shares, ``data/``); the migration background
is calibrated so that 2010 shows the source document's figures (Nord (Holland), Waldau,
Wesertor, Oberzwehren over 50 %, three more districts over 40 %, the city about 34 %, children
about half). After 2015: births, Germans moving in and out, foreigners arriving from the EU and
elsewhere, refugees from Syria, Afghanistan, Iraq and Eritrea in 2016 and from Ukraine from
March 2022; foreigners move away more often.
Vectorised with numpy; the file is written by DuckDB.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import duckdb
import numpy as np

DATA = Path(__file__).parent / "data" / "kassel_stadtteile_2015_nichtdeutsch.csv"
REFERENCE = np.datetime64("2015-12-31")
START = np.datetime64("2009-01-01")
END = np.datetime64("2026-12-31")
DAY = np.timedelta64(1, "D")
YEAR_DAYS = 365.25

# Share with migration background per district in the groups drawn for 2015, calibrated so
# that the 2010 snapshot shows the source's figures (four over 50 %, three more over 40 %, city
# about 34 %; tests/test_monitoring_synthetic.py).
MH_TARGET = {
    "01": 0.50, "02": 0.33, "03": 0.21, "04": 0.25, "05": 0.27, "06": 0.23, "07": 0.37,
    "08": 0.22, "09": 0.26, "10": 0.54, "11": 0.65, "12": 0.38, "13": 0.38, "14": 0.62,
    "15": 0.26, "16": 0.49, "17": 0.42, "18": 0.58, "19": 0.36, "20": 0.60, "21": 0.20,
    "22": 0.19, "23": 0.41,
}  # fmt: skip
# Districts with large Aussiedler settlements.
AUSSIEDLER_HEAVY = {"16": 2.0, "17": 2.0, "18": 3.0, "20": 2.5, "19": 1.3}

# Groups of the population at the reference date.
OHNE, AUSL, AUSSIEDLER, EINGEB, DOPPEL, GEB_AUSLAND, KIND = range(7)

FOREIGN_MIX = {
    "TR": 22, "PL": 7, "RO": 5, "BG": 4, "IT": 4, "GR": 3, "HR": 2, "XK": 3, "RS": 2, "BA": 2,
    "RU": 4, "UA": 2, "KZ": 1, "SY": 5, "AF": 4, "IQ": 3, "ER": 2, "IR": 2, "MA": 2, "VN": 2,
    "CN": 2, "US": 1, "ES": 1, "FR": 1, "NL": 1, "AT": 1, "HU": 1, "PT": 1, "IN": 2, "PK": 1,
    "GH": 1, "NG": 1, "XX": 1, "XU": 1, "ET": 1, "TN": 1,
}  # fmt: skip
ARRIVALS_MIX = {"SY": 6, "RO": 14, "BG": 10, "AF": 4, "TR": 8, "IQ": 3, "ER": 2, "IN": 8,
                "PL": 7, "IT": 5, "GR": 5, "IR": 3, "XX": 1, "XU": 2, "CN": 4, "HR": 4,
                "ES": 3, "US": 3, "VN": 2, "MA": 2, "XK": 2, "UA": 2}  # fmt: skip
REFUGEES_MIX = {"SY": 60, "AF": 20, "IQ": 12, "ER": 8}
AUSSIEDLER_MIX = {"KZ": 45, "RU": 28, "PL": 13, "RO": 9, "UA": 5}
FORMER_MIX = {"TR": 40, "PL": 8, "IR": 6, "MA": 5, "AF": 5, "RS": 5, "IQ": 5, "VN": 4,
              "RU": 6, "XK": 4, "SY": 4, "HR": 4, "ET": 4}  # fmt: skip
DUAL_MIX = {"PL": 25, "IT": 15, "US": 10, "GR": 10, "FR": 8, "TR": 12, "RU": 10, "GB": 10}
ABROAD_MIX = {"US": 20, "AT": 15, "CH": 15, "FR": 10, "GB": 10, "ES": 10, "BR": 10, "TH": 10}
EU = {
    "AT",
    "BE",
    "BG",
    "CY",
    "CZ",
    "DE",
    "DK",
    "EE",
    "ES",
    "FI",
    "FR",
    "GR",
    "HR",
    "HU",
    "IE",
    "IT",
    "LT",
    "LU",
    "LV",
    "MT",
    "NL",
    "PL",
    "PT",
    "RO",
    "SE",
    "SI",
    "SK",
}


@dataclass
class Universe:
    """Every person who lives in Kassel at some time between 2009 and 2026."""

    pid: np.ndarray  # int64; the extract writes "P" and the number
    birth: np.ndarray  # datetime64[D]
    sex: np.ndarray
    entry: np.ndarray
    exit: np.ndarray
    district: np.ndarray  # before the move
    moved: np.ndarray  # datetime64[D], NaT: no move
    district2: np.ndarray
    group: np.ndarray
    citizenship: np.ndarray  # own (or former) foreign citizenship, "" for none
    second: np.ndarray  # second citizenship of Germans
    birth_country: np.ndarray
    arrival: np.ndarray  # NaT: never moved from abroad
    origin_country: np.ndarray
    naturalised: np.ndarray  # NaT: never
    art: np.ndarray
    option: np.ndarray  # bool
    mother: np.ndarray  # index, -1: none


def _calibration() -> tuple[list[str], np.ndarray, np.ndarray]:
    with DATA.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    codes = [row["nr"] for row in rows]
    population = np.array([int(row["einwohner_hw"]) for row in rows])
    foreign = np.array([int(row["nichtdeutsch"]) for row in rows]) / population
    return codes, population, foreign


def _pick(rng: np.random.Generator, mix: dict[str, int], n: int) -> np.ndarray:
    keys = np.array(list(mix), dtype=object)
    weights = np.array(list(mix.values()), dtype=float)
    return keys[rng.choice(len(keys), size=n, p=weights / weights.sum())]


def _ages(rng: np.random.Generator, group: np.ndarray) -> np.ndarray:
    """Age in years (float) at the reference date, by group."""
    n = len(group)
    age = 18 + 78 * rng.beta(1.3, 1.5, n)  # adults without migration background: older
    young = rng.random(n) < 0.11
    age[young] = rng.uniform(0, 18, young.sum())
    adults = rng.uniform(18, 50, n)
    pick = group == AUSL
    mix = rng.random(n)
    age[pick] = np.where(
        mix[pick] < 0.2,
        rng.uniform(0, 18, n)[pick],
        np.where(mix[pick] < 0.85, adults[pick], rng.uniform(50, 85, n)[pick]),
    )
    pick = group == AUSSIEDLER
    age[pick] = rng.uniform(24, 88, n)[pick]
    pick = group == EINGEB
    age[pick] = rng.uniform(18, 75, n)[pick]
    pick = group == DOPPEL
    age[pick] = rng.uniform(0, 70, n)[pick]
    pick = group == GEB_AUSLAND
    age[pick] = rng.uniform(0, 80, n)[pick]
    pick = group == KIND
    age[pick] = rng.uniform(0, 18, n)[pick]
    return age


def _years(delta: np.ndarray) -> np.ndarray:
    """A timedelta64[D] array in years."""
    return np.asarray(delta.astype(np.int64), dtype=float) / YEAR_DAYS


def _days(years: np.ndarray) -> np.ndarray:
    return (years * YEAR_DAYS).astype(np.int64) * DAY


def build(residents: int, seed: int) -> Universe:
    rng = np.random.default_rng(seed)
    codes, population, foreign = _calibration()
    sizes = np.round(population * residents / population.sum()).astype(int)
    core_district = np.repeat(np.arange(len(codes)), sizes)
    n_core = len(core_district)
    mh = np.array([MH_TARGET[c] for c in codes])
    heavy = np.array([AUSSIEDLER_HEAVY.get(c, 1.0) for c in codes])

    # Groups at the reference date, per district: foreigners as in 2015, the rest of the
    # migration background split into Aussiedler, naturalised, dual citizens, born abroad and
    # children of immigrants.
    f = foreign[core_district]
    german_mh = np.clip(mh[core_district] - f, 0, 1)
    a_share = 0.30 * heavy[core_district]
    parts = np.stack(
        [a_share, np.full(n_core, 0.25), np.full(n_core, 0.08), np.full(n_core, 0.07),
         np.full(n_core, 0.36)], axis=1)  # fmt: skip
    parts = parts / parts.sum(axis=1, keepdims=True) * german_mh[:, None]
    thresholds = np.cumsum(np.column_stack([f, parts]), axis=1)
    u = rng.random(n_core)
    group = np.full(n_core, OHNE)
    for index, kind in enumerate((AUSL, AUSSIEDLER, EINGEB, DOPPEL, GEB_AUSLAND, KIND)):
        lower = thresholds[:, index - 1] if index else 0
        group[(u >= lower) & (u < thresholds[:, index])] = kind
    core_age = _ages(rng, group)

    # Persons who left before the reference date (so that 2009 is about as large) and persons
    # who arrive or are born after it.
    n_left = int(0.10 * n_core)
    left = rng.choice(n_core, n_left)
    # After the reference date: births (about 1 % a year) and arrivals. Most who move in are
    # Germans from elsewhere in Germany (students, work); foreigners arrive steadily from the
    # EU and elsewhere, and in two waves: refugees from Syria, Afghanistan, Iraq and Eritrea in
    # 2016, people fleeing the war in Ukraine from March 2022.
    n_new = int(0.045 * n_core * 11)
    new_district = rng.choice(len(codes), n_new, p=sizes / sizes.sum())
    born_here = rng.random(n_new) < 0.22
    new_entry = REFERENCE + (rng.uniform(1, (END - REFERENCE) / DAY, n_new)).astype(np.int64) * DAY
    wave = rng.random(n_new)
    refugees = ~born_here & (wave < 0.07)
    new_entry[refugees] = (
        np.datetime64("2016-01-01") + rng.uniform(0, 365, n_new).astype(np.int64) * DAY
    )[refugees]
    ukraine = ~born_here & (wave >= 0.07) & (wave < 0.10)
    new_entry[ukraine] = (
        np.datetime64("2022-03-01") + rng.uniform(0, 480, n_new).astype(np.int64) * DAY
    )[ukraine]
    foreign_arrival = ~born_here & (refugees | ukraine | (rng.random(n_new) < 0.45))
    new_group = np.where(
        born_here,
        rng.choice([OHNE, AUSL, KIND], n_new, p=[0.38, 0.1, 0.52]),
        np.where(foreign_arrival, AUSL, OHNE),
    )
    new_age_at_entry = np.where(
        born_here,
        0.0,
        np.where(rng.random(n_new) < 0.8, rng.uniform(18, 40, n_new), rng.uniform(0, 65, n_new)),
    )

    n = n_core + n_left + n_new
    district = np.concatenate([core_district, core_district[left], new_district])
    group = np.concatenate([group, group[left], new_group])
    birth = np.concatenate(
        [
            REFERENCE - _days(core_age),
            REFERENCE - _days(core_age[left]) - _days(rng.uniform(0, 3, n_left)),
            new_entry - _days(new_age_at_entry),
        ]
    )
    sex = np.where(rng.random(n) < 0.51, "w", "m").astype(object)
    sex[rng.random(n) < 0.0005] = "d"
    born_in_city = np.concatenate([np.zeros(n_core + n_left, bool), born_here])

    # Citizenship, birth country, arrival.
    citizenship = np.full(n, "", dtype=object)
    second = np.full(n, "", dtype=object)
    birth_country = np.full(n, "DE", dtype=object)
    arrival = np.full(n, np.datetime64("NaT"), dtype="datetime64[D]")
    art = np.full(n, "", dtype=object)
    option = np.zeros(n, bool)
    naturalised = np.full(n, np.datetime64("NaT"), dtype="datetime64[D]")
    is_new = np.arange(n) >= n_core + n_left

    ausl = group == AUSL
    citizenship[ausl & ~is_new] = _pick(rng, FOREIGN_MIX, n)[ausl & ~is_new]
    citizenship[ausl & is_new] = _pick(rng, ARRIVALS_MIX, n)[ausl & is_new]
    waves = np.zeros(n, bool)
    waves[n_core + n_left :] = refugees
    citizenship[waves] = _pick(rng, REFUGEES_MIX, n)[waves]
    waves[n_core + n_left :] = ukraine
    citizenship[waves] = "UA"
    abroad = ausl & ~born_in_city & (rng.random(n) < 0.82)
    stateless_like = np.isin(citizenship, ["XX", "XU"])
    birth_country[abroad] = np.where(
        stateless_like[abroad],
        _pick(rng, {"SY": 3, "LB": 2, "PS": 2, "XU": 1}, n)[abroad],
        citizenship[abroad],
    )
    span = np.maximum((REFERENCE - np.maximum(birth, np.datetime64("1965-01-01"))) / DAY, 1)
    arrival_core = REFERENCE - (span * rng.random(n) ** 1.6).astype(np.int64) * DAY
    entry_new = np.concatenate([np.full(n_core + n_left, REFERENCE), new_entry])
    arrival[abroad] = np.where(is_new, entry_new, arrival_core)[abroad]
    # Expellees of the Second World War: born in the former eastern territories, no background.
    expellee = (group == OHNE) & (birth < np.datetime64("1945-06-01")) & (rng.random(n) < 0.12)
    birth_country[expellee] = _pick(rng, {"PL": 6, "CS": 2, "RU": 1}, n)[expellee]

    pick = group == AUSSIEDLER
    birth_country[pick] = _pick(rng, AUSSIEDLER_MIX, n)[pick]
    arrival[pick] = np.maximum(
        np.datetime64("1988-01-01") + (rng.uniform(0, 4000, n)).astype(np.int64) * DAY,
        birth + DAY,
    )[pick]
    art[pick & (rng.random(n) < 0.55)] = "spaetaussiedler"
    # Some Aussiedler were naturalised formally before 1999.
    formal = pick & (art == "") & (rng.random(n) < 0.3)
    naturalised[formal] = (arrival + 300 * DAY)[formal]

    pick = group == EINGEB
    former = _pick(rng, FORMER_MIX, n)
    citizenship[pick] = former[pick]
    from_abroad = pick & (rng.random(n) < 0.7)
    birth_country[from_abroad] = former[from_abroad]
    arrival[from_abroad] = (
        birth + _days(rng.uniform(0, 1, n) * np.maximum(_years(REFERENCE - birth) - 10, 0.1))
    )[from_abroad]
    naturalised[pick] = np.maximum(
        np.datetime64("2000-01-01") + rng.uniform(0, 5800, n).astype(np.int64) * DAY,
        birth + _days(np.full(n, 8.0)),
    )[pick]
    naturalised[pick] = np.minimum(naturalised, REFERENCE)[pick]
    naturalised[from_abroad] = np.maximum(naturalised, arrival + 2 * 365 * DAY)[from_abroad]
    naturalised[pick] = np.minimum(naturalised, REFERENCE)[pick]

    keeps_former = pick & (rng.random(n) < 0.5)
    second[keeps_former] = former[keeps_former]

    pick = group == DOPPEL
    second[pick] = _pick(rng, DUAL_MIX, n)[pick]
    young_dual = pick & (birth >= np.datetime64("2000-01-01")) & (second == "TR")
    art[young_dual] = "ius_soli"
    option[young_dual] = True

    pick = group == GEB_AUSLAND
    birth_country[pick] = _pick(rng, ABROAD_MIX, n)[pick]
    arrival[pick] = (
        birth + _days(rng.uniform(0, 1, n) * np.maximum(_years(REFERENCE - birth), 0.1))
    )[pick]
    art[pick] = "abstammung"

    # Later naturalisations of foreigners (after the reference date for those in the 2015 table).
    later = ausl & (rng.random(n) < 0.22)
    naturalised[later] = (
        np.maximum(REFERENCE, np.where(np.isnat(arrival), birth, arrival) + 6 * 365 * DAY)
        + rng.uniform(1, 4000, n).astype(np.int64) * DAY
    )[later]

    # Children of immigrants: linked to a mother with migration background in the district.
    mother = np.full(n, -1, dtype=np.int64)
    children = np.flatnonzero(group == KIND)
    women = np.flatnonzero(np.isin(group, [AUSL, AUSSIEDLER, EINGEB]) & (sex == "w") & ~is_new)
    order = np.lexsort((birth[women], district[women]))
    women = women[order]
    keys = district[women].astype(np.int64) * 10**6 + (birth[women] - START).astype(np.int64)
    wanted = birth[children] - _days(rng.uniform(21, 38, len(children)))
    search = district[children].astype(np.int64) * 10**6 + (wanted - START).astype(np.int64)
    position = np.clip(np.searchsorted(keys, search), 0, max(len(women) - 1, 0))
    if len(women):
        candidate = women[position]
        gap = _years(birth[children] - birth[candidate])
        ok = (district[candidate] == district[children]) & (gap >= 16) & (gap <= 46)
        mother[children[ok]] = candidate[ok]
        art[children[ok]] = "abstammung"
        # Without a mother in the file: born here to foreign parents (ius soli).
        orphan = children[~ok]
        art[orphan] = "ius_soli"
        second[orphan] = _pick(rng, FOREIGN_MIX, len(orphan))
        option[orphan] = birth[orphan] >= np.datetime64("2000-01-01")
        # Since 2000 a child of a foreign mother who has lived here long enough is German by
        # birth in Germany (§ 4 Abs. 3 StAG) and keeps the parents' citizenship.
        linked = children[ok]
        ius = linked[
            (group[mother[linked]] == AUSL)
            & (birth[linked] >= np.datetime64("2000-01-01"))
            & (rng.random(len(linked)) < 0.5)
        ]
        art[ius] = "ius_soli"
        second[ius] = citizenship[mother[ius]]
        option[ius] = True
    origin = np.where(np.isnat(arrival), "", birth_country).astype(object)
    origin[(origin == "DE")] = ""

    # Leaving: deaths and moves away (4 % a year after the reference date; before it for those
    # who left).
    exit_ = np.full(n, END + 365 * DAY, dtype="datetime64[D]")
    core_or_new = np.arange(n) < n_core
    # Foreigners move away more often than others.
    leaves = core_or_new & (rng.random(n) < np.where(group == AUSL, 0.45, 0.36))
    exit_[leaves] = (REFERENCE + rng.uniform(1, 4017, n).astype(np.int64) * DAY)[leaves]
    leaves_new = is_new & (rng.random(n) < np.where(group == AUSL, 0.3, 0.25))
    exit_[leaves_new] = (entry_new + rng.uniform(30, 3000, n).astype(np.int64) * DAY)[leaves_new]
    old = (np.arange(n) >= n_core) & ~is_new
    exit_[old] = (START + rng.uniform(1, (REFERENCE - START) / DAY - 1, n).astype(np.int64) * DAY)[
        old
    ]
    entry = np.where(is_new, entry_new, np.minimum(START, birth))
    entry = np.where(~is_new & (birth > START), birth, entry)
    came = ~is_new & ~np.isnat(arrival) & (arrival > START)
    entry[came] = arrival[came]
    entry[old] = np.minimum(entry[old], exit_[old] - DAY)
    birth[old] = np.minimum(birth[old], entry[old])
    arrival[old & ~np.isnat(arrival)] = np.minimum(arrival, entry)[old & ~np.isnat(arrival)]

    moved = np.full(n, np.datetime64("NaT"), dtype="datetime64[D]")
    movers = (rng.random(n) < 0.12) & ~old
    moved[movers] = (np.maximum(entry, REFERENCE) + rng.uniform(1, 3000, n).astype(np.int64) * DAY)[
        movers
    ]
    district2 = np.where(movers, rng.choice(len(codes), n, p=sizes / sizes.sum()), district)

    pid = rng.permutation(n * 7)[:n] + 10**7  # written as "P" and the number
    codes_array = np.array(codes, dtype=object)
    return Universe(
        pid=pid, birth=birth, sex=sex, entry=entry, exit=exit_,
        district=codes_array[district], moved=moved, district2=codes_array[district2],
        group=group, citizenship=citizenship, second=second, birth_country=birth_country,
        arrival=arrival, origin_country=origin, naturalised=naturalised, art=art, option=option,
        mother=mother,
    )  # fmt: skip


def snapshot(universe: Universe, stichtag: dt.date) -> dict[str, np.ndarray]:
    """The extract columns for the persons living in the city on the stichtag."""
    day = np.datetime64(stichtag.isoformat())
    u = universe
    here = (u.birth <= day) & (u.entry <= day) & (u.exit > day)
    index = np.flatnonzero(here)
    nat = ~np.isnat(u.naturalised[index]) & (u.naturalised[index] <= day)
    foreign_now = (u.citizenship[index] != "") & ~nat & (u.group[index] == AUSL)
    sta1 = np.where(foreign_now, u.citizenship[index], "DE").astype(object)
    keeps = (
        nat
        & (u.group[index] == AUSL)
        & (
            np.isin(u.citizenship[index], list(EU))
            | (u.naturalised[index] >= np.datetime64("2024-06-27"))
        )
    )
    sta2 = np.where(keeps, u.citizenship[index], u.second[index]).astype(object)
    sta2[foreign_now] = ""
    einb = np.where(nat, "1", "").astype(object)
    einb_date = np.where(nat, u.naturalised[index], np.datetime64("NaT"))
    moved = ~np.isnat(u.moved[index]) & (u.moved[index] <= day)
    district = np.where(moved, u.district2[index], u.district[index])
    since = np.where(moved, u.moved[index], np.maximum(u.entry[index], u.birth[index]))
    option = np.where(u.option[index] & (day < np.datetime64("2024-06-27")), "1", "").astype(object)
    mother = u.mother[index]
    mother_pid = np.where(mother >= 0, u.pid[np.maximum(mother, 0)], -1)
    arrival = u.arrival[index]
    origin = np.where(np.isnat(arrival), "", u.origin_country[index]).astype(object)

    def blank(values: np.ndarray) -> np.ndarray:
        out = values.astype(object)
        out[out == ""] = None
        return out

    stichtag_column = np.full(len(index), day)
    return {
        "pid": u.pid[index],
        "stichtag": stichtag_column,
        "geburtsdatum": u.birth[index],
        "geschlecht": u.sex[index],
        "stadtteil": district,
        "sta1": sta1,
        "sta2": blank(sta2),
        "art_dt_sta": blank(u.art[index]),
        "einbuergerung": blank(einb),
        "einbuergerung_datum": einb_date,
        "option": blank(option),
        "geburtsland": u.birth_country[index],
        "zuzug_ausland_datum": arrival,
        "zuzugsherkunft": blank(origin),
        "mutter_pid": mother_pid,
        "vater_pid": np.full(len(index), -1, dtype=np.int64),
        "wohnt_seit": since,
    }


def _codes(values: np.ndarray) -> tuple[np.ndarray, list[str]]:
    """A text column as small integer codes and its few distinct values (DuckDB reads integer
    arrays fast, numpy's text arrays slowly)."""
    lookup: dict[object, int] = {}
    codes = np.fromiter(
        (lookup.setdefault(value, len(lookup)) for value in values),
        dtype=np.int32,
        count=len(values),
    )
    return codes, ["" if value is None else str(value) for value in lookup]


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def write(columns: dict[str, np.ndarray], path: Path) -> int:
    """Write the extract as CSV (text dates) or Parquet (DATE columns); returns the rows.

    Dates go to DuckDB as dates, pids as numbers (written with the prefix ``P``; negative:
    none), every other column as integer codes into its list of values."""
    con = duckdb.connect(config={"threads": 2})
    try:
        extract: dict[str, np.ndarray] = {}  # read by DuckDB's replacement scan
        select = []
        for name, values in columns.items():
            if values.dtype.kind == "M":
                extract[name] = values.astype("datetime64[us]")
                select.append(f"CAST({name} AS DATE) AS {name}")
            elif values.dtype.kind == "i":
                extract[name] = values
                select.append(f"CASE WHEN {name} >= 0 THEN 'P' || {name} END AS {name}")
            else:
                extract[name], vocabulary = _codes(values)
                listed = ", ".join(_literal(value) for value in vocabulary)
                select.append(f"NULLIF([{listed}][{name} + 1], '') AS {name}")
        target = str(path).replace("'", "''")
        options = (
            "FORMAT parquet" if path.suffix.lower() == ".parquet" else "FORMAT csv, HEADER true"
        )
        con.register("extract", extract)
        con.execute(f"COPY (SELECT {', '.join(select)} FROM extract) TO '{target}' ({options})")
    finally:
        con.close()
    return len(columns["pid"])


def generate(residents: int, stichtag: dt.date, seed: int, output: Path) -> int:
    return write(snapshot(build(residents, seed), stichtag), output)
