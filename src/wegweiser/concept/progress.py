"""The progress report as a document (issue 8, point 7): HTML, PDF and XLSX.

Every goal with its status (symbol and word), each indicator with its chart against the target
line and its numbers, the measures with their status, the self-commitments, and the changes
since the previous version of the concept (``Concept.previous``). The JSON of the same report
is ``report.report_data``; the statuses here come from the same functions.

Goals of two versions have no link to each other (a Fortschreibung copies them), so the changes
are found by matching: first goals with the same title, then goals with the same description,
then the remaining goals of the same field of action in their order (reported as a changed
title). Indicators of matched goals match by source, code, gebiet and filters, else by label.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from wegweiser.concept import values
from wegweiser.concept.charts import TargetChart, target_chart
from wegweiser.concept.models import Concept, Goal, GoalIndicator, Measure, SelfCommitment
from wegweiser.concept.status import Point, Status, shown, worst

FORMATS = ("pdf", "xlsx", "html")
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "html": "text/html; charset=utf-8",
    "json": "application/json",
}


@dataclass
class IndicatorEntry:
    indicator: GoalIndicator
    latest: Point | None
    expected: Decimal | None
    status: dict[str, str]
    measured: list[Point]
    chart: TargetChart | None


@dataclass
class GoalEntry:
    goal: Goal
    status: dict[str, str]
    indicators: list[IndicatorEntry]
    measures: list[Measure]
    commitments: list[SelfCommitment]


@dataclass
class FieldEntry:
    title: str
    goals: list[GoalEntry] = field(default_factory=list)


@dataclass
class TargetChange:
    goal: str
    label: str
    before: tuple[Decimal, dt.date]
    after: tuple[Decimal, dt.date]


@dataclass
class Changes:
    previous: Concept | None
    added: list[Goal] = field(default_factory=list)
    removed: list[Goal] = field(default_factory=list)
    renamed: list[tuple[Goal, Goal]] = field(default_factory=list)
    targets: list[TargetChange] = field(default_factory=list)
    indicators_added: list[tuple[str, str]] = field(default_factory=list)  # (goal, label)
    indicators_removed: list[tuple[str, str]] = field(default_factory=list)

    @property
    def any(self) -> bool:
        return bool(
            self.added
            or self.removed
            or self.renamed
            or self.targets
            or self.indicators_added
            or self.indicators_removed
        )


@dataclass
class ProgressReport:
    concept: Concept
    at: dt.date | None
    fields: list[FieldEntry]
    changes: Changes
    created: dt.date = field(default_factory=timezone.localdate)

    @property
    def goals(self) -> list[GoalEntry]:
        return [goal for entry in self.fields for goal in entry.goals]

    @property
    def status_counts(self) -> list[dict[str, Any]]:
        counts = dict.fromkeys(Status, 0)
        for goal in self.goals:
            counts[Status(goal.status["code"])] += 1
        return [{"status": shown(status), "count": counts[status]} for status in Status]


def _goals(concept: Concept) -> list[Goal]:
    return list(
        Goal.objects.filter(action_field__concept=concept)
        .select_related("action_field__concept__region")
        .prefetch_related(
            "indicators",
            Prefetch(
                "measures",
                queryset=Measure.objects.select_related("responsible_provider").prefetch_related(
                    "updates"
                ),
            ),
            Prefetch("commitments", queryset=SelfCommitment.objects.select_related("provider")),
        )
        .order_by("action_field__position", "action_field__pk", "position", "pk")
    )


def indicator_entry(
    indicator: GoalIndicator, at: dt.date | None = None, with_chart: bool = True
) -> IndicatorEntry:
    """An indicator with its latest value, expected value, status, measured series and chart."""
    latest, result = values.assessment(indicator, at)
    if indicator.source == indicator.Source.DIRECTORY:
        measured = [latest] if latest is not None else []
    else:
        measured = [
            point
            for point in values.published_series(indicator, at)
            if point.date > indicator.baseline_date
        ]
    chart = None
    if with_chart:
        chart = target_chart(
            indicator.label,
            Point(indicator.baseline_value, indicator.baseline_date),
            Point(indicator.target_value, indicator.target_date),
            measured,
            result.expected,
        )
    return IndicatorEntry(
        indicator=indicator,
        latest=latest,
        expected=result.expected,
        status=shown(result.status),
        measured=measured,
        chart=chart,
    )


def build(
    concept: Concept, at: dt.date | None = None, *, with_charts: bool = True
) -> ProgressReport:
    fields: dict[int, FieldEntry] = {}
    for goal in _goals(concept):
        indicators = [indicator_entry(item, at, with_charts) for item in goal.indicators.all()]
        entry = fields.setdefault(goal.action_field_id, FieldEntry(goal.action_field.title))
        entry.goals.append(
            GoalEntry(
                goal=goal,
                status=shown(worst(item.status["code"] for item in indicators)),
                indicators=indicators,
                measures=list(goal.measures.all()),
                commitments=list(goal.commitments.all()),
            )
        )
    return ProgressReport(
        concept=concept, at=at, fields=list(fields.values()), changes=changes(concept)
    )


# --- Changes since the previous version ---------------------------------------------------------


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


def _take(candidates: list[Goal], test: Any) -> Goal | None:
    for candidate in candidates:
        if test(candidate):
            candidates.remove(candidate)
            return candidate
    return None


def match_goals(
    old: list[Goal], new: list[Goal]
) -> tuple[list[tuple[Goal, Goal]], list[Goal], list[Goal]]:
    """(pairs of the same goal, removed goals, added goals); see the module's docstring."""
    old_left, new_left, pairs = list(old), [], []
    for goal in new:
        partner = _take(old_left, lambda o, g=goal: _key(o.title) == _key(g.title))
        if partner is not None:
            pairs.append((partner, goal))
        else:
            new_left.append(goal)
    unmatched = []
    for goal in new_left:
        text = _key(goal.description)
        partner = _take(old_left, lambda o, t=text: bool(t) and _key(o.description) == t)
        if partner is not None:
            pairs.append((partner, goal))
        else:
            unmatched.append(goal)
    added = []
    for goal in unmatched:
        field_title = _key(goal.action_field.title)
        partner = _take(old_left, lambda o, f=field_title: _key(o.action_field.title) == f)
        if partner is not None:
            pairs.append((partner, goal))
        else:
            added.append(goal)
    return pairs, old_left, added


