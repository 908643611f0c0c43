"""Checking a whole file against the database before anything is written.

``validate`` turns a ``Table`` into a ``Plan``: for every row what would happen (a new offer, an
update, a proposed change to a published offer, nothing) with the parsed values, or the list of
every problem found. It reads the database but writes nothing.
"""

from __future__ import annotations

import datetime as dt
import enum
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from django.db import connection, transaction
from django.utils.translation import gettext as _

from wegweiser.directory.bulk import chunks
from wegweiser.directory.models import (
    CITYWIDE_CODE,
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
    Provider,
    ProviderType,
    Region,
    TargetGroup,
)
from wegweiser.editorial.transfer import columns as C
from wegweiser.editorial.transfer.cells import collapse, column_letter, name_key, unneutralise
from wegweiser.editorial.transfer.problems import Problem
from wegweiser.editorial.transfer.reading import ErrorValue, Formula, Table
from wegweiser.editorial.transfer.values import (
    CellError,
    Lookup,
    as_text,
    parse_date,
    parse_email,
    parse_hours,
    parse_many,
    parse_one,
    parse_phone,
    parse_postcode,
    parse_text,
    parse_website,
    parse_yes_no,
    vocabulary,
)

Progress = Callable[[str], None]


class Action(enum.Enum):
    CREATE = "create"
    UPDATE = "update"
    PROPOSE = "propose"
    UNCHANGED = "unchanged"


@dataclass(frozen=True)
class Importer:
    """Who imports: ``providers`` None means every provider (city editors, the command line)."""

    status: str  # EditorialStatus.PUBLISHED or DRAFT: what the import makes of its offers
    providers: frozenset[int] | None = None


@dataclass
class NewProvider:
    """A provider the file names that does not exist yet; created once, before the offers."""

    name: str
    provider_type: ProviderType | None
    row: int
    created: Provider | None = None


@dataclass
class RowPlan:
    row: int
    action: Action
    title: str
    provider_name: str
    offer: Offer | None = None
    fields: dict[str, Any] = field(default_factory=dict)
    relations: dict[str, list[Any]] = field(default_factory=dict)
    provider: Provider | NewProvider | None = None
    # (street, postcode, city) of the main location; None: the columns are absent.
    address: tuple[str, str, str] | None = None
    changed: list[str] = field(default_factory=list)
    # The offer as the writer created or changed it.
    written: Offer | None = None


@dataclass
class Plan:
    region: Region
    importer: Importer
    rows: list[RowPlan] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    new_providers: list[NewProvider] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)

    def count(self, action: Action) -> int:
        return sum(1 for row in self.rows if row.action is action)


class _Vocabularies:
    def __init__(self, region: Region) -> None:
        self.area = vocabulary(Area)
        self.kind = vocabulary(OfferKind)
        self.age_group = vocabulary(AgeGroup)
        self.gender = vocabulary(Gender)
        self.target_group = vocabulary(TargetGroup)
        self.language = vocabulary(Language)
        self.provider_type = vocabulary(ProviderType)
        self.cost = Lookup(
            list(Offer.Cost), code=lambda item: item.value, names=lambda item: [str(item.label)]
        )
        districts = list(District.objects.for_region(region).order_by("code"))
        self.district = Lookup(
            districts,
            code=lambda item: item.code,
            names=lambda item: [
                item.name,
                *item.alternative_names.split(","),
                *([str(int(item.code))] if len(item.code) == 2 and item.code.isdigit() else []),
            ],
        )
        self.default_kind = OfferKind.objects.get(code=OfferKind.REGULAR)
        self.default_gender = Gender.objects.get(code=Gender.ALL)


class _Providers:
    """Existing providers by name and other spellings (NFC, trimmed, spaces collapsed, any case)."""

    def __init__(self) -> None:
        self.by_key: dict[str, list[Provider]] = {}
        for provider in Provider.objects.select_related("provider_type"):
            keys = {name_key(provider.name)}
            keys.update(
                name_key(line) for line in provider.alternative_names.splitlines() if line.strip()
            )
            for key in keys:
                self.by_key.setdefault(key, []).append(provider)

    def find(self, name: str) -> list[Provider]:
        return self.by_key.get(name_key(name), [])


