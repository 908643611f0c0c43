"""Staff pages of the consultation and the progress report, mounted at
/staff/konzept/beteiligung/."""

from django.urls import path

from wegweiser.concept import consultation_staff as views

app_name = "concept_consultation"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.queue, name="queue"),
    path("<int:pk>/zusammenfassung/", views.summary, name="summary"),
    path("<int:pk>/zusammenfassung.<str:fmt>", views.summary_download, name="summary_download"),
    path("kommentare/<int:pk>/freigeben/", views.approve, name="approve"),
    path("kommentare/<int:pk>/ablehnen/", views.reject, name="reject"),
    path("bericht/", views.report, name="report"),
    path("bericht/datei/", views.report_download, name="report_download"),
]
