"""Staff pages of the integration concept, under /staff/konzept/."""

from django.urls import path

from wegweiser.concept import staff_views as views

app_name = "concept"

urlpatterns = [
    path("", views.concept_list, name="concepts"),
    path("neu/", views.concept_create, name="concept_create"),
    path("<int:pk>/", views.concept_detail, name="concept"),
    path("<int:pk>/fortschreiben/", views.concept_continue, name="concept_continue"),
    path("<int:pk>/handlungsfelder/neu/", views.field_create, name="field_create"),
    path("handlungsfelder/<int:pk>/", views.field_edit, name="field"),
    path("handlungsfelder/<int:pk>/ziele/neu/", views.goal_create, name="goal_create"),
    path("ziele/<int:pk>/", views.goal_edit, name="goal"),
    path("ziele/<int:pk>/indikatoren/neu/", views.indicator_create, name="indicator_create"),
    path("indikatoren/<int:pk>/", views.indicator_edit, name="indicator"),
    path("ziele/<int:pk>/massnahmen/neu/", views.measure_create, name="measure_create"),
    path("massnahmen/<int:pk>/", views.measure_edit, name="measure"),
    path("massnahmen/<int:pk>/bericht/", views.measure_report, name="measure_report"),
    path("massnahmen/<int:pk>/link/", views.measure_link, name="measure_link"),
    path("ziele/<int:pk>/verpflichtungen/neu/", views.commitment_create, name="commitment_create"),
    path("verpflichtungen/<int:pk>/", views.commitment_edit, name="commitment"),
]