def _offers_by_id(region: Region, ids: list[str]) -> dict[str, Offer]:
    """The region's offers named by the file's ``angebot_id``: external key, else UUID."""
    if not ids:
        return {}
    offers = Offer.objects.for_region(region).select_related(
        "provider__provider_type", "area", "kind", "gender"
    )
    if transaction.get_connection().in_atomic_block and connection.features.has_select_for_update:
        offers = offers.select_for_update(of=("self",))
    found: dict[str, Offer] = {}
    chunk = 500
    for start in range(0, len(ids), chunk):
        part = ids[start : start + chunk]
        for offer in offers.filter(external_id__in=part):
            found[offer.external_id] = offer
        uuids: dict[uuid.UUID, str] = {}
        for key in part:
            if key in found:
                continue
            try:
                uuids[uuid.UUID(key)] = key
            except ValueError:
                continue
        for offer in offers.filter(uuid__in=list(uuids)):
            found[uuids[offer.uuid]] = offer
    return found


RELATIONS = ("age_groups", "target_groups", "languages", "districts")


def _linked(offers: list[Offer]) -> dict[str, dict[int, set[int]]]:
    """Relation → offer id → the primary keys it links to, for the relations the file sets:
    one query per relation (in parts), not one object per link as a prefetch would build."""
    linked: dict[str, dict[int, set[int]]] = {name: {} for name in RELATIONS}
    ids = [offer.pk for offer in offers]
    for name in RELATIONS:
        relation: Any = Offer._meta.get_field(name)
        through: Any = relation.remote_field.through
        own = through._meta.get_field(relation.m2m_field_name()).attname
        target = through._meta.get_field(relation.m2m_reverse_field_name()).attname
        for part in chunks(ids):
            pairs = through.objects.filter(**{f"{own}__in": part}).values_list(own, target)
            for offer_id, target_id in pairs:
                linked[name].setdefault(offer_id, set()).add(target_id)
    return linked


def _main_locations(offers: list[Offer]) -> dict[int, Location]:
    """Each offer's main location: the first one linked to it."""
    main: dict[int, int] = {}
    for part in chunks([offer.pk for offer in offers]):
        links = OfferLocation.objects.filter(offer_id__in=part).order_by("pk")
        for offer_id, location_id in links.values_list("offer_id", "location_id"):
            main.setdefault(offer_id, location_id)
    locations: dict[int, Location] = {}
    for part in chunks(sorted(set(main.values()))):
        locations.update(
            (location.pk, location) for location in Location.objects.filter(pk__in=part)
        )
    return {offer_id: locations[location_id] for offer_id, location_id in main.items()}


def _header(table: Table, plan: Plan) -> dict[str, int]:
    """Column name → index; problems with the header go into ``plan``."""
    positions: dict[str, int] = {}
    for index, raw in enumerate(table.header):
        name = collapse(as_text(raw)).lstrip("\ufeff").lower()
        if not name:
            if any(index < len(cells) and as_text(cells[index]).strip() for _, cells in table.rows):
                plan.problems.append(
                    Problem(
                        _("Die Spalte hat Werte, aber keine Überschrift."),
                        row=1,
                        column=column_letter(index),
                    )
                )
            continue
        if name not in C.KNOWN:
            plan.problems.append(
                Problem(
                    _("unbekannte Spalte. Erlaubt sind: %(columns)s.")
                    % {"columns": ", ".join(C.COLUMNS)},
                    row=1,
                    column=as_text(raw).strip(),
                )
            )
        elif name in positions:
            plan.problems.append(
                Problem(_("Die Spalte kommt mehrmals vor."), row=1, column=as_text(raw).strip())
            )
        else:
            positions[name] = index
    return positions


