"""URLs of the public site; all of them carry the language prefix (/de/, /ar/, …)."""

from django.urls import path

from wegweiser.concept import consultation_views
from wegweiser.concept import views as concept
from wegweiser.monitoring.views import public as monitoring
from wegweiser.public.views import (
    districts,
    home,
    offers,
    pages,
    providers,
    reports,
    search,
    shortlist,
)
from wegweiser.reports.views.public import statistics

app_name = "public"

urlpatterns = [
    path("", home.home, name="home"),
    # search and results (owner: search)
    path("angebote/", search.search, name="search"),
    # offer pages (owner: offers)
    path("angebote/<uuid:uuid>/", offers.offer_detail, name="offer"),
    # reports from the public (owner: editorial)
    path("angebote/<uuid:uuid>/aenderung-melden/", reports.report_change, name="report_change"),
    path(
        "angebote/<uuid:uuid>/aenderung-melden/danke/",
        reports.report_change_thanks,
        name="report_change_thanks",
    ),
    path("angebot-vorschlagen/", reports.suggest_offer, name="suggest_offer"),
    path("angebot-vorschlagen/danke/", reports.suggest_offer_thanks, name="suggest_offer_thanks"),
    # providers (owner: providers)
    path("traeger/", providers.provider_list, name="providers"),
    path("traeger/<uuid:uuid>/", providers.provider_detail, name="provider"),
    # districts and the map (owner: districts)
    path("stadtteile/<slug:region>/", districts.district_list, name="districts"),
    path("stadtteile/<slug:region>/<str:code>/", districts.district_detail, name="district"),
    # shortlist (owner: shortlist)
    path("merkliste/", shortlist.shortlist, name="shortlist"),
    path("merkliste/pdf/", shortlist.shortlist_pdf, name="shortlist_pdf"),
    # statistics of the offers (owner: reports)
    path("statistik/", statistics, name="statistics"),
    # the integration concept (owner: concept)
    path("integrationskonzept/", concept.concept_index, name="concept_index"),
    path("integrationskonzept/<slug:region>/", concept.concept_detail, name="concept"),
    path(
        "integrationskonzept/<slug:region>/ziele/<int:pk>/",
        concept.goal_detail,
        name="concept_goal",
    ),
    # integration monitoring: published district indicators (owner: monitoring)
    path("monitoring/", monitoring.index, name="monitoring"),
    path("monitoring/<slug:region>/", monitoring.dashboard, name="monitoring_dashboard"),
    path("monitoring/<slug:region>/zeitreihe/", monitoring.time_series, name="monitoring_series"),
    path(
        "monitoring/<slug:region>/stadtteil/<str:code>/",
        monitoring.district,
        name="monitoring_district",
    ),
    path(
        "monitoring/<slug:region>/stadtteil/<str:code>/profil.csv",
        monitoring.district_download,
        name="monitoring_district_csv",
    ),
    path(
        "monitoring/<slug:region>/<str:table>.csv",
        monitoring.download,
        name="monitoring_csv",
    ),
    # the public consultation on the integration concept (owner: concept consultation)
    path(
        "integrationskonzept/<slug:region>/beteiligung/",
        consultation_views.consultation_page,
        name="concept_consultation",
    ),
    path(
        "integrationskonzept/<slug:region>/beteiligung/ziele/<int:pk>/",
        consultation_views.consultation_goal,
        name="concept_consultation_goal",
    ),
    path(
        "integrationskonzept/<slug:region>/beteiligung/danke/",
        consultation_views.consultation_thanks,
        name="concept_consultation_thanks",
    ),
    # pages every German public site needs (owner: pages)
    path("barrierefreiheit/", pages.accessibility, name="accessibility"),
    path("impressum/", pages.imprint, name="imprint"),
    path("datenschutz/", pages.privacy, name="privacy"),
    path("feedback/", pages.feedback, name="feedback"),
]
