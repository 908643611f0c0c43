"""``/api/v1/`` (REST API), ``/api/hsds/`` (Open Referral HSDS 3.0), ``/opendata/`` (downloads)."""

from django.urls import include, path

from wegweiser.api.hsds.api import api as api_hsds
from wegweiser.api.v1.api import api as api_v1

urlpatterns = [
    path("api/v1/", api_v1.urls),
    path("api/hsds/", api_hsds.urls),
    path("opendata/", include("wegweiser.api.opendata_urls")),
]