class _Row:
    """The cells of one row by column name, with the formula escape undone."""

    def __init__(self, number: int, cells: list[Any], positions: dict[str, int]) -> None:
        self.number = number
        self.cells = cells
        self.positions = positions
        self.problems: list[Problem] = []

    def has(self, column: str) -> bool:
        return column in self.positions

    def raw(self, column: str) -> Any:
        index = self.positions[column]
        value = self.cells[index] if index < len(self.cells) else None
        if isinstance(value, str) and not isinstance(value, Formula | ErrorValue):
            value = unneutralise(value.strip())
        return value

    def blank(self, column: str) -> bool:
        return not self.has(column) or not as_text(self.raw(column)).strip()

    def problem(self, column: str | None, message: str, value: Any = None) -> None:
        self.problems.append(
            Problem(message, row=self.number, column=column, value=as_text(value) or None)
        )

    def parse(self, column: str, parser: Callable[[Any], Any]) -> tuple[bool, Any]:
        """(ok, value) of the column's cell; a problem is noted when it cannot be read."""
        value = self.raw(column)
        if isinstance(value, Formula):
            self.problem(
                column,
                _("Die Zelle enthält eine Formel; bitte nur Werte importieren."),
                value,
            )
            return False, None
        if isinstance(value, ErrorValue):
            self.problem(column, _("Die Zelle enthält einen Fehlerwert."), value)
            return False, None
        try:
            return True, parser(value)
        except CellError as error:
            self.problem(column, str(error), value)
            return False, None


def validate(
    table: Table, *, region: Region, importer: Importer, progress: Progress | None = None
) -> Plan:
    plan = Plan(region=region, importer=importer)
    positions = _header(table, plan)
    plan.columns = [name for name in C.COLUMNS if name in positions]
    if plan.problems:
        return plan
    if not positions:
        plan.problems.append(Problem(_("Die Kopfzeile fehlt."), row=1))
        return plan
    if not table.rows:
        plan.problems.append(Problem(_("Die Datei enthält keine Angebote, nur die Kopfzeile.")))
        return plan

    width = max(positions.values()) + 1
    header_width = len(table.header)
    ids: dict[str, int] = {}
    rows: list[_Row] = []
    for number, cells in table.rows:
        row = _Row(number, cells, positions)
        rows.append(row)
        extra = [cell for cell in cells[header_width:] if as_text(cell).strip()]
        if extra:
            row.problem(
                None,
                _("Die Zeile hat %(count)d Werte, die Kopfzeile nur %(columns)d Spalten.")
                % {"count": header_width + len(extra), "columns": header_width},
            )
        elif table.kind == "csv" and len(cells) < width:
            row.problem(
                None,
                _("Die Zeile hat nur %(count)d von %(columns)d Spalten.")
                % {"count": len(cells), "columns": header_width},
            )
        if row.has(C.ANGEBOT_ID):
            ok, key = row.parse(C.ANGEBOT_ID, lambda value: parse_text(value, 100))
            if ok and key:
                if key in ids:
                    row.problem(
                        C.ANGEBOT_ID,
                        _("Diese angebot_id steht schon in Zeile %(row)d.") % {"row": ids[key]},
                        key,
                    )
                else:
                    ids[key] = number

    offers = _offers_by_id(region, list(ids))
    mains = _main_locations(list(offers.values()))
    checker = _RowChecker(plan, offers, mains, _linked(list(offers.values())))
    for done, row in enumerate(rows, start=1):
        if not row.problems:
            row_plan = checker.check(row)
            if row_plan is not None and not row.problems:
                plan.rows.append(row_plan)
        plan.problems.extend(row.problems)
        if progress and done % 1000 == 0:
            progress(
                _("%(done)d von %(total)d Zeilen geprüft") % {"done": done, "total": len(rows)}
            )
    plan.problems.extend(checker.provider_problems())
    plan.problems.sort(key=lambda problem: problem.row or 0)
    plan.new_providers = list(checker.new_providers.values())
    return plan


