"""Links into the search results, shared by every page that points at a filtered list.

The search page's parameters (all optional, combinable, several values of one facet repeat the
parameter): ``q`` text; ``region`` slug; ``area``, ``age``, ``target``, ``language``, ``kind``,
``provider_type`` codes; ``gender`` (frauen / maenner: offers for that gender and for everyone);
``district`` code of the region (city-wide offers are included); ``free=1``; ``barrier_free=1``;
``sort`` = relevance | name | verified; ``page``.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse


def search_url(**params: str | list[str] | None) -> str:
    """``search_url(area="sprachfoerderung", district=["11"], region="stadt-kassel")``."""
    pairs: list[tuple[str, str]] = []
    for name, value in params.items():
        if value is None or value == "":
            continue
        for item in value if isinstance(value, list) else [value]:
            pairs.append((name, str(item)))
    url = reverse("public:search")
    return f"{url}?{urlencode(pairs)}" if pairs else url
