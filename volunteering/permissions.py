"""Who may do what with one-day volunteer tasks (DESIGN.md role matrix)."""

from communities.permissions import is_responsible_person
from editions.roles import is_desk_operator, is_staff

from .models import Task


def can_post_tasks(user, edition) -> bool:
    """Staff, and responsible persons (for their own community's tasks)."""
    return is_staff(user, edition) or is_responsible_person(user, edition)


def can_manage_task(user, task: Task) -> bool:
    """Edit, close, cancel: staff, the requester, or a responsible person of the task's community."""
    if not user.is_authenticated:
        return False
    return (
        is_staff(user, task.edition)
        or task.requester_id == user.pk
        or (task.community_id is not None and is_responsible_person(user, task.edition, task.community_id))
    )


def can_see_roster(user, task: Task) -> bool:
    """The roster shows contact details people agreed to share; desk operators need it on the day."""
    return can_manage_task(user, task) or is_desk_operator(user, task.edition)


def can_mark_completion(user, task: Task) -> bool:
    return can_see_roster(user, task)
