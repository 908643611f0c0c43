"""The staff page for import and export: upload → preview → confirm → result; downloads."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from wegweiser.accounts import permissions
from wegweiser.directory.models import Region
from wegweiser.editorial.transfer import export, services, uploads
from wegweiser.editorial.transfer.forms import UploadForm
from wegweiser.editorial.transfer.validation import Action
from wegweiser.editorial.transfer.writing import Actor

# Longer lists are cut in the page (the command line prints everything).
SHOWN = 500


def _region(request: HttpRequest, slug: str, *, importing: bool) -> Region:
    region = get_object_or_404(Region, slug=slug)
    allowed = (
        permissions.can_import_offers(request.user, region)
        if importing
        else permissions.can_export_offers(request.user, region)
    )
    if not allowed:
        raise PermissionDenied
    return region


@login_required
@require_safe
def index(request: HttpRequest) -> HttpResponse:
    regions = [
        (
            region,
            permissions.can_import_offers(request.user, region),
        )
        for region in Region.objects.all()
        if permissions.can_export_offers(request.user, region)
    ]
    if not regions:
        raise PermissionDenied
    return render(request, "editorial/transfer/index.html", {"regions": regions})


@login_required
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest, region: str) -> HttpResponse:
    current = _region(request, region, importing=True)
    may_publish = permissions.can_publish_in(request.user, current)
    form = UploadForm(request.POST or None, request.FILES or None, may_publish=may_publish)
    context = {"region": current, "form": form, "may_publish": may_publish}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read()
        status = form.cleaned_data.get("status") or None
        importer = services.importer_for(request.user, current, status)
        result = services.import_offers(
            data,
            upload.name,
            region=current,
            importer=importer,
            actor=Actor(request.user, request.user.email, "web", request),  # type: ignore[union-attr]
            dry_run=True,
        )
        if result.ok:
            token = uploads.store(
                data,
                user_id=request.user.pk,  # type: ignore[arg-type]
                region_id=current.pk,
                filename=upload.name,
                status=importer.status,
            )
            return redirect("transfer:preview", region=current.slug, token=token)
        context["problems"] = result.problems[:SHOWN]
        context["problem_count"] = len(result.problems)
        context["problems_more"] = max(0, len(result.problems) - SHOWN)
        context["filename"] = upload.name
    return render(request, "editorial/transfer/upload.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def preview(request: HttpRequest, region: str, token: str) -> HttpResponse:
    current = _region(request, region, importing=True)
    stored = uploads.load(token, user_id=request.user.pk, region_id=current.pk)  # type: ignore[arg-type]
    if stored is None:
        return render(request, "editorial/transfer/expired.html", {"region": current}, status=410)
    meta, data = stored
    try:
        importer = services.importer_for(request.user, current, meta.status)
    except services.NotAllowed:
        raise PermissionDenied from None
    actor = Actor(request.user, request.user.email, "web", request)  # type: ignore[union-attr]
    confirming = request.method == "POST"
    result = services.import_offers(
        data, meta.filename, region=current, importer=importer, actor=actor, dry_run=not confirming
    )
    context = {
        "region": current,
        "filename": meta.filename,
        "token": token,
        "result": result,
        "counts": result.counts(),
        "publishes": importer.status == "published",
        "problems": result.problems[:SHOWN],
        "problem_count": len(result.problems),
        "problems_more": max(0, len(result.problems) - SHOWN),
    }
    if confirming:
        if result.ok:
            uploads.discard(token)
        return render(request, "editorial/transfer/result.html", context)
    rows = [
        row
        for row in (result.plan.rows if result.plan else [])
        if row.action is not Action.UNCHANGED
    ]
    context["rows"] = rows[:SHOWN]
    context["rows_more"] = max(0, len(rows) - SHOWN)
    return render(request, "editorial/transfer/preview.html", context)


def _attachment(data: bytes, kind: str, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type=export.FORMATS[kind])
    response["Content-Disposition"] = f'attachment; filename="{name}.{kind}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_safe
def download(request: HttpRequest, region: str, kind: str) -> HttpResponse:
    current = _region(request, region, importing=False)
    offers = permissions.offers_exportable_by(
        request.user, current, export.exportable_offers(current)
    )
    stamp = timezone.localdate().isoformat()
    return _attachment(
        export.export_bytes(kind, offers, current), kind, f"angebote-{current.slug}-{stamp}"
    )


@login_required
@require_safe
def template(request: HttpRequest, region: str, kind: str) -> HttpResponse:
    current = _region(request, region, importing=False)
    return _attachment(export.template_bytes(kind, current), kind, f"importvorlage-{current.slug}")
