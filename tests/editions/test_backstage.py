"""The backstage (Django admin): who reaches which model, what edition staff see of people, its language."""

import pytest
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount, SocialApp, SocialToken
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import Promise
from django_tasks_db.models import DBTaskResult

from certificates.models import CertificateSettings
from certificates.services import certificates_for
from communities.models import CommunityRevision
from contacts.models import AccessAction, ContactListAccess, ResponsiblePersonMessage
from editions.backends import STAFF_MODELS, EditionStaffBackend
from editions.models import RoleKind
from follows.models import CalendarFeed, FollowPreferences, SessionChange, SessionChangeKind
from pages.models import Guide
from points.desk_codes import desk_code_for
from points.models import PointsEntry
from points.services import adjust_points, redeem_rewards
from schedule.models import ImportRun, PretalxSource
from tests.factories.accounts import UserFactory
from tests.factories.communities import CommunityFactory, InvitationFactory, ResponsiblePersonFactory
from tests.factories.editions import EditionFactory, EditionRoleFactory
from tests.factories.follows import CommunityFollowFactory, SessionStarFactory, TrackFollowFactory
from tests.factories.points import RewardFactory
from tests.factories.schedule import RoomFactory, SessionFactory, TrackFactory
from tests.factories.volunteering import SignUpFactory, TaskFactory

pytestmark = pytest.mark.integration

# What edition staff run, and whether the backstage adds rows of it (False: read-only or added
# elsewhere, for everyone). Changelist and change pages open for them.
STAFF_RUNS = {
    "accounts.user": True,
    "editions.edition": True,
    "editions.editionrole": True,
    "volunteering.task": True,
    "volunteering.signup": False,
    "points.reward": True,
    "points.redemption": False,
    "points.pointsentry": False,
    "points.deskcode": False,
    "communities.community": True,
    "communities.responsibleperson": True,
    "communities.responsiblepersoninvitation": False,
    "communities.communityrevision": False,
    "contacts.contactlistaccess": False,
    "contacts.responsiblepersonmessage": False,
    "schedule.room": True,
    "schedule.track": True,
    "schedule.session": True,
    "schedule.importrun": False,
    "schedule.pretalxsource": True,
    "follows.calendarfeed": False,
    "follows.communityfollow": True,
    "follows.trackfollow": True,
    "follows.sessionstar": True,
    "follows.followpreferences": True,
    "follows.sessionchange": True,
    "pages.guide": True,
    "certificates.certificatesettings": True,
    "certificates.certificate": False,
}
# Internals: identities (email addresses, social logins), groups, task results. Edition staff get 403.
SUPERUSERS_ONLY = {
    "auth.group": True,
    "account.emailaddress": True,
    "socialaccount.socialapp": True,
    "socialaccount.socialaccount": True,
    "socialaccount.socialtoken": True,
    "django_tasks_database.dbtaskresult": False,
}
ADDABLE = STAFF_RUNS | SUPERUSERS_ONLY


def label(model) -> str:
    return f"{model._meta.app_label}.{model._meta.model_name}"


