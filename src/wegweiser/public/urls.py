"""URLs of the public site; all of them carry the language prefix (/de/, /ar/, …)."""

from django.urls import path

from wegweiser.public.views import districts, home, offers, pages, providers, search, shortlist

app_name = "public"

urlpatterns = [
    path("", home.home, name="home"),
    # search and results (owner: search)
    path("angebote/", search.search, name="search"),
    # offer pages (owner: offers)
    path("angebote/<uuid:uuid>/", offers.not_built, name="offer"),
    path("angebote/<uuid:uuid>/aenderung-melden/", offers.not_built, name="report_change"),
    # providers (owner: providers)
    path("traeger/", providers.not_built, name="providers"),
    path("traeger/<uuid:uuid>/", providers.not_built, name="provider"),
    # districts and the map (owner: districts)
    path("stadtteile/<slug:region>/", districts.district_list, name="districts"),
    path("stadtteile/<slug:region>/<str:code>/", districts.district_detail, name="district"),
    # shortlist (owner: shortlist)
    path("merkliste/", shortlist.not_built, name="shortlist"),
    path("merkliste/pdf/", shortlist.not_built, name="shortlist_pdf"),
    # pages every German public site needs (owner: pages)
    path("barrierefreiheit/", pages.not_built, name="accessibility"),
    path("impressum/", pages.not_built, name="imprint"),
    path("datenschutz/", pages.not_built, name="privacy"),
    path("feedback/", pages.not_built, name="feedback"),
]
