"""The figures as the page and the CSV show them: labelled lines in sections, each section with a chart.
One source for both, so the download says exactly what the page says."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from editions.models import Edition

from . import selectors
from .charts import BarChart, bar_chart

# Communities drawn in the chart (the table beside it lists them all).
CHART_COMMUNITIES = 12


def percent(rate: float | None) -> str:
    if rate is None:
        return "–"
    return f"{rate * 100:.1f}".removesuffix(".0") + "%"


@dataclass(frozen=True)
class Line:
    label: str
    value: int | float | None  # a count, or a rate (is_rate; None when there is nothing to divide)
    of: int | None = None  # for a count: the whole it is a part of, shown as a percentage
    is_rate: bool = False

    @property
    def text(self) -> str:
        """As the page shows it: "5 (41.7%)", or "80%" ("–" with nothing to divide)."""
        if self.is_rate:
            return percent(self.value)
        if self.of:
            return f"{self.value} ({percent(self.value / self.of)})"
        return str(self.value)

    @property
    def cell(self):
        """As the CSV holds it: a plain number for a count, "80%" for a rate."""
        return percent(self.value) if self.is_rate else self.value


@dataclass(frozen=True)
class Section:
    slug: str
    heading: str
    lines: list[Line]
    note: str = ""
    chart: BarChart | None = field(default=None)


@dataclass(frozen=True)
class Report:
    edition: Edition
    summary: selectors.Summary
    sections: list[Section]
    communities: list[selectors.CommunityFigures]
    communities_chart: BarChart | None
    rewards: list[selectors.RewardFigures]


def _with_chart(
    slug: str, heading: str, lines: list[Line], note: str = "", charted: list[Line] | None = None
) -> Section:
    """A section whose chart draws its counts (or the `charted` lines); rates stay in the table."""
    if charted is None:
        charted = [line for line in lines if not line.is_rate]
    chart = bar_chart(slug=slug, title=heading, rows=[(line.label, line.value, line.text) for line in charted])
    return Section(slug=slug, heading=heading, lines=lines, note=note, chart=chart)


def _points_section(summary: selectors.Summary) -> Section:
    earned, redeemed = (
        Line(_("Points earned"), summary.points_earned),
        Line(_("Points redeemed"), summary.points_redeemed),
    )
    return _with_chart(
        "points",
        _("Points"),
        [
            earned,
            redeemed,
            Line(_("Points adjusted at the desk"), summary.points_adjusted),
            Line(_("Points still held by volunteers"), summary.points_held),
        ],
        _("From the points ledger: undone completions and voided redemptions are taken into account."),
        # A bar cannot be negative: adjustments (which may take points away) stay in the table.
        charted=[earned, redeemed],
    )


def edition_report(*, edition: Edition, now=None) -> Report:
    summary = selectors.edition_summary(edition=edition, now=now)
    communities = selectors.community_figures(edition=edition)
    rewards = selectors.reward_figures(edition=edition)
    volunteers = summary.volunteers
    sections = [
        _with_chart(
            "volunteers",
            _("One-day volunteers and how they stay involved"),
            [
                Line(_("One-day volunteers"), volunteers),
                Line(_("… who follow a community"), summary.volunteers_following, of=volunteers),
                Line(_("… who shared their contact"), summary.volunteers_sharing, of=volunteers),
                Line(_("… who returned from an earlier edition"), summary.volunteers_returning, of=volunteers),
            ],
            _(
                "A one-day volunteer is a person with a confirmed or completed sign-up. Returned: they were a "
                "one-day volunteer of an earlier edition too."
            ),
        ),
        _with_chart(
            "tasks",
            _("Tasks"),
            [
                Line(_("Tasks posted"), summary.tasks_posted),
                Line(_("Tasks filled (all places taken)"), summary.tasks_filled, of=summary.tasks_posted),
                Line(_("Places offered"), summary.places_offered),
                Line(_("Places taken"), summary.places_taken, of=summary.places_offered),
                Line(_("Tasks cancelled"), summary.tasks_cancelled),
            ],
            _("Posted: open or closed tasks (drafts and cancelled tasks are not counted)."),
        ),
        _with_chart(
            "outcomes",
            _("Sign-ups due"),
            [
                Line(_("Completed"), summary.completed, of=summary.due),
                Line(_("No-show"), summary.no_shows, of=summary.due),
                Line(_("Not marked yet"), summary.not_marked, of=summary.due),
                Line(_("Completion rate"), summary.completion_rate, is_rate=True),
                Line(_("No-show rate"), summary.no_show_rate, is_rate=True),
            ],
            _("Due: sign-ups marked completed or no-show, and confirmed sign-ups of tasks that have ended."),
        ),
        _points_section(summary),
    ]
    communities_chart = (
        bar_chart(
            slug="communities",
            title=_("One-day volunteers per community"),
            rows=[(row.community.display_name, row.volunteers) for row in communities[:CHART_COMMUNITIES]],
        )
        if communities
        else None
    )
    return Report(
        edition=edition,
        summary=summary,
        sections=sections,
        communities=communities,
        communities_chart=communities_chart,
        rewards=rewards,
    )
