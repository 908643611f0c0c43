"""Validation and derivation of a register extract in DuckDB (register-extract.md §§ 1–3).

Everything runs as SQL over the file: the extract is read once into a DuckDB table of text
columns (row order = file order, so ``rowid + 2`` is the line), checked by set queries, typed,
and derived with joins for the parent links. Python only holds the per-district counts.
DuckDB runs with ``threads`` threads, a memory limit and its temporary files under ``var/``.
Nothing here touches Django's database.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from wegweiser.monitoring import codes
from wegweiser.monitoring.indicators import COUNT_TYPES

REQUIRED_COLUMNS = ("pid", "stichtag", "geburtsdatum", "geschlecht", "stadtteil", "sta1")
OPTIONAL_COLUMNS = (
    "sta2",
    "art_dt_sta",
    "einbuergerung",
    "einbuergerung_datum",
    "option",
    "geburtsland",
    "zuzug_ausland_datum",
    "zuzugsherkunft",
    "mutter_pid",
    "vater_pid",
    "wohnt_seit",
)
COLUMNS = REQUIRED_COLUMNS + OPTIONAL_COLUMNS
DATE_COLUMNS = (
    "stichtag",
    "geburtsdatum",
    "einbuergerung_datum",
    "zuzug_ausland_datum",
    "wohnt_seit",
)
MAX_MESSAGES = 100
PERSON_COLUMNS = ("pid", "mh_status", "mh_typ", "herkunftsland", "herkunftsregion", "generation")


@dataclass(frozen=True)
class Options:
    born_abroad_rule: bool = True
    familial_age_limit: int = 18
    memory_limit: str = "2.5GB"
    threads: int = 2
    temp_directory: Path | None = None


@dataclass(frozen=True)
class Problem:
    line: int
    column: str
    value: str | None
    text: str

    def __str__(self) -> str:
        value = "" if self.value is None else self.value
        if len(value) > 60:
            value = value[:57] + "…"
        return f"Zeile {self.line}, Spalte „{self.column}“, Wert „{value}“: {self.text}"


class ExtractRejected(Exception):
    """The extract has errors; nothing may be stored. ``problems`` are the first 100."""

    def __init__(self, problems: Sequence[Problem], total: int) -> None:
        self.problems = list(problems)
        self.total = total
        super().__init__(f"{total} Fehler im Registerauszug")

    def messages(self) -> list[str]:
        lines = [str(problem) for problem in self.problems]
        lines.append(
            f"Der Registerauszug wurde abgelehnt: {self.total} Fehler"
            + (
                f" (die ersten {len(self.problems)} sind aufgeführt)."
                if self.total > len(self.problems)
                else "."
            )
            + " Es wurde nichts gespeichert."
        )
        return lines


@dataclass
class Derivation:
    """The result of one run: the counts per (gebiet, count type), warnings, the connection
    that still holds the person-level table ``persons`` (for ``--persons-out`` and the tests)."""

    stichtag: dt.date
    districts: list[str]
    counts: dict[tuple[str, str], int]
    warnings: dict[str, int] = field(default_factory=dict)
    connection: duckdb.DuckDBPyConnection | None = None

    def _connection(self) -> duckdb.DuckDBPyConnection:
        if self.connection is None:
            raise RuntimeError("the derivation is closed")
        return self.connection

    def persons(self) -> dict[str, tuple[str, ...]]:
        rows = (
            self._connection()
            .execute(f"SELECT {', '.join(PERSON_COLUMNS)} FROM persons ORDER BY line")
            .fetchall()
        )
        return {row[0]: tuple("" if v is None else v for v in row[1:]) for row in rows}

    def write_persons(self, path: Path) -> None:
        self._connection().execute(
            f"COPY (SELECT {', '.join(PERSON_COLUMNS)} FROM persons ORDER BY line) "
            f"TO '{_quote_path(path)}' (FORMAT csv, HEADER true, DELIMITER ',')"
        )

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None


WARNING_TEXTS = {
    "eltern_fehlen": "Elternteil nicht in der Datei (als nicht verknüpft behandelt)",
    "eltern_zu_jung": "Elternteil weniger als 12 volle Jahre älter (als nicht verknüpft behandelt)",
}


def _quote_path(path: Path) -> str:
    return str(path).replace("'", "''")


def _sql_list(values: Iterable[str]) -> str:
    items = []
    for value in values:
        if not re.fullmatch(r"[A-Za-z0-9_]+", value):
            raise ValueError(f"unexpected code {value!r}")
        items.append(f"'{value}'")
    return "(" + ", ".join(items) + ")"


def connect(options: Options) -> duckdb.DuckDBPyConnection:
    temp = options.temp_directory or Path(tempfile.gettempdir()) / "wegweiser-duckdb"
    temp.mkdir(parents=True, exist_ok=True)
    return duckdb.connect(
        ":memory:",
        config={
            "threads": options.threads,
            "memory_limit": options.memory_limit,
            "temp_directory": str(temp),
            "preserve_insertion_order": True,
        },
    )


def _header(path: Path, con: duckdb.DuckDBPyConnection, is_parquet: bool) -> list[str]:
    if is_parquet:
        rows = con.execute(f"DESCRIBE SELECT * FROM read_parquet('{_quote_path(path)}')").fetchall()
        return [row[0] for row in rows]
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            first = next(csv.reader(handle), None)
    except UnicodeDecodeError as error:
        raise ExtractRejected(
            [Problem(1, "–", None, f"Die Datei ist nicht in UTF-8 kodiert ({error.reason}).")], 1
        ) from error
    if not first:
        raise ExtractRejected([Problem(1, "–", None, "Die Datei ist leer.")], 1)
    first[0] = first[0].removeprefix("\ufeff")
    return first


def _check_header(header: list[str]) -> None:
    problems: list[Problem] = []
    for column in REQUIRED_COLUMNS:
        if column not in header:
            problems.append(Problem(1, column, None, "Pflichtspalte fehlt."))
    seen: set[str] = set()
    for column in header:
        if column not in COLUMNS:
            problems.append(Problem(1, column, column, "Unbekannte Spalte."))
        elif column in seen:
            problems.append(Problem(1, column, column, "Spalte kommt mehrfach vor."))
        seen.add(column)
    if problems:
        raise ExtractRejected(problems[:MAX_MESSAGES], len(problems))


def load(path: Path, con: duckdb.DuckDBPyConnection) -> None:
    """Read the extract into the table ``raw`` (text columns, every contract column, and the
    date columns parsed as ``d_<column>``: NULL when empty or not a date)."""
    is_parquet = path.suffix.lower() == ".parquet"
    header = _header(path, con, is_parquet)
    _check_header(header)
    present = set(header)
    select = ", ".join(
        f'CAST("{c}" AS VARCHAR) AS {c}' if c in present else f"CAST(NULL AS VARCHAR) AS {c}"
        for c in COLUMNS
    )
    if is_parquet:
        source = f"read_parquet('{_quote_path(path)}')"
    else:
        columns = "{" + ", ".join(f"'{c}': 'VARCHAR'" for c in header) + "}"
        source = (
            f"read_csv('{_quote_path(path)}', header = true, auto_detect = false, "
            f"delim = ',', quote = '\"', escape = '\"', columns = {columns}, "
            f"strict_mode = true, null_padding = false)"
        )
    try:
        # The dates are parsed once, here; the checks and the derivation read them.
        dates = ", ".join(f"{_date(c)} AS d_{c}" for c in DATE_COLUMNS)
        con.execute(
            f"CREATE OR REPLACE TABLE raw AS SELECT *, {dates} FROM (SELECT {select} FROM {source})"
        )
    except duckdb.Error as error:
        raise ExtractRejected([_read_problem(str(error))], 1) from error


def _read_problem(error: str) -> Problem:
    """A DuckDB CSV error as a German message (its line numbers count the header as line 1)."""
    line = re.search(r"CSV Error on Line: (\d+)", error)
    columns = re.search(r"Expected Number of Columns: (\d+) Found: (\d+)", error)
    text = "Die Datei lässt sich nicht lesen"
    if columns:
        text += f": {columns.group(2)} statt {columns.group(1)} Spalten"
    elif "unicode" in error.lower() or "utf-8" in error.lower():
        text += ": sie ist nicht in UTF-8 kodiert"
    else:
        text += f" ({error.splitlines()[0]})"
    return Problem(int(line.group(1)) if line else 0, "–", None, text + ".")


def _date(column: str) -> str:
    return (
        f"CASE WHEN regexp_full_match({column}, '[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}') "
        f"THEN try_cast({column} AS DATE) END"
    )


def validate(con: duckdb.DuckDBPyConnection, districts: Sequence[str]) -> dict[str, int]:
    """Check the table ``raw``; raise ``ExtractRejected`` or return the warning counts.

    Leaves the view ``v`` (one row per line, dates as DATE) for the derivation: a view, not a
    table, so that the extract is held in memory once (``raw``)."""
    con.execute("CREATE OR REPLACE VIEW v AS SELECT rowid + 2 AS line, * FROM raw")
    checks: list[str] = []
    conditions: list[str] = []  # every per-row rule, for the one-pass test of a good file

    def check(column: str, condition: str, text: str, value: str | None = None) -> None:
        index = COLUMNS.index(column)
        value_sql = value or column
        conditions.append(f"coalesce({condition}, false)")
        checks.append(
            f"SELECT line, {index} AS idx, '{column}' AS col, CAST({value_sql} AS VARCHAR) AS val, "
            f"'{text}' AS msg FROM v WHERE {condition}"
        )

    for column in REQUIRED_COLUMNS:
        check(column, f"{column} IS NULL", "Pflichtangabe fehlt.")
    checks.append(
        "SELECT line, 0, 'pid', pid, 'Pseudonym kommt mehrfach vor.' FROM "
        "(SELECT line, pid, row_number() OVER (PARTITION BY pid ORDER BY line) AS n FROM v "
        "WHERE pid IS NOT NULL) WHERE n > 1"
    )
    stichtag_check = (
        "stichtag <> (SELECT stichtag FROM v WHERE stichtag IS NOT NULL ORDER BY line LIMIT 1)"
    )
    check("stichtag", stichtag_check, "Mehr als ein Stichtag in der Datei.")
    conditions.pop()  # the one-pass test counts distinct stichtage instead
    for column in DATE_COLUMNS:
        check(
            column,
            f"{column} IS NOT NULL AND d_{column} IS NULL",
            "Kein gültiges Datum (JJJJ-MM-TT).",
        )
    for column in DATE_COLUMNS[1:]:
        check(column, f"d_{column} > d_stichtag", "Datum liegt nach dem Stichtag.")
    for column in DATE_COLUMNS[2:]:
        check(column, f"d_{column} < d_geburtsdatum", "Datum liegt vor dem Geburtsdatum.")
    code_sets: dict[str, frozenset[str]] = {}

    def in_set(column: str, allowed: Iterable[str], text: str) -> None:
        """A code column: the one-pass test looks only at its distinct values."""
        code_sets[column] = frozenset(allowed)
        check(column, f"{column} NOT IN {_sql_list(sorted(code_sets[column]))}", text)
        conditions.pop()

    in_set("geschlecht", codes.SEXES, "Unbekanntes Geschlecht.")
    in_set("stadtteil", districts, "Unbekannter Stadtteil.")
    for column in ("sta1", "sta2", "geburtsland", "zuzugsherkunft"):
        in_set(column, codes.COUNTRY_CODES, "Unbekannter Staatsschlüssel.")
    in_set(
        "art_dt_sta",
        codes.ACQUISITION,
        "Unbekannte Art des Erwerbs der deutschen Staatsangehörigkeit.",
    )
    for column in ("einbuergerung", "option"):
        in_set(column, ("0", "1"), "Kennzeichen muss 0, 1 oder leer sein.")
    for column in ("mutter_pid", "vater_pid"):
        check(column, f"{column} = pid", "Elternteil ist die Person selbst.")

    # A good file (the usual case) is proven good in one pass: no row breaks a rule, the pids
    # are distinct and there is one stichtag. Only a bad file pays for the detailed messages.
    bad_rows, duplicates, stichtage, *distinct = con.execute(
        f"SELECT count(*) FILTER (WHERE {' OR '.join(conditions)}), "
        "count(pid) - count(DISTINCT pid), count(DISTINCT stichtag), "
        + ", ".join(f"list(DISTINCT {column})" for column in code_sets)
        + " FROM v"
    ).fetchone()  # type: ignore[misc]
    unknown_codes = any(
        {value for value in values if value is not None} - allowed
        for values, allowed in zip(distinct, code_sets.values(), strict=True)
    )
    if not bad_rows and not duplicates and stichtage <= 1 and not unknown_codes:
        return {}
    union = " UNION ALL ".join(checks)
    con.execute(f"CREATE OR REPLACE TEMP TABLE problems AS {union}")
    total = con.execute("SELECT count(*) FROM problems").fetchone()[0]  # type: ignore[index]
    if total:
        rows = con.execute(
            f"SELECT line, col, val, msg FROM problems ORDER BY line, idx LIMIT {MAX_MESSAGES}"
        ).fetchall()
        raise ExtractRejected([Problem(*row) for row in rows], total)
    return {}


AGE_SQL = (
    "(year({at}) - year({birth}) - CASE WHEN month({at}) * 100 + day({at}) "
    "< month({birth}) * 100 + day({birth}) THEN 1 ELSE 0 END)"
)


def age_sql(at: str, birth: str) -> str:
    return AGE_SQL.format(at=at, birth=birth)


def _country_case(column: str) -> str:
    """``geburtsland``/``zuzugsherkunft``: XX and XU mean empty, DD means DE."""
    return f"CASE WHEN {column} IN ('XX', 'XU') THEN NULL WHEN {column} = 'DD' THEN 'DE' ELSE {column} END"


def derive(con: duckdb.DuckDBPyConnection, options: Options, stichtag: dt.date) -> dict[str, int]:
    """From the validated view ``v`` to the person-level view ``persons``; returns the warning
    counts (parent links not used).

    One narrow table ``o`` holds every person with what the counts need and the own type
    (A1–A7), ``kids`` the few persons with a parent pid; then the extract (``raw``) is dropped.
    the parents (``par``), the parent links and the familial type (B) live in small tables of
    the linked persons only (``links``, ``fam``, ``hk``), and ``persons`` is a view joining
    them, evaluated once for the counts (and again for ``--persons-out``)."""
    aussiedler = _sql_list(codes.AUSSIEDLER_STATES)
    expulsion = _sql_list(codes.EXPULSION_STATES)
    not_foreign = "('DE', 'XX', 'XU')"
    eu = _sql_list(codes.EU27)
    born_abroad_rule = "true" if options.born_abroad_rule else "false"
    con.execute(
        f"""
        CREATE OR REPLACE TABLE o AS
        WITH b AS (
            SELECT line, pid, d_stichtag AS stichtag, d_geburtsdatum AS geb, stadtteil AS st,
                   sta1, sta2, art_dt_sta AS art, mutter_pid, vater_pid,
                   coalesce(einbuergerung = '1' OR art_dt_sta = 'einbuergerung', false) AS nat,
                   d_einbuergerung_datum AS einb_dat,
                   coalesce(option = '1', false) AS opt,
                   {_country_case("geburtsland")} AS gl,
                   d_zuzug_ausland_datum AS zad,
                   {_country_case("zuzugsherkunft")} AS zh,
                   {age_sql("d_stichtag", "d_geburtsdatum")} AS age
            FROM v
        ), f AS (
            SELECT *,
                (sta1 = 'DE' OR coalesce(sta2 = 'DE', false)) AS german,
                (sta1 NOT IN {not_foreign} OR coalesce(sta2 NOT IN {not_foreign}, false)) AS foreign_cit,
                coalesce(gl <> 'DE', false) AS born_abroad,
                coalesce(gl = 'DE', false) AS born_de,
                nat AND (einb_dat IS NULL OR einb_dat >= DATE '1999-08-01') AS nat_late
            FROM b
        ), g AS (
            SELECT *,
                coalesce(german AND gl IN {expulsion} AND geb < DATE '1950-01-01'
                    AND (zad IS NULL OR zad < DATE '1950-01-01') AND NOT nat
                    AND coalesce(art NOT IN ('spaetaussiedler', 'statusdeutsch'), true), false)
                    AS vertrieben
            FROM f
        )
        SELECT line::INTEGER AS line, pid, st, age::SMALLINT AS age, geb,
            coalesce(NOT german AND sta1 NOT IN {eu} AND coalesce(sta2 NOT IN {eu}, true), false)
                AS third_country,
            coalesce(NOT german AND zad > DATE '{_three_years_before(stichtag).isoformat()}', false)
                AS recent,
            born_abroad OR (gl IS NULL AND zad IS NOT NULL) AS first_generation,
            born_de,
            CASE
                WHEN NOT german THEN 'AUSL'
                WHEN coalesce(art IN ('spaetaussiedler', 'statusdeutsch'), false)
                    OR (geb < DATE '1993-01-01' AND NOT vertrieben AND NOT foreign_cit
                        AND NOT nat_late
                        AND (coalesce(gl IN {aussiedler}, false)
                             OR (gl IS NULL AND zad IS NOT NULL
                                 AND coalesce(zh IN {aussiedler}, false))))
                    THEN 'AUSSIEDLER'
                WHEN nat OR coalesce(art = 'erklaerung', false) THEN 'EINGEBUERGERT'
                WHEN coalesce(art = 'adoption', false) AND born_abroad THEN 'ADOPTIERT'
                WHEN opt OR coalesce(art = 'ius_soli', false) THEN 'IUS_SOLI'
                WHEN foreign_cit THEN 'DOPPELSTAATLER'
                WHEN {born_abroad_rule} AND born_abroad AND NOT vertrieben THEN 'GEBURT_AUSLAND'
            END AS own_typ,
            CASE
                WHEN sta1 NOT IN {not_foreign} THEN sta1
                WHEN coalesce(sta2 NOT IN {not_foreign}, false) THEN sta2
                WHEN born_abroad THEN gl
                WHEN coalesce(zh <> 'DE', false) THEN zh
            END AS own_h,
            CASE WHEN sta1 = 'XX' OR coalesce(sta2 = 'XX', false) THEN 'XX' ELSE 'XU' END AS fallback_h
        FROM g
        """
    )
    con.execute(
        """
        CREATE OR REPLACE TABLE kids AS
        SELECT pid, d_geburtsdatum AS geb, mutter_pid, vater_pid FROM v
        WHERE mutter_pid IS NOT NULL OR vater_pid IS NOT NULL
        """
    )
    con.execute("DROP VIEW v; DROP TABLE raw")
    # The persons named as a parent (few): every join below is on small tables.
    con.execute(
        """
        CREATE OR REPLACE TABLE par AS
        SELECT pid, geb, own_typ, own_h, fallback_h FROM o
        WHERE pid IN (SELECT mutter_pid FROM kids WHERE mutter_pid IS NOT NULL
                      UNION ALL SELECT vater_pid FROM kids WHERE vater_pid IS NOT NULL)
        """
    )
    # Parent links: a parent must be in the file and at least 12 full years older.
    con.execute(
        f"""
        CREATE OR REPLACE TABLE links AS
        SELECT c.pid, c.age, c.own_typ, c.own_h,
               CASE WHEN m.pid IS NOT NULL AND {age_sql("c.geb", "m.geb")} >= 12 THEN m.pid END AS mutter,
               CASE WHEN f.pid IS NOT NULL AND {age_sql("c.geb", "f.geb")} >= 12 THEN f.pid END AS vater,
               CASE WHEN m.pid IS NOT NULL AND {age_sql("c.geb", "m.geb")} >= 12 THEN m.own_typ END AS m_typ,
               CASE WHEN f.pid IS NOT NULL AND {age_sql("c.geb", "f.geb")} >= 12 THEN f.own_typ END AS f_typ,
               (c.mutter_pid IS NOT NULL AND m.pid IS NULL)::INT
                 + (c.vater_pid IS NOT NULL AND f.pid IS NULL)::INT AS missing,
               (m.pid IS NOT NULL AND {age_sql("c.geb", "m.geb")} < 12)::INT
                 + (f.pid IS NOT NULL AND {age_sql("c.geb", "f.geb")} < 12)::INT AS too_young
        FROM (SELECT kids.pid, kids.geb, o.age, o.own_typ, o.own_h, kids.mutter_pid,
                     kids.vater_pid
              FROM kids JOIN o ON o.pid = kids.pid) AS c
        LEFT JOIN par AS m ON m.pid = c.mutter_pid
        LEFT JOIN par AS f ON f.pid = c.vater_pid
        """
    )
    missing, too_young = con.execute(
        "SELECT coalesce(sum(missing), 0), coalesce(sum(too_young), 0) FROM links"
    ).fetchone()  # type: ignore[misc]
    # The type of the linked persons: their own, else familial (B) through a parent's own type.
    con.execute(
        f"""
        CREATE OR REPLACE TABLE fam AS
        SELECT pid, mutter, vater, own_h,
            coalesce(own_typ, CASE WHEN age < {int(options.familial_age_limit)}
                AND (m_typ IS NOT NULL OR f_typ IS NOT NULL) THEN 'KIND_FAMILIAER' END) AS typ
        FROM links
        WHERE mutter IS NOT NULL OR vater IS NOT NULL
        """
    )
    _resolve_origin(con)
    con.execute(
        f"""
        CREATE OR REPLACE VIEW persons AS
        WITH p AS (
            SELECT o.line, o.pid, o.st, o.age, o.third_country, o.recent,
                coalesce(o.own_typ, fam.typ) AS mh_typ,
                o.first_generation, o.born_de, o.own_h, o.fallback_h, hk.h
            FROM o LEFT JOIN fam ON fam.pid = o.pid LEFT JOIN hk ON hk.pid = o.pid
        ), q AS (
            SELECT *,
                CASE WHEN mh_typ IS NULL THEN 'ohne' WHEN mh_typ = 'AUSL' THEN 'auslaender'
                     ELSE 'deutsch_mh' END AS mh_status,
                CASE WHEN mh_typ IS NOT NULL THEN coalesce(own_h, h, fallback_h) END
                    AS herkunftsland,
                CASE
                    WHEN mh_typ IS NULL THEN NULL
                    WHEN first_generation THEN '1'
                    WHEN mh_typ = 'KIND_FAMILIAER' THEN 'familiaer'
                    WHEN born_de THEN '2'
                    ELSE 'unbekannt'
                END AS generation
            FROM p
        )
        SELECT line, pid, st, age, third_country, recent, mh_typ, mh_status, herkunftsland,
            CASE WHEN herkunftsland IS NOT NULL THEN {_region_case("herkunftsland")} END
                AS herkunftsregion,
            generation
        FROM q
        """
    )
    warnings = {"eltern_fehlen": int(missing), "eltern_zu_jung": int(too_young)}
    return {key: value for key, value in warnings.items() if value}


def _region_case(column: str) -> str:
    parts = [
        f"WHEN {column} IN {_sql_list(members)} THEN '{region}'"
        for region, members in codes.ORIGIN_REGIONS
    ]
    return "CASE " + " ".join(parts) + " ELSE 'sonstige' END"


def _resolve_origin(con: duckdb.DuckDBPyConnection) -> None:
    """Origin from a parent (mother first): linked persons with migration background and no
    origin of their own take the mother's (else the father's) origin if that parent has a
    migration background; resolved through the generations until nothing changes."""
    con.execute(
        """
        CREATE OR REPLACE TABLE hk AS
        WITH t AS (
            SELECT fam.pid, fam.mutter, fam.vater,
                coalesce(mf.typ, m.own_typ) AS m_typ, coalesce(ff.typ, f.own_typ) AS f_typ
            FROM fam
            LEFT JOIN par AS m ON m.pid = fam.mutter LEFT JOIN fam AS mf ON mf.pid = fam.mutter
            LEFT JOIN par AS f ON f.pid = fam.vater LEFT JOIN fam AS ff ON ff.pid = fam.vater
            WHERE fam.typ IS NOT NULL AND fam.own_h IS NULL
        )
        SELECT pid,
            CASE WHEN m_typ IS NOT NULL THEN mutter WHEN f_typ IS NOT NULL THEN vater END AS src,
            CAST(NULL AS VARCHAR) AS h
        FROM t WHERE m_typ IS NOT NULL OR f_typ IS NOT NULL
        """
    )
    # Sources that are not themselves waiting for a parent are final.
    con.execute(
        """
        UPDATE hk SET h = final.h
        FROM (SELECT pid, coalesce(own_h, fallback_h) AS h FROM par ANTI JOIN hk USING (pid))
            AS final
        WHERE final.pid = hk.src
        """
    )
    while True:
        changed = con.execute(
            """
            UPDATE hk SET h = s.h FROM hk AS s
            WHERE hk.h IS NULL AND s.pid = hk.src AND s.h IS NOT NULL
            """
        ).fetchone()[0]  # type: ignore[index]
        if not changed:
            break


@dataclass(frozen=True)
class Group:
    """Persons alike in everything the count types ask (one row of ``groups_sql``)."""

    st: str
    mh_typ: str | None
    age_band: int  # 0: under 6, 1: 6–17, 2: 18–64, 3: 65 and older
    first_generation: bool
    recent: bool  # a foreigner who moved from abroad in the last three years
    third_country: bool  # a foreigner without an EU-27 citizenship
    region: str | None
    size: int


def _three_years_before(stichtag: dt.date) -> dt.date:
    """The same calendar day three years before (29 February → 28 February)."""
    day = 28 if (stichtag.month, stichtag.day) == (2, 29) else stichtag.day
    return dt.date(stichtag.year - 3, stichtag.month, day)


def groups_sql() -> str:
    """One pass over ``persons``: the persons grouped by district and by every property a
    count type asks for (a few thousand groups; the counts are sums over them)."""
    return """
        SELECT st, mh_typ,
            CASE WHEN age < 6 THEN 0 WHEN age < 18 THEN 1 WHEN age < 65 THEN 2 ELSE 3 END,
            coalesce(generation = '1', false), recent, third_country, herkunftsregion, count(*)
        FROM persons GROUP BY ALL
    """


def _count_types(group: Group) -> list[str]:
    """The count types a person of the group counts in (register-extract.md § 3)."""
    mh = group.mh_typ is not None
    adult = group.age_band >= 2
    found = ["ew"]
    if group.age_band <= 1:
        found.append("u18")
    if group.age_band == 0:
        found.append("u6")
    if group.age_band == 3:
        found.append("a65")
    if adult:
        found.append("a18")
    if mh:
        found.append("mh")
        found.append("ausl" if group.mh_typ == "AUSL" else "dmh")
        found += [t for t, band in (("mh_u18", group.age_band <= 1), ("mh_u6", group.age_band == 0),
                                    ("mh_65", group.age_band == 3)) if band]  # fmt: skip
        found.append(f"her_{group.region}")
    if group.mh_typ == "AUSSIEDLER":
        found.append("aussiedler")
    if group.mh_typ == "EINGEBUERGERT":
        found.append("eingeb")
    if group.first_generation:
        found.append("gen1")
    if group.recent:
        found.append("neu")
    if group.third_country and adult:
        found.append("dritt")
    return found


def count(
    con: duckdb.DuckDBPyConnection, stichtag: dt.date, districts: Sequence[str]
) -> dict[tuple[str, str], int]:
    """Every count type per district and for the whole region (the sum of the districts:
    every person lives in one)."""
    counts: dict[tuple[str, str], int] = {
        (gebiet, c): 0 for gebiet in [codes.CITYWIDE, *districts] for c in COUNT_TYPES
    }
    for row in con.execute(groups_sql()).fetchall():
        group = Group(*row)
        for kind in _count_types(group):
            counts[(group.st, kind)] += group.size
            counts[(codes.CITYWIDE, kind)] += group.size
    return counts


def run(path: Path, districts: Sequence[str], options: Options | None = None) -> Derivation:
    """Validate, derive and count; raises ``ExtractRejected``. Close the result when done."""
    options = options or Options()
    con = connect(options)
    try:
        load(path, con)
        validate(con, districts)
        row = con.execute("SELECT min(d_stichtag) FROM v").fetchone()
        if row is None or row[0] is None:
            raise ExtractRejected(
                [Problem(2, "stichtag", None, "Die Datei enthält keine Personen.")], 1
            )
        stichtag: dt.date = row[0]
        warnings = derive(con, options, stichtag)
        counts = count(con, stichtag, districts)
    except BaseException:
        con.close()
        raise
    return Derivation(stichtag, list(districts), counts, warnings, con)
