from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "wegweiser.monitoring"
    verbose_name = _("Integrationsmonitoring")
    default_auto_field = "django.db.models.BigAutoField"
