from django.urls import path

from .views import board, requester

app_name = "volunteering"

urlpatterns = [
    # Volunteers
    path("", board.board, name="board"),
    path("editions/<slug:edition>/", board.board, name="board-edition"),
    path("tasks/<int:pk>/", board.task_detail, name="task-detail"),
    path("tasks/<int:pk>/calendar.ics", board.task_ics, name="task-ics"),
    path("tasks/<int:pk>/sign-up/", board.task_sign_up, name="task-sign-up"),
    path("tasks/<int:pk>/cancel-sign-up/", board.task_cancel_sign_up, name="task-cancel-sign-up"),
    path("mine/", board.my_volunteering, name="my-volunteering"),
    # Requesters
    path("requests/", requester.my_requests, name="my-requests"),
    path("tasks/new/", requester.task_create, name="task-create"),
    path("tasks/<int:pk>/edit/", requester.task_edit, name="task-edit"),
    path("tasks/<int:pk>/close/", requester.task_close, name="task-close"),
    path("tasks/<int:pk>/reopen/", requester.task_reopen, name="task-reopen"),
    path("tasks/<int:pk>/cancel/", requester.task_cancel, name="task-cancel"),
    path("tasks/<int:pk>/roster/", requester.task_roster, name="task-roster"),
    path("tasks/<int:pk>/roster.csv", requester.task_roster_csv, name="task-roster-csv"),
    path("tasks/<int:pk>/complete-all/", requester.task_complete_all, name="task-complete-all"),
    path("sign-ups/<int:pk>/mark/", requester.sign_up_mark, name="sign-up-mark"),
]
