from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "wegweiser.monitoring"
    verbose_name = _("Integrationsmonitoring")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from wegweiser.accounts import permissions
        from wegweiser.accounts.staff_links import StaffLink, register

        register(
            StaffLink(
                url_name="monitoring:overview",
                label=_("Veröffentlichte Ergebnisse"),
                description=_("Stichtage, Tabellen und Bericht des Integrationsmonitorings"),
                section="monitoring",
                visible=permissions.uses_monitoring_pages,
            )
        )
        register(
            StaffLink(
                url_name="monitoring_external:index",
                label=_("Externe Indikatoren"),
                description=_("Zahlen anderer Ämter hochladen, prüfen und veröffentlichen"),
                section="monitoring",
                visible=permissions.uploads_external_indicators,
            )
        )
