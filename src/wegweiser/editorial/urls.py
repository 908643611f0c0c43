"""The editorial staff pages, mounted at /staff/redaktion/ (German addresses, like the public
site's)."""

from django.urls import path
from django.views.generic import RedirectView

from wegweiser.editorial.views import dashboard, history, offers, providers, review

app_name = "editorial"

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="editorial:offers"), name="home"),
    path("angebote/", offers.offer_list, name="offers"),
    path("angebote/sammelaktion/", offers.offer_bulk, name="offer_bulk"),
    path("angebote/neu/", offers.offer_create_start, name="offer_create_start"),
    path("angebote/neu/<slug:region>/", offers.offer_create, name="offer_create"),
    path("angebote/<uuid:uuid>/", offers.offer_edit, name="offer_edit"),
    path("angebote/<uuid:uuid>/ablehnen/", offers.offer_reject, name="offer_reject"),
    path("angebote/<uuid:uuid>/bestaetigen/", offers.offer_confirm, name="offer_confirm"),
    path(
        "angebote/<uuid:uuid>/status/<slug:name>/",
        offers.offer_transition,
        name="offer_transition",
    ),
    path(
        "angebote/<uuid:uuid>/uebersetzung/<slug:language>/",
        offers.offer_translation,
        name="offer_translation",
    ),
    path("angebote/<uuid:uuid>/versionen/", history.offer_history, name="offer_history"),
    path(
        "angebote/<uuid:uuid>/versionen/<int:history_id>/",
        history.offer_version,
        name="offer_version",
    ),
    path(
        "angebote/<uuid:uuid>/versionen/<int:history_id>/wiederherstellen/",
        history.offer_restore,
        name="offer_restore",
    ),
    path("pruefung/", review.review_queue, name="review"),
    path("vorschlaege/<int:pk>/", review.revision_detail, name="revision"),
    path("vorschlaege/<int:pk>/uebernehmen/", review.revision_approve, name="revision_approve"),
    path("vorschlaege/<int:pk>/ablehnen/", review.revision_reject, name="revision_reject"),
    path("meldungen/<int:pk>/", review.report_detail, name="report"),
    path("meldungen/<int:pk>/bearbeiten/", review.report_handle, name="report_handle"),
    path("traeger/", providers.provider_list, name="providers"),
    path("traeger/neu/", providers.provider_create, name="provider_create"),
    path("traeger/<uuid:uuid>/", providers.provider_edit, name="provider_edit"),
    path(
        "traeger/<uuid:uuid>/uebersetzung/<str:language>/",
        providers.provider_translation,
        name="provider_translation",
    ),
    path(
        "traeger/<uuid:uuid>/aktion/<slug:name>/",
        providers.provider_action,
        name="provider_action",
    ),
    path("aktualitaet/", dashboard.freshness_dashboard, name="freshness"),
    path("protokoll/", dashboard.audit_log, name="audit_log"),
]
