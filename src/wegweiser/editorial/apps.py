from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EditorialConfig(AppConfig):
    name = "wegweiser.editorial"
    verbose_name = _("Redaktion")
    default_auto_field = "django.db.models.BigAutoField"
