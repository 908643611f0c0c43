"""Writing offers in the import template: CSV (UTF-8 with BOM, ``;``) or XLSX.

Every text cell that a spreadsheet would run as a formula is written with an apostrophe in
front (``cells.neutralise``); the import removes it again, so an export re-imports unchanged.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from wegweiser.directory.models import (
    CITYWIDE_CODE,
    AgeGroup,
    Area,
    District,
    Gender,
    Language,
    Offer,
    OfferKind,
    OfferLocation,
    ProviderType,
    Region,
    TargetGroup,
)
from wegweiser.editorial.transfer.cells import neutralise
from wegweiser.editorial.transfer.columns import COLUMNS

CSV_DELIMITER = ";"
LIST_JOIN = ", "
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = {"csv": CSV_CONTENT_TYPE, "xlsx": XLSX_CONTENT_TYPE}


def exportable_offers(region: Region) -> QuerySet[Offer]:
    """The region's published offers: what the public sees, and what a city editor's
    re-import keeps published."""
    return Offer.objects.for_region(region).published()


def with_export_relations(offers: QuerySet[Offer]) -> QuerySet[Offer]:
    return (
        offers.select_related("provider__provider_type", "area", "kind", "gender")
        .prefetch_related(
            "age_groups",
            "target_groups",
            "languages",
            "districts",
            Prefetch(
                "offerlocation_set",
                queryset=OfferLocation.objects.select_related("location").order_by("pk"),
                to_attr="ordered_links",
            ),
        )
        .order_by("title", "pk")
    )


def _codes(values: Iterable[Any]) -> str:
    return LIST_JOIN.join(value.code for value in sorted(values, key=lambda v: (v.order, v.code)))


def row_values(offer: Offer) -> dict[str, Any]:
    """The template's columns for one offer: text, or dates and numbers as such."""
    links = getattr(offer, "ordered_links", None)
    if links is None:
        links = list(
            OfferLocation.objects.filter(offer=offer).select_related("location").order_by("pk")
        )
    main = links[0].location if links else None
    hours = offer.hours
    if hours is not None and hours == hours.to_integral_value():
        hours = Decimal(int(hours))
    return {
        "angebot_id": offer.external_id or str(offer.uuid),
        "traeger": offer.provider.name,
        "traegerart": offer.provider.provider_type.code,
        "titel": offer.title,
        "beschreibung": offer.description,
        "bereich": offer.area.code if offer.area else "",
        "art": offer.kind.code,
        "altersgruppen": _codes(offer.age_groups.all()),
        "geschlecht": offer.gender.code,
        "zielgruppen": _codes(offer.target_groups.all()),
        "sprachen": _codes(offer.languages.all()),
        "stadtteile": CITYWIDE_CODE
        if offer.citywide
        else LIST_JOIN.join(sorted(district.code for district in offer.districts.all())),
        "strasse": main.street if main else "",
        "plz": main.postcode if main else "",
        "ort": main.city if main else "",
        "kosten": offer.cost,
        "barrierefrei": ""
        if offer.barrier_free is None
        else ("ja" if offer.barrier_free else "nein"),
        "beginn": offer.start_date,
        "ende": offer.end_date,
        "foerderprogramm": offer.funding_programme,
        "stunden": hours,
        "kontakt_email": offer.contact_email,
        "kontakt_telefon": offer.contact_phone,
        "website": offer.website,
    }


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, Decimal):
        return str(value).replace(".", ",")
    return neutralise(str(value))


def csv_lines(offers: Iterable[Offer]) -> Iterator[str]:
    """The CSV file line by line (the first one starts with the UTF-8 BOM, for Excel)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=CSV_DELIMITER, lineterminator="\r\n")

    def take() -> str:
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    writer.writerow(COLUMNS)
    yield "\ufeff" + take()
    for offer in offers:
        values = row_values(offer)
        writer.writerow([_csv_cell(values[column]) for column in COLUMNS])
        yield take()


def csv_bytes(offers: Iterable[Offer]) -> bytes:
    return "".join(csv_lines(offers)).encode("utf-8")


def _xlsx_cell(value: Any) -> Any:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if value is None or isinstance(value, dt.date | Decimal):
        return value
    return neutralise(ILLEGAL_CHARACTERS_RE.sub("", str(value)))


def xlsx_bytes(offers: Iterable[Offer], region: Region | None = None) -> bytes:
    """The workbook: the offers on the first sheet, the allowed values on a second one."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Angebote"))
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for column in COLUMNS:
        cell = WriteOnlyCell(sheet, value=column)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for offer in offers:
        values = row_values(offer)
        row = []
        for column in COLUMNS:
            cell = WriteOnlyCell(sheet, value=_xlsx_cell(values[column]))
            if isinstance(values[column], dt.date):
                cell.number_format = "DD.MM.YYYY"
            row.append(cell)
        sheet.append(row)
    _allowed_values_sheet(workbook, region)
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()


def _allowed_values_sheet(workbook: Any, region: Region | None) -> None:
    sheet = workbook.create_sheet(_("Erlaubte Werte"))
    sheet.append([_("Spalte"), _("Code"), _("Bezeichnung")])
    vocabularies: list[tuple[str, Any]] = [
        ("traegerart", ProviderType),
        ("bereich", Area),
        ("art", OfferKind),
        ("altersgruppen", AgeGroup),
        ("geschlecht", Gender),
        ("zielgruppen", TargetGroup),
        ("sprachen", Language),
    ]
    for column, model in vocabularies:
        for value in model.objects.filter(active=True).order_by("order", "code"):
            sheet.append([column, value.code, value.label])
    for code, label in Offer.Cost.choices:
        sheet.append(["kosten", code, str(label)])
    sheet.append(["barrierefrei", "ja", _("barrierefrei")])
    sheet.append(["barrierefrei", "nein", _("nicht barrierefrei")])
    if region is not None:
        sheet.append(
            ["stadtteile", CITYWIDE_CODE, _("ganze Region: %(region)s") % {"region": region}]
        )
        for district in District.objects.for_region(region).order_by("code"):
            sheet.append(["stadtteile", district.code, district.name])


def template_bytes(kind: str, region: Region | None = None) -> bytes:
    """The empty template: only the header (and, in XLSX, the allowed values)."""
    return csv_bytes([]) if kind == "csv" else xlsx_bytes([], region)


def export_bytes(kind: str, offers: QuerySet[Offer], region: Region) -> bytes:
    offers = with_export_relations(offers)
    return (
        csv_bytes(offers.iterator(chunk_size=2000)) if kind == "csv" else xlsx_bytes(offers, region)
    )
