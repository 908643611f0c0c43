"""Helpers for tests that use the admin: a superuser and the data a browser would post."""

from __future__ import annotations

from typing import Any

from django.forms import (
    CheckboxInput,
    ModelMultipleChoiceField,
    MultipleChoiceField,
    MultiWidget,
    NullBooleanSelect,
)

from wegweiser.accounts.models import User

PASSWORD = "pw-long-enough-123"


def superuser(email: str = "admin@example.org") -> User:
    return User.objects.create_superuser(email, PASSWORD)


def change_form_data(response: Any) -> dict[str, Any]:
    """What a browser would post back from the admin form on ``response``, unchanged.

    Covers the main form and every inline formset with its management form.
    """
    forms = [response.context["adminform"].form]
    data: dict[str, Any] = {}
    for inline in response.context.get("inline_admin_formsets", []):
        formset = inline.formset
        management = formset.management_form
        data.update(
            {
                management[name].html_name: ""
                if management[name].value() is None
                else str(management[name].value())
                for name in management.fields
            }
        )
        forms.extend(formset.forms)
    for form in forms:
        for name, field in form.fields.items():
            bound = form[name]
            value = bound.value()
            widget = field.widget
            if isinstance(widget, MultiWidget):
                parts = value if isinstance(value, list) else widget.decompress(value)
                for index, part in enumerate(parts or []):
                    data[f"{bound.html_name}_{index}"] = "" if part is None else str(part)
            elif isinstance(widget, NullBooleanSelect):
                data[bound.html_name] = {True: "true", False: "false"}.get(value, "unknown")
            elif isinstance(widget, CheckboxInput):
                if value:
                    data[bound.html_name] = "on"
            elif isinstance(field, ModelMultipleChoiceField | MultipleChoiceField):
                data[bound.html_name] = [str(item) for item in value or []]
            else:
                data[bound.html_name] = "" if value is None else str(value)
    return data
