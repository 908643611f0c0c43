"""Template helpers of the public site: content in the reader's language, German as fallback."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language

register = template.Library()


@register.simple_tag
def translated(obj: Any, field: str) -> SafeString:
    """``{% translated offer "title" %}``: the text in the current language, or the German text
    marked ``lang="de"`` (screen readers then read it as German) where no translation exists.
    """
    language = (get_language() or "de").split("-")[0]
    text = obj.translated(field, language)
    if language != "de" and text == (getattr(obj, field) or "") and text:
        translation = obj.translation(language)
        if translation is None or not getattr(translation, field):
            return format_html('<span lang="de" class="untranslated">{}</span>', text)
    return format_html("{}", text)


@register.filter
def label(value: Any) -> str:
    """``{{ offer.area|label }}``: a vocabulary value's label in the current language."""
    if value is None:
        return ""
    return str(value.label_in(get_language()))