def _indicator_key(indicator: GoalIndicator) -> tuple[Any, ...]:
    filters = sorted((k, tuple(v)) for k, v in (indicator.offer_filters or {}).items())
    return (indicator.source, indicator.code, indicator.gebiet, tuple(filters))


def changes(concept: Concept) -> Changes:
    previous = concept.previous
    result = Changes(previous)
    if previous is None:
        return result
    old_goals, new_goals = _goals(previous), _goals(concept)
    pairs, result.removed, result.added = match_goals(old_goals, new_goals)
    order = {goal.pk: index for index, goal in enumerate(new_goals)}
    pairs.sort(key=lambda pair: order[pair[1].pk])
    for old, new in pairs:
        if _key(old.title) != _key(new.title):
            result.renamed.append((old, new))
        old_left = list(old.indicators.all())
        for indicator in new.indicators.all():
            partner = next(
                (o for o in old_left if _indicator_key(o) == _indicator_key(indicator)), None
            ) or next((o for o in old_left if _key(o.label) == _key(indicator.label)), None)
            if partner is None:
                result.indicators_added.append((new.title, indicator.label))
                continue
            old_left.remove(partner)
            before = (partner.target_value, partner.target_date)
            after = (indicator.target_value, indicator.target_date)
            if before != after:
                result.targets.append(TargetChange(new.title, indicator.label, before, after))
        result.indicators_removed += [(new.title, item.label) for item in old_left]
    return result


# --- Files ----------------------------------------------------------------------------------------


def html(report: ProgressReport) -> str:
    return render_to_string("concept/progress_report.html", {"report": report})