class _RowChecker:
    def __init__(
        self,
        plan: Plan,
        offers: dict[str, Offer],
        mains: dict[int, Location],
        linked: dict[str, dict[int, set[int]]],
    ) -> None:
        self.plan = plan
        self.linked = linked
        self.region = plan.region
        self.importer = plan.importer
        self.offers = offers
        self.mains = mains
        self.vocab = _Vocabularies(plan.region)
        self.providers = _Providers()
        self.new_providers: dict[str, NewProvider] = {}
        self.seen: dict[int, int] = {}
        self._late: list[Problem] = []

    def current(self, offer: Offer, name: str) -> set[int]:
        """The primary keys the stored ``offer`` links to in relation ``name``."""
        return self.linked[name].get(offer.pk, set())

    def still_empty(self, offer: Offer | None, column: str) -> bool:
        """An update may leave a required field empty that is empty already (an older offer
        without age groups re-imports from its export), but never empty it."""
        if offer is None:
            return False
        if column == "altersgruppen":
            return not self.current(offer, "age_groups")
        if column == "bereich":
            return offer.area_id is None
        return False

    def provider_problems(self) -> list[Problem]:
        problems = list(self._late)
        for new in self.new_providers.values():
            if new.provider_type is None:
                problems.append(
                    Problem(
                        _(
                            "Der Träger „%(name)s“ ist neu; für ihn muss die Spalte "
                            "„traegerart“ ausgefüllt sein."
                        )
                        % {"name": new.name},
                        row=new.row,
                        column=C.TRAEGERART,
                    )
                )
        return problems

    # --- one row -------------------------------------------------------------------------------

    def check(self, row: _Row) -> RowPlan | None:
        key = as_text(row.raw(C.ANGEBOT_ID)).strip() if row.has(C.ANGEBOT_ID) else ""
        offer = self.offers.get(key) if key else None
        creating = offer is None
        if offer is not None:
            first = self.seen.setdefault(offer.pk, row.number)
            if first != row.number:
                row.problem(
                    C.ANGEBOT_ID,
                    _(
                        "Dieses Angebot steht schon in Zeile %(row)d (unter seiner UUID oder seinem Schlüssel)."
                    )
                    % {"row": first},
                    key,
                )
                return None
        for column in C.REQUIRED:
            if creating and not row.has(column):
                row.problem(
                    column,
                    _("Die Spalte fehlt in der Datei; sie ist für neue Angebote nötig."),
                )
            elif row.has(column) and row.blank(column) and not self.still_empty(offer, column):
                row.problem(column, _("Pflichtangabe fehlt."))
        if row.problems:
            return None

        plan = RowPlan(
            row=row.number,
            action=Action.CREATE if creating else Action.UPDATE,
            title=offer.title if offer else "",
            provider_name=offer.provider.name if offer else "",
            offer=offer,
        )
        if creating and key:
            plan.fields["external_id"] = key
        self._provider(row, plan, offer)
        self._fields(row, plan, offer)
        self._dates(row, plan, offer)
        self._address(row, plan, offer)
        self._permission(row, plan, offer)
        if self.importer.status == EditorialStatus.PUBLISHED and offer is not None:
            area = plan.fields.get("area", offer.area)
            if area is None:
                row.problem("bereich", _("Ein veröffentlichtes Angebot braucht einen Bereich."))
        if row.problems:
            return None
        if offer is not None:
            self._decide(plan, offer)
        return plan

    def _provider(self, row: _Row, plan: RowPlan, offer: Offer | None) -> None:
        ok, type_ = (True, None)
        if row.has(C.TRAEGERART):
            ok, type_ = row.parse(C.TRAEGERART, lambda v: parse_one(v, self.vocab.provider_type))
        if not row.has(C.TRAEGER):
            if type_ is not None and offer is not None and type_ != offer.provider.provider_type:
                row.problem(
                    C.TRAEGERART,
                    self._type_differs(offer.provider),
                    row.raw(C.TRAEGERART),
                )
            return
        ok_name, name = row.parse(C.TRAEGER, lambda v: collapse(parse_text(v, 300)))
        if not ok_name or not ok:
            return
        plan.provider_name = name
        found = self.providers.find(name)
        if len(found) > 1:
            row.problem(
                C.TRAEGER,
                _(
                    "Der Name passt zu mehreren Trägern: %(names)s. Bitte den genauen Namen verwenden."
                )
                % {"names": "; ".join(provider.name for provider in found)},
                name,
            )
            return
        if found:
            provider = found[0]
            if type_ is not None and type_ != provider.provider_type:
                row.problem(C.TRAEGERART, self._type_differs(provider), row.raw(C.TRAEGERART))
            plan.provider = provider
            return
        new = self.new_providers.get(name_key(name))
        if new is None:
            new = NewProvider(name=name, provider_type=type_, row=row.number)
            self.new_providers[name_key(name)] = new
        elif type_ is not None:
            if new.provider_type is None:
                new.provider_type = type_
            elif new.provider_type != type_:
                row.problem(
                    C.TRAEGERART,
                    _(
                        "Der neue Träger „%(name)s“ hat in Zeile %(row)d eine andere Trägerart "
                        "(%(type)s)."
                    )
                    % {"name": new.name, "row": new.row, "type": new.provider_type.code},
                    row.raw(C.TRAEGERART),
                )
        plan.provider = new

    @staticmethod
    def _type_differs(provider: Provider) -> str:
        return _(
            "Der Träger „%(name)s“ hat die Trägerart „%(type)s“; eine andere Trägerart "
            "wird beim Import nicht übernommen (bitte im Träger selbst ändern)."
        ) % {"name": provider.name, "type": provider.provider_type.code}

    def _fields(self, row: _Row, plan: RowPlan, offer: Offer | None) -> None:
        vocab = self.vocab
        fields = plan.fields
        for column, (name, max_length) in C.TEXT_FIELDS.items():
            if row.has(column):
                multiline = name == "description"
                ok, value = row.parse(
                    column, partial(parse_text, max_length=max_length, multiline=multiline)
                )
                if ok:
                    fields[name] = value
        if "title" in fields:
            plan.title = fields["title"]
        singles: list[tuple[str, str, Lookup[Any], Any]] = [
            ("bereich", "area", vocab.area, None),
            ("art", "kind", vocab.kind, vocab.default_kind),
            ("geschlecht", "gender", vocab.gender, vocab.default_gender),
        ]
        for column, name, lookup, default in singles:
            if row.has(column):
                ok, value = row.parse(column, partial(parse_one, lookup=lookup))
                if ok:
                    fields[name] = value if value is not None else default
                    self._inactive(row, column, [fields[name]], offer, name)
            elif offer is None and default is not None:
                fields[name] = default
        lists: list[tuple[str, str, Lookup[Any]]] = [
            ("altersgruppen", "age_groups", vocab.age_group),
            ("zielgruppen", "target_groups", vocab.target_group),
            ("sprachen", "languages", vocab.language),
        ]
        for column, name, lookup in lists:
            if row.has(column):
                ok, values = row.parse(column, partial(parse_many, lookup=lookup))
                if ok:
                    plan.relations[name] = values
                    self._inactive(row, column, values, offer, name)
        if row.has("stadtteile"):
            self._districts(row, plan)
        if row.has("kosten"):
            ok, cost = row.parse("kosten", lambda v: parse_one(v, vocab.cost))
            if ok:
                fields["cost"] = cost.value if cost is not None else ""
        simple: list[tuple[str, str, Callable[[Any], Any]]] = [
            ("barrierefrei", "barrier_free", parse_yes_no),
            ("stunden", "hours", parse_hours),
            ("kontakt_email", "contact_email", parse_email),
            ("kontakt_telefon", "contact_phone", parse_phone),
            ("website", "website", parse_website),
        ]
        for column, name, parser in simple:
            if row.has(column):
                ok, value = row.parse(column, parser)
                if ok:
                    fields[name] = value

    def _inactive(
        self, row: _Row, column: str, values: list[Any], offer: Offer | None, name: str
    ) -> None:
        """A deactivated value may stay where it is, but not be newly assigned."""
        if offer is None:
            current: set[int] = set()
        elif name in {"area", "kind", "gender"}:
            current = {getattr(offer, f"{name}_id")}
        else:
            current = self.current(offer, name)
        for value in values:
            if value is not None and not value.active and value.pk not in current:
                row.problem(
                    column,
                    _("„%(code)s“ ist nicht mehr aktiv und kann nicht neu vergeben werden.")
                    % {"code": value.code},
                    row.raw(column),
                )

    def _districts(self, row: _Row, plan: RowPlan) -> None:
        def parse(value: Any) -> tuple[bool, list[District]]:
            text = collapse(as_text(value))
            parts = [part.strip() for part in text.replace(";", ",").split(",") if part.strip()]
            citywide = [part for part in parts if part in {CITYWIDE_CODE, "0"}]
            if citywide and len(parts) > len(citywide):
                raise CellError(
                    _(
                        "„00“ (die ganze Region) kann nicht zusammen mit einzelnen Stadtteilen "
                        "stehen."
                    )
                )
            if citywide:
                return True, []
            return False, parse_many(text, self.vocab.district)

        ok, value = row.parse("stadtteile", parse)
        if ok:
            plan.fields["citywide"], plan.relations["districts"] = value

    def _dates(self, row: _Row, plan: RowPlan, offer: Offer | None) -> None:
        for column, name in (("beginn", "start_date"), ("ende", "end_date")):
            if row.has(column):
                ok, value = row.parse(column, parse_date)
                if ok:
                    plan.fields[name] = value
        start = plan.fields.get("start_date", offer.start_date if offer else None)
        end = plan.fields.get("end_date", offer.end_date if offer else None)
        if (
            isinstance(start, dt.date)
            and isinstance(end, dt.date)
            and end < start
            and ("start_date" in plan.fields or "end_date" in plan.fields)
        ):
            column = "ende" if row.has("ende") else "beginn"
            row.problem(
                column,
                _("Das Ende (%(end)s) liegt vor dem Beginn (%(start)s).")
                % {"end": end.strftime("%d.%m.%Y"), "start": start.strftime("%d.%m.%Y")},
                row.raw(column),
            )

    def _address(self, row: _Row, plan: RowPlan, offer: Offer | None) -> None:
        if not any(row.has(column) for column in C.ADDRESS):
            return
        main = self.mains.get(offer.pk) if offer else None
        current = (main.street, main.postcode, main.city) if main else ("", "", "")
        parsers: list[Callable[[Any], str]] = [
            lambda v: parse_text(v, 200),
            parse_postcode,
            lambda v: parse_text(v, 100),
        ]
        values = list(current)
        for index, (column, parser) in enumerate(zip(C.ADDRESS, parsers, strict=True)):
            if row.has(column):
                ok, value = row.parse(column, parser)
                if ok:
                    values[index] = value
        plan.address = (values[0], values[1], values[2])

    def _permission(self, row: _Row, plan: RowPlan, offer: Offer | None) -> None:
        own = self.importer.providers
        if own is None:
            return
        if offer is not None and offer.provider_id not in own:
            row.problem(
                C.ANGEBOT_ID,
                _("Dieses Angebot gehört zu einem anderen Träger; Sie dürfen es nicht ändern."),
                row.raw(C.ANGEBOT_ID),
            )
            return
        provider = plan.provider
        if isinstance(provider, NewProvider) or (
            isinstance(provider, Provider) and provider.pk not in own
        ):
            row.problem(
                C.TRAEGER,
                _("Sie dürfen nur Angebote der Träger importieren, für die Sie zuständig sind."),
                row.raw(C.TRAEGER),
            )

    # --- what happens to an existing offer -----------------------------------------------------

    def _decide(self, plan: RowPlan, offer: Offer) -> None:
        changed: list[str] = []
        names = {
            "title": "titel",
            "description": "beschreibung",
            "funding_programme": "foerderprogramm",
            "area": "bereich",
            "kind": "art",
            "gender": "geschlecht",
            "citywide": "stadtteile",
            "cost": "kosten",
            "barrier_free": "barrierefrei",
            "start_date": "beginn",
            "end_date": "ende",
            "hours": "stunden",
            "contact_email": "kontakt_email",
            "contact_phone": "kontakt_telefon",
            "website": "website",
        }
        for name, value in plan.fields.items():
            if getattr(offer, name) != value and names[name] not in changed:
                changed.append(names[name])
        relation_columns = {
            "age_groups": "altersgruppen",
            "target_groups": "zielgruppen",
            "languages": "sprachen",
            "districts": "stadtteile",
        }
        for name, values in plan.relations.items():
            current_ids = self.current(offer, name)
            if (
                current_ids != {item.pk for item in values}
                and relation_columns[name] not in changed
            ):
                changed.append(relation_columns[name])
        if plan.provider is not None and plan.provider != offer.provider:
            changed.append(C.TRAEGER)
        if plan.address is not None:
            main = self.mains.get(offer.pk)
            current = (main.street, main.postcode, main.city) if main else ("", "", "")
            changed.extend(
                column
                for column, new, old in zip(C.ADDRESS, plan.address, current, strict=True)
                if new != old
            )
        plan.changed = [column for column in C.COLUMNS if column in changed]
        published = offer.status == EditorialStatus.PUBLISHED
        if self.importer.status == EditorialStatus.PUBLISHED:
            if not published:
                plan.changed.append("status")
            plan.action = Action.UPDATE if plan.changed else Action.UNCHANGED
        elif published:
            plan.action = Action.PROPOSE if plan.changed else Action.UNCHANGED
        else:
            plan.action = Action.UPDATE if plan.changed else Action.UNCHANGED
