from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from wegweiser.concept import link_views as concept_link_views

admin.site.site_header = _("Wegweiser – Verwaltung")
admin.site.site_title = _("Wegweiser")
admin.site.index_title = _("Verwaltung")

urlpatterns = [
    path("admin/", admin.site.urls),
    path("staff/", include("wegweiser.accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("staff/redaktion/", include("wegweiser.editorial.urls")),
    path("staff/befragungen/", include("wegweiser.surveys.urls")),
    path("befragung/", include("wegweiser.surveys.questionnaire_urls")),
    path("staff/import/", include("wegweiser.editorial.transfer.urls")),
    path("staff/berichte/", include("wegweiser.reports.urls")),
    # the concept's consultation (moderation, summary) and progress report, before staff/konzept/
    path("staff/konzept/beteiligung/", include("wegweiser.concept.consultation_urls")),
    path("staff/konzept/", include("wegweiser.concept.urls")),
    path("konzept-bericht/<str:token>/", concept_link_views.measure_link, name="concept_link"),
    # Before the monitoring pages (staff/monitoring/), whose routes could take "extern" as a slug.
    path("staff/monitoring/extern/", include("wegweiser.monitoring.external_urls")),
    path("staff/monitoring/", include("wegweiser.monitoring.urls")),
    path("", include("wegweiser.api.urls")),
    *i18n_patterns(
        path("", include("wegweiser.public.urls")),
        prefix_default_language=True,
    ),
]