def _number(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _status_text(status: dict[str, str]) -> str:
    return f"{status['symbol']} {status['label']}"


def xlsx(report: ProgressReport) -> bytes:
    """Goals with their indicators, measures, self-commitments and the changes, one sheet
    each; numbers and dates as such, text neutralised against formulas."""
    from wegweiser.reports import exports

    goals: list[list[Any]] = [
        [
            _("Handlungsfeld"),
            _("Ziel"),
            _("Stand des Ziels"),
            _("Indikator"),
            _("Quelle"),
            _("Code"),
            _("Gebiet"),
            _("Einheit"),
            _("Ausgangswert"),
            _("Ausgangswert vom"),
            _("Zielwert"),
            _("Ziel bis"),
            _("letzter Wert"),
            _("letzter Wert vom"),
            _("erwarteter Wert"),
            _("Stand des Indikators"),
            _("Demo-Werte"),
        ]
    ]
    measures: list[list[Any]] = [
        [
            _("Handlungsfeld"),
            _("Ziel"),
            _("Maßnahme"),
            _("Verantwortlich"),
            _("Stand"),
            _("Beginn"),
            _("Ende"),
            _("Budget (Euro)"),
            _("letzter Fortschrittsbericht"),
            _("Bericht vom"),
        ]
    ]
    commitments: list[list[Any]] = [
        [_("Ziel"), _("Akteur"), _("Erklärung"), _("erklärt am"), _("Stand"), _("Bericht")]
    ]
    for entry in report.goals:
        goal = entry.goal
        field_title = goal.action_field.title
        if not entry.indicators:
            goals.append([field_title, goal.title, _status_text(entry.status)])
        for item in entry.indicators:
            indicator = item.indicator
            goals.append(
                [
                    field_title,
                    goal.title,
                    _status_text(entry.status),
                    indicator.label,
                    indicator.get_source_display(),
                    indicator.code,
                    indicator.gebiet if indicator.source != indicator.Source.DIRECTORY else "",
                    indicator.unit,
                    _number(indicator.baseline_value),
                    indicator.baseline_date,
                    _number(indicator.target_value),
                    indicator.target_date,
                    _number(item.latest.value) if item.latest else None,
                    item.latest.date if item.latest else None,
                    _number(item.expected),
                    _status_text(item.status),
                    _("ja") if indicator.demo_values else _("nein"),
                ]
            )
        for measure in entry.measures:
            update = next(iter(measure.updates.all()), None)
            measures.append(
                [
                    field_title,
                    goal.title,
                    measure.title,
                    measure.responsible,
                    measure.get_state_display(),
                    measure.start,
                    measure.end,
                    _number(measure.budget),
                    update.text if update else "",
                    update.date if update else None,
                ]
            )
        for commitment in entry.commitments:
            commitments.append(
                [
                    goal.title,
                    commitment.actor,
                    commitment.statement,
                    commitment.date,
                    commitment.get_state_display(),
                    commitment.report,
                ]
            )
    sheets = [
        (_("Ziele und Indikatoren"), goals),
        (_("Maßnahmen"), measures),
        (_("Selbstverpflichtungen"), commitments),
        (_("Änderungen"), _change_lines(report.changes)),
    ]
    return exports.workbook(sheets)


def _change_lines(changes: Changes) -> list[list[Any]]:
    lines: list[list[Any]] = [[_("Änderung"), _("Ziel"), _("vorher"), _("jetzt")]]
    if changes.previous is None:
        lines.append([_("Erste Fassung: keine frühere zum Vergleich.")])
        return lines
    lines += [[_("Ziel neu"), goal.title, "", ""] for goal in changes.added]
    lines += [[_("Ziel entfallen"), goal.title, "", ""] for goal in changes.removed]
    lines += [
        [_("Titel geändert"), new.title, old.title, new.title] for old, new in changes.renamed
    ]
    for change in changes.targets:
        lines.append(
            [
                _("Zielwert geändert: %(label)s") % {"label": change.label},
                change.goal,
                f"{_number(change.before[0])} ({change.before[1].isoformat()})",
                f"{_number(change.after[0])} ({change.after[1].isoformat()})",
            ]
        )
    lines += [
        [_("Indikator neu: %(label)s") % {"label": label}, goal, "", ""]
        for goal, label in changes.indicators_added
    ]
    lines += [
        [_("Indikator entfallen: %(label)s") % {"label": label}, goal, "", ""]
        for goal, label in changes.indicators_removed
    ]
    return lines


def render_file(report: ProgressReport, fmt: str) -> bytes:
    """The report as ``pdf``, ``xlsx`` or ``html`` (the staff page and the command)."""
    if fmt == "xlsx":
        return xlsx(report)
    document = html(report)
    if fmt == "html":
        return document.encode("utf-8")
    from wegweiser.reports.pdf import render_pdf

    return render_pdf(document)
