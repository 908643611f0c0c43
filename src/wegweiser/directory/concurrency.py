"""Optimistic locking: a save based on an outdated state is detected, never silently applied.

Every save of a locked model raises its ``lock_version``. A form carries the version it was
loaded with; when the stored version has moved on in the meantime, the form reports the
conflict (who changed it, when) and keeps everything the user typed. Submitting again after
reading the message saves over the newer state deliberately.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db import models
from django.utils import formats
from django.utils.translation import gettext_lazy as _


class LockedModel(models.Model):
    lock_version = models.PositiveIntegerField(_("Bearbeitungsstand"), default=0, editable=False)

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            # From the stored version: an instance rebuilt from history (a revert) carries none.
            stored = (
                type(self)
                ._default_manager.filter(pk=self.pk)
                .values_list("lock_version", flat=True)
                .first()
            )
            self.lock_version = max(self.lock_version, stored or 0)
        self.lock_version += 1
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "lock_version"}
        super().save(*args, **kwargs)


class ConcurrentEditForm(forms.ModelForm):
    """A ModelForm for a ``LockedModel`` that refuses to save over a newer state unseen."""

    # Named unlike the model field, which is not editable and so cannot be a form field.
    edit_lock = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The stored version, not the instance's: a form for an old version (a revert) still
        # starts from what is stored now.
        self.fields["edit_lock"].initial = self._stored_version()

    def _stored_version(self) -> int | None:
        if self.instance.pk is None:
            return None
        return (
            type(self.instance)
            ._default_manager.filter(pk=self.instance.pk)
            .values_list("lock_version", flat=True)
            .first()
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        stored = self._stored_version()
        if stored is None or cleaned.get("edit_lock") == stored:
            return cleaned
        # Keep what the user typed; the next submit is based on the stored version.
        data = self.data.copy()  # type: ignore[attr-defined]
        data[self.add_prefix("edit_lock")] = str(stored)
        self.data = data
        raise forms.ValidationError(self._conflict_message(), code="conflict")

    def _conflict_message(self) -> str:
        latest = self.instance.history.order_by("-history_date").first()
        if latest is None:
            return str(_("Dieser Eintrag wurde inzwischen geändert."))
        who = str(latest.history_user) if latest.history_user else str(_("jemand anderes"))
        return str(
            _(
                "%(who)s hat diesen Eintrag am %(when)s geändert, nachdem Sie ihn geöffnet haben. "
                "Ihre Eingaben sind erhalten, aber noch nicht gespeichert. Prüfen Sie die "
                "Änderungen in der Versionsgeschichte; erneutes Speichern überschreibt sie."
            )
        ) % {"who": who, "when": formats.date_format(latest.history_date, "DATETIME_FORMAT")}
