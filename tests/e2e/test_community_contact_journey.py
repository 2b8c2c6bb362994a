"""Community contact, end to end in headless Chromium, everyone on a 360 px phone.

Staff invite a newcomer by email address to be a community's responsible person; the newcomer opens
the emailed link, finds they have no account yet, signs up with the address (codes read from
mail.outbox) and is a responsible person at once. They rewrite the community's introduction with
the live preview (JavaScript) and the Preview button (no JavaScript), and save. Staff look at the
page history and restore the earlier version, then open the contact list, export it as CSV and
vCard, and find the view and both exports in the audit log.
"""

import csv
import io
import re
from pathlib import Path
from urllib.parse import quote

import pytest
import vobject
from django.core import mail
from playwright.sync_api import expect

from accounts.models import User
from communities.models import (
    CommunityRevision,
    InvitationStatus,
    ResponsiblePerson,
    ResponsiblePersonInvitation,
    RevisionKind,
)
from contacts.models import ContactListAccess
from tests.e2e.conftest import login_code_from_email
from tests.factories.communities import CommunityFactory

pytestmark = pytest.mark.e2e

MOBILE_WIDTH = 360
NEWCOMER = "new.person@example.net"
OLD_INTRODUCTION = "Old introduction"
NEW_INTRODUCTION = "**New** introduction for 2027.\n\n<script>alert(1)</script>"
INVITATION_LINK = re.compile(r"https?://\S+(/communities/invitations/[^/\s]+/)")


