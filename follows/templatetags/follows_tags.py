"""Follow buttons without N+1 queries.

    {% load follows_tags %}
    {% prime_follow_counts sessions %}          {# optional, on list pages: one query for all counts #}
    {% follow_state session as state %}
    {% include "follows/_follow_button.html" with kind=state.kind target=session
       following=state.following count=state.count %}   {# on one line in a template #}

Per request and kind, the set of what the person follows is read once; counts are read per target
unless primed for a whole list with `prime_follow_counts`.
"""

from dataclasses import dataclass

from django import template
from django.urls import NoReverseMatch, reverse

from follows import labels, selectors

register = template.Library()

TOGGLE_URLS = {
    "community": "follows:community-toggle",
    "track": "follows:track-toggle",
    "session": "follows:session-star",
}


@dataclass(frozen=True)
class FollowState:
    kind: str
    following: bool
    count: int


def _cache(context) -> dict:
    """Per-request memo: on the request when there is one, else for this rendering only."""
    request = context.get("request")
    if request is None:
        return context.render_context.setdefault("_follows_cache", {"following": {}, "counts": {}})
    if not hasattr(request, "_follows_cache"):
        request._follows_cache = {"following": {}, "counts": {}}
    return request._follows_cache


def _user(context):
    request = context.get("request")
    return getattr(request, "user", None) or context.get("user")


@register.simple_tag(takes_context=True)
def prime_follow_counts(context, targets) -> str:
    """Load the follower counts of every target of a list (all of one kind) in one query."""
    targets = list(targets)
    if not targets:
        return ""
    kind = selectors.kind_of(targets[0]).name
    counts = _cache(context)["counts"].setdefault(kind, {})
    missing = [target.pk for target in targets if target.pk not in counts]
    counts.update(selectors.follower_counts(kind, missing))
    return ""


@register.simple_tag(takes_context=True)
def follow_state(context, target) -> FollowState:
    kind = selectors.kind_of(target).name
    memo = _cache(context)
    if kind not in memo["following"]:
        memo["following"][kind] = selectors.following_ids(_user(context), kind)
    counts = memo["counts"].setdefault(kind, {})
    if target.pk not in counts:
        counts.update(selectors.follower_counts(kind, [target.pk]))
    return FollowState(kind=kind, following=target.pk in memo["following"][kind], count=counts[target.pk])


@register.simple_tag
def follow_toggle_url(kind: str, target) -> str:
    return reverse(TOGGLE_URLS[kind], args=[target.pk])


@register.simple_tag
def follow_label(kind: str, following: bool) -> str:
    return labels.button_label(kind, bool(following))


@register.simple_tag
def follow_count_text(kind: str, count: int) -> str:
    return labels.count_text(kind, count)


PAGE_URLS = {
    "community": ("communities:detail", "slug"),
    "track": ("schedule:track-detail", "pk"),
    "session": ("schedule:session-detail", "pk"),
}


@register.filter
def follows_page_url(target) -> str:
    """The community's, track's or session's page here, or "" when that page doesn't exist."""
    name, attribute = PAGE_URLS[selectors.kind_of(target).name]
    try:
        return reverse(name, args=[getattr(target, attribute)])
    except NoReverseMatch:
        return ""
