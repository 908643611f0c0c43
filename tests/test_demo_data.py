"""The demo loader: the canonical list, idempotence, reference data only."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command

from wegweiser.directory import demo
from wegweiser.directory.models import District, EditorialStatus, Offer, Provider, Region

pytestmark = pytest.mark.django_db


def test_it_loads_every_provider_and_offer_of_the_canonical_list() -> None:
    demo.load()
    provider_keys, offer_keys = demo.demo_keys()
    # The canonical list (docs/demo-data.md): change these numbers only with the file.
    assert len(provider_keys) == 50
    assert len(offer_keys) == 46
    assert set(Provider.objects.values_list("external_id", flat=True)) == set(provider_keys)
    assert set(Offer.objects.values_list("external_id", flat=True)) == set(offer_keys)
    assert Offer.objects.count() == len(offer_keys)
    assert not Offer.objects.filter(is_demo=False).exists()
    assert not Offer.objects.filter(verified_at__isnull=True).exists()


def test_loading_twice_changes_nothing_and_records_no_new_version() -> None:
    demo.load()
    counts = (Provider.objects.count(), Offer.objects.count(), District.objects.count())
    versions = (Offer.history.count(), Provider.history.count())
    report = demo.load()
    assert (Provider.objects.count(), Offer.objects.count(), District.objects.count()) == counts
    assert (Offer.history.count(), Provider.history.count()) == versions
    assert sum(report.created.values()) == 0
    assert sum(report.updated.values()) == 0


def test_reference_only_loads_no_demo_content() -> None:
    call_command("load_demo", "--reference-only", stdout=None)
    assert Region.objects.count() == 2
    assert District.objects.filter(region__slug="stadt-kassel").count() == 23
    assert not Provider.objects.exists()
    assert not Offer.objects.exists()


def test_kassel_districts_have_their_geometry_and_statistics_office_names() -> None:
    demo.load(reference_only=True)
    kassel = District.objects.filter(region__slug="stadt-kassel")
    assert sorted(kassel.values_list("code", flat=True)) == [f"{n:02d}" for n in range(1, 24)]
    assert not kassel.filter(geometry__isnull=True).exists()
    nord = kassel.get(code="11")
    assert nord.name == "Nord (Holland)"
    assert nord.alternative_names == "Nord-Holland"
    assert nord.geometry is not None
    assert nord.geometry["type"] == "Polygon"
    vellmar = District.objects.get(region__slug="landkreis-kassel", code="06633026")
    assert vellmar.name == "Vellmar"
    assert vellmar.geometry is None


def test_projects_whose_end_is_past_are_archived_and_the_others_published(
    tmp_path, monkeypatch
) -> None:
    extended = tmp_path / "demo.toml"
    extended.write_text(
        demo.DEMO_FILE.read_text(encoding="utf-8")
        + """
[[offers]]
key = "beendetes-projekt"
region = "stadt-kassel"
provider = "bengi"
title = "Beendetes Projekt"
area = "bildung"
kind = "projekt"
start = "2009-01-01"
end = "2013-12-31"

[[offers]]
key = "laufendes-projekt"
region = "stadt-kassel"
provider = "bengi"
title = "Laufendes Projekt"
area = "bildung"
kind = "projekt"
start = "2009-01-01"
end = "2099-12-31"
""",
        encoding="utf-8",
    )
    monkeypatch.setattr(demo, "DEMO_FILE", extended)

    demo.load(today=dt.date(2026, 11, 25))

    statuses = dict(Offer.objects.values_list("external_id", "status"))
    assert statuses.pop("beendetes-projekt") == EditorialStatus.ARCHIVED
    assert set(statuses.values()) == {EditorialStatus.PUBLISHED}
    assert Offer.objects.get(external_id="laufendes-projekt").end_date == dt.date(2099, 12, 31)


def test_integration_courses_are_language_support_for_adults_with_645_hours() -> None:
    demo.load()
    courses = Offer.objects.filter(title__icontains="Integrationskurs", kind__code="kurs")
    assert courses.count() >= 3
    for course in courses:
        assert course.area is not None and course.area.code == "sprachfoerderung"
        assert "erwachsene" in {group.code for group in course.age_groups.all()}
        assert course.hours == 645


def test_future_girls_is_for_girls_and_women_up_to_27() -> None:
    demo.load()
    offer = Offer.objects.get(title__icontains="Future Girls")
    assert offer.gender.code == "frauen"
    assert {group.code for group in offer.age_groups.all()} == {"jugendliche", "erwachsene"}
    assert offer.region.slug == "landkreis-kassel"


def test_a_broken_demo_file_loads_nothing(tmp_path, monkeypatch) -> None:
    broken = tmp_path / "demo.toml"
    broken.write_text(
        demo.DEMO_FILE.read_text(encoding="utf-8") + '\n[[offers]]\nkey = "kaputt"\n'
        'region = "stadt-kassel"\nprovider = "gibt-es-nicht"\ntitle = "X"\narea = "bildung"\n',
        encoding="utf-8",
    )
    monkeypatch.setattr(demo, "DEMO_FILE", broken)
    with pytest.raises(demo.DemoDataError, match="gibt-es-nicht"):
        demo.load()
    assert not Region.objects.exists()
    assert not Offer.objects.exists()
