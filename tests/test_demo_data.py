"""The demo loader: the canonical list, idempotence, reference data only."""

from __future__ import annotations

import tomllib

import pytest
from django.core.management import call_command
from django.utils import timezone

from wegweiser.directory import demo
from wegweiser.directory.models import District, EditorialStatus, Offer, Provider, Region

pytestmark = pytest.mark.django_db


def demo_file() -> dict:
    with demo.DEMO_FILE.open("rb") as handle:
        return tomllib.load(handle)


def test_it_loads_every_provider_and_offer_of_the_canonical_list() -> None:
    demo.load()
    provider_keys, offer_keys = demo.demo_keys()
    assert len(provider_keys) >= 40
    assert len(offer_keys) >= 40
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


def test_projects_whose_end_is_past_are_archived() -> None:
    ended = [
        entry["key"]
        for entry in demo_file()["offers"]
        if entry.get("kind") == "projekt"
        and entry.get("end")
        and entry["end"] < timezone.localdate()
    ]
    demo.load()
    statuses = dict(Offer.objects.values_list("external_id", "status"))
    for key in ended:
        assert statuses[key] == EditorialStatus.ARCHIVED
    others = set(statuses) - set(ended)
    assert {statuses[key] for key in others} == {EditorialStatus.PUBLISHED}


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