@pytest.fixture
def one_of_each(edition, staff_user):
    """A row of every model in the backstage, so that change pages open on something real."""
    volunteer = UserFactory()
    adjust_points(user=volunteer, edition=edition, amount=10, reason="Opening balance", by=staff_user)
    redeem_rewards(user=volunteer, edition=edition, items=[(RewardFactory(edition=edition, cost=2), 1)], by=staff_user)
    desk_code_for(volunteer)
    SignUpFactory(task=TaskFactory(edition=edition), user=volunteer)
    EditionRoleFactory(edition=edition, kind=RoleKind.DESK)
    community = CommunityFactory()
    ResponsiblePersonFactory(community=community, edition=edition)
    InvitationFactory(community=community, edition=edition)
    CommunityRevision.objects.create(community=community, author=staff_user)
    ContactListAccess.objects.create(edition=edition, user=staff_user, action=AccessAction.choices[0][0], row_count=1)
    ResponsiblePersonMessage.objects.create(edition=edition, author=staff_user, subject="Hello", body="Hi")
    track = TrackFactory(edition=edition)
    session = SessionFactory(edition=edition, room=RoomFactory(edition=edition), track=track)
    ImportRun.objects.create(edition=edition, started_at=timezone.now(), source="schedule.json", kind="schedule_json")
    PretalxSource.objects.create(edition=edition, base_url="https://pretalx.example.org", event_slug="coscup")
    CalendarFeed.objects.create(user=volunteer)
    CommunityFollowFactory(user=volunteer, community=community)
    TrackFollowFactory(user=volunteer, track=track)
    SessionStarFactory(user=volunteer, session=session)
    FollowPreferences.objects.create(user=volunteer)
    SessionChange.objects.create(session=session, kind=SessionChangeKind.choices[0][0])
    Guide.objects.get_or_create(edition=edition)
    CertificateSettings.objects.create(edition=edition, signed_by="Team")
    certificates_for(user=volunteer, editions=[edition])
    Group.objects.create(name="Helpers")
    EmailAddress.objects.create(user=volunteer, email=volunteer.email, verified=True, primary=True)
    app = SocialApp.objects.create(provider="github", name="GitHub", client_id="id", secret="secret")
    account = SocialAccount.objects.create(user=volunteer, provider="github", uid="42")
    SocialToken.objects.create(app=app, account=account, token="token")
    DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}},
        task_path="volunteering.tasks.send_email",
        backend_name="default",
        run_after=timezone.now(),
        exception_class_path="",
        traceback="",
    )
    return {label(model): model._default_manager.order_by("pk").first() for model in admin.site._registry}


def backstage_urls(objects) -> dict[str, str]:
    urls = {}
    for model, obj in objects.items():
        app_label, model_name = model.split(".")
        urls[f"{model} changelist"] = reverse(f"admin:{app_label}_{model_name}_changelist")
        urls[f"{model} add"] = reverse(f"admin:{app_label}_{model_name}_add")
        urls[f"{model} change"] = reverse(f"admin:{app_label}_{model_name}_change", args=[obj.pk])
    return urls


def expected_statuses(who: str) -> dict[str, int]:
    if who in ("desk_user", "user"):
        return {f"{model} {page}": 403 for model in ADDABLE for page in ("changelist", "add", "change")}
    reachable = STAFF_RUNS if who == "staff_user" else ADDABLE
    statuses = {}
    for model, addable in ADDABLE.items():
        shown = model in reachable
        statuses[f"{model} changelist"] = 200 if shown else 403
        statuses[f"{model} add"] = 200 if shown and addable else 403
        statuses[f"{model} change"] = 200 if shown else 403
    return statuses


def test_every_backstage_model_has_a_decision():
    # A newly registered model must be put on one side or the other, here and in editions.backends.
    assert {label(model) for model in admin.site._registry} == set(ADDABLE)
    assert not set(STAFF_RUNS) & set(SUPERUSERS_ONLY)


@pytest.mark.parametrize("who", ["staff_user", "superuser", "desk_user", "user"])
def test_backstage_role_matrix(who, request, client, one_of_each):
    client.force_login(request.getfixturevalue(who))

    statuses = {name: client.get(url).status_code for name, url in backstage_urls(one_of_each).items()}

    assert statuses == expected_statuses(who)


def test_backstage_role_matrix_anonymous_goes_to_login(client, one_of_each):
    login = reverse("admin:login")

    answers = {name: client.get(url) for name, url in backstage_urls(one_of_each).items()}

    assert {name: (r.status_code, r.url.split("?")[0]) for name, r in answers.items()} == {
        name: (302, login) for name in answers
    }


@pytest.mark.parametrize(
    ("who", "status"), [("user", 403), ("desk_user", 403), ("staff_user", 200), ("superuser", 200)]
)
def test_backstage_access_by_role(who, status, request, client, edition):
    client.force_login(request.getfixturevalue(who))

    assert client.get(reverse("admin:index")).status_code == status


def test_backstage_sends_anonymous_to_code_login(client, edition):
    response = client.get(reverse("admin:index"))

    assert response.status_code == 302
    login = client.get(response.url)
    assert login.status_code == 302
    assert login.url.startswith(reverse("account_login"))


def test_staff_of_past_edition_has_no_backstage(client, edition):
    past = EditionFactory(slug="2020")
    person = EditionRoleFactory(edition=past, kind=RoleKind.STAFF).user
    client.force_login(person)

    assert client.get(reverse("admin:index")).status_code == 403


