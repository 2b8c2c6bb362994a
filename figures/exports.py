"""The figures as CSV (UTF-8 with a BOM for Excel, formula-safe cells: core.csv_export), in blocks:
the edition's figures, then one row per community, then one row per reward."""

from django.http import HttpResponse
from django.utils.translation import gettext as _

from core.csv_export import csv_response

from .report import Report


def _rows(report: Report):
    yield ()
    yield (_("Section"), _("Figure"), _("Value"))
    for section in report.sections:
        for line in section.lines:
            yield (section.heading, line.label, line.cell)
    yield ()
    yield (
        _("Community"),
        _("Tasks posted"),
        _("One-day volunteers"),
        _("Completions"),
        _("Returning volunteers"),
        _("Followers"),
        _("Contact shares"),
    )
    for row in report.communities:
        yield (
            row.community.display_name,
            row.tasks,
            row.volunteers,
            row.completions,
            row.returning,
            row.followers,
            row.shares,
        )
    yield ()
    yield (_("Reward"), _("Cost in points"), _("Handed out"), _("Stock left"))
    for row in report.rewards:
        yield (str(row.reward), row.reward.cost, row.handed_out, _("unlimited") if row.left is None else row.left)


def figures_csv(report: Report, *, filename: str) -> HttpResponse:
    return csv_response(filename, (_("Edition"), report.edition.name), _rows(report))
