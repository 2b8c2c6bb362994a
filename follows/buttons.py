"""Follow (community, track) and star (session) buttons, filled into every page per reader.

Pages write `{% follow_button target %}` (follows_tags), a core.personal marker; here every button of a
page is built in one go: one query for what the reader follows of a kind, one for the counts shown.
The form posts without JavaScript; follows/follows.js updates it in place. Visitors who are not
logged in get a "Log in to follow" link instead of a form.
"""

from urllib.parse import quote

from django.conf import settings
from django.core.cache import cache
from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext

from core.page_cache import FOLLOW_COUNTS, STAR_COUNTS, version
from core.personal import register
from core.urls import address_for_pk

from . import labels, selectors

TOGGLE_URLS = {
    "community": "follows:community-toggle",
    "track": "follows:track-toggle",
    "session": "follows:session-star",
}

FORM = (
    '<form method="post" action="{url}" class="follow-form" data-follow-form>\n'
    '  <input type="hidden" name="csrfmiddlewaretoken" value="{csrf}">\n'
    '  <input type="hidden" name="next" value="{next}{anchor}">\n'
    '  <input type="hidden" name="following" value="{want}" data-follow-want>\n'
    '  <button type="submit" class="button button--small follow-button" aria-pressed="{pressed}"'
    " data-follow-button>{label}</button>{count}\n"
    "</form>"
)
FORM_COUNT = '\n  <span class="follow-count" data-follow-count aria-live="polite">{text}</span>'
LOGIN = (
    '<p class="follow-form">\n'
    '  <a class="button button--small button--secondary" href="{login}">{label}</a>{count}\n'
    "</p>"
)
LOGIN_COUNT = '\n  <span class="follow-count">{text}</span>'
_CUT = "\x00"  # never in a token, a path or a label: where a button's own parts go


@register("follow")
def fill_buttons(request, markers: list[tuple[str, ...]]) -> dict[tuple[str, ...], str]:
    """Markers are (kind, pk, "1" to show the count or "0")."""
    user = request.user
    authenticated = user.is_authenticated  # once: request.user is a lazy object, slow per button
    here = request.get_full_path()
    by_kind: dict[str, list[tuple[str, ...]]] = {}
    for marker in markers:
        by_kind.setdefault(marker[0], []).append(marker)
    built = {}
    for kind, of_kind in by_kind.items():
        counted = [int(marker[1]) for marker in of_kind if marker[2] == "1"]
        counts = _counts(kind, counted) if counted else {}
        if authenticated:
            following = selectors.following_ids(user, kind)
            csrf, url_of = escape(get_token(request)), address_for_pk(TOGGLE_URLS[kind])
            states = {
                state: {
                    "csrf": csrf,
                    "next": escape(here.replace(_CUT, "")),
                    "want": "0" if state else "1",
                    "pressed": "true" if state else "false",
                    "label": escape(labels.button_label(kind, state)),
                }
                for state in (False, True)
            }
            # The form around each button is the same for every button in a state but for the address,
            # anchor and count: split once, joined per button (a schedule day has hundreds).
            parts = {
                state: FORM.format(url=_CUT, anchor=_CUT, count=_CUT, **states[state]).split(_CUT)
                for state in (False, True)
            }
        else:
            login = escape(f"{reverse('account_login')}?next={quote(here, safe='/')}")
            label = escape(gettext("Log in to star") if kind == "session" else gettext("Log in to follow"))
        count_html: dict[int, str] = {}
        login_html: dict[str, str] = {}  # a visitor's button differs only by its count
        for marker in of_kind:
            pk = int(marker[1])
            count = ""
            if pk in counts:
                number = counts[pk]
                if number not in count_html:
                    text = escape(labels.count_text(kind, number))
                    count_html[number] = (FORM_COUNT if authenticated else LOGIN_COUNT).format(text=text)
                count = count_html[number]
            if authenticated:
                # Without JavaScript, a star brings the reader back to the session, not the top of the day.
                anchor = f"#session-{pk}" if kind == "session" else ""
                before_url, before_anchor, before_count, after = parts[pk in following]
                built[marker] = f"{before_url}{url_of(pk)}{before_anchor}{anchor}{before_count}{count}{after}"
            else:
                if count not in login_html:
                    login_html[count] = LOGIN.format(login=login, label=label, count=count)
                built[marker] = login_html[count]
    return built


# A page with many buttons (the schedule: a day's sessions) reads the kind's counts from one map kept in
# the shared cache under the version every follow or star of the kind bumps (when it commits), so the
# counts are exact and a page of two hundred stars costs a cache read; the map is counted again once
# per change, not once per reader. A page with a few buttons asks the database for just those.
MANY = 20
COUNT_NAMESPACES = {"community": FOLLOW_COUNTS, "track": FOLLOW_COUNTS, "session": STAR_COUNTS}


def _counts(kind: str, ids: list[int]) -> dict[int, int]:
    if len(ids) <= MANY:
        return selectors.follower_counts(kind, ids)
    key = f"follow-counts:{kind}:{version(COUNT_NAMESPACES[kind])}"
    counts = cache.get(key)
    if counts is None:
        counts = selectors.all_follower_counts(kind)
        cache.set(key, counts, settings.PAGE_CACHE_SECONDS)
    return {pk: counts.get(pk, 0) for pk in ids}
