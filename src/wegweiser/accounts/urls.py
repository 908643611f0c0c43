"""The staff pages of the accounts app, under ``/staff/`` (German addresses, as on the public site)."""

from django.urls import path

from wegweiser.accounts.views import account, auth, dashboard, invitations, memberships

app_name = "accounts"

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("anmelden/", auth.LoginView.as_view(), name="login"),
    path("anmelden/code/", auth.login_code, name="login_code"),
    path("abmelden/", auth.LogoutView.as_view(), name="logout"),
    path("sprache/", account.language, name="language"),
    path("passwort-vergessen/", auth.PasswordResetView.as_view(), name="password_reset"),
    path(
        "passwort-vergessen/gesendet/",
        auth.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "passwort-neu/<uidb64>/<token>/",
        auth.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "passwort-neu/fertig/",
        auth.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("konto/", account.account, name="account"),
    path("konto/passwort/", auth.PasswordChangeView.as_view(), name="password_change"),
    path("konto/zwei-faktor/", account.two_factor_setup, name="two_factor"),
    path("konto/zwei-faktor/ausschalten/", account.two_factor_disable, name="two_factor_disable"),
    path("regionen/<slug:region>/mitglieder/", memberships.members, name="members"),
    path("regionen/<slug:region>/einladen/", memberships.invite, name="invite"),
    path("mitgliedschaften/<int:pk>/", memberships.membership, name="membership"),
    path(
        "mitgliedschaften/<int:pk>/entfernen/",
        memberships.remove_membership,
        name="remove_membership",
    ),
    path(
        "einladungen/<int:pk>/zurueckziehen/",
        memberships.withdraw_invitation,
        name="withdraw_invitation",
    ),
    path("einladung/<str:token>/", invitations.accept, name="invitation"),
]
