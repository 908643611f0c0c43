from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "wegweiser.directory"
    verbose_name = _("Verzeichnis")

    def ready(self) -> None:
        from wegweiser.directory import checks  # noqa: F401  (registers the system checks)
        from wegweiser.directory.search import index  # noqa: F401  (keeps the search index current)
