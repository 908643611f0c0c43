"""The staff pages of survey rounds, mounted at /staff/befragungen/."""

from django.urls import path

from wegweiser.surveys.views import staff

app_name = "surveys"

urlpatterns = [
    path("", staff.round_list, name="rounds"),
    path("neu/", staff.round_open, name="round_open"),
    path("<int:pk>/", staff.round_detail, name="round"),
    path("<int:pk>/abschliessen/", staff.round_close, name="round_close"),
    path("<int:pk>/nachzuegler/", staff.round_invite_latecomers, name="round_latecomers"),
    path("<int:pk>/stand/", staff.round_snapshot, name="round_snapshot"),
    path("<int:pk>/traeger/<int:invitation_pk>/", staff.invitation_detail, name="invitation"),
    path(
        "<int:pk>/traeger/<int:invitation_pk>/erinnern/",
        staff.invitation_remind,
        name="invitation_remind",
    ),
    path(
        "<int:pk>/traeger/<int:invitation_pk>/sperren/",
        staff.invitation_revoke,
        name="invitation_revoke",
    ),
    path(
        "<int:pk>/traeger/<int:invitation_pk>/neuer-link/",
        staff.invitation_reissue,
        name="invitation_reissue",
    ),
]