# --- permissions: an allow-list, not a menu -------------------------------------------------------


@pytest.mark.parametrize(
    ("perm", "granted"),
    [
        ("volunteering.change_task", True),
        ("accounts.view_user", True),
        ("points.view_redemptionitem", True),
        ("account.add_emailaddress", False),
        ("account.change_emailaddress", False),
        ("socialaccount.view_socialtoken", False),
        ("socialaccount.add_socialaccount", False),
        ("auth.change_group", False),
        ("auth.view_permission", False),
        ("sessions.view_session", False),
        ("sessions.delete_session", False),
        ("django_tasks_database.view_dbtaskresult", False),
        ("sites.change_site", False),
        ("follows.view_sessionsnapshot", False),
        ("volunteering.frobnicate_task", False),
    ],
)
def test_edition_staff_permissions_are_an_allow_list(perm, granted, staff_user):
    assert (staff_user.has_perm(perm), EditionStaffBackend().has_perm(staff_user, perm)) == (granted, granted)


def test_edition_staff_module_permissions_cover_only_what_they_run(staff_user):
    modules = ["volunteering", "accounts", "account", "socialaccount", "auth", "sessions", "django_tasks_database"]

    assert [staff_user.has_module_perms(app) for app in modules] == [True, True, False, False, False, False, False]


def test_superuser_keeps_every_permission(superuser, edition):
    assert superuser.has_perm("account.add_emailaddress")
    assert superuser.has_perm("django_tasks_database.view_dbtaskresult")


def test_backstage_index_lists_only_what_staff_run(client, staff_user):
    client.force_login(staff_user)

    html = client.get(reverse("admin:index")).content.decode()

    assert "/backstage/volunteering/task/" in html
    for hidden in ("/backstage/account/", "/backstage/socialaccount/", "/backstage/auth/", "/backstage/django_tasks"):
        assert hidden not in html


def test_hidden_app_index_is_not_found_for_staff(client, staff_user):
    client.force_login(staff_user)

    assert client.get(reverse("admin:app_list", args=["account"])).status_code == 404
    assert client.get(reverse("admin:app_list", args=["volunteering"])).status_code == 200


# --- accounts: no way to take someone's identity ---------------------------------------------------


def test_staff_cannot_add_an_email_address_to_a_superuser(client, staff_user):
    boss = UserFactory(is_superuser=True, is_staff=True, email="boss@example.net")
    client.force_login(staff_user)
    url = reverse("admin:account_emailaddress_add")

    page = client.get(url)
    response = client.post(url, {"user": boss.pk, "email": "mine@example.net", "verified": "on", "primary": "on"})

    assert (page.status_code, response.status_code) == (403, 403)
    assert list(EmailAddress.objects.filter(user=boss)) == []
    assert not EmailAddress.objects.filter(email="mine@example.net").exists()


def test_staff_cannot_take_over_the_superuser_end_to_end(client, staff_user, edition):
    """Issue 9, point 1: add an address to the superuser's account in the backstage, ask for a login
    code for it, log in as the superuser. Every step of the way is closed."""
    boss = UserFactory(is_superuser=True, is_staff=True, email="boss@example.net")
    EmailAddress.objects.create(user=boss, email=boss.email, verified=True, primary=True)
    client.force_login(staff_user)
    attempts = [
        client.post(
            reverse("admin:account_emailaddress_add"),
            {"user": boss.pk, "email": "mine@example.net", "verified": "on", "primary": "on"},
        ),
        client.post(
            reverse("admin:accounts_user_change", args=[boss.pk]), {"email": "mine@example.net", "display_name": "x"}
        ),
        client.post(reverse("admin:socialaccount_socialaccount_add"), {"user": boss.pk, "provider": "github"}),
    ]
    client.logout()

    client.post(reverse("account_login"), {"login": "mine@example.net"})
    codes = [message for message in mail.outbox if "mine@example.net" in message.to]

    assert [response.status_code for response in attempts] == [403, 403, 403]
    boss.refresh_from_db()
    assert boss.email == "boss@example.net"
    assert list(EmailAddress.objects.filter(user=boss).values_list("email", flat=True)) == ["boss@example.net"]
    assert [message.subject for message in codes if "login code" in message.subject.lower()] == []
    assert "_auth_user_id" not in client.session


