"""What commands and views call: import a file all-or-nothing, choose who imports with which rights."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from wegweiser.accounts import permissions
from wegweiser.directory.models import EditorialStatus, Region
from wegweiser.editorial.transfer.columns import KNOWN
from wegweiser.editorial.transfer.problems import FileRejected, Problem
from wegweiser.editorial.transfer.reading import Table, read_table
from wegweiser.editorial.transfer.validation import Action, Importer, Plan, Progress, validate
from wegweiser.editorial.transfer.writing import Actor, Outcome, write


class NotAllowed(Exception):
    """The user may not import into this region (or not publish); the message is German."""


@dataclass
class ImportResult:
    problems: list[Problem] = field(default_factory=list)
    plan: Plan | None = None
    table: Table | None = None
    outcome: Outcome | None = None
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems

    def counts(self) -> dict[str, int]:
        """How many rows would be or were created, updated, proposed, left unchanged."""
        if self.plan is None or self.problems:
            return {}
        return {
            "created": self.plan.count(Action.CREATE),
            "updated": self.plan.count(Action.UPDATE),
            "proposed": self.plan.count(Action.PROPOSE),
            "unchanged": self.plan.count(Action.UNCHANGED),
            "providers": len(self.plan.new_providers),
        }


def importer_for(user: Any, region: Region, status: str | None) -> Importer:
    """The rights of ``user`` (None: the command line, with a city editor's rights) for an
    import into ``region``; ``status`` None means the default for the user."""
    if user is None:
        return Importer(status=status or EditorialStatus.PUBLISHED)
    if not permissions.can_import_offers(user, region):
        raise NotAllowed(
            _("%(user)s darf keine Angebote in „%(region)s“ importieren.")
            % {"user": user, "region": region}
        )
    if permissions.can_publish_in(user, region):
        return Importer(status=status or EditorialStatus.PUBLISHED)
    if status == EditorialStatus.PUBLISHED:
        raise NotAllowed(
            _(
                "%(user)s darf nicht veröffentlichen: neue Angebote werden Entwürfe, Änderungen "
                "an veröffentlichten Angeboten Änderungsvorschläge."
            )
            % {"user": user}
        )
    return Importer(
        status=EditorialStatus.DRAFT,
        providers=frozenset(permissions.editable_provider_ids(user, region)),
    )


def import_offers(
    data: bytes,
    filename: str,
    *,
    region: Region,
    importer: Importer,
    actor: Actor,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportResult:
    """Check the whole file, then write all of it in one transaction, or nothing.

    With ``dry_run`` (the preview), or when any row has a problem, nothing is written.
    """
    try:
        table = read_table(data, filename, known_columns=KNOWN)
    except FileRejected as rejected:
        return ImportResult(problems=rejected.problems, dry_run=dry_run)
    with transaction.atomic():
        plan = validate(table, region=region, importer=importer, progress=progress)
        if plan.problems or dry_run:
            return ImportResult(problems=plan.problems, plan=plan, table=table, dry_run=dry_run)
        outcome = write(plan, actor, filename=filename, progress=progress)
    return ImportResult(plan=plan, table=table, outcome=outcome)
