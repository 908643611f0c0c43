from django.db import models
from django.utils.translation import gettext_lazy as _


class EditorialStatus(models.TextChoices):
    """The editorial state of an offer or provider; transitions come with the workflow."""

    DRAFT = "draft", _("Entwurf")
    IN_REVIEW = "in_review", _("In Prüfung")
    PUBLISHED = "published", _("Veröffentlicht")
    ARCHIVED = "archived", _("Archiviert")