def test_staff_cannot_change_an_email_address_of_anyone(client, staff_user, user):
    address = EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    client.force_login(staff_user)

    response = client.post(
        reverse("admin:account_emailaddress_change", args=[address.pk]),
        {"user": user.pk, "email": "mine@example.net", "verified": "on", "primary": "on"},
    )

    address.refresh_from_db()
    assert response.status_code == 403
    assert address.email == user.email


def test_staff_cannot_change_a_persons_email_address_on_the_person(client, staff_user):
    person = UserFactory(email="mei@example.net", display_name="Mei")
    client.force_login(staff_user)
    url = reverse("admin:accounts_user_change", args=[person.pk])

    page = client.get(url)
    response = client.post(url, {"email": "mine@example.net", "display_name": "Mei Lin", "is_active": "on"})

    person.refresh_from_db()
    assert 'name="email"' not in page.content.decode()
    assert response.status_code == 302
    assert (person.email, person.display_name) == ("mei@example.net", "Mei Lin")


def test_staff_cannot_set_a_persons_password(client, staff_user, user):
    client.force_login(staff_user)
    url = reverse("admin:auth_user_password_change", args=[user.pk])

    page = client.get(url)
    response = client.post(url, {"password1": "Takeover-2027!", "password2": "Takeover-2027!"})

    user.refresh_from_db()
    assert (page.status_code, response.status_code) == (403, 403)
    assert not user.has_usable_password()


def test_superuser_may_set_a_password(client, superuser, user):
    client.force_login(superuser)

    assert client.get(reverse("admin:auth_user_password_change", args=[user.pk])).status_code == 200


@pytest.mark.parametrize("whom", ["superuser", "other_staff", "django_staff", "self"])
def test_staff_cannot_change_accounts_with_backstage_powers(whom, client, staff_user, edition):
    target = {
        "superuser": lambda: UserFactory(is_superuser=True, is_staff=True),
        "other_staff": lambda: EditionRoleFactory(edition=edition, kind=RoleKind.STAFF).user,
        "django_staff": lambda: UserFactory(is_staff=True),
        "self": lambda: staff_user,
    }[whom]()
    before = (target.email, target.display_name, target.is_active)
    client.force_login(staff_user)
    url = reverse("admin:accounts_user_change", args=[target.pk])

    page = client.get(url)
    response = client.post(url, {"email": "taken@example.net", "display_name": "x"})
    deleted = client.post(reverse("admin:accounts_user_delete", args=[target.pk]), {"post": "yes"})

    target.refresh_from_db()
    assert (page.status_code, response.status_code, deleted.status_code) == (200, 403, 403)
    assert 'name="display_name"' not in page.content.decode()  # a view, not a form
    assert (target.email, target.display_name, target.is_active) == before


def test_staff_cannot_delete_accounts(client, staff_user, user):
    boss = UserFactory(is_superuser=True, is_staff=True)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    client.force_login(staff_user)

    page = client.get(reverse("admin:accounts_user_delete", args=[user.pk]))
    client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "delete_selected", "_selected_action": [str(boss.pk), str(user.pk)], "post": "yes"},
    )

    assert page.status_code == 403  # its list of related rows would name the email addresses
    assert set(type(user).objects.filter(pk__in=[boss.pk, user.pk])) == {boss, user}


def test_superuser_may_delete_an_account(client, superuser, user):
    client.force_login(superuser)

    client.post(reverse("admin:accounts_user_delete", args=[user.pk]), {"post": "yes"})

    assert not type(user).objects.filter(pk=user.pk).exists()


def test_staff_cannot_grant_superuser(client, staff_user):
    person = UserFactory()
    client.force_login(staff_user)

    response = client.get(reverse("admin:accounts_user_change", args=[person.pk]))

    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="is_superuser"' not in html
    assert 'name="share_phone_with_staff"' not in html  # consent is the person's to give


def test_superuser_edits_every_field_of_a_staff_account(client, superuser, staff_user):
    client.force_login(superuser)

    html = client.get(reverse("admin:accounts_user_change", args=[staff_user.pk])).content.decode()

    assert 'name="email"' in html and 'name="is_superuser"' in html and 'name="phone"' in html


