"""The links on the staff dashboard, which other apps add to.

An app registers its entry points once, in its ``AppConfig.ready()``::

    from wegweiser.accounts.staff_links import StaffLink, register

    register(StaffLink(
        url_name="editorial:index",
        label=_("Redaktion"),
        description=_("Angebote und Träger bearbeiten, prüfen und veröffentlichen"),
        section="editorial",
        visible=lambda user: permissions.is_staff_member(user),
    ))

The dashboard shows a link only to users for whom ``visible`` is true, and leaves out links
whose URL name does not resolve (so a link may be registered before its pages exist).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from wegweiser.accounts.permissions import AnyUser

# Sections of the dashboard, in the order shown; an unknown section goes to "other".
SECTIONS: dict[str, str | Promise] = {
    "editorial": _("Redaktion"),
    "transfer": _("Import und Export"),
    "surveys": _("Befragungen"),
    "reports": _("Statistik und Berichte"),
    "monitoring": _("Integrationsmonitoring"),
    "concept": _("Integrationskonzept"),
    "other": _("Weitere Seiten"),
}


@dataclass(frozen=True)
class StaffLink:
    url_name: str
    label: str | Promise
    description: str | Promise = ""
    section: str = "other"
    visible: Callable[[AnyUser], bool] = field(default=lambda user: True)
    url_args: tuple[Any, ...] = ()


@dataclass(frozen=True)
class ResolvedLink:
    url: str
    label: str | Promise
    description: str | Promise


@dataclass(frozen=True)
class Section:
    key: str
    title: str | Promise
    links: list[ResolvedLink]


_registry: list[StaffLink] = []


def register(link: StaffLink) -> None:
    """Add a link (registering the same URL name and arguments twice keeps the first)."""
    if any(
        (known.url_name, known.url_args) == (link.url_name, link.url_args) for known in _registry
    ):
        return
    _registry.append(link)


def unregister(url_name: str) -> None:
    _registry[:] = [link for link in _registry if link.url_name != url_name]


def links_for(user: AnyUser) -> list[Section]:
    """The links the user may follow, by section (sections without links left out)."""
    found: dict[str, list[ResolvedLink]] = {}
    for link in _registry:
        if not link.visible(user):
            continue
        try:
            url = reverse(link.url_name, args=link.url_args)
        except NoReverseMatch:
            continue
        section = link.section if link.section in SECTIONS else "other"
        found.setdefault(section, []).append(ResolvedLink(url, link.label, link.description))
    return [Section(key, title, found[key]) for key, title in SECTIONS.items() if key in found]
