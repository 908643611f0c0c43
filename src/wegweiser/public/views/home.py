from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from wegweiser.directory import services


def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "public/home.html",
        {"regions": services.regions_with_published_offer_counts()},
    )
