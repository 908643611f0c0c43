from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConceptConfig(AppConfig):
    name = "wegweiser.concept"
    verbose_name = _("Integrationskonzept")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from wegweiser.accounts import permissions
        from wegweiser.accounts.staff_links import StaffLink, register

        register(
            StaffLink(
                url_name="concept:concepts",
                label=_("Integrationskonzept"),
                description=_(
                    "Ziele, Indikatoren, Maßnahmen, Selbstverpflichtungen; Fortschrittsberichte"
                ),
                section="concept",
                visible=permissions.uses_concept_pages,
            )
        )
        from wegweiser.concept.consultation_staff import register_staff_links

        register_staff_links()
