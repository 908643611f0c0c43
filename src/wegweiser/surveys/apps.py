from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "wegweiser.surveys"
    label = "surveys"
    verbose_name = _("Befragungen")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.apps import apps

        from wegweiser.accounts import permissions
        from wegweiser.accounts.staff_links import StaffLink, register

        register(
            StaffLink(
                url_name="surveys:rounds",
                label=_("Befragungsrunden"),
                description=_("Träger befragen: persönliche Links, Rücklauf, Stand bei Abschluss"),
                section="surveys",
                visible=permissions.uses_survey_pages,
            )
        )
        if apps.is_installed("wegweiser.reports"):
            # Closed rounds' snapshots become countable in the reports (surveys/reporting.py).
            from wegweiser.surveys import reporting

            reporting.register()