def _assert_fits_phone(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= MOBILE_WIDTH, f"{page.url} is {width} px wide on a {MOBILE_WIDTH} px phone"


def _click_and_wait(page, locator) -> None:
    with page.expect_navigation():
        locator.click()


def _emails(to: str) -> list:
    return [message for message in mail.outbox if to in message.to]


def _type_emailed_code(page, email: str) -> None:
    """On a "type the code we emailed you" page: read the latest code sent to `email` and submit it."""
    form = page.locator("main form:has(input[name=code])")
    form.locator("input[name=code]").fill(login_code_from_email(email))
    # Such forms also hold a "Cancel" button bound to another form (form="logout-from-stage").
    _click_and_wait(page, form.locator("button[type=submit]:not([form])"))


def _is_preview_of(text: str):
    """Matches the live preview's request for a text containing `text`."""
    return lambda response: response.url.endswith("/edit/preview/") and text in (response.request.post_data or "")


def _download(page, link) -> tuple[str, str]:
    """Click a download link; the suggested file name and the file's text (a BOM kept, if any)."""
    with page.expect_download() as info:
        link.click()
    download = info.value
    assert download.failure() is None, download.failure()
    return download.suggested_filename, Path(download.path()).read_bytes().decode("utf-8")


def test_community_contact_journey(
    page, new_page, page_errors, live_server, edition, staff_user, force_login, settings
):  # fmt: skip
    # Emailed links (the invitation) point at the test server.
    settings.SITE_URL = live_server.url
    base = live_server.url
    community = CommunityFactory(
        slug="python-tw",
        name="Python Taiwan",
        name_zh_hant="Python 台灣",
        introduction=OLD_INTRODUCTION,
        introduction_zh_hant="舊的介紹",
    )

    # 1. Staff, on a phone: the responsible persons of the edition; invite an address for the community.
    force_login(page, staff_user)
    page.goto(f"{base}/communities/editions/{edition.slug}/responsible-persons/")
    expect(page.locator("main h1")).to_have_text(f"Responsible persons for {edition.name}")
    section = page.locator(f"section#community-{community.slug}")
    expect(section.locator("h2")).to_have_text("Python Taiwan")
    expect(section).to_contain_text("No responsible person yet.")
    _assert_fits_phone(page)
    _click_and_wait(page, section.get_by_role("link", name="Add a responsible person"))
    expect(page).to_have_url(f"{base}/communities/editions/{edition.slug}/responsible-persons/{community.slug}/add/")
    invite = page.locator("section[aria-labelledby=invite-heading] form")
    expect(page.locator("#invite-heading")).to_have_text("Or invite by email address")
    invite.get_by_label("Email address").fill(NEWCOMER)
    invite.get_by_label("Title (English)").fill("Organizer")
    invite.get_by_label("Title (Traditional Chinese)").fill("召集人")
    _assert_fits_phone(page)
    _click_and_wait(page, invite.get_by_role("button", name="Send the invitation"))
    expect(page).to_have_url(
        f"{base}/communities/editions/{edition.slug}/responsible-persons/#community-{community.slug}"
    )
    expect(page.locator(".messages .message--success")).to_have_text(
        f"An invitation is on its way to {NEWCOMER}. It stays pending until they log in with that address."
    )
    pending = section.locator("li.person-row")
    expect(pending).to_have_count(1)
    expect(pending.locator(".person-row__name")).to_have_text(NEWCOMER)
    expect(pending.locator(".badge--pending")).to_have_text("invitation pending")
    expect(pending).to_contain_text("Organizer")
    _assert_fits_phone(page)

    invitation = ResponsiblePersonInvitation.objects.get(community=community, edition=edition)
    assert (invitation.email, invitation.status, invitation.invited_by) == (
        NEWCOMER,
        InvitationStatus.PENDING,
        staff_user,
    )
    sent = _emails(NEWCOMER)
    assert len(sent) == 1, [message.subject for message in sent]
    assert sent[0].subject.startswith(f"[{settings.SITE_NAME}] ")
    assert "responsible person of Python Taiwan" in sent[0].subject and edition.name in sent[0].subject
    link = INVITATION_LINK.search(sent[0].body)
    assert link, sent[0].body
    invitation_path = link.group(1)
    assert invitation_path == f"/communities/invitations/{invitation.token}/"

    # 2. The newcomer, in a browser of their own, opens the emailed link. The address has no account
    # yet, so the page offers to create one (logging in by code would only email a sign-up hint).
    newcomer_page = new_page()
    newcomer_page.goto(link.group(0))
    expect(newcomer_page.locator("main h1")).to_have_text(f"Responsible person of Python Taiwan for {edition.name}")
    expect(newcomer_page.locator("main")).to_contain_text("ne•••@example.net")
    expect(newcomer_page.get_by_role("link", name="I already have an account")).to_have_attribute(
        "href", f"/accounts/login/?next={invitation_path}"
    )
    _assert_fits_phone(newcomer_page)
    _click_and_wait(newcomer_page, newcomer_page.get_by_role("link", name="Create your account to accept"))
    expect(newcomer_page).to_have_url(f"{base}/accounts/signup/?next={invitation_path}")

    # Sign up with the address alone, confirmed by an emailed code; that logs them in.
    signup_form = newcomer_page.locator("main form[action$='/accounts/signup/']")
    signup_form.locator("input[name=email]").fill(NEWCOMER)
    _assert_fits_phone(newcomer_page)
    _click_and_wait(newcomer_page, signup_form.locator("button[type=submit]"))
    expect(newcomer_page).to_have_url(re.compile(r"/accounts/confirm-email/"))
    assert len(_emails(NEWCOMER)) == 2
    _type_emailed_code(newcomer_page, NEWCOMER)
    newcomer = User.objects.get(email__iexact=NEWCOMER)
    # A new account has no display name yet and shares its email with staff.
    assert (newcomer.display_name, newcomer.share_email_with_staff) == ("", True)

    # Logged in, the invitation has become the role; first the one question: the name on the badge.
    expect(newcomer_page).to_have_url(f"{base}/accounts/name/?next={quote(invitation_path, safe='')}")
    expect(newcomer_page.locator(".messages")).to_contain_text(
        f"You are now a responsible person of Python Taiwan for {edition.name}: see “My communities”."
    )
    expect(newcomer_page.locator("#id_display_name")).to_have_value("")
    newcomer_page.locator("#id_display_name").fill("Nina Newcomer")
    _assert_fits_phone(newcomer_page)
    _click_and_wait(newcomer_page, newcomer_page.locator("main form button[type=submit]"))
    newcomer.refresh_from_db()
    assert newcomer.public_name == "Nina Newcomer"

    # Then on to the invitation, already accepted.
    expect(newcomer_page).to_have_url(f"{base}{invitation_path}")
    expect(newcomer_page.locator("main")).to_contain_text("This invitation has been accepted.")
    expect(newcomer_page.locator(".site-account__name")).to_have_text("Nina Newcomer")

    # Logged in, the invitation has turned into the role.
    person = ResponsiblePerson.objects.get(community=community, edition=edition, user=newcomer)
    assert (person.title, person.title_zh_hant, person.named_by) == ("Organizer", "召集人", staff_user)
    invitation.refresh_from_db()
    assert (invitation.status, invitation.accepted_by) == (InvitationStatus.ACCEPTED, newcomer)
    my_communities = newcomer_page.locator(".site-nav a[href='/communities/mine/']")
    expect(my_communities).to_have_text("My communities")
    expect(my_communities).to_be_visible()
    _assert_fits_phone(newcomer_page)

    # 3. "My communities" → "Edit the introduction".
    _click_and_wait(newcomer_page, my_communities)
    expect(newcomer_page.locator("main h1")).to_have_text("My communities")
    card = newcomer_page.locator(f"section:has(#backstage-{community.slug})")
    expect(card.locator("h2")).to_have_text("Python Taiwan")
    _assert_fits_phone(newcomer_page)
    _click_and_wait(newcomer_page, card.get_by_role("link", name="Edit the introduction"))
    expect(newcomer_page).to_have_url(f"{base}/communities/{community.slug}/edit/")
    introduction = newcomer_page.locator("#id_introduction")
    expect(introduction).to_have_value(OLD_INTRODUCTION)
    preview = newcomer_page.locator("#id_introduction-preview")
    expect(preview).to_have_text(OLD_INTRODUCTION)  # preview.js renders the saved text on load

    # The live preview (preview.js) renders on the server as you type, sanitised.
    with newcomer_page.expect_response(_is_preview_of("New")) as live:
        introduction.fill(NEW_INTRODUCTION)
    assert live.value.status == 200
    expect(preview.locator("strong")).to_have_text("New")
    expect(preview).to_contain_text("New introduction for 2027.")
    expect(preview.locator("script")).to_have_count(0)
    _assert_fits_phone(newcomer_page)

    # The Preview button (the path without JavaScript): the page comes back with the preview, nothing saved.
    with newcomer_page.expect_navigation() as server_preview:
        newcomer_page.get_by_role("button", name="Preview", exact=True).click()
    html = server_preview.value.text()
    preview_html = re.search(r'id="id_introduction-preview"[^>]*>(.*?)</div>', html, re.DOTALL)
    assert preview_html, html
    assert "<strong>New</strong> introduction for 2027." in preview_html.group(1)
    assert "<script" not in preview_html.group(1)
    expect(introduction).to_have_value(NEW_INTRODUCTION)
    expect(preview.locator("strong")).to_have_text("New")
    expect(preview.locator("script")).to_have_count(0)
    community.refresh_from_db()
    assert community.introduction == OLD_INTRODUCTION

    # Save: the community page shows the new introduction.
    _click_and_wait(newcomer_page, newcomer_page.get_by_role("button", name="Save", exact=True))
    expect(newcomer_page).to_have_url(f"{base}/communities/{community.slug}/")
    expect(newcomer_page.locator(".messages .message--success")).to_have_text("The community page is saved.")
    shown = newcomer_page.locator("section[aria-labelledby=community-introduction] .community-introduction")
    expect(shown.locator("strong")).to_have_text("New")
    expect(shown).to_contain_text("New introduction for 2027.")
    expect(shown.locator("script")).to_have_count(0)
    _assert_fits_phone(newcomer_page)
    community.refresh_from_db()
    assert community.introduction.replace("\r\n", "\n") == NEW_INTRODUCTION  # browsers send CRLF
    assert community.introduction_zh_hant == "舊的介紹"

    # 4. Staff: the history names the newcomer's edit; restore the version before it.
    page.goto(f"{base}/communities/{community.slug}/history/")
    revisions = page.locator("ol.revision-list > li.revision")
    expect(revisions).to_have_count(2)
    expect(revisions.nth(0).locator(".revision__title")).to_have_text("Edit")
    expect(revisions.nth(0).locator(".revision__meta")).to_contain_text(newcomer.public_name)
    expect(revisions.nth(0).locator("pre.diff del")).to_have_text([OLD_INTRODUCTION])
    expect(revisions.nth(1).locator(".revision__title")).to_have_text("The page before the first recorded change")
    expect(revisions.nth(0).get_by_role("button", name="Restore this version")).to_have_count(0)
    _assert_fits_phone(page)
    _click_and_wait(page, revisions.nth(1).get_by_role("button", name="Restore this version"))
    expect(page).to_have_url(f"{base}/communities/{community.slug}/history/")
    expect(page.locator(".messages .message--success")).to_contain_text("The page is back as it was on")
    expect(revisions).to_have_count(3)
    expect(revisions.nth(0).locator(".revision__title")).to_have_text("Restored an earlier version")
    expect(revisions.nth(0).locator(".revision__meta")).to_contain_text(staff_user.public_name)
    _assert_fits_phone(page)
    community.refresh_from_db()
    assert (community.introduction, community.introduction_zh_hant) == (OLD_INTRODUCTION, "舊的介紹")
    assert list(CommunityRevision.objects.filter(community=community).order_by("pk").values_list("kind", "author")) == [
        (RevisionKind.BASELINE, None),
        (RevisionKind.EDIT, newcomer.pk),
        (RevisionKind.RESTORE, staff_user.pk),
    ]

    # 5. Staff: the contact list shows the newcomer under the community, with only what they share.
    page.goto(f"{base}/communities/contacts/")
    contacts = page.locator(f"section:has(#contacts-{community.slug})")
    expect(contacts.locator("h2")).to_have_text("Python Taiwan")
    entry = contacts.locator("ul.contacts-people > li")
    expect(entry).to_have_count(1)
    expect(entry.locator(".contacts-person__name")).to_contain_text(newcomer.public_name)
    expect(entry.locator(".contacts-person__title")).to_have_text("· Organizer")
    expect(entry.locator("a[href^='mailto:']")).to_have_text(NEWCOMER)
    expect(entry.locator(".contact-value--not-shared")).to_have_text(["not shared", "not shared"])  # phone, chat
    _assert_fits_phone(page)

    filename, text = _download(page, page.get_by_role("link", name="Export CSV"))
    assert filename == f"responsible-persons-{edition.slug}.csv"
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))
    assert len(rows) == 1, rows
    row = rows[0]
    assert {key: row[key] for key in ("Community", "Name", "Title", "Email", "Phone", "Chat handle", "Status")} == {
        "Community": "Python Taiwan",
        "Name": newcomer.public_name,
        "Title": "Organizer",
        "Email": NEWCOMER,
        "Phone": "not shared",
        "Chat handle": "not shared",
        "Status": "named",
    }
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", row["Last login"]), row["Last login"]

    filename, text = _download(page, page.get_by_role("link", name="Export vCard"))
    assert filename == f"responsible-persons-{edition.slug}.vcf"
    cards = list(vobject.readComponents(text))
    assert len(cards) == 1
    card = cards[0]
    assert card.fn.value == newcomer.public_name
    assert card.org.value == ["Python Taiwan"]
    assert card.email.value == NEWCOMER
    assert card.title.value == "Organizer"
    assert "tel" not in card.contents  # the phone is not shared

    # 6. Staff: the audit log has the view and both exports.
    _click_and_wait(page, page.locator("nav .contacts-nav a[href='/communities/contacts/log/']"))
    expect(page.locator("main h1")).to_have_text("Audit log of the contact list")
    log_rows = page.locator("main table tbody tr")
    expect(log_rows).to_have_count(3)
    expect(log_rows.locator("td:nth-child(3)")).to_have_text(["exported vCard", "exported CSV", "viewed the list"])
    expect(log_rows.locator("td:nth-child(2)")).to_have_text([staff_user.public_name] * 3)
    expect(log_rows.locator("td:nth-child(5)")).to_have_text(["1", "1", "1"])
    assert sorted(ContactListAccess.objects.filter(user=staff_user).values_list("action", flat=True)) == [
        "csv",
        "vcard",
        "view",
    ]

    # Both browsers (`page` and the newcomer's `new_page`) report their problems to page_errors.
    assert page_errors == []
