"""NUL and other control characters in what people type or paste (issue 9, point 7).

PostgreSQL refuses a NUL in text, so `GET /communities/?q=%00` and `GET /follows/calendar/%00.ics`
were 500s there (SQLite let them through, which is why these tests matter most on PostgreSQL).
Search texts read by hand go through core.params; secret tokens and desk codes in addresses use the
`token` converter (core.converters), so a NUL in them is simply not found.
"""

import re
from urllib.parse import unquote

import pytest
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve, reverse

from core.params import int_param, slug_param, text_param
from editions.models import RoleKind
from tests.factories.accounts import UserFactory
from tests.factories.communities import CommunityFactory
from tests.factories.editions import EditionRoleFactory

CONTROL = ["\x00", "a\x00b", "\x01\x1f\x7f\x9f", "\t\n\r"]


def _patterns(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _patterns(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern)


PARAMETER = re.compile(r"<(?:[a-z]+:)?[a-z_]+>|\(\?P<[a-z_0-9]+>[^)]*\)")


def routes_with_parameters() -> list[str]:
    """Every address pattern with a parameter, outside the backstage (it has tests of its own)."""
    return sorted(
        {
            route
            for route in _patterns(get_resolver().url_patterns)
            if PARAMETER.search(route) and not route.startswith("backstage/")
        }
    )


def with_parameters(route: str, value: str) -> str:
    """The route with every parameter replaced by `value` (already %-encoded), as a path."""
    path = PARAMETER.sub(value, route)
    return "/" + path.replace("^", "").replace("$", "").replace("\\", "")


# --- the helpers -----------------------------------------------------------------------------------


@pytest.mark.unit
@pytest.mark.parametrize(
    ("raw", "cleaned"),
    [
        ("\x00", ""),
        ("  py\x00thon ", "py thon"),
        ("a\tb\nc\x7fd\x9fe", "a b c d e"),
        ("中文 search", "中文 search"),
        ("x" * 5000, "x" * 100),
    ],
)
def test_text_param_reads_control_characters_as_spaces(raw, cleaned):
    assert text_param({"q": raw}, "q") == cleaned


@pytest.mark.unit
@pytest.mark.parametrize("raw", ["\x00", "py\x00", "a b", "²", "x" * 300, ""])
def test_slug_param_refuses_anything_but_a_slug(raw):
    assert slug_param({"community": raw}, "community") == ""


@pytest.mark.unit
@pytest.mark.parametrize("raw", ["\x00", "²", "٣", "-1", "1e3", "9" * 5000, ""])
def test_int_param_refuses_anything_but_ascii_digits(raw):
    assert int_param({"community": raw}, "community") is None


# --- search texts ------------------------------------------------------------------------------------


@pytest.fixture
def staff(edition):
    CommunityFactory(slug="own")
    return EditionRoleFactory(edition=edition, kind=RoleKind.STAFF).user


# Every page with a search box or a filter read from the address, with its parameters.
SEARCH_PAGES = [
    ("communities:directory", (), ["q"]),
    ("communities:responsible-persons", ("2027",), ["q", "without"]),
    ("communities:carry-over", ("2027",), ["community"]),
    ("communities:responsible-person-add", ("2027", "own"), ["q"]),
    ("communities:history", ("own",), ["page"]),
    ("volunteering:board", (), ["q", "day", "time", "category", "community", "track", "page", "past"]),
    ("volunteering:my-requests", (), ["mine"]),
    ("volunteering:task-create", (), ["community"]),
    ("contacts:list", (), ["q", "community", "track", "pending"]),
    ("contacts:export-csv", (), ["q", "community"]),
    ("contacts:export-vcard", (), ["q", "community"]),
    ("contacts:log", (), ["page"]),
    ("contacts:message", (), ["q", "community"]),
    ("points:desk", (), ["q", "code"]),
    ("schedule:schedule", (), ["track", "community"]),
    ("pages:venue-screen", (), ["hours"]),
    ("account_login", (), ["next"]),
]


@pytest.mark.integration
@pytest.mark.parametrize("value", CONTROL)
@pytest.mark.parametrize(("name", "args", "params"), SEARCH_PAGES, ids=[page[0] for page in SEARCH_PAGES])
def test_search_with_control_characters_answers(client, staff, name, args, params, value):
    client.force_login(staff)

    response = client.get(reverse(name, args=args), dict.fromkeys(params, value))

    assert response.status_code in (200, 302, 404)


@pytest.mark.integration
def test_directory_search_with_nul_finds_what_the_rest_of_the_text_names(client, edition):
    CommunityFactory(slug="python", name="Python Taiwan")
    CommunityFactory(slug="rust", name="Rust Taiwan")

    response = client.get(reverse("communities:directory"), {"q": "Pyth\x00"})

    assert response.status_code == 200
    assert response.context["search"] == "Pyth"
    assert [community.slug for community in response.context["others"]] == ["python"]


# --- parameters in the address -------------------------------------------------------------------------


def _resolved_name(path: str) -> str | None:
    try:
        return resolve(path).url_name
    except Resolver404:
        return None


@pytest.mark.integration
@pytest.mark.parametrize("value", ["%00", "a%00b", "%01%1F", "%7F"])
@pytest.mark.parametrize("route", routes_with_parameters())
def test_control_characters_in_an_address_parameter_are_not_found(client, db, route, value):
    """Every address with a parameter, as the person with the most rights: 400 or 404, never a 500."""
    client.force_login(UserFactory(is_superuser=True, is_staff=True))

    path = with_parameters(route, value)
    response = client.get(path)

    if _resolved_name(unquote(path)) == "no-passwords":
        # allauth's password pages are shadowed: every one of them leads to the login by code.
        assert response.status_code == 302, path
    else:
        assert response.status_code in (400, 404), path


@pytest.mark.integration
@pytest.mark.parametrize(
    "address",
    ["/follows/calendar/%00.ics", "/communities/invitations/%00/", "/desk/people/%00/", "/desk/people/a%20b/"],
)
def test_token_addresses_with_odd_characters_are_not_found(client, desk_user, address):
    client.force_login(desk_user)

    assert client.get(address).status_code == 404
