from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class EditorialStatus(models.TextChoices):
    """The editorial state of an offer or provider; transitions come with the workflow."""

    DRAFT = "draft", _("Entwurf")
    IN_REVIEW = "in_review", _("In Prüfung")
    PUBLISHED = "published", _("Veröffentlicht")
    ARCHIVED = "archived", _("Archiviert")


class EditorialEntry(models.Model):
    """What the editorial workflow keeps on every entry: status, verification, provenance."""

    status = models.CharField(
        _("Status"), max_length=20, choices=EditorialStatus.choices, default=EditorialStatus.DRAFT
    )
    verified_at = models.DateTimeField(_("geprüft am"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("geprüft von"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    is_demo = models.BooleanField(_("Demodaten"), default=False)
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)
    updated_at = models.DateTimeField(_("geändert am"), auto_now=True)

    class Meta:
        abstract = True
