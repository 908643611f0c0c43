from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from wegweiser.directory.models import EditorialStatus
from wegweiser.editorial.transfer.reading import MAX_BYTES, too_large_message


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Datei (CSV oder XLSX, höchstens 10 MB)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )
    status = forms.ChoiceField(
        label=_("Was mit den Angeboten geschieht"),
        choices=[
            (EditorialStatus.PUBLISHED, _("veröffentlichen")),
            (
                EditorialStatus.DRAFT,
                _("als Entwurf; Änderungen an veröffentlichten Angeboten als Änderungsvorschlag"),
            ),
        ],
        initial=EditorialStatus.PUBLISHED,
        required=False,  # nothing chosen: the default of the user's role
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, may_publish: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not may_publish:
            # A provider editor's import always makes drafts and proposals: nothing to choose.
            del self.fields["status"]

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(too_large_message(upload.size))
        return upload
