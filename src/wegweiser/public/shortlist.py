"""The shortlist (Merkliste): offers a visitor marks to print or hand out as a PDF, no account.

The list lives in the visitor's session, which is created by the first offer added: reading the
list never creates a session or sets a cookie. Emptying the list ends a session that holds
nothing else, so its cookie goes too.

Any page can offer a "merken" button: a POST form to ``public:shortlist`` with ``action=add``,
``offer=<uuid>``, ``next=<the page's path>`` and the CSRF token; ``offer.uuid in
Shortlist(request.session)`` tells it whether the offer is listed already.
"""

from __future__ import annotations

import enum
import functools
import mimetypes
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit
from uuid import UUID

from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import SuspiciousFileOperation
from django.db.models import Prefetch

from wegweiser.directory.models import Location, Offer

if TYPE_CHECKING:
    from django.contrib.sessions.backends.base import SessionBase

SESSION_KEY = "wegweiser.shortlist"
MAX_OFFERS = 50
PRINT_STYLESHEET = "wegweiser/css/shortlist-print.css"


class Action(enum.StrEnum):
    ADD = "add"
    REMOVE = "remove"
    CLEAR = "clear"


class Outcome(enum.Enum):
    ADDED = "added"
    ALREADY_LISTED = "already_listed"
    FULL = "full"
    NOT_PUBLISHED = "not_published"
    REMOVED = "removed"
    CLEARED = "cleared"


class Shortlist:
    """The offers one visitor has marked, in the order they were added (at most ``MAX_OFFERS``).

    The session stores offer UUIDs only; offers that are no longer published are not shown and
    are dropped from the session at the next ``add``.
    """

    def __init__(self, session: SessionBase) -> None:
        self._session = session

    def uuids(self) -> list[str]:
        # ``get`` on a session without a cookie reads nothing and creates nothing.
        return list(self._session.get(SESSION_KEY, []))

    def __len__(self) -> int:
        return len(self.uuids())

    def __contains__(self, offer_uuid: object) -> bool:
        return str(offer_uuid) in self.uuids()

    def is_full(self) -> bool:
        return len(self) >= MAX_OFFERS

    def offers(self) -> list[Offer]:
        """The listed offers that are still published, in the order they were added, with
        everything a shortlist shows of them loaded."""
        uuids = self.uuids()
        if not uuids:
            return []
        offers = (
            Offer.objects.published()
            .filter(uuid__in=uuids)
            .select_related("provider", "area", "region")
            .prefetch_related(
                "translations",
                "districts",
                Prefetch("locations", queryset=Location.objects.select_related("district")),
            )
        )
        position = {offer_uuid: index for index, offer_uuid in enumerate(uuids)}
        return sorted(offers, key=lambda offer: position[str(offer.uuid)])

    def apply(self, action: Action, offer_uuid: UUID | None = None) -> Outcome:
        """Carry out what a shortlist form asks for; ``offer_uuid`` is needed to add or remove."""
        if action is Action.CLEAR:
            return self.clear()
        if offer_uuid is None:
            raise ValueError(f"{action} needs an offer")
        if action is Action.ADD:
            return self.add(offer_uuid)
        return self.remove(offer_uuid)

    def add(self, offer_uuid: UUID) -> Outcome:
        listed = self.uuids()
        published = {
            str(value)
            for value in Offer.objects.published()
            .filter(uuid__in=[*listed, offer_uuid])
            .values_list("uuid", flat=True)
        }
        if str(offer_uuid) not in published:
            return Outcome.NOT_PUBLISHED
        kept = [value for value in listed if value in published]
        if str(offer_uuid) in kept:
            outcome = Outcome.ALREADY_LISTED
        elif len(kept) >= MAX_OFFERS:
            outcome = Outcome.FULL
        else:
            kept.append(str(offer_uuid))
            outcome = Outcome.ADDED
        if kept != listed:
            self._store(kept)
        return outcome

    def remove(self, offer_uuid: UUID) -> Outcome:
        listed = self.uuids()
        if str(offer_uuid) in listed:
            self._store([value for value in listed if value != str(offer_uuid)])
        return Outcome.REMOVED

    def clear(self) -> Outcome:
        if SESSION_KEY in self._session:
            self._store([])
        return Outcome.CLEARED

    def _store(self, uuids: list[str]) -> None:
        if uuids:
            self._session[SESSION_KEY] = uuids
            return
        self._session.pop(SESSION_KEY, None)
        if not list(self._session.keys()):
            # Nothing else lives in this session (no login): end it, which deletes the cookie.
            self._session.flush()


# --- PDF ----------------------------------------------------------------------------------------


def css_counter_content(text: str) -> str:
    """A translated ``"Seite %(page)s von %(pages)s"`` as the value of a CSS ``content``
    property: ``"Seite " counter(page) " von " counter(pages)``, safe inside ``<style>``."""
    parts = re.split(r"%\((page|pages)\)s", text)
    values = []
    for index, part in enumerate(parts):
        if index % 2:
            values.append(f"counter({part})")
        elif part:
            escaped = part.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3c ")
            values.append('"' + escaped.replace("\n", " ") + '"')
    return " ".join(values) or '""'


def static_file_path(url: str, *, static_url: str) -> Path:
    """The file on disk behind ``url`` when it is one of our static files under ``static_url``
    (absolute, e.g. ``http://host/static/``); ``PermissionError`` for anything else."""
    if not url.startswith(static_url):
        raise PermissionError(f"not one of our static files: {url}")
    name = unquote(urlsplit(url[len(static_url) :]).path)
    if not name or name.startswith(("/", "\\")) or ".." in name.split("/") or "\\" in name:
        raise PermissionError(f"not a static file name: {url}")
    try:
        found = finders.find(name)
        if isinstance(found, str):
            return Path(found)
        if staticfiles_storage.exists(name):
            # Collected files under hashed names (production): STATIC_ROOT.
            return Path(staticfiles_storage.path(name))
    except (SuspiciousFileOperation, NotImplementedError) as error:
        raise PermissionError(f"not a static file name: {url}") from error
    raise PermissionError(f"no such static file: {url}")


@functools.cache
def _static_files_fetcher_class() -> type:
    # WeasyPrint (and the native Pango it loads) is imported only when a PDF is made.
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticFilesFetcher(URLFetcher):
        """Serves our own static files from disk; refuses every other URL: a PDF never makes a
        network request, whatever the content it shows."""

        def __init__(self, static_url: str) -> None:
            super().__init__()
            self.static_url = static_url

        def fetch(self, url: str, headers: Any = None) -> Any:
            path = static_file_path(url, static_url=self.static_url)
            content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(
                url, body=path.read_bytes(), headers={"Content-Type": content_type}
            )

    return StaticFilesFetcher


def static_files_fetcher(static_url: str) -> Any:
    """A WeasyPrint URL fetcher that reads only our static files under ``static_url``."""
    return _static_files_fetcher_class()(static_url)


def render_pdf(html: str, *, base_url: str, static_url: str) -> bytes:
    """``html`` as a PDF; the only resources it may load are our static files."""
    from weasyprint import HTML

    document = HTML(string=html, base_url=base_url, url_fetcher=static_files_fetcher(static_url))
    return bytes(document.write_pdf())