# --- what edition staff see of people -------------------------------------------------------------


@pytest.fixture
def sharer():
    return UserFactory(
        display_name="Open Book",
        email="open@example.net",
        phone="0912 345 678",
        share_phone_with_staff=True,
        chat_handle="@openbook",
        share_chat_with_staff=True,
    )


@pytest.fixture
def private():
    return UserFactory(
        display_name="Quiet One",
        email="quiet.one@example.net",
        share_email_with_staff=False,
        phone="0987 654 321",
        chat_handle="@quietone",
    )


def test_people_list_shows_staff_only_shared_email(client, staff_user, sharer, private):
    client.force_login(staff_user)

    html = client.get(reverse("admin:accounts_user_changelist")).content.decode()

    assert "open@example.net" in html
    assert "quiet.one@example.net" not in html
    assert private.masked_email in html


def test_person_page_shows_staff_only_shared_details(client, staff_user, sharer, private):
    client.force_login(staff_user)

    shared = client.get(reverse("admin:accounts_user_change", args=[sharer.pk])).content.decode()
    hidden = client.get(reverse("admin:accounts_user_change", args=[private.pk])).content.decode()

    assert all(value in shared for value in ("open@example.net", "0912 345 678", "@openbook"))
    assert all(value not in hidden for value in ("quiet.one@example.net", "0987 654 321", "@quietone"))
    assert private.masked_email in hidden
    assert hidden.count("not shared") == 2


def test_superuser_sees_every_detail(client, superuser, private):
    client.force_login(superuser)

    listing = client.get(reverse("admin:accounts_user_changelist")).content.decode()
    page = client.get(reverse("admin:accounts_user_change", args=[private.pk])).content.decode()

    assert "quiet.one@example.net" in listing
    assert all(value in page for value in ("quiet.one@example.net", "0987 654 321", "@quietone"))


def test_staff_find_a_person_by_whole_email_only(client, staff_user, private):
    client.force_login(staff_user)
    url = reverse("admin:accounts_user_changelist")

    whole = client.get(url, {"q": "Quiet.One@example.net"})
    part = client.get(url, {"q": "quiet.o"})
    by_name = client.get(url, {"q": "Quiet"})

    assert list(whole.context["cl"].result_list) == [private]
    assert list(part.context["cl"].result_list) == []
    assert list(by_name.context["cl"].result_list) == [private]


def test_superuser_finds_a_person_by_part_of_the_email(client, superuser, private):
    client.force_login(superuser)

    response = client.get(reverse("admin:accounts_user_changelist"), {"q": "quiet.o"})

    assert list(response.context["cl"].result_list) == [private]


@pytest.mark.parametrize(
    ("changelist", "lookup"),
    [
        ("admin:accounts_user_changelist", "email__startswith"),
        ("admin:accounts_user_changelist", "phone__contains"),
        ("admin:accounts_user_changelist", "chat_handle__istartswith"),
        ("admin:points_pointsentry_changelist", "user__email__startswith"),
    ],
)
def test_staff_cannot_filter_by_contact_details(changelist, lookup, client, staff_user, private):
    client.force_login(staff_user)

    response = client.get(reverse(changelist), {lookup: "q"})

    assert response.status_code == 400


def test_staff_search_other_lists_by_whole_email_only(client, edition, staff_user, private):
    adjust_points(user=private, edition=edition, amount=5, reason="Bonus", by=staff_user)
    client.force_login(staff_user)
    url = reverse("admin:points_pointsentry_changelist")

    whole = client.get(url, {"q": "quiet.one@example.net"})
    part = client.get(url, {"q": "quiet.o"})

    assert [entry.user for entry in whole.context["cl"].result_list] == [private]
    assert list(part.context["cl"].result_list) == []


# --- language -------------------------------------------------------------------------------------


