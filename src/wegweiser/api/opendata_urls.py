from django.urls import path

from wegweiser.api import opendata

app_name = "api-opendata"

urlpatterns = [
    path("", opendata.catalog, name="catalog"),
    path("<slug:name>.csv", opendata.download, name="download"),
    path("<slug:name>.jsonld", opendata.metadata, name="metadata"),
]
