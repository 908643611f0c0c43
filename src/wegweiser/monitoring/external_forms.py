"""The upload form of the external indicators."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from wegweiser.monitoring.external import MAX_BYTES


class ExternalUploadForm(forms.Form):
    file = forms.FileField(
        label=_("CSV-Datei mit externen Indikatoren (höchstens 1 MB)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("Die Datei ist zu groß; erlaubt ist höchstens 1 MB."))
        return upload
