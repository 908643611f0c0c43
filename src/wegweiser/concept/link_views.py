"""Progress updates through a personal link: the responsible actor of a measure (a city office
or a provider without an account) reports without signing in."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from wegweiser.concept import links, services
from wegweiser.concept.forms import MeasureUpdateForm


@never_cache
def measure_link(request: HttpRequest, token: str) -> HttpResponse:
    try:
        measure = links.measure_for(token)
    except links.LinkProblem as problem:
        response = render(
            request, "concept/link_problem.html", {"reason": str(problem)}, status=403
        )
    else:
        form = MeasureUpdateForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            services.add_update(
                measure,
                form.cleaned_data["date"],
                form.cleaned_data["text"],
                actor=None,
                actor_label=_("Persönlicher Link: %(responsible)s")
                % {"responsible": measure.responsible},
                request=request,
                source="link",
            )
            messages.success(request, _("Danke! Der Bericht ist gespeichert."))
            return redirect("concept_link", token=token)
        response = render(
            request,
            "concept/link_report.html",
            {"measure": measure, "form": form, "updates": measure.updates.all()[:10]},
        )
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
