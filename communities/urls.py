from django.urls import path

from .views import backstage, editing, invitations, public, responsible_persons

app_name = "communities"

# Fixed addresses first: their first segments are reserved community slugs (models.RESERVED_SLUGS).
urlpatterns = [
    path("", public.directory, name="directory"),
    path("mine/", backstage.my_communities, name="mine"),
    path("responsible-persons/", responsible_persons.current_edition_overview, name="responsible-persons-current"),
    path("responsible-persons/<int:pk>/edit/", responsible_persons.person_edit, name="responsible-person-edit"),
    path("responsible-persons/<int:pk>/remove/", responsible_persons.person_remove, name="responsible-person-remove"),
    path(
        "editions/<slug:edition_slug>/responsible-persons/",
        responsible_persons.overview,
        name="responsible-persons",
    ),
    path(
        "editions/<slug:edition_slug>/responsible-persons/carry-over/",
        responsible_persons.carry_over,
        name="carry-over",
    ),
    path(
        "editions/<slug:edition_slug>/responsible-persons/<slug:community_slug>/add/",
        responsible_persons.person_add,
        name="responsible-person-add",
    ),
    path("invitations/<int:pk>/resend/", responsible_persons.invitation_resend, name="invitation-resend"),
    path("invitations/<int:pk>/withdraw/", responsible_persons.invitation_withdraw, name="invitation-withdraw"),
    path("invitations/<token:token>/", invitations.invitation_detail, name="invitation"),
    path("<slug:slug>/", public.community_detail, name="detail"),
    path("<slug:slug>/edit/", editing.community_edit, name="edit"),
    path("<slug:slug>/edit/preview/", editing.community_preview, name="edit-preview"),
    path("<slug:slug>/history/", editing.community_history, name="history"),
    path("<slug:slug>/history/<int:pk>/restore/", editing.revision_restore, name="revision-restore"),
]
