from django.urls import path

from . import code_views, views

app_name = "follows"

urlpatterns = [
    path("", views.mine, name="mine"),
    path("preferences/", views.preferences, name="preferences"),
    path("calendar/", views.calendar_manage, name="calendar"),
    path("calendar/<token:token>.ics", views.calendar_feed, name="calendar-feed"),
    path("communities/<int:pk>/toggle/", views.community_toggle, name="community-toggle"),
    path("communities/<slug:slug>/calendar.ics", views.community_calendar, name="community-calendar"),
    path("tracks/<int:pk>/toggle/", views.track_toggle, name="track-toggle"),
    path("tracks/<int:pk>/calendar.ics", views.track_calendar, name="track-calendar"),
    path("sessions/<int:pk>/star/", views.session_star, name="session-star"),
    # Follow codes: the cards, the pages their QR codes open, contact sharing with a community.
    path("communities/<slug:slug>/", code_views.community_follow, name="community-follow"),
    path("communities/<slug:slug>/card/", code_views.community_card, name="community-card"),
    path(
        "communities/<slug:slug>/share/withdraw/",
        code_views.community_share_withdraw,
        name="community-share-withdraw",
    ),
    path("communities/<slug:slug>/contact-sharing/", code_views.contact_sharing_edit, name="contact-sharing"),
    path("communities/<slug:slug>/shared-contacts/", code_views.shared_contacts, name="shared-contacts"),
    path("communities/<slug:slug>/shared-contacts.csv", code_views.shared_contacts_csv, name="shared-contacts-csv"),
    path("tracks/<int:pk>/", code_views.track_follow, name="track-follow"),
    path("tracks/<int:pk>/card/", code_views.track_card, name="track-card"),
]