def test_backstage_follows_the_persons_language(client, edition):
    person = EditionRoleFactory(edition=edition, kind=RoleKind.STAFF, user=UserFactory(preferred_language="zh-hant"))
    client.force_login(person.user)

    html = client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert '<html lang="zh-hant"' in html
    assert "檢視網站" in html and "登出" in html  # Django's own zh_Hant: "View site", "Log out"
    assert "View site" not in html
    with translation.override("zh-hant"):
        # Ours, as the catalog has them (the English msgid until someone translates it).
        assert str(admin.site.site_header) in html
        assert str(apps.get_app_config("volunteering").verbose_name) in html
        assert str(PointsEntry._meta.verbose_name_plural).capitalize() in html


def test_backstage_follows_the_language_switch(client, staff_user):
    client.force_login(staff_user)
    client.post(reverse("accounts:set-language"), {"language": "zh-hant", "next": "/"})

    html = client.get(reverse("admin:volunteering_task_changelist")).content.decode()

    assert '<html lang="zh-hant"' in html
    assert "新增" in html  # Django's zh_Hant "Add"


def test_backstage_names_are_marked_for_translation(client, staff_user):
    client.force_login(staff_user)

    html = client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="en").content.decode()

    # The English page shows the msgids of our app and model names: the catalog translates them.
    assert all(name in html for name in ("One-day volunteer", "People and accounts", "Points and rewards"))


# Model fields still named by Django from the attribute name, so never translated: their models' owners
# give them a verbose_name (and a migration). New ones are not allowed in.
FIELDS_NOT_YET_NAMED = {
    "volunteering.task.edition",
    "volunteering.task.created_at",
    "volunteering.task.updated_at",
    "volunteering.signup.reminder_sent_at",
    "points.redemption.edition",
    "points.redemption.voided_by",
    "points.deskcode.user",
    "points.deskcode.code",
    "points.deskcode.created_at",
    "points.pointsentry.edition",
    "points.pointsentry.sign_up",
    "points.pointsentry.redemption",
    "points.pointsentry.reverses",
    "points.redemptionitem.redemption",
    "points.redemptionitem.reward",
    "points.reward.edition",
    "communities.responsiblepersoninvitation.token",
    "contacts.responsiblepersonmessage.idempotency_key",
    "schedule.importrun.edition",
    "schedule.track.edition",
    "schedule.session.edition",
    "schedule.room.edition",
    "schedule.pretalxsource.edition",
}


def test_backstage_strings_of_ours_are_marked_for_translation():
    texts = {}
    for app_label, model_names in STAFF_MODELS.items():
        texts[app_label] = apps.get_app_config(app_label).verbose_name
        for model in (apps.get_model(app_label, name) for name in model_names):
            texts[f"{label(model)} (model)"] = model._meta.verbose_name_plural
            for field in model._meta.get_fields():
                if field.concrete and not field.auto_created and not field.primary_key:
                    texts[f"{label(model)}.{field.name}"] = field.verbose_name
                    if field.help_text:
                        texts[f"{label(model)}.{field.name} help"] = field.help_text
            model_admin = admin.site._registry.get(model)
            if model_admin is None:
                continue  # an inline's model
            for title, _options in model_admin.fieldsets or []:
                if title:
                    texts[f"{label(model)} fieldset {title}"] = title
            for name in [*(model_admin.actions or []), *model_admin.list_display]:
                method = getattr(model_admin, name, None)
                if method is not None:
                    texts[f"{label(model)} {name}"] = method.short_description

    unmarked = {name for name, text in texts.items() if not isinstance(text, Promise)}

    assert unmarked - FIELDS_NOT_YET_NAMED == set()


def test_redemption_items_are_named_in_the_viewers_language(client, edition, staff_user):
    volunteer = UserFactory()
    adjust_points(user=volunteer, edition=edition, amount=10, reason="Opening balance", by=staff_user)
    reward = RewardFactory(edition=edition, cost=2)
    redemption = redeem_rewards(user=volunteer, edition=edition, items=[(reward, 1)], by=staff_user)
    client.force_login(staff_user)

    html = client.get(reverse("admin:points_redemption_change", args=[redemption.pk])).content.decode()

    assert "Rewards" in html
    assert "Redemption items" not in html


def test_session_history_has_no_backstage_page(client, staff_user):
    client.force_login(staff_user)

    # Sessions are not registered in the backstage, for anyone; staff also hold no permission on them.
    assert client.get("/backstage/sessions/session/").status_code == 404
    assert not staff_user.has_perm("sessions.view_session")
