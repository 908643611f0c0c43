from django.urls import path, register_converter

from wegweiser.editorial.transfer import views


class FormatConverter:
    regex = "csv|xlsx"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(FormatConverter, "transfer_format")

app_name = "transfer"
urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:region>/", views.upload, name="upload"),
    path("<slug:region>/vorschau/<str:token>/", views.preview, name="preview"),
    path("<slug:region>/angebote.<transfer_format:kind>", views.download, name="download"),
    path("<slug:region>/vorlage.<transfer_format:kind>", views.template, name="template"),
]
