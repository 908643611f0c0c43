"""Reports as PDF with WeasyPrint: the HTML carries its styles inline, so nothing is fetched."""

from __future__ import annotations

import functools
from typing import Any


@functools.cache
def _refusing_fetcher_class() -> type:
    # WeasyPrint (and the native Pango it loads) is imported only when a PDF is made.
    from weasyprint.urls import URLFetcher

    class RefusingFetcher(URLFetcher):
        """A report loads no resource at all: whatever a label contains, no request is made."""

        def fetch(self, url: str, headers: Any = None) -> Any:
            raise PermissionError(f"a report PDF loads nothing: {url}")

    return RefusingFetcher


def render_pdf(html: str) -> bytes:
    from weasyprint import HTML

    fetcher = _refusing_fetcher_class()()
    return bytes(HTML(string=html, url_fetcher=fetcher).write_pdf())
