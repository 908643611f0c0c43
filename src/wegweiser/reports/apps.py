from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "wegweiser.reports"
    verbose_name = _("Statistik und Berichte")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from wegweiser.accounts import permissions
        from wegweiser.accounts.staff_links import StaffLink, register

        register(
            StaffLink(
                url_name="reports:crosstab",
                label=_("Auswertungen"),
                description=_("Angebote nach zwei Merkmalen zählen, Stichtage vergleichen"),
                section="reports",
                visible=permissions.uses_report_pages,
            )
        )
        register(
            StaffLink(
                url_name="reports:council",
                label=_("Bericht: Integrationsangebote"),
                description=_("Die Tabellen des Berichts an die Stadtverordnetenversammlung"),
                section="reports",
                visible=permissions.uses_report_pages,
            )
        )
        register(
            StaffLink(
                url_name="reports:survey_2008",
                label=_("Befragung 2008"),
                description=_("Die veröffentlichten Zahlen von 2008 neben den heutigen"),
                section="reports",
                visible=permissions.uses_report_pages,
            )
        )
        register(
            StaffLink(
                url_name="reports:quality",
                label=_("Datenqualität"),
                description=_(
                    "Fehlende Angaben, Projekte ohne Ende, veraltete Einträge, Dubletten"
                ),
                section="reports",
                visible=permissions.uses_quality_report,
            )
        )
