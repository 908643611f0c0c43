"""The reports' staff pages, mounted at /staff/berichte/."""

from django.urls import path

from wegweiser.reports.views import council, crosstab, quality, survey

app_name = "reports"

urlpatterns = [
    path("", crosstab.crosstab, name="crosstab"),
    path("gemeinderat/", council.council_report, name="council"),
    path("gemeinderat/bericht.<str:fmt>", council.council_download, name="council_download"),
    path("befragung-2008/", survey.survey_2008, name="survey_2008"),
    path("datenqualitaet/", quality.quality_report, name="quality"),
]
