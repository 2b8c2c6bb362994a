"""Data for the figures' tests (also the browser journey's): one small edition whose every figure is
known (`build_scene`), and a way to grow it for query counts (`grow`)."""

from types import SimpleNamespace

from follows.models import ContactShare
from points.services import adjust_points, credit_completion, redeem_rewards, void_redemption
from tests.factories.accounts import UserFactory
from tests.factories.communities import CommunityFactory, ResponsiblePersonFactory
from tests.factories.follows import CommunityFollowFactory
from tests.factories.points import RewardFactory
from tests.factories.schedule import TrackFactory
from tests.factories.volunteering import SignUpFactory, TaskFactory, in_hours
from volunteering.models import SignUpStatus, TaskStatus


def build_scene(edition, past_edition, staff_user):
    """Edition 2027:

    - Alpha: t1 (2 places, ended): ann completed (10 points credited), bob no-show → filled;
             t2 (3 places, tomorrow): cat confirmed, dan waitlisted, eve cancelled.
    - Beta:  t3 (1 place, ended): ann confirmed, not marked → filled;
             t4 cancelled (eve's sign-up cancelled with it); t5 a draft.
    - Gamma: a responsible person only. Delta: nothing in 2027 (not listed).
    - 2026: cat completed a task (so cat returned); fay too (but not in 2027).
    - Follows: ann → Alpha, cat → Beta, eve → Alpha. Shares: ann → Alpha (active), cat → Beta (withdrawn), a
      closed account → Alpha.
    - Points: ann +10 (t1), +20 adjusted, redeemed 2 × mug (10), 1 × mug voided; a sticker reward unlimited.
    """
    alpha, beta = CommunityFactory(name="Alpha"), CommunityFactory(name="Beta")
    gamma, delta = CommunityFactory(name="Gamma"), CommunityFactory(name="Delta")
    ResponsiblePersonFactory(community=gamma, edition=edition)
    ResponsiblePersonFactory(community=delta, edition=past_edition)
    ann, bob, cat, dan, eve, fay = (
        UserFactory(display_name=name) for name in ("Ann", "Bob", "Cat", "Dan", "Eve", "Fay")
    )
    ended = {"starts_at": in_hours(-3), "ends_at": in_hours(-1)}
    t1 = TaskFactory(edition=edition, community=alpha, headcount=2, points=10, **ended)
    t2 = TaskFactory(edition=edition, community=alpha, headcount=3, starts_at=in_hours(24))
    t3 = TaskFactory(edition=edition, community=beta, headcount=1, **ended)
    t4 = TaskFactory(edition=edition, community=beta, headcount=2, status=TaskStatus.CANCELLED)
    TaskFactory(edition=edition, community=beta, headcount=4, status=TaskStatus.DRAFT)
    completed = SignUpFactory(task=t1, user=ann, status=SignUpStatus.COMPLETED)
    SignUpFactory(task=t1, user=bob, status=SignUpStatus.NO_SHOW)
    SignUpFactory(task=t2, user=cat, status=SignUpStatus.CONFIRMED)
    SignUpFactory(task=t2, user=dan, status=SignUpStatus.WAITLISTED)
    SignUpFactory(task=t2, user=eve, status=SignUpStatus.CANCELLED)
    SignUpFactory(task=t3, user=ann, status=SignUpStatus.CONFIRMED)
    SignUpFactory(task=t4, user=eve, status=SignUpStatus.CANCELLED)
    earlier = TaskFactory(edition=past_edition, community=delta, starts_at=in_hours(-5000), ends_at=in_hours(-4998))
    SignUpFactory(task=earlier, user=cat, status=SignUpStatus.COMPLETED)
    SignUpFactory(task=earlier, user=fay, status=SignUpStatus.COMPLETED)
    CommunityFollowFactory(user=ann, community=alpha)
    CommunityFollowFactory(user=cat, community=beta)
    CommunityFollowFactory(user=eve, community=alpha)
    ContactShare.objects.create(user=ann, community=alpha, fields=["email"])
    ContactShare.objects.create(user=cat, community=beta, fields=["email"], withdrawn_at=in_hours(-2))
    # A closed account's share counts nowhere, as in the community's own list.
    ContactShare.objects.create(user=UserFactory(is_active=False), community=alpha, fields=["email"])
    credit_completion(sign_up=completed, by=staff_user)
    adjust_points(user=ann, edition=edition, amount=20, reason="Welcome", by=staff_user)
    mug = RewardFactory(edition=edition, name="Mug", cost=5, stock=5)
    RewardFactory(edition=edition, name="Sticker", cost=1, stock=None)
    redeem_rewards(user=ann, edition=edition, items=[(mug, 2)], by=staff_user)
    void_redemption(
        redemption=redeem_rewards(user=ann, edition=edition, items=[(mug, 1)], by=staff_user), by=staff_user
    )
    return SimpleNamespace(edition=edition, alpha=alpha, beta=beta, gamma=gamma, delta=delta, ann=ann, cat=cat)


def grow(edition, *, by, count: int) -> None:
    """More of everything the figures count: communities with tasks, sign-ups, follows, shares, points,
    rewards and redemptions, so that a query count that depends on the rows shows up."""
    track = TrackFactory(edition=edition)
    for _ in range(count):
        community = CommunityFactory()
        track.communities.add(community)
        task = TaskFactory(
            edition=edition, community=community, headcount=2, starts_at=in_hours(-3), ends_at=in_hours(-1)
        )
        for status in (SignUpStatus.COMPLETED, SignUpStatus.CONFIRMED):
            sign_up = SignUpFactory(task=task, status=status)
            CommunityFollowFactory(user=sign_up.user, community=community)
            ContactShare.objects.create(user=sign_up.user, community=community, fields=["email"])
            if status == SignUpStatus.COMPLETED:
                credit_completion(sign_up=sign_up, by=by)
                reward = RewardFactory(edition=edition, cost=1, stock=3)
                redeem_rewards(user=sign_up.user, edition=edition, items=[(reward, 1)], by=by)
