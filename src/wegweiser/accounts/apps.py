from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "wegweiser.accounts"
    verbose_name = _("Benutzerkonten")

    def ready(self) -> None:
        from wegweiser.accounts import signals  # noqa: F401  (connects the login handlers)
