"""The monitoring's staff pages, mounted at /staff/monitoring/. The public pages are in the
public site's URLs (``public:monitoring…``), with the language prefix."""

from django.urls import path

from wegweiser.monitoring.views import staff

app_name = "monitoring"

urlpatterns = [
    path("", staff.overview, name="overview"),
    path("<slug:region>/<str:stichtag>/", staff.report_page, name="report"),
    path(
        "<slug:region>/<str:stichtag>/bericht.<str:fmt>",
        staff.report_download,
        name="report_download",
    ),
]
