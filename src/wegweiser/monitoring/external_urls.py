"""/staff/monitoring/extern/: uploading external indicators (a namespace of its own, next to the
monitoring pages of ``urls.py``)."""

from django.urls import path

from wegweiser.monitoring import external_views as views

app_name = "monitoring_external"
urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:region>/", views.upload, name="upload"),
    path("<slug:region>/veroeffentlichen/", views.publish, name="publish"),
]
