from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EditorialConfig(AppConfig):
    name = "wegweiser.editorial"
    verbose_name = _("Redaktion")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from wegweiser.accounts import permissions
        from wegweiser.accounts.staff_links import StaffLink, register

        register(
            StaffLink(
                url_name="editorial:offers",
                label=_("Angebote"),
                description=_("Angebote bearbeiten, prüfen und veröffentlichen"),
                section="editorial",
                visible=permissions.uses_editorial_pages,
            )
        )
        register(
            StaffLink(
                url_name="editorial:providers",
                label=_("Träger"),
                description=_("Träger und ihre Angaben"),
                section="editorial",
                visible=permissions.uses_editorial_pages,
            )
        )
        register(
            StaffLink(
                url_name="editorial:review",
                label=_("Prüfung"),
                description=_("Eingereichte Angebote, Änderungsvorschläge und Meldungen"),
                section="editorial",
                visible=lambda user: bool(permissions.reading_region_ids(user)),
            )
        )
        register(
            StaffLink(
                url_name="editorial:freshness",
                label=_("Aktualität"),
                description=_("Wie lange Angaben unbestätigt sind, nach Träger und Bereich"),
                section="editorial",
                visible=lambda user: bool(permissions.reading_region_ids(user)),
            )
        )
        register(
            StaffLink(
                url_name="editorial:audit_log",
                label=_("Protokoll"),
                description=_("Wer hat wann was geändert"),
                section="editorial",
                visible=permissions.can_view_audit_log,
            )
        )
