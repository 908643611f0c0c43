from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language

from wegweiser.directory.models import Offer
from wegweiser.directory.search import VOCABULARY_FACETS, search_offers
from wegweiser.public.forms import SearchForm

PAGE_SIZE = 20

# The facets in the order the page shows them.
FACET_ORDER = ("area", "age", "gender", "target", "language", "district", "provider_type", "kind")


def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET)
    if not form.is_valid():
        return render(request, "public/search_invalid.html", {"form": form}, status=400)
    filters = form.filters()
    sort = form.cleaned_data.get("sort") or "relevance"
    language = (get_language() or "de").split("-")[0]
    result = search_offers(form.cleaned_data.get("q") or "", filters, language=language, sort=sort)
    paginator = Paginator(result.ordered, PAGE_SIZE)
    page = paginator.get_page(form.cleaned_data.get("page") or 1)
    offers_by_id = Offer.objects.for_result_list(language).in_bulk(list(page.object_list))
    offers = [offers_by_id[offer_id] for offer_id in page.object_list]
    context: dict[str, Any] = {
        "form": form,
        "query": form.cleaned_data.get("q") or "",
        "result": result,
        "page": page,
        "offers": offers,
        "sort": sort,
        "facets": [(name, form.fields[name].label, result.facets[name]) for name in FACET_ORDER],
        "flags": [
            (name, form.fields[name].label, result.facets[name])
            for name in ("free", "barrier_free")
        ],
        "vocabulary_facets": VOCABULARY_FACETS,
    }
    return render(request, "public/search.html", context)
